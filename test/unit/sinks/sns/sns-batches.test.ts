import { describe, expect, it } from 'vitest';
import { splitIntoRequests } from '../../../../src/sinks/sns/sns-batches.js';

const LIMIT = 262_144;

describe('splitIntoRequests', () => {
  it('puts at most ten entries in a request, in input order', () => {
    const requests = splitIntoRequests(new Array(25).fill(100), LIMIT);
    expect(requests.map((r) => r.length)).toEqual([10, 10, 5]);
    expect(requests.flat()).toEqual([...Array(25).keys()]);
  });

  it('fills a request up to exactly the byte limit', () => {
    expect(splitIntoRequests([LIMIT - 1000, 1000], LIMIT)).toEqual([[0, 1]]);
  });

  it('starts a new request when one more byte would pass the limit', () => {
    expect(splitIntoRequests([LIMIT - 1000, 1001], LIMIT)).toEqual([[0], [1]]);
  });

  it('sends an entry of exactly the limit alone', () => {
    expect(splitIntoRequests([10, LIMIT, 10], LIMIT)).toEqual([[0], [1], [2]]);
  });

  it('gives an entry bigger than the batch limit a request of its own', () => {
    expect(splitIntoRequests([10, 500, 10, 10], 300)).toEqual([[0], [1], [2, 3]]);
  });

  it('splits by bytes and by count together', () => {
    const sizes = [100_000, 100_000, 100_000, ...new Array(12).fill(1)];
    expect(splitIntoRequests(sizes, LIMIT).map((r) => r.length)).toEqual([2, 10, 3]);
  });

  it('returns no requests for no entries', () => {
    expect(splitIntoRequests([], LIMIT)).toEqual([]);
  });
});
