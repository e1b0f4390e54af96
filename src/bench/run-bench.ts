import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { PubSub } from '@google-cloud/pubsub';
import type { Logger } from 'pino';
import { startInProcess } from '../app/start-in-process.js';
import { progressBar } from '../observability/progress-bar.js';
import { produceWithProgress } from '../produce/produce-with-progress.js';
import { validateConfig } from '../config/load-config.js';
import { startLocalServices, type LocalServices } from '../devstack/local-services.js';
import type { FlyteRequest } from '../events/flyte-request.js';
import type { EgressMetrics } from '../metrics/catalogue.js';
import { generateEvents } from '../produce/synthetic-stream.js';
import { publishedPerSink } from '../demo/published-counts.js';
import { histogramQuantiles } from './latency-quantiles.js';

export interface BenchOptions {
  readonly events: number;
  readonly seed: number;
  readonly kafkaVersion?: string | undefined;
}

export interface BenchResult {
  readonly events: number;
  readonly produceSeconds: number;
  readonly ingestSeconds: number;
  readonly sinks: readonly {
    name: string;
    seconds: number;
    eventsPerSecond: number;
    p50: number | undefined;
    p99: number | undefined;
  }[];
  readonly peakRssMiB: number;
}

const SOURCE_TOPIC = 'bench.source';
const SINKS = ['sns', 'pubsub'] as const;

/**
 * Measures the pipeline on the local services: how fast it ingests and
 * publishes a burst of events, the end-to-end latency the metrics record, and
 * the peak memory of the process. SNS goes to a topic with no subscription, so
 * moto's fan-out to SQS does not set the pace.
 */
export async function runBench(options: BenchOptions, logger: Logger): Promise<BenchResult> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say('starting local services...');
  const services = await startLocalServices({ kafkaVersion: options.kafkaVersion, logger });
  try {
    return await benchOn(services, options, logger, say);
  } finally {
    await services.stop();
  }
}

async function benchOn(
  services: LocalServices,
  options: BenchOptions,
  logger: Logger,
  say: (line: string) => void,
): Promise<BenchResult> {
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  process.env.AWS_ACCESS_KEY_ID ??= 'bench';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'bench';
  const sns = new SNSClient({ endpoint: services.sns.endpoint, region: services.sns.region });
  const topic = await sns.send(new CreateTopicCommand({ Name: 'bench-events' }));
  const pubsub = new PubSub({
    projectId: services.pubsub.projectId,
    apiEndpoint: services.pubsub.emulatorHost,
    emulatorMode: true,
  });
  await pubsub.createTopic('bench-events');
  await pubsub.close();
  const config = benchConfig(services, topic.TopicArn ?? '');
  const pipeline = await startInProcess(config, logger);
  // Made after the pipeline is up, so that event times start when the burst does.
  const events = eventsFor(options);
  const rss = sampleRss();
  try {
    say(`producing ${events.length} events...`);
    const started = Date.now();
    await produceWithProgress({
      brokers: services.kafka.brokers,
      clientId: 'bench-producer',
      topic: SOURCE_TOPIC,
      events,
      total: events.length,
      format: 'protobuf',
      batchSize: 500,
      logger,
    });
    const produceSeconds = (Date.now() - started) / 1000;
    const metrics = pipeline.app.metrics;
    const reached = await waitForAll(metrics, events.length, started);
    const sinks = [];
    for (const name of SINKS) {
      const seconds = (reached.get(name) ?? Number.NaN) / 1000;
      sinks.push({
        name,
        seconds,
        eventsPerSecond: events.length / seconds,
        ...(await latencyOf(metrics, name)),
      });
    }
    const ingestSeconds = (reached.get(INGEST) ?? Number.NaN) / 1000;
    return {
      events: events.length,
      produceSeconds,
      ingestSeconds,
      sinks,
      peakRssMiB: rss.peakMiB(),
    };
  } finally {
    rss.stop();
    await pipeline.stop();
  }
}

const INGEST = 'ingest';

/** Milliseconds after `startedMs` at which ingest and each sink had handled `want` events. */
async function waitForAll(
  metrics: EgressMetrics,
  want: number,
  startedMs: number,
): Promise<Map<string, number>> {
  const reached = new Map<string, number>();
  const bar = progressBar('published (slowest sink)', want);
  const timeoutMs = 600_000;
  try {
    while (reached.size < SINKS.length + 1 && Date.now() - startedMs < timeoutMs) {
      const counts = await publishedPerSink(metrics);
      counts.set(INGEST, await ingested(metrics));
      for (const [name, count] of counts) {
        if (count >= want && !reached.has(name)) reached.set(name, Date.now() - startedMs);
      }
      bar.update(Math.min(...SINKS.map((name) => counts.get(name) ?? 0)));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    bar.stop();
  }
  return reached;
}

async function ingested(metrics: EgressMetrics): Promise<number> {
  return (await metrics.ingestProduced.get()).values.reduce((sum, value) => sum + value.value, 0);
}

async function latencyOf(metrics: EgressMetrics, sink: string) {
  const quantiles = await histogramQuantiles(metrics.endToEndLatency, [0.5, 0.99], { sink });
  return { p50: quantiles.get(0.5), p99: quantiles.get(0.99) };
}

/** Realistic executions until `events` events, with event times starting now. */
function eventsFor(options: BenchOptions): FlyteRequest[] {
  const events: FlyteRequest[] = [];
  const stream = generateEvents({
    executions: Number.MAX_SAFE_INTEGER,
    seed: options.seed,
    startMs: Date.now(),
    timeScale: 0.0001,
    executionSpacingMs: 0,
  });
  for (const event of stream) {
    if (events.length >= options.events) break;
    events.push(event);
  }
  return events;
}

function benchConfig(services: LocalServices, topicArn: string) {
  const gcp = { projectId: services.pubsub.projectId, apiEndpoint: services.pubsub.emulatorHost };
  return validateConfig({
    kafka: { brokers: services.kafka.brokers, topicPartitions: 6 },
    ingest: { sourceTopics: [SOURCE_TOPIC], http: { enabled: false } },
    metrics: { host: '127.0.0.1', port: 0 },
    logLevel: 'warn',
    sinks: [
      {
        name: 'sns',
        type: 'aws',
        topicName: topicArn,
        aws: { region: services.sns.region, endpoint: services.sns.endpoint },
      },
      { name: 'pubsub', type: 'gcp', topicName: 'bench-events', gcp },
    ],
  });
}

/** Samples the resident set size every 100 ms and keeps the peak. */
function sampleRss() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    peakMiB: () => peak / (1024 * 1024),
    stop: () => clearInterval(timer),
  };
}
