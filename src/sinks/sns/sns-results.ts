import type { PublishBatchCommandOutput } from '@aws-sdk/client-sns';
import type { PublishOutcome } from '../publisher.js';
import { DestinationFailure, rejectOutcome, retryOutcome } from '../retry-classification.js';
import { classifyFailedEntry } from './sns-errors.js';

/** An entry's outcome, or the news that the topic itself turned the entry away. */
export type SnsEntryResult =
  PublishOutcome | { readonly kind: 'misconfigured'; readonly error: Error };

const PUBLISHED: PublishOutcome = { kind: 'published' };

/**
 * Maps PublishBatch's Successful and Failed lists back to the request's entries,
 * whose ids are their positions. An entry in neither list is kept for a retry.
 */
export function entryResultsOf(
  output: Pick<PublishBatchCommandOutput, 'Successful' | 'Failed'>,
  entryCount: number,
): SnsEntryResult[] {
  const results: (SnsEntryResult | undefined)[] = new Array(entryCount).fill(undefined);
  for (const success of output.Successful ?? []) {
    const position = positionOf(success.Id, entryCount);
    if (position !== undefined) results[position] = PUBLISHED;
  }
  for (const failure of output.Failed ?? []) {
    const position = positionOf(failure.Id, entryCount);
    if (position === undefined) continue;
    const error = new DestinationFailure(failure.Code ?? 'Unknown', failure.Message ?? '');
    results[position] = resultOfFailure(classifyFailedEntry(failure), error);
  }
  return results.map((result) => result ?? retryOutcome(missingResultError()));
}

function resultOfFailure(failure: ReturnType<typeof classifyFailedEntry>, error: Error) {
  switch (failure) {
    case 'retry':
      return retryOutcome(error);
    case 'reject':
      return rejectOutcome('invalid', error);
    case 'misconfigured':
      return { kind: 'misconfigured', error } as const;
  }
}

function positionOf(id: string | undefined, entryCount: number): number | undefined {
  if (id === undefined || !/^\d+$/.test(id)) return undefined;
  const position = Number(id);
  return position < entryCount ? position : undefined;
}

function missingResultError(): Error {
  return new DestinationFailure(
    'MissingResult',
    'SNS reported the entry neither as sent nor as failed',
  );
}
