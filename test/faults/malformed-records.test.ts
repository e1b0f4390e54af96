import type { Message } from 'kafkajs';
import { describe, expect, inject, it } from 'vitest';
import {
  createPubSubTopicWithSubscription,
  createSnsTopicWithQueue,
} from '../../src/consume/local-destinations.js';
import { encodeRequest, messageNameOf, type FlyteRequest } from '../../src/events/flyte-request.js';
import {
  countDelivered,
  PubSubCollector,
  sleep,
  SnsCollector,
  waitUntil,
} from './support/collectors.js';
import { compare, reportRows } from './support/fault-report.js';
import { PipelineProcess } from './support/pipeline-process.js';
import { RssSampler } from './support/rss-sampler.js';
import {
  awsClients,
  createTopic,
  deadLettersByReason,
  eventsOf,
  idsOf,
  kafkaClient,
  pipelineConfig,
  produceRaw,
  protobufMessage,
  pubsubClient,
  pubsubSink,
  snsSink,
  uniqueName,
} from './support/scenario-kit.js';

const SCENARIO = '5 1,000 malformed among 10,000';
const GOOD = 10_000;
const PER_KIND = 250;
const MESSAGE_NAME_HEADER = 'flyte-message-name';

/** Four kinds of bad record, 250 of each, built from the good events so they look real. */
function malformedRecords(good: readonly FlyteRequest[]): Message[] {
  const records: Message[] = [];
  for (let i = 0; i < PER_KIND; i++) {
    const event = good[i] as FlyteRequest;
    const bytes = Buffer.from(encodeRequest(event));
    const name = messageNameOf(event);
    // 'g' (0x67) is field 12 with wire type 7, which no protobuf has.
    records.push({
      value: Buffer.from(`garbage ${i} \u0000\u00ff`),
      headers: { [MESSAGE_NAME_HEADER]: name },
    });
    // Half of the bytes ends inside the length-delimited event field.
    records.push({
      value: bytes.subarray(0, bytes.length >> 1),
      headers: { [MESSAGE_NAME_HEADER]: name },
    });
    records.push({
      value: bytes,
      headers: { [MESSAGE_NAME_HEADER]: 'flyteidl.admin.NoSuchEventRequest' },
    });
    records.push({
      value: Buffer.from(`{"event": {"id": ${i}`),
      headers: {
        ce_specversion: '1.0',
        ce_type: `com.flyte.resource.${name}`,
        ce_id: `bad-${i}`,
        ce_source: 'faults',
        'content-type': 'application/json',
      },
    });
  }
  return records;
}

/** One bad record after every ten good ones. */
function interleave(good: Message[], bad: Message[]): Message[] {
  const mixed: Message[] = [];
  good.forEach((message, index) => {
    mixed.push(message);
    const next = bad[Math.floor(index / 10)];
    if (index % 10 === 9 && next) mixed.push(next);
  });
  return mixed;
}

describe(SCENARIO, () => {
  it('dead-letters exactly the malformed records, with their reasons, and delivers the rest', async () => {
    const startedMs = Date.now();
    const services = inject('services');
    const name = uniqueName('malformed');
    const good = eventsOf(320, 5).slice(0, GOOD);
    expect(good).toHaveLength(GOOD);
    const workflowEvents = good.filter((event) => event.type === 'workflow');
    const bad = malformedRecords(good);
    const kafka = kafkaClient(services.kafkaBrokers);
    const { sns, sqs } = awsClients(services.snsEndpoint);
    const snsDestination = await createSnsTopicWithQueue(sns, sqs, name);
    const subscription = await createPubSubTopicWithSubscription(
      pubsubClient(services.pubsubEmulatorHost, services.pubsubProjectId),
      name,
    );
    await createTopic(kafka, `${name}.source`);
    const config = pipelineConfig({
      name,
      brokers: services.kafkaBrokers,
      sinks: [
        // Only workflow events to SNS, so moto's queue stays short.
        snsSink('sns', snsDestination.topicArn, services.snsEndpoint, { eventTypes: ['workflow'] }),
        pubsubSink('pubsub', name, services.pubsubEmulatorHost, services.pubsubProjectId),
      ],
    });
    const snsCollector = new SnsCollector(sqs, snsDestination.queueUrl);
    const pubsubCollector = new PubSubCollector(subscription);
    const rss = new RssSampler();
    const allIds = idsOf(good);
    const workflowIds = idsOf(workflowEvents);

    const pipeline = await PipelineProcess.start({ name: 'malformed', role: 'run', config });
    try {
      rss.watch(pipeline.pid);
      await produceRaw(kafka, `${name}.source`, interleave(good.map(protobufMessage), bad));
      await waitUntil(
        () =>
          countDelivered(pubsubCollector.received, allIds) >= allIds.size &&
          countDelivered(snsCollector.received, workflowIds) >= workflowIds.size,
        150_000,
      );
      await sleep(2_000);
      const letters = await deadLettersByReason(kafka, `${name}.dlq`, bad.length + 1, 10_000);
      await pipeline.stop();
      await Promise.all([snsCollector.stop(), pubsubCollector.stop()]);
      rss.stop();
      const common = {
        scenario: SCENARIO,
        produced: good.length + bad.length,
        deadLettered: letters.total,
        peakRssMb: rss.peakMb(),
        startedMs,
      };
      const pubsubRow = compare({
        ...common,
        destination: 'pubsub',
        expectedIds: allIds,
        received: pubsubCollector.received,
      });
      const snsRow = compare({
        ...common,
        destination: 'sns (workflow only)',
        expectedIds: workflowIds,
        received: snsCollector.received,
      });
      reportRows([pubsubRow, snsRow]);
      console.log(`dead letters by reason: ${JSON.stringify(letters.reasons)}`);
      expect(letters.total).toBe(bad.length);
      expect(letters.reasons).toEqual({
        invalid_protobuf: 2 * PER_KIND,
        unknown_message_name: PER_KIND,
        invalid_json: PER_KIND,
      });
      expect(letters.stages).toEqual({ ingest: bad.length });
      expect(pubsubRow.lost).toBe(0);
      expect(snsRow.lost).toBe(0);
    } finally {
      await pipeline.stop();
    }
  });
});
