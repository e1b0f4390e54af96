import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { EgressConfig } from '../config/load-config.js';
import { createKafka } from '../kafka/create-kafka.js';
import { ensureTopics } from '../kafka/ensure-topics.js';
import { createMetrics, type EgressMetrics } from '../metrics/catalogue.js';
import { HealthRegistry } from '../observability/health.js';
import { startMetricsServer } from '../observability/metrics-server.js';
import { Lifecycle } from './lifecycle.js';

export interface AppContext {
  readonly config: EgressConfig;
  readonly logger: Logger;
  readonly metrics: EgressMetrics;
  readonly health: HealthRegistry;
  readonly kafka: Kafka;
  readonly lifecycle: Lifecycle;
  readonly metricsPort: number;
}

/** What every role shares: logging, metrics and health endpoints, the Kafka client, shutdown. */
export async function createAppContext(
  config: EgressConfig,
  logger: Logger,
  lifecycle = new Lifecycle(logger, config.shutdownTimeoutMs),
): Promise<AppContext> {
  const metrics = createMetrics();
  const health = new HealthRegistry();
  const kafka = createKafka(config.kafka, logger.child({ component: 'kafka' }));
  const server = await startMetricsServer({
    host: config.metrics.host,
    port: config.metrics.port,
    registry: metrics.registry,
    health,
    logger,
  });
  // Closed last, so that the endpoints answer until everything else has stopped.
  lifecycle.onClose('metrics server', server.close);
  if (config.kafka.createTopics) {
    await ensureTopics(
      kafka,
      [config.kafka.internalTopic, config.kafka.deadLetterTopic, ...config.ingest.sourceTopics],
      config.kafka.topicPartitions,
      logger,
    );
  }
  return { config, logger, metrics, health, kafka, lifecycle, metricsPort: server.port };
}
