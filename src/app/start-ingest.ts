import { createDurableProducer } from '../kafka/create-producer.js';
import { startHttpIngest } from '../ingest/http-ingest.js';
import { startKafkaSource } from '../ingest/kafka-source.js';
import type { AppContext } from './app-context.js';

export interface IngestHandle {
  readonly httpPort: number | undefined;
}

/** Starts the ingest stage: the source-topic consumer and the HTTP endpoint. */
export async function startIngest(app: AppContext): Promise<IngestHandle> {
  const { config, lifecycle, metrics, health } = app;
  const logger = app.logger.child({ stage: 'ingest' });
  const producer = createDurableProducer(app.kafka);
  await producer.connect();
  lifecycle.onClose('ingest producer', () => producer.disconnect());
  let httpPort: number | undefined;
  if (config.ingest.http.enabled) {
    const http = await startHttpIngest({
      ...config.ingest.http,
      producer,
      internalTopic: config.kafka.internalTopic,
      metrics,
      logger,
    });
    lifecycle.onClose('http ingest', http.close);
    httpPort = http.port;
  }
  if (config.ingest.sourceTopics.length > 0) {
    const consumer = await startKafkaSource({
      kafka: app.kafka,
      producer,
      sourceTopics: config.ingest.sourceTopics,
      consumerGroup: config.ingest.consumerGroup,
      internalTopic: config.kafka.internalTopic,
      deadLetterTopic: config.kafka.deadLetterTopic,
      metrics,
      logger,
      onCrash: (error) => lifecycle.fail('ingest consumer', error),
    });
    lifecycle.onClose('ingest consumer', () => consumer.disconnect());
  }
  health.setReady('ingest', true);
  return { httpPort };
}
