import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Subscription } from '@google-cloud/pubsub';
import { readPubSubMessages } from '../../../src/consume/pubsub-reader.js';
import { readSnsNotifications } from '../../../src/consume/sqs-reader.js';
import { eventTypeOfMessageName } from '../../../src/events/event-type.js';
import { decodeRequest, executionKeyOf } from '../../../src/events/flyte-request.js';

/** One delivered message, with its payload decoded back to check it. */
export interface Delivery {
  readonly messageName: string;
  readonly subject: string;
  readonly type: string;
  readonly eventId: string;
  readonly executionKey: string;
  readonly base64: string;
  readonly attributes: Record<string, string>;
  readonly groupId?: string | undefined;
  readonly deduplicationId?: string | undefined;
  readonly orderingKey?: string | undefined;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export async function consumeSnsDeliveries(
  sqs: SQSClient,
  queueUrl: string,
  want: number,
  timeoutMs = DEFAULT_TIMEOUT_MS,
) {
  const notifications = await readSnsNotifications(sqs, queueUrl, want, timeoutMs);
  return notifications.map((notification): Delivery => {
    const bytes = Buffer.from(notification.message, 'base64');
    return {
      messageName: notification.subject,
      subject: notification.subject,
      type: notification.attributes.event_type ?? '',
      eventId: notification.attributes.event_id ?? '',
      executionKey: keyOf(notification.subject, bytes),
      base64: bytes.toString('base64'),
      attributes: notification.attributes,
      groupId: notification.groupId,
      deduplicationId: notification.deduplicationId,
    };
  });
}

export async function consumePubSubDeliveries(
  subscription: Subscription,
  want: number,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  encoding: 'base64' | 'binary' = 'base64',
) {
  const messages = await readPubSubMessages(subscription, want, timeoutMs);
  return messages.map((message): Delivery => {
    const name = message.attributes.key ?? '';
    const bytes =
      encoding === 'base64' ? Buffer.from(message.data.toString('latin1'), 'base64') : message.data;
    return {
      messageName: name,
      subject: message.attributes.subject ?? '',
      type: message.attributes.event_type ?? '',
      eventId: message.attributes.event_id ?? '',
      executionKey: keyOf(name, bytes),
      base64: bytes.toString('base64'),
      attributes: message.attributes,
      orderingKey: message.orderingKey,
    };
  });
}

function keyOf(messageName: string, bytes: Buffer): string {
  const type = eventTypeOfMessageName(messageName);
  return type ? (executionKeyOf(decodeRequest(type, bytes)) ?? '') : '';
}
