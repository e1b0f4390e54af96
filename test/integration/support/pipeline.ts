import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { PubSub } from '@google-cloud/pubsub';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { inject } from 'vitest';
import { startInProcess, type InProcessPipeline } from '../../../src/app/start-in-process.js';
import { validateConfig, type EgressConfig } from '../../../src/config/load-config.js';
import { createLogger, silentLogger } from '../../../src/observability/logger.js';

export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

// The pipeline's SNS client takes credentials from the SDK's default chain, as in
// production; moto accepts any, so the chain is given dummy ones here.
process.env.AWS_ACCESS_KEY_ID ??= credentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY ??= credentials.secretAccessKey;

/** Clients of the local services the global setup started. */
export function localClients() {
  const services = inject('services');
  return {
    services,
    sns: new SNSClient({ endpoint: services.snsEndpoint, region: services.awsRegion, credentials }),
    sqs: new SQSClient({ endpoint: services.snsEndpoint, region: services.awsRegion, credentials }),
    pubsub: new PubSub({
      projectId: services.pubsubProjectId,
      apiEndpoint: services.pubsubEmulatorHost,
      emulatorMode: true,
    }),
    kafka: new Kafka({
      clientId: 'test',
      brokers: services.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }),
  };
}

/** A name no other test uses, so tests share the services without seeing each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface RunningPipeline extends InProcessPipeline {
  readonly config: EgressConfig;
}

/**
 * Runs every stage in this process, against the local services, with the
 * configuration given (brokers and listener ports are filled in).
 */
export async function startPipeline(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningPipeline> {
  const services = inject('services');
  const kafka = (raw.kafka ?? {}) as Record<string, unknown>;
  const ingest = (raw.ingest ?? {}) as Record<string, unknown>;
  const config = validateConfig(
    {
      ...raw,
      kafka: { ...kafka, brokers: services.kafkaBrokers, topicPartitions: 3 },
      ingest: {
        ...ingest,
        http: { port: 0, host: '127.0.0.1', ...((ingest.http ?? {}) as object) },
      },
      metrics: { host: '127.0.0.1', port: 0 },
      shutdownTimeoutMs: raw.shutdownTimeoutMs ?? 10_000,
    },
    env,
  );
  // TEST_LOG_LEVEL=debug shows the pipeline's own logs when a test needs explaining.
  const level = process.env.TEST_LOG_LEVEL;
  const logger = level ? createLogger(level as 'debug') : silentLogger();
  const pipeline = await startInProcess(config, logger);
  return { ...pipeline, config };
}

export async function connectedProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  return producer;
}
