import { CreateTopicCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export interface TopicWithQueue {
  readonly topicArn: string;
  readonly queueUrl: string;
}

/**
 * A topic with a queue subscribed to it without raw delivery, so that the queue
 * holds SNS's JSON envelope, as FlyteAdmin's consumers receive it.
 */
export async function createTopicWithQueue(
  sns: SNSClient,
  sqs: SQSClient,
  name: string,
  fifo = false,
): Promise<TopicWithQueue> {
  const suffix = fifo ? '.fifo' : '';
  const fifoAttributes = fifo
    ? { FifoTopic: 'true', ContentBasedDeduplication: 'false' }
    : undefined;
  const topic = await sns.send(
    new CreateTopicCommand({ Name: `${name}${suffix}`, Attributes: fifoAttributes }),
  );
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}${suffix}`,
      Attributes: fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'false' } : undefined,
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
      Attributes: { RawMessageDelivery: 'false' },
    }),
  );
  return { topicArn: topic.TopicArn ?? '', queueUrl };
}

/** SNS's JSON envelope, as the body of an SQS message. */
export interface SnsEnvelope {
  readonly Type: string;
  readonly TopicArn: string;
  readonly Subject?: string;
  readonly Message: string;
  readonly MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

export interface QueuedNotification {
  readonly envelope: SnsEnvelope;
  /** The SQS system attributes, which carry a FIFO message's group and deduplication ids. */
  readonly system: Record<string, string>;
}

/** Receives until `want` messages arrived, or until `waitMs` passes with nothing new. */
export async function receiveNotifications(
  sqs: SQSClient,
  queueUrl: string,
  want: number,
  waitMs = 10_000,
): Promise<QueuedNotification[]> {
  const received: QueuedNotification[] = [];
  let deadline = Date.now() + waitMs;
  while (received.length < want && Date.now() < deadline) {
    const answer = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'],
      }),
    );
    const messages = answer.Messages ?? [];
    if (messages.length === 0) continue;
    deadline = Date.now() + waitMs;
    for (const message of messages) {
      received.push({
        envelope: JSON.parse(message.Body ?? '{}') as SnsEnvelope,
        system: message.Attributes ?? {},
      });
    }
    const entries = messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle }));
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
  }
  return received;
}
