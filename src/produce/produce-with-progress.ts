import type { Logger } from 'pino';
import type { FlyteRequest } from '../events/flyte-request.js';
import { createDurableProducer } from '../kafka/create-producer.js';
import { createKafka } from '../kafka/create-kafka.js';
import { progressBar } from '../observability/progress-bar.js';
import { produceEvents } from './produce-to-kafka.js';
import type { SourceFormat } from './source-formats.js';

export interface ProduceWithProgressOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly topic: string;
  readonly events: Iterable<FlyteRequest>;
  readonly total: number;
  readonly format: SourceFormat;
  readonly batchSize?: number;
  readonly logger: Logger;
}

/** Sends events to a source topic with its own durable producer, showing a progress bar. */
export async function produceWithProgress(options: ProduceWithProgressOptions): Promise<number> {
  const kafka = createKafka(
    {
      brokers: [...options.brokers],
      clientId: options.clientId,
      internalTopic: '',
      deadLetterTopic: '',
      topicPartitions: 1,
      createTopics: false,
    },
    options.logger,
  );
  const producer = createDurableProducer(kafka);
  await producer.connect();
  const bar = progressBar('produced', options.total);
  try {
    return await produceEvents({
      producer,
      topic: options.topic,
      events: options.events,
      format: options.format,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      onProgress: (sent) => bar.update(sent),
    });
  } finally {
    bar.stop();
    await producer.disconnect();
  }
}
