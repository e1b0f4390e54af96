import type { Message, PubSub, Subscription } from '@google-cloud/pubsub';

/** Creates a topic and a subscription to it; ordered delivery when `ordering`. */
export async function createTopicWithSubscription(
  pubsub: PubSub,
  name: string,
  ordering = false,
): Promise<Subscription> {
  const [topic] = await pubsub.createTopic(name);
  const [subscription] = await topic.createSubscription(`${name}-sub`, {
    enableMessageOrdering: ordering,
  });
  return subscription;
}

/**
 * Collects messages in delivery order until `want` arrived, then waits
 * `settleMs` more so that a test can see that nothing else comes.
 */
export function receiveMessages(
  subscription: Subscription,
  want: number,
  { timeoutMs = 20_000, settleMs = 0 } = {},
): Promise<Message[]> {
  return new Promise((resolve, reject) => {
    const received: Message[] = [];
    let settling: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timeout);
      clearTimeout(settling);
      subscription.removeListener('message', onMessage);
      subscription.removeListener('error', onError);
      subscription.close().then(() => resolve(received), reject);
    };
    const onMessage = (message: Message) => {
      received.push(message);
      message.ack();
      if (received.length === want) settling = setTimeout(finish, settleMs);
    };
    const onError = (error: Error) => {
      clearTimeout(timeout);
      reject(error);
    };
    const timeout = setTimeout(finish, timeoutMs);
    subscription.on('message', onMessage);
    subscription.on('error', onError);
  });
}
