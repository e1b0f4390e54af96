import type { KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createSnsTopicWithQueue,
  type SnsWithQueue,
} from '../../../src/consume/local-destinations.js';
import {
  PASS,
  SnsFaultProxy,
  type BatchRequestView,
  type FaultPlan,
} from '../../../src/devstack/sns-fault-proxy.js';
import { eventIdOf } from '../../../src/events/event-id.js';
import { encodeRequest, type FlyteRequest } from '../../../src/events/flyte-request.js';
import { DeadLetterHeader } from '../../../src/kafka/dead-letter.js';
import { produceEvents } from '../../../src/produce/produce-to-kafka.js';
import { generateEvents } from '../../../src/produce/synthetic-stream.js';
import { consumeSnsDeliveries } from '../support/destinations.js';
import {
  connectedProducer,
  localClients,
  startPipeline,
  uniqueName,
  type RunningPipeline,
} from '../support/pipeline.js';
import { readTopic } from '../support/read-topic.js';

const SINK = 'sns';
const WAIT = { timeout: 60_000, interval: 200 };

/** One pipeline whose SNS sink talks to moto through a fault proxy. */
interface Scenario {
  readonly name: string;
  readonly proxy: SnsFaultProxy;
  readonly pipeline: RunningPipeline;
  readonly sns: SnsWithQueue;
  readonly events: readonly FlyteRequest[];
  readonly ids: readonly string[];
}

const clients = localClients();

async function startScenario(
  prefix: string,
  events: readonly FlyteRequest[],
  plan: FaultPlan,
): Promise<Scenario> {
  const name = uniqueName(prefix);
  const { services } = clients;
  const sns = await createSnsTopicWithQueue(clients.sns, clients.sqs, name);
  const proxy = await SnsFaultProxy.start(services.snsEndpoint);
  proxy.setPlan(plan);
  const pipeline = await startPipeline({
    kafka: { internalTopic: `${name}.internal`, deadLetterTopic: `${name}.dlq` },
    ingest: { sourceTopics: [`${name}.source`], consumerGroup: `${name}-ingest` },
    sinks: [
      {
        name: SINK,
        type: 'aws',
        topicName: sns.topicArn,
        retry: { initialBackoffMs: 20, maxBackoffMs: 200 },
        aws: { region: services.awsRegion, endpoint: proxy.endpoint },
      },
    ],
  });
  const producer = await connectedProducer(clients.kafka);
  await produceEvents({ producer, topic: `${name}.source`, events, format: 'protobuf' });
  await producer.disconnect();
  return { name, proxy, pipeline, sns, events, ids: events.map(eventIdOf) };
}

async function stopScenario(scenario: Scenario | undefined): Promise<void> {
  await scenario?.pipeline.stop();
  await scenario?.proxy.stop();
}

function eventsOf(seed: number): FlyteRequest[] {
  return [...generateEvents({ executions: 3, seed })];
}

function eventIdsOf(request: BatchRequestView): string[] {
  return request.entries.map((entry) => entry.attributes.event_id ?? '');
}

/** Every notification the queue holds: `want` of them, then a short wait proves there are no more. */
async function allDeliveredIds(scenario: Scenario, want: number): Promise<string[]> {
  const { sqs } = clients;
  const first = await consumeSnsDeliveries(sqs, scenario.sns.queueUrl, want);
  const extra = await consumeSnsDeliveries(sqs, scenario.sns.queueUrl, 1, 3_000);
  expect(scenario.proxy.counts.upstreamErrors).toBe(0);
  return [...first, ...extra].map((delivery) => delivery.eventId).sort();
}

async function metricSum(
  scenario: Scenario,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = scenario.pipeline.app.metrics.registry.getSingleMetric(name);
  const { values } = (await metric?.get()) ?? { values: [] };
  return values
    .filter((value) =>
      Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted),
    )
    .reduce((sum, value) => sum + value.value, 0);
}

async function deadLetterCount(scenario: Scenario): Promise<number> {
  const admin = clients.kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(`${scenario.name}.dlq`);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  } finally {
    await admin.disconnect();
  }
}

async function readyzStatus(scenario: Scenario): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${scenario.pipeline.app.metricsPort}/readyz`);
  await response.text();
  return response.status;
}

describe('an SNS sink facing retryable failures of single entries', () => {
  let scenario: Scenario;
  const events = eventsOf(21);
  const attempts = new Map<string, number>();
  // Every third event fails on its first two attempts, with the service's fault.
  const flaky = new Set(events.map(eventIdOf).filter((_, i) => i % 3 === 0));

  beforeAll(async () => {
    const plan: FaultPlan = (request) => {
      const failures = request.entries.flatMap((entry) => {
        const id = entry.attributes.event_id ?? '';
        const seen = attempts.get(id) ?? 0;
        attempts.set(id, seen + 1);
        if (!flaky.has(id) || seen >= 2) return [];
        return [{ id: entry.id, code: 'InternalFailure', senderFault: false }];
      });
      return { kind: 'fail-entries', failures };
    };
    scenario = await startScenario('retry-entries', events, plan);
  });

  afterAll(async () => {
    await stopScenario(scenario);
  });

  it('retries only the failed entries, so the destination gets every event exactly once', async () => {
    const delivered = await allDeliveredIds(scenario, scenario.ids.length);
    expect(delivered).toEqual([...scenario.ids].sort());
    expect(scenario.proxy.counts.entriesDelivered).toBe(scenario.ids.length);
    for (const id of flaky) expect(attempts.get(id)).toBe(3);
    for (const id of scenario.ids.filter((id) => !flaky.has(id))) expect(attempts.get(id)).toBe(1);
  });

  it('counts every failed attempt in flyte_egress_failed_total and dead-letters nothing', async () => {
    expect(scenario.proxy.counts.entriesFailedRetryable).toBe(2 * flaky.size);
    const failed = await metricSum(scenario, 'flyte_egress_failed_total', {
      sink: SINK,
      reason: 'retryable',
    });
    expect(failed).toBe(2 * flaky.size);
    expect(await metricSum(scenario, 'flyte_egress_published_total', { sink: SINK })).toBe(
      scenario.ids.length,
    );
    expect(await deadLetterCount(scenario)).toBe(0);
  });
});

describe('an SNS sink facing throttling and server errors on whole requests', () => {
  let scenario: Scenario;
  const faults = ['throttle', 'InternalError', 'ServiceUnavailable', 'throttle'] as const;
  let entriesRefused = 0;

  beforeAll(async () => {
    const plan: FaultPlan = (request) => {
      const fault = faults[request.number - 1];
      if (fault === undefined) return PASS;
      entriesRefused += request.entries.length;
      return fault === 'throttle' ? { kind: 'throttle' } : { kind: 'server-error', code: fault };
    };
    scenario = await startScenario('retry-requests', eventsOf(22), plan);
  });

  afterAll(async () => {
    await stopScenario(scenario);
  });

  it('retries until the requests succeed: nothing lost, nothing duplicated', async () => {
    const delivered = await allDeliveredIds(scenario, scenario.ids.length);
    expect(delivered).toEqual([...scenario.ids].sort());
    expect(scenario.proxy.counts).toMatchObject({ throttled: 2, serverErrors: 2 });
  });

  it('counts the failed attempts and dead-letters nothing', async () => {
    const failed = await metricSum(scenario, 'flyte_egress_failed_total', {
      sink: SINK,
      reason: 'retryable',
    });
    expect(failed).toBe(entriesRefused);
    expect(await metricSum(scenario, 'flyte_egress_dead_lettered_total')).toBe(0);
    expect(await deadLetterCount(scenario)).toBe(0);
  });
});

describe('an SNS sink whose entries are refused for good', () => {
  let scenario: Scenario;
  const events = eventsOf(23);
  const refused = new Set(events.map(eventIdOf).filter((_, i) => i % 5 === 2));

  beforeAll(async () => {
    const plan: FaultPlan = (request) => ({
      kind: 'fail-entries',
      failures: request.entries
        .filter((entry) => refused.has(entry.attributes.event_id ?? ''))
        .map((entry) => ({ id: entry.id, code: 'InvalidParameter', senderFault: true })),
    });
    scenario = await startScenario('retry-refused', events, plan);
  });

  afterAll(async () => {
    await stopScenario(scenario);
  });

  it('dead-letters them with reason invalid, their bytes and their internal topic position', async () => {
    const { name, events, ids } = scenario;
    const letters = await readTopic(clients.kafka, `${name}.dlq`, refused.size);
    const sources = await readPositions(`${name}.internal`, events.length);
    expect(letters).toHaveLength(refused.size);
    const refusedBytes = events
      .filter((_, i) => refused.has(ids[i] as string))
      .map((event) => Buffer.from(encodeRequest(event)).toString('base64'))
      .sort();
    expect(letters.map((letter) => letter.value?.toString('base64')).sort()).toEqual(refusedBytes);
    for (const letter of letters) {
      expect(header(letter, DeadLetterHeader.reason)).toBe('invalid');
      expect(header(letter, DeadLetterHeader.stage)).toBe(`sink:${SINK}`);
      expect(header(letter, DeadLetterHeader.sourceTopic)).toBe(`${name}.internal`);
      const source = sources.find((record) => record.value.equals(letter.value ?? Buffer.alloc(0)));
      expect(source).toBeDefined();
      expect(header(letter, DeadLetterHeader.sourceOffset)).toBe(source?.offset);
      expect(header(letter, DeadLetterHeader.sourcePartition)).toBe(String(source?.partition));
    }
  });

  it('delivers the rest exactly once, having sent each refused entry once', async () => {
    const delivered = await allDeliveredIds(scenario, scenario.ids.length - refused.size);
    expect(delivered).toEqual(scenario.ids.filter((id) => !refused.has(id)).sort());
    expect(scenario.proxy.counts.entriesFailedPermanent).toBe(refused.size);
    const letters = await metricSum(scenario, 'flyte_egress_dead_lettered_total', {
      sink: SINK,
      reason: 'invalid',
    });
    expect(letters).toBe(refused.size);
  });
});

describe('an SNS sink whose destination is misconfigured for a while', () => {
  let scenario: Scenario;

  beforeAll(async () => {
    const plan: FaultPlan = (request) => ({
      kind: 'misconfigured',
      code: request.number % 2 === 1 ? 'AuthorizationError' : 'NotFound',
    });
    scenario = await startScenario('retry-misconfigured', eventsOf(24), plan);
  });

  afterAll(async () => {
    await stopScenario(scenario);
  });

  it('is marked not ready and keeps its events, dead-letters nothing', async () => {
    await vi.waitFor(async () => {
      expect(scenario.proxy.counts.misconfigured).toBeGreaterThanOrEqual(4);
      expect(await readyzStatus(scenario)).toBe(503);
      expect(await metricSum(scenario, 'flyte_egress_sink_ready', { sink: SINK })).toBe(0);
    }, WAIT);
    expect(scenario.proxy.counts.entriesDelivered).toBe(0);
    expect(await deadLetterCount(scenario)).toBe(0);
  });

  it('delivers everything once the destination recovers, and is ready again', async () => {
    scenario.proxy.setPlan(() => PASS);
    const delivered = await allDeliveredIds(scenario, scenario.ids.length);
    expect(delivered).toEqual([...scenario.ids].sort());
    await vi.waitFor(async () => {
      expect(await readyzStatus(scenario)).toBe(200);
      expect(await metricSum(scenario, 'flyte_egress_sink_ready', { sink: SINK })).toBe(1);
    }, WAIT);
    expect(await deadLetterCount(scenario)).toBe(0);
    const misconfigured = await metricSum(scenario, 'flyte_egress_failed_total', {
      sink: SINK,
      reason: 'destination_misconfigured',
    });
    expect(misconfigured).toBeGreaterThan(0);
  });
});

describe('an SNS sink whose connections are dropped', () => {
  let scenario: Scenario;
  let answerLost: string[] = [];

  beforeAll(async () => {
    // The first request reaches moto but its answer is lost; the next two never arrive.
    const plan: FaultPlan = (request) => {
      if (request.number === 1) {
        answerLost = eventIdsOf(request);
        return { kind: 'drop-connection', when: 'after' };
      }
      if (request.number <= 3) return { kind: 'drop-connection', when: 'before' };
      return PASS;
    };
    scenario = await startScenario('retry-dropped', eventsOf(25), plan);
  });

  afterAll(async () => {
    await stopScenario(scenario);
  });

  it('retries them: every event arrives, twice only where the answer was lost', async () => {
    // moto's count of accepted entries includes those whose answer was lost.
    await vi.waitFor(() => {
      expect(answerLost.length).toBeGreaterThan(0);
      expect(scenario.proxy.counts.entriesDelivered).toBe(scenario.ids.length + answerLost.length);
    }, WAIT);
    const delivered = await allDeliveredIds(scenario, scenario.ids.length + answerLost.length);
    expect(delivered).toEqual([...scenario.ids, ...answerLost].sort());
    expect(scenario.proxy.counts.dropped).toBe(3);
    expect(await deadLetterCount(scenario)).toBe(0);
  });
});

/** Where each record of a topic sits, read from the beginning until `want` arrived. */
async function readPositions(topic: string, want: number) {
  const consumer = clients.kafka.consumer({ groupId: uniqueName('positions') });
  const records: { partition: number; offset: string; value: Buffer }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({
          partition,
          offset: message.offset,
          value: message.value ?? Buffer.alloc(0),
        });
      },
    });
    await vi.waitFor(() => expect(records.length).toBeGreaterThanOrEqual(want), WAIT);
  } finally {
    await consumer.disconnect();
  }
  return records;
}

function header(message: KafkaMessage, name: string): string | undefined {
  return message.headers?.[name]?.toString();
}
