import type { Admin, IHeaders, Kafka, KafkaMessage, Message } from 'kafkajs';
import type { Logger } from 'pino';
import { InternalHeader } from '../events/internal-record.js';
import { createDurableProducer } from './create-producer.js';
import { DeadLetterHeader } from './dead-letter.js';
import { headersToStrings } from './headers.js';

/** On a replayed internal record: only this sink publishes it; the others skip it. */
export const REPLAY_SINK_HEADER = 'egress-replay-sink';

export interface ReplayOptions {
  readonly kafka: Kafka;
  readonly deadLetterTopic: string;
  readonly internalTopic: string;
  /** Consumer group that remembers how far replay got. */
  readonly groupId: string;
  readonly reason?: string | undefined;
  readonly stage?: string | undefined;
  readonly dryRun: boolean;
  readonly logger: Logger;
  readonly onProgress?: (read: number, replayed: number) => void;
}

export interface ReplayResult {
  readonly read: number;
  readonly replayed: number;
  readonly skipped: number;
}

/**
 * Sends dead letters back once their cause is fixed: an ingest letter to the
 * source topic it came from, a sink letter to the internal topic addressed to
 * that sink alone. Reads up to the end the topic had when replay started.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayResult> {
  const admin = options.kafka.admin();
  await admin.connect();
  const remaining = await partitionsLeft(admin, options.deadLetterTopic, options.groupId);
  await admin.disconnect();
  const producer = createDurableProducer(options.kafka);
  const consumer = options.kafka.consumer({ groupId: options.groupId });
  let read = 0;
  let replayed = 0;
  await producer.connect();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [options.deadLetterTopic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      if (remaining.size === 0) return resolve();
      consumer
        .run({
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
            const end = remaining.get(batch.partition);
            const wanted = batch.messages.filter(
              (message) => end !== undefined && BigInt(message.offset) < end,
            );
            const targets = wanted
              .map((message) => replayTarget(message, options))
              .filter((t) => t !== undefined);
            if (!options.dryRun) {
              for (const target of targets) {
                await producer.send({ topic: target.topic, acks: -1, messages: [target.message] });
              }
            }
            read += wanted.length;
            replayed += targets.length;
            options.onProgress?.(read, replayed);
            const last = wanted[wanted.length - 1];
            if (last) resolveOffset(last.offset);
            if (!options.dryRun) await commitOffsetsIfNecessary();
            if (end !== undefined && last && BigInt(last.offset) + 1n >= end)
              remaining.delete(batch.partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  return { read, replayed, skipped: read - replayed };
}

/** End offsets of the partitions that hold letters this group has not replayed yet. */
async function partitionsLeft(
  admin: Admin,
  topic: string,
  groupId: string,
): Promise<Map<number, bigint>> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const done = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  const left = new Map<number, bigint>();
  for (const end of ends) {
    const low = BigInt(end.low);
    const next = done.get(end.partition) ?? -1n;
    const start = next > low ? next : low;
    if (BigInt(end.high) > start) left.set(end.partition, BigInt(end.high));
  }
  return left;
}

function replayTarget(
  message: KafkaMessage,
  options: ReplayOptions,
): { topic: string; message: Message } | undefined {
  const headers = headersToStrings(message.headers);
  const stage = headers[DeadLetterHeader.stage] ?? '';
  if (options.reason && headers[DeadLetterHeader.reason] !== options.reason) return undefined;
  if (options.stage && stage !== options.stage) return undefined;
  const original: IHeaders = {};
  const dlqNames = new Set<string>(Object.values(DeadLetterHeader));
  for (const [name, value] of Object.entries(headers))
    if (!dlqNames.has(name)) original[name] = value;
  if (stage === 'ingest') {
    const topic = headers[DeadLetterHeader.sourceTopic];
    return topic
      ? { topic, message: { key: message.key, value: message.value, headers: original } }
      : undefined;
  }
  if (stage.startsWith('sink:') && headers[InternalHeader.messageName]) {
    original[REPLAY_SINK_HEADER] = stage.slice('sink:'.length);
    return {
      topic: options.internalTopic,
      message: { key: message.key, value: message.value, headers: original },
    };
  }
  options.logger.warn(
    { offset: message.offset, stage },
    'dead letter cannot be replayed: unknown stage',
  );
  return undefined;
}
