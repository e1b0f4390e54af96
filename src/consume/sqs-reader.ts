import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** One SNS notification as an SQS queue subscribed to the topic holds it. */
export interface SnsNotification {
  readonly subject: string;
  readonly message: string;
  readonly attributes: Record<string, string>;
  readonly groupId: string | undefined;
  readonly deduplicationId: string | undefined;
}

/**
 * Receives and deletes notifications until `want` have arrived or `timeoutMs`
 * passes; returns them in queue order.
 */
export async function readSnsNotifications(
  sqs: SQSClient,
  queueUrl: string,
  want: number,
  timeoutMs: number,
  onProgress?: (received: number) => void,
): Promise<SnsNotification[]> {
  const received: SnsNotification[] = [];
  const deadline = Date.now() + timeoutMs;
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
    for (const message of messages)
      received.push(toNotification(message.Body ?? '{}', message.Attributes ?? {}));
    if (messages.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
      onProgress?.(received.length);
    }
  }
  return received;
}

function toNotification(body: string, system: Record<string, string>): SnsNotification {
  const envelope = JSON.parse(body) as {
    Subject?: string;
    Message?: string;
    MessageAttributes?: Record<string, { Value?: string }>;
  };
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(envelope.MessageAttributes ?? {})) {
    if (value.Value !== undefined) attributes[name] = value.Value;
  }
  return {
    subject: envelope.Subject ?? '',
    message: envelope.Message ?? '',
    attributes,
    groupId: system.MessageGroupId,
    deduplicationId: system.MessageDeduplicationId,
  };
}
