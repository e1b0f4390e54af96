import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { concatMap, from, lastValueFrom, tap } from 'rxjs';
import type { Logger } from 'pino';
import type { ResolvedSink } from '../config/resolve-sink.js';
import type { DeadLetterWriter } from '../kafka/dead-letter.js';
import type { EgressMetrics } from '../metrics/catalogue.js';
import type { HealthRegistry } from '../observability/health.js';
import { batchRecords } from '../router/batch-records.js';
import { positionOf, type RoutedRecord } from '../router/routed-record.js';
import { routeToSink } from '../router/route-to-sink.js';
import { deliverBatch } from './deliver-batch.js';
import type { Publisher } from './publisher.js';

export interface SinkConsumerOptions {
  readonly sink: ResolvedSink;
  readonly kafka: Kafka;
  readonly internalTopic: string;
  readonly publisher: Publisher;
  readonly deadLetters: DeadLetterWriter;
  readonly metrics: EgressMetrics;
  readonly health: HealthRegistry;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly onCrash: (error: Error) => void;
}

/**
 * One sink's consumer group on the internal topic. Each fetched batch runs
 * through the router (classify, filter), is cut into publish batches and
 * delivered in order; an offset is resolved only once every record up to it
 * is published, skipped or dead-lettered. Because kafkajs fetches a partition
 * again only after its batch handler returns, a slow destination pauses
 * consumption and memory stays bounded by the fetch size.
 */
export async function startSinkConsumer(options: SinkConsumerOptions): Promise<Consumer> {
  const { sink, logger } = options;
  const consumer = options.kafka.consumer({
    groupId: sink.consumerGroup,
    allowAutoTopicCreation: false,
  });
  consumer.on(consumer.events.CRASH, (event) => {
    logger.error(
      { sink: sink.name, err: event.payload.error, restart: event.payload.restart },
      'sink consumer crashed',
    );
    if (!event.payload.restart) options.onCrash(event.payload.error);
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [options.internalTopic], fromBeginning: true });
  options.health.setReady(`sink:${sink.name}`, true);
  options.metrics.sinkReady.set({ sink: sink.name }, 1);
  await consumer.run({
    autoCommit: true,
    autoCommitInterval: 1_000,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: sink.partitionsInParallel,
    eachBatch: (payload) => handleBatch(payload, options),
  });
  logger.info(
    { sink: sink.name, group: sink.consumerGroup, topic: options.internalTopic },
    'sink consuming',
  );
  return consumer;
}

async function handleBatch(payload: EachBatchPayload, options: SinkConsumerOptions): Promise<void> {
  const { batch } = payload;
  const { sink, metrics, publisher } = options;
  metrics.consumerLag.set(
    { sink: sink.name, partition: String(batch.partition) },
    Number(batch.offsetLag()),
  );
  metrics.inFlight.inc({ sink: sink.name }, batch.messages.length);
  let settled = 0;
  const settle = async (records: readonly RoutedRecord[]) => {
    const last = records[records.length - 1];
    if (!last) return;
    payload.resolveOffset(positionOf(last).offset);
    metrics.inFlight.dec({ sink: sink.name }, records.length);
    settled += records.length;
    await payload.commitOffsetsIfNecessary();
    await payload.heartbeat();
  };
  const context = {
    sinkName: sink.name,
    publisher,
    deadLetters: options.deadLetters,
    retry: sink.retry,
    oversize: sink.oversize,
    metrics,
    health: options.health,
    logger: options.logger,
    signal: options.signal,
    heartbeat: () => payload.heartbeat(),
  };
  try {
    await lastValueFrom(
      from(
        batch.messages.map((message) => ({
          topic: batch.topic,
          partition: batch.partition,
          message,
        })),
      ).pipe(
        routeToSink(sink.name, sink.wants),
        tap((record) => countRouted(record, sink.name, metrics)),
        batchRecords({
          maxCount: sink.batch.maxCount,
          maxBytes: sink.batch.maxBytes,
          lingerMs: sink.batch.lingerMs,
          sizeOf: (record) =>
            record.kind === 'publish' ? publishSize(record.event.payload.length, sink) : 0,
        }),
        concatMap(async (records) => {
          await deliverBatch(records, context);
          await settle(records);
        }),
      ),
      { defaultValue: undefined },
    );
  } finally {
    metrics.inFlight.dec({ sink: sink.name }, batch.messages.length - settled);
  }
}

function countRouted(record: RoutedRecord, sinkName: string, metrics: EgressMetrics): void {
  if (record.kind === 'malformed') {
    metrics.consumed.inc({ sink: sinkName, event_type: 'unknown' });
    return;
  }
  const labels = { sink: sinkName, event_type: record.event.type };
  metrics.consumed.inc(labels);
  if (record.kind === 'publish') metrics.routed.inc(labels);
  else metrics.filtered.inc(labels);
}

/** SNS carries the payload as base64 text; Pub/Sub carries base64 text unless asked for raw bytes. */
function publishSize(payloadBytes: number, sink: ResolvedSink): number {
  const base64Bytes = Math.ceil(payloadBytes / 3) * 4;
  if (sink.type === 'gcp' && sink.payloadEncoding === 'binary') return payloadBytes;
  return base64Bytes;
}
