import { randomUUID } from 'node:crypto';
import {
  CreateTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { PubSub } from '@google-cloud/pubsub';
import type { Message } from '@google-cloud/pubsub';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaMessage } from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';

import './setup/provided.js';

const services = inject('services');
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const runId = randomUUID().slice(0, 8);

describe('local Kafka broker', () => {
  const kafka = new Kafka({
    clientId: 'devstack-test',
    brokers: services.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `devstack-${runId}` });

  afterAll(async () => {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
  });

  it(`creates a topic, produces idempotently with acks=-1 and consumes in a group (${services.kafkaVersion})`, async () => {
    const topic = `devstack-${runId}`;
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });

    await producer.connect();
    const [sent] = await producer.send({
      topic,
      acks: -1,
      messages: [{ key: 'execution-1', value: 'hello from kafkajs' }],
    });

    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<KafkaMessage>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ message, partition }) => {
          const next = (BigInt(message.offset) + 1n).toString();
          await consumer.commitOffsets([{ topic, partition, offset: next }]);
          resolve(message);
        },
      });
    });
    await consumer.stop();

    expect(received.value?.toString()).toBe('hello from kafkajs');
    const committed = await admin.fetchOffsets({ groupId: `devstack-${runId}`, topics: [topic] });
    const partition = committed[0]?.partitions.find((p) => p.partition === sent?.partition);
    expect(partition?.offset).toBe('1');
  });
});

describe('local SNS and SQS (moto)', () => {
  const sns = new SNSClient({
    endpoint: services.snsEndpoint,
    region: services.awsRegion,
    credentials,
  });
  const sqs = new SQSClient({
    endpoint: services.snsEndpoint,
    region: services.awsRegion,
    credentials,
  });

  it('gives the topic of Flyte documentation example its documented ARN', async () => {
    const created = await sns.send(new CreateTopicCommand({ Name: '123-my-topic' }));
    expect(created.TopicArn).toBe('arn:aws:sns:us-east-2:123456:123-my-topic');
  });

  it('delivers a published SNS message to a subscribed SQS queue', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `devstack-${runId}` }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `devstack-${runId}` }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.['QueueArn'] }),
    );

    await sns.send(new PublishCommand({ TopicArn, Message: 'aGVsbG8=', Subject: 'devstack' }));
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5, MaxNumberOfMessages: 1 }),
    );

    const envelope = JSON.parse(Messages?.[0]?.Body ?? '{}') as Record<string, unknown>;
    expect(envelope['Message']).toBe('aGVsbG8=');
    expect(envelope['Subject']).toBe('devstack');
    expect(envelope['TopicArn']).toBe(TopicArn);
  });
});

describe('local Pub/Sub emulator', () => {
  const pubsub = new PubSub({
    projectId: services.pubsubProjectId,
    apiEndpoint: services.pubsubEmulatorHost,
    emulatorMode: true,
  });

  afterAll(async () => {
    await pubsub.close();
  });

  it('delivers a published message to a subscription', async () => {
    const [topic] = await pubsub.createTopic(`devstack-${runId}`);
    const [subscription] = await topic.createSubscription(`devstack-${runId}`);

    const received = new Promise<Message>((resolve) => {
      subscription.once('message', (message: Message) => {
        message.ack();
        resolve(message);
      });
    });
    await topic.publishMessage({ data: Buffer.from('hello pubsub'), attributes: { key: 'k' } });
    const message = await received;
    await subscription.close();

    expect(message.data.toString()).toBe('hello pubsub');
    expect(message.attributes['key']).toBe('k');
  });
});
