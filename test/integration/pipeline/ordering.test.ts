import type { Subscription } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPubSubTopicWithSubscription,
  createSnsTopicWithQueue,
  type SnsWithQueue,
} from '../../../src/consume/local-destinations.js';
import type { FlyteRequest } from '../../../src/events/flyte-request.js';
import { produceEvents } from '../../../src/produce/produce-to-kafka.js';
import { generateEvents } from '../../../src/produce/synthetic-stream.js';
import { consumePubSubDeliveries, consumeSnsDeliveries } from '../support/destinations.js';
import { expectedDeliveries, orderPerExecution } from '../support/expectations.js';
import {
  connectedProducer,
  localClients,
  startPipeline,
  uniqueName,
  type RunningPipeline,
} from '../support/pipeline.js';

describe('events of one execution arrive in order', () => {
  const clients = localClients();
  const name = uniqueName('order');
  // Many executions interleaved, so that several share a partition and batches mix them.
  const events: FlyteRequest[] = [
    ...generateEvents({ executions: 12, seed: 5, interleave: 6, failureRate: 0.4 }),
  ];
  let pipeline: RunningPipeline;
  let fifo: SnsWithQueue;
  let ordered: Subscription;

  beforeAll(async () => {
    const { services } = clients;
    fifo = await createSnsTopicWithQueue(clients.sns, clients.sqs, name, { fifo: true });
    ordered = await createPubSubTopicWithSubscription(clients.pubsub, name, { ordering: true });
    pipeline = await startPipeline(
      {
        kafka: { internalTopic: `${name}.internal`, deadLetterTopic: `${name}.dlq` },
        ingest: { sourceTopics: [`${name}.source`], consumerGroup: `${name}-ingest` },
        sinks: [
          {
            name: 'sns-fifo',
            type: 'aws',
            topicName: fifo.topicArn,
            aws: { region: services.awsRegion, endpoint: services.snsEndpoint },
          },
          {
            name: 'pubsub-ordered',
            type: 'gcp',
            topicName: name,
            ordering: true,
            gcp: { projectId: services.pubsubProjectId, apiEndpoint: services.pubsubEmulatorHost },
          },
        ],
      },
      { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    );
    const producer = await connectedProducer(clients.kafka);
    await produceEvents({
      producer,
      topic: `${name}.source`,
      events,
      format: 'protobuf',
      batchSize: 7,
    });
    await producer.disconnect();
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('through an SNS FIFO topic into a FIFO queue, grouped by execution and deduplicated by event id', async () => {
    const expected = expectedDeliveries(events);
    const received = await consumeSnsDeliveries(clients.sqs, fifo.queueUrl, expected.length);
    expect(received).toHaveLength(expected.length);
    expect(orderPerExecution(received)).toEqual(orderPerExecution(expected));
    expect(
      received.every((d) => d.groupId === d.executionKey && d.deduplicationId === d.eventId),
    ).toBe(true);
  });

  it('through Pub/Sub with the execution as ordering key', async () => {
    const expected = expectedDeliveries(events);
    const received = await consumePubSubDeliveries(ordered, expected.length);
    expect(received).toHaveLength(expected.length);
    expect(orderPerExecution(received)).toEqual(orderPerExecution(expected));
    expect(received.every((d) => d.orderingKey === d.executionKey)).toBe(true);
  });
});
