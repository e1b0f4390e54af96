import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Message, Subscription } from '@google-cloud/pubsub';
import { consumeSnsDeliveries } from '../../integration/support/destinations.js';

/** One message a destination handed to its consumer, and when the collector saw it. */
export interface Received {
  readonly eventId: string;
  readonly atMs: number;
  readonly attributes: Record<string, string>;
}

const SNS_POLL_WAIT_MS = 1_500;
const RETRY_AFTER_ERROR_MS = 500;

/**
 * Drains an SQS queue subscribed to the SNS topic for as long as it runs, so the queue stays
 * short (moto slows down as a queue grows) and what was read before a fault is kept. While the
 * server is down, or the queue is gone, it keeps trying.
 */
export class SnsCollector {
  readonly received: Received[] = [];
  private running = true;
  private readonly loop: Promise<void>;
  errors = 0;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {
    this.loop = this.drain();
  }

  private async drain(): Promise<void> {
    while (this.running) {
      try {
        const deliveries = await consumeSnsDeliveries(
          this.sqs,
          this.queueUrl,
          10,
          SNS_POLL_WAIT_MS,
        );
        const atMs = Date.now();
        for (const delivery of deliveries) {
          this.received.push({ eventId: delivery.eventId, atMs, attributes: delivery.attributes });
        }
      } catch {
        this.errors += 1;
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_ERROR_MS));
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** Listens on a Pub/Sub subscription, acknowledging each message; `attach` follows a new one. */
export class PubSubCollector {
  readonly received: Received[] = [];
  private subscription: Subscription | undefined;
  errors = 0;

  constructor(subscription: Subscription) {
    this.attach(subscription);
  }

  private readonly onMessage = (message: Message): void => {
    message.ack();
    const attributes = { ...message.attributes };
    this.received.push({ eventId: attributes.event_id ?? '', atMs: Date.now(), attributes });
  };

  private readonly onError = (): void => {
    this.errors += 1;
  };

  /** Stops listening on the old subscription (its server may be gone) and listens on this one. */
  attach(subscription: Subscription): void {
    void this.detach();
    this.subscription = subscription;
    subscription.on('message', this.onMessage);
    subscription.on('error', this.onError);
  }

  private async detach(): Promise<void> {
    const old = this.subscription;
    if (!old) return;
    this.subscription = undefined;
    old.removeListener('message', this.onMessage);
    await old.close().catch(() => undefined);
    old.removeListener('error', this.onError);
  }

  async stop(): Promise<void> {
    await this.detach();
  }
}

/** Unique event ids seen among `received`, limited to `ids`. */
export function countDelivered(received: readonly Received[], ids: ReadonlySet<string>): number {
  const seen = new Set<string>();
  for (const message of received) if (ids.has(message.eventId)) seen.add(message.eventId);
  return seen.size;
}

/** Like waitFor, but answers false at the deadline, so the comparison can show what is missing. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return true;
}

/** Waits until `received` has not grown for `quietMs`: the destination has nothing more to hand out. */
export async function waitForQuiet(
  received: readonly Received[],
  quietMs: number,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let count = received.length;
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() < deadline) {
    await sleep(100);
    if (received.length !== count) {
      count = received.length;
      since = Date.now();
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
