import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { PubSub } from '@google-cloud/pubsub';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { eventIdOf } from '../../../src/events/event-id.js';
import type { FlyteRequest } from '../../../src/events/flyte-request.js';
import { DeadLetterHeader } from '../../../src/kafka/dead-letter.js';
import { produceEvents } from '../../../src/produce/produce-to-kafka.js';
import { toSourceMessage } from '../../../src/produce/source-formats.js';
import { generateEvents } from '../../../src/produce/synthetic-stream.js';
import { readTopic } from '../../integration/support/read-topic.js';

export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
export const AWS_REGION = 'us-east-2';

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export function awsClients(endpoint: string) {
  return {
    sns: new SNSClient({ endpoint, region: AWS_REGION, credentials }),
    sqs: new SQSClient({ endpoint, region: AWS_REGION, credentials }),
  };
}

export function pubsubClient(apiEndpoint: string, projectId: string): PubSub {
  return new PubSub({ projectId, apiEndpoint, emulatorMode: true });
}

export function kafkaClient(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'faults', brokers, logLevel: logLevel.NOTHING });
}

/** About 33 events an execution, workflow, node and task events mixed. */
export function eventsOf(executions: number, seed: number): FlyteRequest[] {
  return [...generateEvents({ executions, seed })];
}

export function idsOf(events: readonly FlyteRequest[]): Set<string> {
  return new Set(events.map(eventIdOf));
}

/** Creates the source topic with `partitions` so the spread over workers is known. */
export async function createTopic(kafka: Kafka, topic: string, partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

export async function produceProtobuf(
  kafka: Kafka,
  topic: string,
  events: Iterable<FlyteRequest>,
): Promise<number> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    return await produceEvents({ producer, topic, events, format: 'protobuf' });
  } finally {
    await producer.disconnect();
  }
}

/** `perSend` keeps a request of large records under the broker's 1 MiB limit. */
export async function produceRaw(
  kafka: Kafka,
  topic: string,
  messages: Message[],
  perSend = 500,
): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += perSend) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + perSend) });
    }
  } finally {
    await producer.disconnect();
  }
}

export function protobufMessage(event: FlyteRequest): Message {
  return toSourceMessage(event, 'protobuf');
}

/** Dead letters on the topic counted by reason; waits for `want` of them (or the timeout). */
export async function deadLettersByReason(
  kafka: Kafka,
  topic: string,
  want: number,
  timeoutMs = 60_000,
): Promise<{ total: number; reasons: Record<string, number>; stages: Record<string, number> }> {
  const letters = want === 0 ? [] : await readTopic(kafka, topic, want, timeoutMs);
  const reasons: Record<string, number> = {};
  const stages: Record<string, number> = {};
  for (const letter of letters) {
    const reason = letter.headers?.[DeadLetterHeader.reason]?.toString() ?? '';
    const stage = letter.headers?.[DeadLetterHeader.stage]?.toString() ?? '';
    reasons[reason] = (reasons[reason] ?? 0) + 1;
    stages[stage] = (stages[stage] ?? 0) + 1;
  }
  return { total: letters.length, reasons, stages };
}

/** The configuration of one pipeline against the given services. */
export function pipelineConfig(options: {
  name: string;
  brokers: string[];
  sinks: Record<string, unknown>[];
  partitions?: number;
}): Record<string, unknown> {
  return {
    kafka: {
      brokers: options.brokers,
      internalTopic: `${options.name}.internal`,
      deadLetterTopic: `${options.name}.dlq`,
      topicPartitions: options.partitions ?? 3,
    },
    ingest: {
      sourceTopics: [`${options.name}.source`],
      consumerGroup: `${options.name}-ingest`,
      http: { enabled: false },
    },
    logLevel: 'info',
    shutdownTimeoutMs: 20_000,
    // A group of its own per scenario: a worker killed in one scenario stays a member of its
    // group until its session times out, and must not hold up the next scenario's rebalance.
    sinks: options.sinks.map((sink) => ({
      consumerGroup: `${options.name}-sink-${String(sink.name)}`,
      ...sink,
    })),
  };
}

export function snsSink(name: string, topicArn: string, endpoint: string, extra = {}) {
  return {
    name,
    type: 'aws',
    topicName: topicArn,
    aws: { region: AWS_REGION, endpoint },
    ...extra,
  };
}

export function pubsubSink(name: string, topic: string, apiEndpoint: string, projectId: string) {
  return { name, type: 'gcp', topicName: topic, gcp: { projectId, apiEndpoint } };
}
