import type { Consumer, EachBatchPayload, Kafka, Message, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { deadLetterMessage } from '../kafka/dead-letter.js';
import { headersToStrings } from '../kafka/headers.js';
import type { EgressMetrics } from '../metrics/catalogue.js';
import { decodeKafkaRecord } from './decode/decode-kafka-record.js';
import { toInternalMessage } from './internal-message.js';
import { slicesBySize } from '../kafka/message-slices.js';

export interface KafkaSourceOptions {
  readonly kafka: Kafka;
  readonly producer: Producer;
  readonly sourceTopics: readonly string[];
  readonly consumerGroup: string;
  readonly internalTopic: string;
  readonly deadLetterTopic: string;
  readonly metrics: EgressMetrics;
  readonly logger: Logger;
  readonly onCrash: (error: Error) => void;
}

/**
 * Reads the source topics, writes each decodable record to the internal topic
 * and each other record to the dead-letter topic, then commits. Offsets move
 * only after both writes are acknowledged, so a crash repeats, never loses.
 */
export async function startKafkaSource(options: KafkaSourceOptions): Promise<Consumer> {
  const consumer = options.kafka.consumer({
    groupId: options.consumerGroup,
    allowAutoTopicCreation: false,
  });
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) options.onCrash(event.payload.error);
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [...options.sourceTopics], fromBeginning: true });
  await consumer.run({
    autoCommit: true,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: (payload) => forwardBatch(payload, options),
  });
  options.logger.info(
    { topics: options.sourceTopics, group: options.consumerGroup },
    'ingest consuming source topics',
  );
  return consumer;
}

async function forwardBatch(payload: EachBatchPayload, options: KafkaSourceOptions): Promise<void> {
  const { batch } = payload;
  const internal: Message[] = [];
  const deadLetters: Message[] = [];
  for (const record of batch.messages) {
    const headers = headersToStrings(record.headers);
    const decoded = decodeKafkaRecord(record.value, headers);
    if (decoded.ok) {
      options.metrics.ingestReceived.inc({ source: 'kafka', format: decoded.format });
      options.metrics.ingestProduced.inc({ source: 'kafka', event_type: decoded.request.type });
      internal.push(toInternalMessage(decoded));
      continue;
    }
    options.metrics.ingestReceived.inc({ source: 'kafka', format: 'undecodable' });
    options.metrics.ingestRejected.inc({ source: 'kafka', reason: decoded.reason });
    options.logger.warn(
      {
        topic: batch.topic,
        partition: batch.partition,
        offset: record.offset,
        reason: decoded.reason,
        detail: decoded.detail,
      },
      'source record dead-lettered',
    );
    deadLetters.push(
      deadLetterMessage({
        stage: 'ingest',
        reason: decoded.reason,
        detail: decoded.detail,
        source: { topic: batch.topic, partition: batch.partition, offset: record.offset },
        key: record.key,
        value: record.value,
        headers,
      }),
    );
  }
  for (const messages of slicesBySize(internal)) {
    await options.producer.send({ topic: options.internalTopic, acks: -1, messages });
  }
  for (const messages of slicesBySize(deadLetters)) {
    await options.producer.send({ topic: options.deadLetterTopic, acks: -1, messages });
  }
  const last = batch.messages[batch.messages.length - 1];
  if (last) payload.resolveOffset(last.offset);
  await payload.commitOffsetsIfNecessary();
  await payload.heartbeat();
}
