import type { Message, Subscription } from '@google-cloud/pubsub';

export interface ReceivedPubSubMessage {
  readonly data: Buffer;
  readonly attributes: Record<string, string>;
  readonly orderingKey: string | undefined;
}

/**
 * Listens on a subscription until `want` messages arrived or `timeoutMs`
 * passes, acknowledging each; returns them in the order received.
 */
export function readPubSubMessages(
  subscription: Subscription,
  want: number,
  timeoutMs: number,
  onProgress?: (received: number) => void,
): Promise<ReceivedPubSubMessage[]> {
  return new Promise((resolve, reject) => {
    const received: ReceivedPubSubMessage[] = [];
    const finish = () => {
      clearTimeout(timer);
      subscription.removeListener('message', onMessage);
      subscription.removeListener('error', onError);
      subscription.close().then(
        () => resolve(received),
        () => resolve(received),
      );
    };
    const onMessage = (message: Message) => {
      message.ack();
      received.push({
        data: message.data,
        attributes: { ...message.attributes },
        orderingKey: message.orderingKey || undefined,
      });
      onProgress?.(received.length);
      if (received.length >= want) finish();
    };
    const onError = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    const timer = setTimeout(finish, timeoutMs);
    subscription.on('message', onMessage);
    subscription.on('error', onError);
  });
}
