import { SNS_MAX_BATCH_ENTRIES } from './sns-entry.js';

/**
 * Splits entries, given by their sizes in bytes, into PublishBatch requests of
 * at most `maxEntries` entries and `maxBatchBytes` bytes, keeping input order.
 * Returns the positions of the entries in each request. An entry larger than
 * `maxBatchBytes` goes into a request of its own; checking that it fits the
 * destination at all is the caller's business.
 */
export function splitIntoRequests(
  entryBytes: readonly number[],
  maxBatchBytes: number,
  maxEntries: number = SNS_MAX_BATCH_ENTRIES,
): number[][] {
  const requests: number[][] = [];
  let current: number[] = [];
  let currentBytes = 0;
  entryBytes.forEach((bytes, position) => {
    const fits = current.length < maxEntries && currentBytes + bytes <= maxBatchBytes;
    if (!fits && current.length > 0) {
      requests.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(position);
    currentBytes += bytes;
  });
  if (current.length > 0) requests.push(current);
  return requests;
}
