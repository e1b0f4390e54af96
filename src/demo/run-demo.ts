import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { PubSub } from '@google-cloud/pubsub';
import type { Logger } from 'pino';
import { startInProcess } from '../app/start-in-process.js';
import { progressBar } from '../observability/progress-bar.js';
import { produceWithProgress } from '../produce/produce-with-progress.js';
import { validateConfig } from '../config/load-config.js';
import {
  createPubSubTopicWithSubscription,
  createSnsTopicWithQueue,
} from '../consume/local-destinations.js';
import { readPubSubMessages } from '../consume/pubsub-reader.js';
import { readSnsNotifications } from '../consume/sqs-reader.js';
import { startLocalServices, type LocalServices } from '../devstack/local-services.js';
import { eventIdOf } from '../events/event-id.js';
import { eventTypeOfMessageName, type EventType } from '../events/event-type.js';
import {
  decodeRequest,
  encodeRequest,
  executionKeyOf,
  type FlyteRequest,
} from '../events/flyte-request.js';
import { EventTally } from '../produce/event-summary.js';
import { generateEvents } from '../produce/synthetic-stream.js';
import { waitForPublished } from './published-counts.js';
import {
  compareDelivery,
  formatReports,
  type DestinationReport,
  type Expected,
  type Received,
} from './demo-report.js';

export interface DemoOptions {
  readonly executions: number;
  readonly seed: number;
  readonly kafkaVersion?: string | undefined;
  readonly timeoutMs: number;
}

const SOURCE_TOPIC = 'flyteadmin.cloudevents';
const credentials = { accessKeyId: 'demo', secretAccessKey: 'demo' };

/**
 * Starts the local services and the whole pipeline, plays FlyteAdmin's Kafka
 * cloud-events stream of realistic executions into it, and reads back what
 * each destination received. Returns true when every destination got exactly
 * what it should.
 */
export async function runDemo(options: DemoOptions, logger: Logger): Promise<boolean> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(
    'starting local services (Kafka in KRaft mode, moto for SNS and SQS, the Pub/Sub emulator)...',
  );
  const services = await startLocalServices({
    kafkaVersion: options.kafkaVersion,
    logger,
    onProgress: (step) => say(`  ${step}`),
  });
  try {
    say(`  Kafka ${services.kafka.version} at ${services.kafka.brokers.join(',')}`);
    say(
      `  SNS/SQS at ${services.sns.endpoint}, Pub/Sub emulator at ${services.pubsub.emulatorHost}`,
    );
    return await demoOn(services, options, logger, say);
  } finally {
    say('stopping local services...');
    await services.stop();
  }
}

async function demoOn(
  services: LocalServices,
  options: DemoOptions,
  logger: Logger,
  say: (line: string) => void,
): Promise<boolean> {
  // Google's client would otherwise probe the GCE metadata server, which is not there locally.
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  process.env.AWS_ACCESS_KEY_ID ??= credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= credentials.secretAccessKey;
  const sns = new SNSClient({
    endpoint: services.sns.endpoint,
    region: services.sns.region,
    credentials,
  });
  const sqs = new SQSClient({
    endpoint: services.sns.endpoint,
    region: services.sns.region,
    credentials,
  });
  const pubsub = new PubSub({
    projectId: services.pubsub.projectId,
    apiEndpoint: services.pubsub.emulatorHost,
    emulatorMode: true,
  });
  const fifo = await createSnsTopicWithQueue(sns, sqs, 'flyte-events', { fifo: true });
  const allEvents = await createPubSubTopicWithSubscription(pubsub, 'flyte-events', {
    ordering: true,
  });
  const workflowOnly = await createPubSubTopicWithSubscription(pubsub, 'flyte-workflow-events');
  const config = validateConfig({
    kafka: { brokers: services.kafka.brokers, topicPartitions: 6 },
    ingest: { sourceTopics: [SOURCE_TOPIC], http: { host: '127.0.0.1', port: 0 } },
    metrics: { host: '127.0.0.1', port: 0 },
    sinks: [
      {
        name: 'sns',
        type: 'aws',
        topicName: fifo.topicArn,
        aws: { region: services.sns.region, endpoint: services.sns.endpoint },
      },
      {
        name: 'pubsub',
        type: 'gcp',
        topicName: 'flyte-events',
        ordering: true,
        gcp: { projectId: services.pubsub.projectId, apiEndpoint: services.pubsub.emulatorHost },
      },
      {
        name: 'pubsub-workflows',
        type: 'gcp',
        topicName: 'flyte-workflow-events',
        eventTypes: ['workflow'],
        gcp: { projectId: services.pubsub.projectId, apiEndpoint: services.pubsub.emulatorHost },
      },
    ],
  });
  const pipeline = await startInProcess(config, logger);
  const { app } = pipeline;
  try {
    say(`pipeline running: metrics on http://127.0.0.1:${app.metricsPort}/metrics`);
    // Event times compressed so they stay close to now, which keeps the end-to-end latency metric meaningful.
    const shape = {
      executions: options.executions,
      seed: options.seed,
      failureRate: 0.15,
      startMs: Date.now(),
      timeScale: 0.001,
      executionSpacingMs: 1,
    };
    const events = [...generateEvents(shape)];
    const expected = events.map(toExpected);
    const tally = new EventTally();
    events.forEach((event) => tally.add(event));
    const summary = tally.result();
    say(
      `producing ${summary.total} events of ${summary.executions} executions (${summary.failedExecutions} fail, ` +
        `${summary.byPhase.task.FAILED ?? 0} task attempts fail) as FlyteAdmin's Kafka cloud events...`,
    );
    const started = Date.now();
    await produceWithProgress({
      brokers: services.kafka.brokers,
      clientId: 'demo-producer',
      topic: SOURCE_TOPIC,
      events,
      total: events.length,
      format: 'cloudevent-v1',
      batchSize: 200,
      logger,
    });
    const producedMs = Date.now() - started;
    const workflowCount = expected.filter((e) => e.type === 'workflow').length;
    const publishedMs = waitForPublished(
      app.metrics,
      new Map([
        ['sns', expected.length],
        ['pubsub', expected.length],
        ['pubsub-workflows', workflowCount],
      ]),
      started,
      options.timeoutMs,
      (counts) =>
        say(`  published so far: ${[...counts].map(([sink, n]) => `${sink} ${n}`).join(', ')}`),
    );
    const [snsReceived, pubsubReceived, workflowReceived] = await Promise.all([
      readSns(sqs, fifo.queueUrl, expected.length, options.timeoutMs),
      readPubSub(allEvents, expected.length, options.timeoutMs, 'pubsub'),
      readPubSub(
        workflowOnly,
        expected.filter((e) => e.type === 'workflow').length,
        options.timeoutMs,
        'pubsub-workflows',
      ),
    ]);
    const seconds = (Date.now() - started) / 1000;
    const reports: DestinationReport[] = [
      compareDelivery('sns (FIFO topic -> SQS)', 'all', expected, snsReceived, true),
      compareDelivery('pubsub (ordering keys)', 'all', expected, pubsubReceived, true),
      compareDelivery(
        'pubsub-workflows',
        'workflow',
        expected.filter((e) => e.type === 'workflow'),
        workflowReceived,
        false,
      ),
    ];
    say('');
    say(formatReports(reports));
    say('');
    const published = await publishedMs;
    say(`produced in ${(producedMs / 1000).toFixed(1)} s`);
    say(
      published === undefined
        ? 'not every sink published everything within the timeout'
        : `every sink had published everything ${(published / 1000).toFixed(1)} s after the first record was produced`,
    );
    say(
      `read back from SQS and Pub/Sub ${seconds.toFixed(1)} s after the first record was produced`,
    );
    const ok = reports.every(
      (r) =>
        r.missing === 0 &&
        r.duplicates === 0 &&
        r.bytesExact &&
        r.inOrder !== false &&
        r.received === r.expected,
    );
    say(
      ok
        ? 'every destination received exactly the events it should, in order'
        : 'SOME EVENTS DID NOT ARRIVE AS EXPECTED',
    );
    return ok;
  } finally {
    await pipeline.stop();
    await pubsub.close();
  }
}

function toExpected(event: FlyteRequest): Expected {
  return {
    eventId: eventIdOf(event),
    executionKey: executionKeyOf(event) ?? '',
    type: event.type,
    base64: Buffer.from(encodeRequest(event)).toString('base64'),
  };
}

async function readSns(
  sqs: SQSClient,
  queueUrl: string,
  want: number,
  timeoutMs: number,
): Promise<Received[]> {
  const bar = progressBar('received by sns', want);
  try {
    const notifications = await readSnsNotifications(sqs, queueUrl, want, timeoutMs, (n) =>
      bar.update(n),
    );
    return notifications.map((notification) => ({
      eventId: notification.attributes.event_id ?? '',
      executionKey: executionKeyOfPayload(notification.subject, notification.message),
      type: eventTypeOfMessageName(notification.subject),
      base64: notification.message,
    }));
  } finally {
    bar.stop();
  }
}

async function readPubSub(
  subscription: Parameters<typeof readPubSubMessages>[0],
  want: number,
  timeoutMs: number,
  label: string,
): Promise<Received[]> {
  const bar = progressBar(`received by ${label}`, want);
  try {
    const messages = await readPubSubMessages(subscription, want, timeoutMs, (n) => bar.update(n));
    return messages.map((message) => ({
      eventId: message.attributes.event_id ?? '',
      executionKey: executionKeyOfPayload(
        message.attributes.key ?? '',
        message.data.toString('latin1'),
      ),
      type: eventTypeOfMessageName(message.attributes.key ?? ''),
      base64: message.data.toString('latin1'),
    }));
  } finally {
    bar.stop();
  }
}

function executionKeyOfPayload(messageName: string, base64: string): string {
  const type: EventType | undefined = eventTypeOfMessageName(messageName);
  if (!type) return '';
  return executionKeyOf(decodeRequest(type, Buffer.from(base64, 'base64'))) ?? '';
}
