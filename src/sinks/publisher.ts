import type { EgressEvent } from '../events/internal-record.js';

/**
 * What became of one event handed to a publisher.
 * - published: the destination acknowledged it.
 * - retry: a transient failure (throttling, 5xx, timeout, connection loss); send it again later.
 * - reject: the destination will never take this event (too large, invalid); dead-letter it.
 */
export type PublishOutcome =
  | { readonly kind: 'published' }
  | { readonly kind: 'retry'; readonly error: Error }
  | { readonly kind: 'reject'; readonly reason: RejectReason; readonly error: Error };

export const RejectReason = {
  tooLarge: 'too_large',
  invalid: 'invalid',
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

/**
 * Publishes batches of events to one destination. `publish` resolves with one
 * outcome per event, in the order given; it rejects only when the destination
 * as a whole is unusable (bad credentials, missing topic), which the caller
 * treats as the sink being down rather than as a fault of these events.
 */
export interface Publisher {
  /** Largest encoded size of one event the destination accepts, in bytes. */
  readonly maxEventBytes: number;
  publish(events: readonly EgressEvent[]): Promise<PublishOutcome[]>;
  close(): Promise<void>;
}
