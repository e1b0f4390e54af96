import { describe, expect, it } from 'vitest';
import { EgressError, ErrorCode } from '../../../src/errors.js';
import { MessageName } from '../../../src/events/event-type.js';
import type { EgressEvent } from '../../../src/events/internal-record.js';
import type { DeadLetter, DeadLetterWriter } from '../../../src/kafka/dead-letter.js';
import { createMetrics } from '../../../src/metrics/catalogue.js';
import { HealthRegistry } from '../../../src/observability/health.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { RoutedRecord } from '../../../src/router/routed-record.js';
import { deliverBatch, type DeliveryContext } from '../../../src/sinks/deliver-batch.js';
import type { Publisher, PublishOutcome } from '../../../src/sinks/publisher.js';
import { encodeRequest } from '../../../src/events/flyte-request.js';
import { sampleTaskRequest } from '../../fixtures/flyte-events.js';
import { inlineStringOutput } from '../../fixtures/inline-data.js';

function bigOutputEvent(): EgressEvent {
  const message = sampleTaskRequest({ event: { outputResult: inlineStringOutput(1_000) } });
  return { ...event(1), payload: encodeRequest({ type: 'task', message }) };
}

function event(offset: number): EgressEvent {
  return {
    type: 'task',
    messageName: MessageName.task,
    eventId: `id-${offset}`,
    executionKey: 'p/d/e',
    payload: new Uint8Array([offset]),
    occurredAtMs: Date.now(),
    source: { topic: 'internal', partition: 0, offset: String(offset) },
  };
}

/** A publisher that answers each call from a script of outcome lists (or errors). */
class ScriptedPublisher implements Publisher {
  readonly maxEventBytes = 1_000;
  readonly calls: string[][] = [];
  readonly published: EgressEvent[][] = [];
  constructor(
    private readonly script: Array<(events: readonly EgressEvent[]) => PublishOutcome[]>,
  ) {}
  async publish(events: readonly EgressEvent[]): Promise<PublishOutcome[]> {
    this.calls.push(events.map((e) => e.eventId));
    this.published.push([...events]);
    const next = this.script.shift();
    if (!next) throw new Error('publisher called more often than scripted');
    return next(events);
  }
  async close(): Promise<void> {}
}

function contextFor(
  publisher: Publisher,
  signal = new AbortController().signal,
  oversize: DeliveryContext['oversize'] = 'dead-letter',
) {
  const letters: DeadLetter[] = [];
  const deadLetters = {
    write: async (batch: readonly DeadLetter[]) => void letters.push(...batch),
  } as DeadLetterWriter;
  const metrics = createMetrics();
  const health = new HealthRegistry();
  const context: DeliveryContext = {
    sinkName: 'test',
    publisher,
    deadLetters,
    retry: { initialBackoffMs: 1, maxBackoffMs: 2 },
    oversize,
    metrics,
    health,
    logger: silentLogger(),
    signal,
    heartbeat: async () => {},
  };
  return { context, letters, metrics, health };
}

const published: PublishOutcome = { kind: 'published' };
const retry: PublishOutcome = { kind: 'retry', error: new Error('throttled') };
const tooLarge: PublishOutcome = {
  kind: 'reject',
  reason: 'too_large',
  error: new Error('too big'),
};

async function counter(metrics: ReturnType<typeof createMetrics>, name: string) {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values ?? []).reduce((sum, value) => sum + Number(value.value), 0);
}

describe('deliverBatch', () => {
  it('retries only the entries that failed', async () => {
    const publisher = new ScriptedPublisher([
      () => [published, retry, published],
      () => [published],
    ]);
    const { context, metrics } = contextFor(publisher);
    const records: RoutedRecord[] = [1, 2, 3].map((n) => ({ kind: 'publish', event: event(n) }));
    await deliverBatch(records, context);
    expect(publisher.calls).toEqual([['id-1', 'id-2', 'id-3'], ['id-2']]);
    expect(await counter(metrics, 'flyte_egress_published_total')).toBe(3);
    expect(await counter(metrics, 'flyte_egress_failed_total')).toBe(1);
  });

  it('dead-letters a rejected event with its reason and source position', async () => {
    const publisher = new ScriptedPublisher([() => [published, tooLarge]]);
    const { context, letters, metrics } = contextFor(publisher);
    await deliverBatch(
      [
        { kind: 'publish', event: event(1) },
        { kind: 'publish', event: event(2) },
      ],
      context,
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      stage: 'sink:test',
      reason: 'too_large',
      source: { topic: 'internal', partition: 0, offset: '2' },
      value: new Uint8Array([2]),
    });
    expect(await counter(metrics, 'flyte_egress_dead_lettered_total')).toBe(1);
  });

  it('keeps retrying a misconfigured destination, marks the sink not ready, and never dead-letters', async () => {
    const misconfigured = () => {
      throw new EgressError(ErrorCode.destinationMisconfigured, 'topic does not exist');
    };
    let readyDuringOutage: boolean | undefined;
    const publisher = new ScriptedPublisher([
      misconfigured,
      (events) => {
        readyDuringOutage = health.isReady();
        return events.map(() => published);
      },
    ]);
    const { context, letters, health } = contextFor(publisher);
    await deliverBatch([{ kind: 'publish', event: event(1) }], context);
    expect(readyDuringOutage).toBe(false);
    expect(health.isReady()).toBe(true);
    expect(letters).toEqual([]);
  });

  it('dead-letters malformed internal records without publishing them', async () => {
    const publisher = new ScriptedPublisher([]);
    const { context, letters } = contextFor(publisher);
    await deliverBatch(
      [
        {
          kind: 'malformed',
          source: { topic: 'internal', partition: 1, offset: '9' },
          detail: 'header flyte-message-name is missing or unknown',
          key: null,
          value: Buffer.from('junk'),
          headers: {},
        },
      ],
      context,
    );
    expect(publisher.calls).toEqual([]);
    expect(letters[0]).toMatchObject({ reason: 'malformed_internal_record' });
  });

  it('stops retrying when shutdown aborts, leaving the events undelivered', async () => {
    const abort = new AbortController();
    const publisher = new ScriptedPublisher([
      (events) => {
        abort.abort();
        return events.map(() => retry);
      },
    ]);
    const { context } = contextFor(publisher, abort.signal);
    await expect(
      deliverBatch([{ kind: 'publish', event: event(1) }], context),
    ).rejects.toMatchObject({
      code: ErrorCode.shutdown,
    });
  });

  it('publishes a too-large event without its inline data when the sink asks for that', async () => {
    const big = bigOutputEvent();
    const publisher = new ScriptedPublisher([
      () => [tooLarge],
      (events) => events.map(() => published),
    ]);
    const { context, letters } = contextFor(publisher, undefined, 'strip-inline-data');
    await deliverBatch([{ kind: 'publish', event: big }], context);
    expect(letters).toEqual([]);
    expect(publisher.published[1]?.[0]?.strippedInlineData).toBe(true);
  });

  it('dead-letters a too-large event by default', async () => {
    const publisher = new ScriptedPublisher([() => [tooLarge]]);
    const { context, letters } = contextFor(publisher);
    await deliverBatch([{ kind: 'publish', event: bigOutputEvent() }], context);
    expect(letters.map((letter) => letter.reason)).toEqual(['too_large']);
  });
});
