import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeSnsDeliveries, consumePubSubDeliveries } from '../support/destinations.js';
import { expectedDeliveries, sortedBy } from '../support/expectations.js';
import {
  connectedProducer,
  localClients,
  startPipeline,
  uniqueName,
  type RunningPipeline,
} from '../support/pipeline.js';
import {
  createPubSubTopicWithSubscription,
  createSnsTopicWithQueue,
} from '../../../src/consume/local-destinations.js';
import { generateEvents } from '../../../src/produce/synthetic-stream.js';
import { produceEvents } from '../../../src/produce/produce-to-kafka.js';
import type { FlyteRequest } from '../../../src/events/flyte-request.js';
import type { SnsWithQueue } from '../../../src/consume/local-destinations.js';
import type { Subscription } from '@google-cloud/pubsub';

describe('the pipeline delivers protobuf source records', () => {
  const clients = localClients();
  const name = uniqueName('delivery');
  const events: FlyteRequest[] = [...generateEvents({ executions: 6, seed: 11, failureRate: 0.3 })];
  let pipeline: RunningPipeline;
  let snsAll: SnsWithQueue;
  let snsTask: SnsWithQueue;
  let pubsubAll: Subscription;
  let pubsubWorkflowBinary: Subscription;

  beforeAll(async () => {
    snsAll = await createSnsTopicWithQueue(clients.sns, clients.sqs, `${name}-all`);
    snsTask = await createSnsTopicWithQueue(clients.sns, clients.sqs, `${name}-task`);
    pubsubAll = await createPubSubTopicWithSubscription(clients.pubsub, `${name}-all`);
    pubsubWorkflowBinary = await createPubSubTopicWithSubscription(clients.pubsub, `${name}-wf`);
    const { services } = clients;
    pipeline = await startPipeline(
      {
        kafka: { internalTopic: `${name}.internal`, deadLetterTopic: `${name}.dlq` },
        ingest: { sourceTopics: [`${name}.source`], consumerGroup: `${name}-ingest` },
        sinks: [
          {
            name: 'sns-all',
            type: 'aws',
            topicName: snsAll.topicArn,
            eventTypes: ['all'],
            aws: { region: services.awsRegion, endpoint: services.snsEndpoint },
          },
          {
            name: 'sns-task',
            type: 'aws',
            topicName: snsTask.topicArn,
            eventTypes: ['task'],
            aws: { region: services.awsRegion, endpoint: services.snsEndpoint },
          },
          {
            name: 'pubsub-all',
            type: 'gcp',
            topicName: `${name}-all`,
            eventTypes: ['*'],
            gcp: { projectId: services.pubsubProjectId, apiEndpoint: services.pubsubEmulatorHost },
          },
          {
            name: 'pubsub-workflow',
            type: 'gcp',
            topicName: `${name}-wf`,
            eventTypes: ['workflow'],
            payloadEncoding: 'binary',
            gcp: { projectId: services.pubsubProjectId, apiEndpoint: services.pubsubEmulatorHost },
          },
        ],
      },
      { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    );
    const producer = await connectedProducer(clients.kafka);
    await produceEvents({ producer, topic: `${name}.source`, events, format: 'protobuf' });
    await producer.disconnect();
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('to SNS with the message name as subject and the exact request bytes, base64, as message', async () => {
    const expected = expectedDeliveries(events);
    const received = await consumeSnsDeliveries(clients.sqs, snsAll.queueUrl, expected.length);
    expect(received.every((delivery) => delivery.subject === delivery.messageName)).toBe(true);
    expect(
      sortedBy(
        received.map(({ eventId, messageName, base64 }) => ({ eventId, messageName, base64 })),
        (d) => d.eventId,
      ),
    ).toEqual(
      sortedBy(
        expected.map(({ eventId, messageName, base64 }) => ({ eventId, messageName, base64 })),
        (d) => d.eventId,
      ),
    );
  });

  it('to an SNS sink filtered to task events, and nothing else', async () => {
    const expected = expectedDeliveries(events, new Set(['task']));
    const received = await consumeSnsDeliveries(
      clients.sqs,
      snsTask.queueUrl,
      expected.length + 1,
      8_000,
    );
    expect(received.map((d) => d.eventId).sort()).toEqual(expected.map((d) => d.eventId).sort());
    expect(new Set(received.map((d) => d.subject))).toEqual(
      new Set(['flyteidl.admin.TaskExecutionEventRequest']),
    );
  });

  it('to Pub/Sub with key and subject attributes and base64 data of the exact bytes', async () => {
    const expected = expectedDeliveries(events);
    const received = await consumePubSubDeliveries(pubsubAll, expected.length);
    expect(
      received.every(
        (d) => d.attributes.key === d.messageName && d.attributes.subject === d.messageName,
      ),
    ).toBe(true);
    expect(received.every((d) => d.attributes.event_type === d.type)).toBe(true);
    expect(
      sortedBy(
        received.map(({ eventId, base64 }) => ({ eventId, base64 })),
        (d) => d.eventId,
      ),
    ).toEqual(
      sortedBy(
        expected.map(({ eventId, base64 }) => ({ eventId, base64 })),
        (d) => d.eventId,
      ),
    );
  });

  it('to a Pub/Sub sink filtered to workflow events, as raw bytes when asked', async () => {
    const expected = expectedDeliveries(events, new Set(['workflow']));
    const received = await consumePubSubDeliveries(
      pubsubWorkflowBinary,
      expected.length + 1,
      8_000,
      'binary',
    );
    expect(
      sortedBy(
        received.map(({ eventId, base64 }) => ({ eventId, base64 })),
        (d) => d.eventId,
      ),
    ).toEqual(
      sortedBy(
        expected.map(({ eventId, base64 }) => ({ eventId, base64 })),
        (d) => d.eventId,
      ),
    );
  });
});
