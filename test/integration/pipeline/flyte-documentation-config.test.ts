import { readFileSync } from 'node:fs';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPubSubTopicWithSubscription } from '../../../src/consume/local-destinations.js';
import { SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { produceEvents } from '../../../src/produce/produce-to-kafka.js';
import { generateEvents } from '../../../src/produce/synthetic-stream.js';
import { consumePubSubDeliveries, consumeSnsDeliveries } from '../support/destinations.js';
import {
  connectedProducer,
  localClients,
  startPipeline,
  uniqueName,
  type RunningPipeline,
} from '../support/pipeline.js';

/**
 * The two configuration blocks of Flyte's documentation run as written; only
 * the environment points them at the local services, the way a user would
 * point them at an emulator.
 */
describe("Flyte's documented cloudEvents blocks run unchanged", () => {
  const clients = localClients();
  const events = [...generateEvents({ executions: 2, seed: 99 })];

  async function runWith(
    file: string,
    env: NodeJS.ProcessEnv,
    source: string,
  ): Promise<RunningPipeline> {
    const block = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const pipeline = await startPipeline(
      {
        ...block,
        kafka: { internalTopic: `${source}.internal`, deadLetterTopic: `${source}.dlq` },
        ingest: { sourceTopics: [source], consumerGroup: `${source}-ingest` },
      },
      env,
    );
    const producer = await connectedProducer(clients.kafka);
    await produceEvents({ producer, topic: source, events, format: 'cloudevent-v1' });
    await producer.disconnect();
    return pipeline;
  }

  describe('the AWS SNS block', () => {
    let pipeline: RunningPipeline;
    let queueUrl: string;

    beforeAll(async () => {
      const topic = await clients.sns.send(new CreateTopicCommand({ Name: '123-my-topic' }));
      expect(topic.TopicArn).toBe('arn:aws:sns:us-east-2:123456:123-my-topic');
      const queue = await clients.sqs.send(
        new CreateQueueCommand({ QueueName: uniqueName('doc-queue') }),
      );
      queueUrl = queue.QueueUrl ?? '';
      const arn = await clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
      );
      await clients.sns.send(
        new SubscribeCommand({
          TopicArn: topic.TopicArn,
          Protocol: 'sqs',
          Endpoint: arn.Attributes?.QueueArn,
        }),
      );
      pipeline = await runWith(
        'examples/flyte-aws-sns.yaml',
        {
          AWS_ENDPOINT_URL_SNS: clients.services.snsEndpoint,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
        },
        uniqueName('doc-aws'),
      );
    });

    afterAll(async () => {
      await pipeline?.stop();
    });

    it('delivers every event to the documented topic ARN', async () => {
      const received = await consumeSnsDeliveries(clients.sqs, queueUrl, events.length);
      expect(received).toHaveLength(events.length);
    });
  });

  describe('the GCP Pub/Sub block', () => {
    let pipeline: RunningPipeline;
    const previousHost = process.env.PUBSUB_EMULATOR_HOST;

    afterAll(async () => {
      await pipeline?.stop();
      if (previousHost === undefined) delete process.env.PUBSUB_EMULATOR_HOST;
      else process.env.PUBSUB_EMULATOR_HOST = previousHost;
    });

    it('delivers every event to the documented topic through PUBSUB_EMULATOR_HOST', async () => {
      // The client library reads the emulator host from the process environment itself.
      process.env.PUBSUB_EMULATOR_HOST = clients.services.pubsubEmulatorHost;
      const subscription = await createPubSubTopicWithSubscription(
        clients.pubsub,
        'my-topic',
      ).catch(async () => clients.pubsub.topic('my-topic').subscription('my-topic-sub'));
      pipeline = await runWith(
        'examples/flyte-gcp-pubsub.yaml',
        { PUBSUB_PROJECT_ID: clients.services.pubsubProjectId },
        uniqueName('doc-gcp'),
      );
      const received = await consumePubSubDeliveries(subscription, events.length);
      expect(received).toHaveLength(events.length);
    });
  });
});
