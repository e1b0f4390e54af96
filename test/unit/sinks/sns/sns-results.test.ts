import { describe, expect, it } from 'vitest';
import { DestinationFailure } from '../../../../src/sinks/retry-classification.js';
import { entryResultsOf } from '../../../../src/sinks/sns/sns-results.js';

describe('entryResultsOf', () => {
  it('maps successes and failures back to entry positions', () => {
    const results = entryResultsOf(
      {
        Successful: [{ Id: '0' }, { Id: '3' }],
        Failed: [
          { Id: '2', Code: 'InvalidParameter', Message: 'bad attribute', SenderFault: true },
          { Id: '1', Code: 'InternalError', Message: 'try later', SenderFault: false },
        ],
      },
      4,
    );
    expect(results.map((r) => r.kind)).toEqual(['published', 'retry', 'reject', 'published']);
    expect(results[2]).toMatchObject({ kind: 'reject', reason: 'invalid' });
  });

  it('keeps the code and message of a failed entry in its error', () => {
    const [result] = entryResultsOf(
      { Failed: [{ Id: '0', Code: 'InvalidParameter', Message: 'bad', SenderFault: true }] },
      1,
    );
    if (result?.kind !== 'reject') throw new Error(`expected a reject, got ${result?.kind}`);
    const error = result.error as DestinationFailure;
    expect(error).toBeInstanceOf(DestinationFailure);
    expect(error.code).toBe('InvalidParameter');
    expect(error.message).toBe('InvalidParameter: bad');
  });

  it('marks a topic-level failure of an entry as misconfiguration', () => {
    const results = entryResultsOf(
      { Failed: [{ Id: '0', Code: 'KMSAccessDenied', Message: 'key', SenderFault: true }] },
      1,
    );
    expect(results[0]?.kind).toBe('misconfigured');
  });

  it('retries an entry the answer does not mention', () => {
    const results = entryResultsOf({ Successful: [{ Id: '0' }] }, 2);
    expect(results.map((r) => r.kind)).toEqual(['published', 'retry']);
  });

  it('ignores ids that are not positions of this request', () => {
    const results = entryResultsOf({ Successful: [{ Id: '0' }, { Id: '5' }, { Id: 'x' }] }, 1);
    expect(results.map((r) => r.kind)).toEqual(['published']);
  });
});
