import type { Logger } from 'pino';
import { EgressError, ErrorCode } from '../errors.js';
import { InternalHeader, type EgressEvent } from '../events/internal-record.js';
import type { DeadLetter, DeadLetterWriter } from '../kafka/dead-letter.js';
import type { EgressMetrics } from '../metrics/catalogue.js';
import type { HealthRegistry } from '../observability/health.js';
import type { RoutedRecord } from '../router/routed-record.js';
import { backoffMs, sleep } from './backoff.js';
import { RejectReason, type Publisher, type PublishOutcome } from './publisher.js';
import { stripInlineData } from './strip-inline-data.js';

export interface DeliveryContext {
  readonly sinkName: string;
  readonly publisher: Publisher;
  readonly deadLetters: DeadLetterWriter;
  readonly retry: { readonly initialBackoffMs: number; readonly maxBackoffMs: number };
  readonly oversize: 'dead-letter' | 'strip-inline-data';
  readonly metrics: EgressMetrics;
  readonly health: HealthRegistry;
  readonly logger: Logger;
  /** Aborted on shutdown: the batch stops retrying and its offsets stay uncommitted. */
  readonly signal: AbortSignal;
  /** Keeps the consumer group membership alive during long retries. */
  readonly heartbeat: () => Promise<void>;
}

/**
 * Delivers one batch: every event ends published or dead-lettered before this
 * resolves. Retryable failures are retried, only the failed entries, without
 * limit; a destination that is unusable as a whole marks the sink not ready and
 * is retried too, so a configuration mistake never empties the stream into the
 * dead-letter topic.
 */
export async function deliverBatch(
  records: readonly RoutedRecord[],
  context: DeliveryContext,
): Promise<void> {
  const malformed = records.flatMap((record) => malformedLetter(record, context.sinkName));
  for (const letter of malformed) {
    context.metrics.deadLettered.inc({
      sink: context.sinkName,
      event_type: 'unknown',
      reason: letter.reason,
    });
  }
  await context.deadLetters.write(malformed);
  let pending = records.flatMap((record) => (record.kind === 'publish' ? [record.event] : []));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (context.signal.aborted)
      throw new EgressError(ErrorCode.shutdown, 'delivery stopped by shutdown');
    if (attempt > 0) {
      const waitMs = backoffMs(
        attempt - 1,
        context.retry.initialBackoffMs,
        context.retry.maxBackoffMs,
      );
      await sleep(waitMs, context.signal, context.heartbeat);
      if (context.signal.aborted)
        throw new EgressError(ErrorCode.shutdown, 'delivery stopped by shutdown');
    }
    pending = await attemptOnce(pending, attempt, context);
  }
}

async function attemptOnce(
  events: readonly EgressEvent[],
  attempt: number,
  context: DeliveryContext,
): Promise<EgressEvent[]> {
  const { metrics, sinkName } = context;
  const started = performance.now();
  let outcomes: PublishOutcome[];
  try {
    outcomes = await context.publisher.publish(events);
  } catch (error) {
    return destinationFailed(events, attempt, error, context);
  }
  metrics.batchSize.observe({ sink: sinkName }, events.length);
  metrics.publishLatency.observe({ sink: sinkName }, (performance.now() - started) / 1000);
  setReady(context, true);
  const retry: EgressEvent[] = [];
  const rejected: DeadLetter[] = [];
  const now = Date.now();
  outcomes.forEach((outcome, index) => {
    const event = events[index] as EgressEvent;
    const labels = { sink: sinkName, event_type: event.type };
    if (outcome.kind === 'published') {
      metrics.published.inc(labels);
      if (event.occurredAtMs !== undefined) {
        metrics.endToEndLatency.observe(labels, Math.max(0, now - event.occurredAtMs) / 1000);
      }
    } else if (outcome.kind === 'retry') {
      metrics.failed.inc({ ...labels, reason: 'retryable' });
      retry.push(event);
    } else {
      const stripped =
        outcome.reason === RejectReason.tooLarge ? strippedForRetry(event, context) : undefined;
      if (stripped) {
        retry.push(stripped);
        return;
      }
      metrics.deadLettered.inc({ ...labels, reason: outcome.reason });
      rejected.push(rejectedLetter(event, sinkName, outcome.reason, outcome.error.message));
    }
  });
  await context.deadLetters.write(rejected);
  if (retry.length > 0) {
    context.logger.warn(
      { sink: sinkName, attempt, retrying: retry.length, firstError: firstRetryError(outcomes) },
      'publish partly failed; retrying the failed entries',
    );
  }
  return retry;
}

/** With the strip-inline-data policy, a too-large event is tried once more without its inline data. */
function strippedForRetry(event: EgressEvent, context: DeliveryContext): EgressEvent | undefined {
  if (context.oversize !== 'strip-inline-data' || event.strippedInlineData) return undefined;
  const stripped = stripInlineData(event);
  if (stripped) {
    context.logger.info(
      {
        sink: context.sinkName,
        eventId: event.eventId,
        bytesBefore: event.payload.length,
        bytesAfter: stripped.payload.length,
      },
      'event too large; publishing it without inline literal data',
    );
  }
  return stripped;
}

function destinationFailed(
  events: readonly EgressEvent[],
  attempt: number,
  error: unknown,
  context: DeliveryContext,
): EgressEvent[] {
  const misconfigured =
    error instanceof EgressError && error.code === ErrorCode.destinationMisconfigured;
  const reason = misconfigured ? 'destination_misconfigured' : 'destination_error';
  for (const event of events)
    context.metrics.failed.inc({ sink: context.sinkName, event_type: event.type, reason });
  if (misconfigured) setReady(context, false);
  context.logger.error(
    { sink: context.sinkName, attempt, events: events.length, err: error },
    misconfigured
      ? 'destination unusable; sink paused until it recovers'
      : 'publish failed; retrying',
  );
  return [...events];
}

function setReady(context: DeliveryContext, ready: boolean): void {
  context.health.setReady(`sink:${context.sinkName}`, ready);
  context.metrics.sinkReady.set({ sink: context.sinkName }, ready ? 1 : 0);
}

function firstRetryError(outcomes: readonly PublishOutcome[]): string | undefined {
  const first = outcomes.find((outcome) => outcome.kind === 'retry');
  return first?.kind === 'retry' ? first.error.message : undefined;
}

function rejectedLetter(
  event: EgressEvent,
  sinkName: string,
  reason: string,
  detail: string,
): DeadLetter {
  return {
    stage: `sink:${sinkName}`,
    reason,
    detail,
    source: event.source,
    key: event.executionKey,
    value: event.payload,
    headers: {
      [InternalHeader.messageName]: event.messageName,
      [InternalHeader.eventId]: event.eventId,
      [InternalHeader.eventType]: event.type,
    },
  };
}

function malformedLetter(record: RoutedRecord, sinkName: string): DeadLetter[] {
  if (record.kind !== 'malformed') return [];
  return [
    {
      stage: `sink:${sinkName}`,
      reason: 'malformed_internal_record',
      detail: record.detail,
      source: record.source,
      key: record.key,
      value: record.value,
      headers: record.headers,
    },
  ];
}
