import type { Message, Producer } from 'kafkajs';
import type { FlyteRequest } from '../events/flyte-request.js';
import { toSourceMessage, type SourceFormat } from './source-formats.js';

export interface ProduceEventsOptions {
  /** Created by the caller: idempotent, so a retried send does not duplicate records. */
  readonly producer: Producer;
  readonly topic: string;
  readonly events: Iterable<FlyteRequest> | AsyncIterable<FlyteRequest>;
  readonly format: SourceFormat;
  /** Records per producer.send call. */
  readonly batchSize?: number;
  /** Called after each acknowledged batch with the total acknowledged so far. */
  readonly onProgress?: (sent: number) => void;
  /** Stops after the batch in flight when aborted. */
  readonly signal?: AbortSignal;
}

export const DEFAULT_PRODUCE_BATCH_SIZE = 500;
/** All in-sync replicas must have a record before it counts as sent. */
const ACKS_ALL = -1;

/**
 * Sends events to a source topic in batches, one batch at a time, and waits
 * for each to be acknowledged, so that per-execution order on a partition is
 * the order of `events`. Returns the number of records acknowledged.
 */
export async function produceEvents(options: ProduceEventsOptions): Promise<number> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_PRODUCE_BATCH_SIZE));
  let batch: Message[] = [];
  let sent = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await options.producer.send({ topic: options.topic, messages: batch, acks: ACKS_ALL });
    sent += batch.length;
    batch = [];
    options.onProgress?.(sent);
  };
  for await (const event of options.events) {
    if (options.signal?.aborted) break;
    batch.push(toKafkaMessage(event, options.format));
    if (batch.length >= batchSize) await flush();
  }
  if (!options.signal?.aborted) await flush();
  return sent;
}

function toKafkaMessage(event: FlyteRequest, format: SourceFormat): Message {
  const { key, value, headers } = toSourceMessage(event, format);
  return { key, value, headers };
}
