import type { EgressEvent } from '../../events/internal-record.js';
import type { PublishOutcome } from '../publisher.js';
import {
  asError,
  DestinationFailure,
  FailureClass,
  rejectOutcome,
  retryOutcome,
} from '../retry-classification.js';
import { classifyPubSubError } from './pubsub-errors.js';

/** What one publish attempt came to, misconfiguration of the topic included. */
export type Attempt = PublishOutcome | { readonly kind: 'misconfigured'; readonly error: Error };

export function attemptOfFailure(error: unknown): Attempt {
  const cause = asError(error);
  switch (classifyPubSubError(error)) {
    case FailureClass.retry:
      return retryOutcome(cause);
    case FailureClass.reject:
      return rejectOutcome('invalid', cause);
    case FailureClass.misconfigured:
      return { kind: 'misconfigured', error: cause };
  }
}

/**
 * Pub/Sub refuses a whole batch for one bad message, and the client fails the
 * later messages of a paused ordering key with the same error, so a refusal
 * does not tell which message is at fault. Each refused event is published
 * once more on its own, in input order; only a refusal of it alone stands.
 * With ordering, once an event of a key must be retried, the key's later
 * refused events are held back for a retry too, so that none overtakes it.
 * Stops at the first attempt that finds the topic misconfigured.
 */
export async function retryRefusedAlone(
  events: readonly EgressEvent[],
  attempts: readonly Attempt[],
  publishAlone: (event: EgressEvent) => Promise<Attempt>,
  ordering: boolean,
): Promise<Attempt[]> {
  const results = [...attempts];
  const blockedKeys = new Set<string>();
  for (const [i, event] of events.entries()) {
    if (!isRefusedAsInvalid(results[i])) continue;
    if (ordering && blockedKeys.has(event.executionKey)) {
      results[i] = retryOutcome(heldBack());
      continue;
    }
    const attempt = await publishAlone(event);
    results[i] = attempt;
    if (attempt.kind === 'misconfigured') break;
    if (attempt.kind === 'retry') blockedKeys.add(event.executionKey);
  }
  return results;
}

function isRefusedAsInvalid(attempt: Attempt | undefined): boolean {
  return attempt?.kind === 'reject' && attempt.reason === 'invalid';
}

function heldBack(): DestinationFailure {
  return new DestinationFailure(
    'HeldBack',
    'an earlier event with the same ordering key must be retried first',
  );
}
