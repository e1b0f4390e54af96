import { CreateTopicCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PubSub, Subscription } from '@google-cloud/pubsub';

/** An SNS topic with an SQS queue subscribed to it, as a consumer of the events would set it up. */
export interface SnsWithQueue {
  readonly topicArn: string;
  readonly queueUrl: string;
}

export async function createSnsTopicWithQueue(
  sns: SNSClient,
  sqs: SQSClient,
  name: string,
  options: { fifo?: boolean } = {},
): Promise<SnsWithQueue> {
  const fifo = options.fifo ?? false;
  const suffix = fifo ? '.fifo' : '';
  const fifoAttributes: Record<string, string> = fifo ? { FifoTopic: 'true' } : {};
  const topic = await sns.send(
    new CreateTopicCommand({ Name: `${name}${suffix}`, Attributes: fifoAttributes }),
  );
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}-queue${suffix}`,
      Attributes: fifo ? { FifoQueue: 'true' } : {},
    }),
  );
  const queueUrl = queue.QueueUrl ?? '';
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  await sns.send(
    new SubscribeCommand({
      TopicArn: topic.TopicArn,
      Protocol: 'sqs',
      Endpoint: attributes.Attributes?.QueueArn,
    }),
  );
  return { topicArn: topic.TopicArn ?? '', queueUrl };
}

/** A Pub/Sub topic with one subscription; ordering on the subscription when asked for. */
export async function createPubSubTopicWithSubscription(
  pubsub: PubSub,
  name: string,
  options: { ordering?: boolean } = {},
): Promise<Subscription> {
  const [topic] = await pubsub.createTopic(name);
  const [subscription] = await topic.createSubscription(`${name}-sub`, {
    enableMessageOrdering: options.ordering ?? false,
    ackDeadlineSeconds: 60,
  });
  return subscription;
}
