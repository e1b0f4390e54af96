import { request as httpRequest } from 'node:http';
import type { Subscription } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPubSubTopicWithSubscription,
  createSnsTopicWithQueue,
  type SnsWithQueue,
} from '../../../src/consume/local-destinations.js';
import { decodeRequest } from '../../../src/events/flyte-request.js';
import type { FlyteRequest } from '../../../src/events/flyte-request.js';
import { eventTypeOfMessageName } from '../../../src/events/event-type.js';
import { produceEvents } from '../../../src/produce/produce-to-kafka.js';
import { toHttpRequest, type SourceFormat } from '../../../src/produce/source-formats.js';
import { generateEvents } from '../../../src/produce/synthetic-stream.js';
import {
  consumePubSubDeliveries,
  consumeSnsDeliveries,
  type Delivery,
} from '../support/destinations.js';
import { expectedDeliveries } from '../support/expectations.js';
import {
  connectedProducer,
  localClients,
  startPipeline,
  uniqueName,
  type RunningPipeline,
} from '../support/pipeline.js';

/** The inner event of a delivery, decoded: the same across input formats even where the request id differs. */
function innerEvent(delivery: Delivery): unknown {
  const type = eventTypeOfMessageName(delivery.messageName);
  if (!type) throw new Error(`unexpected subject ${delivery.messageName}`);
  return decodeRequest(type, Buffer.from(delivery.base64, 'base64')).message.event;
}

function byEventId(deliveries: readonly Delivery[]) {
  return Object.fromEntries(
    deliveries.map((delivery) => [
      delivery.eventId,
      { subject: delivery.subject, event: innerEvent(delivery) },
    ]),
  );
}

async function postEvent(port: number, event: FlyteRequest, format: SourceFormat): Promise<number> {
  const { path, headers, body } = toHttpRequest(event, format);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', headers },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const SOURCES: readonly { label: string; format: SourceFormat; via: 'kafka' | 'http' }[] = [
  {
    label: "FlyteAdmin's Kafka cloud-events stream (binary mode, jsonpb data)",
    format: 'cloudevent-v1',
    via: 'kafka',
  },
  {
    label: "FlyteAdmin's version 2 cloud events (rawEvent)",
    format: 'cloudevent-v2',
    via: 'kafka',
  },
  { label: 'structured-mode CloudEvents', format: 'cloudevent-structured', via: 'kafka' },
  { label: 'HTTP ingest of binary protobuf', format: 'protobuf', via: 'http' },
  { label: 'HTTP ingest of binary-mode CloudEvents', format: 'cloudevent-v1', via: 'http' },
  {
    label: 'HTTP ingest of structured-mode CloudEvents',
    format: 'cloudevent-structured',
    via: 'http',
  },
];

describe.each(SOURCES)('$label', ({ format, via }) => {
  const clients = localClients();
  const name = uniqueName(`fmt-${format}-${via}`);
  const events: FlyteRequest[] = [...generateEvents({ executions: 3, seed: 21, failureRate: 0.5 })];
  const protobufResult = byEventId(
    expectedDeliveries(events).map((expected) => ({
      ...expected,
      subject: expected.messageName,
      attributes: {},
    })),
  );
  let pipeline: RunningPipeline;
  let sns: SnsWithQueue;
  let pubsub: Subscription;

  beforeAll(async () => {
    const { services } = clients;
    sns = await createSnsTopicWithQueue(clients.sns, clients.sqs, name);
    pubsub = await createPubSubTopicWithSubscription(clients.pubsub, name);
    pipeline = await startPipeline(
      {
        kafka: { internalTopic: `${name}.internal`, deadLetterTopic: `${name}.dlq` },
        ingest: { sourceTopics: [`${name}.source`], consumerGroup: `${name}-ingest` },
        sinks: [
          {
            name: 'sns',
            type: 'aws',
            topicName: sns.topicArn,
            aws: { region: services.awsRegion, endpoint: services.snsEndpoint },
          },
          {
            name: 'pubsub',
            type: 'gcp',
            topicName: name,
            gcp: { projectId: services.pubsubProjectId, apiEndpoint: services.pubsubEmulatorHost },
          },
        ],
      },
      { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    );
    if (via === 'kafka') {
      const producer = await connectedProducer(clients.kafka);
      await produceEvents({ producer, topic: `${name}.source`, events, format });
      await producer.disconnect();
    } else {
      for (const event of events) {
        expect(await postEvent(pipeline.httpPort ?? 0, event, format)).toBe(202);
      }
    }
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('reaches SNS as the same events raw protobuf gives', async () => {
    const received = await consumeSnsDeliveries(clients.sqs, sns.queueUrl, events.length);
    expect(byEventId(received)).toEqual(protobufResult);
  });

  it('reaches Pub/Sub as the same events raw protobuf gives', async () => {
    const received = await consumePubSubDeliveries(pubsub, events.length);
    expect(byEventId(received)).toEqual(protobufResult);
  });
});
