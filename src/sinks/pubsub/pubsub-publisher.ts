import type { PubSub, Topic } from '@google-cloud/pubsub';
import type { Logger } from 'pino';
import type { EgressEvent } from '../../events/internal-record.js';
import type { Publisher, PublishOutcome } from '../publisher.js';
import {
  destinationMisconfigured,
  DestinationFailure,
  rejectOutcome,
} from '../retry-classification.js';
import { attemptOfFailure, retryRefusedAlone, type Attempt } from './pubsub-attempt.js';
import {
  buildPubSubMessage,
  PUBSUB_MAX_MESSAGE_BYTES,
  pubsubMessageBytes,
  type PubSubMessage,
} from './pubsub-message.js';
import {
  checkTopicName,
  createPubSubClient,
  publishSettings,
  type PayloadEncoding,
  type PubSubPublisherOptions,
} from './pubsub-options.js';

const PUBLISHED: PublishOutcome = { kind: 'published' };

/**
 * Publishes events to one Pub/Sub topic through the client's batching, in
 * FlyteAdmin's message format.
 *
 * A publish with an ordering key that fails pauses the key in the client. The
 * key stays paused until this publisher is next asked to publish an event with
 * it, which is how the caller's retry of the failed events reaches it, and is
 * resumed then. (The 5.x client also drops the pause by itself once the failed
 * batch has settled; resuming keeps to the documented contract either way.)
 */
export class PubSubPublisher implements Publisher {
  readonly maxEventBytes = PUBSUB_MAX_MESSAGE_BYTES;
  private readonly pubsub: PubSub;
  private readonly topic: Topic;
  // Batches of one, to find out which message of a refused batch is at fault.
  private readonly soloTopic: Topic;
  private readonly encoding: PayloadEncoding;
  private readonly ordering: boolean;
  private readonly pausedKeys = new Set<string>();
  private readonly logger: Logger;
  private clientReady: Promise<void> | undefined;

  constructor(options: PubSubPublisherOptions, logger: Logger) {
    checkTopicName(options.topicName);
    this.encoding = options.payloadEncoding ?? 'base64';
    this.ordering = options.ordering;
    this.pubsub = createPubSubClient(options);
    this.topic = this.pubsub.topic(options.topicName, publishSettings(options));
    this.soloTopic = this.pubsub.topic(
      options.topicName,
      publishSettings({ ordering: options.ordering, batching: { maxMessages: 1 } }),
    );
    this.logger = logger.child({ destination: 'pubsub', topic: options.topicName });
  }

  /** Bytes the event's message counts toward Pub/Sub's limit; compare with `maxEventBytes`. */
  messageBytes(event: EgressEvent): number {
    return pubsubMessageBytes(event, this.encoding, this.ordering);
  }

  async publish(events: readonly EgressEvent[]): Promise<PublishOutcome[]> {
    await this.ensureClientReady();
    this.resumeKeysOf(events);
    const batched = await Promise.all(events.map((event) => this.attempt(this.topic, event)));
    this.throwIfMisconfigured(batched);
    const publishAlone = (event: EgressEvent) => this.attempt(this.soloTopic, event);
    const attempts = await retryRefusedAlone(events, batched, publishAlone, this.ordering);
    const outcomes = this.throwIfMisconfigured(attempts);
    this.logFailures(outcomes);
    return outcomes;
  }

  async close(): Promise<void> {
    await Promise.all([this.topic.flush(), this.soloTopic.flush()]);
    await this.pubsub.close();
  }

  /** Resolves the project id once, so that a failure to find one reads as misconfiguration. */
  private ensureClientReady(): Promise<void> {
    this.clientReady ??= this.pubsub.getClientConfig().then(
      () => undefined,
      (error: unknown) => {
        this.clientReady = undefined;
        throw this.misconfigured(error);
      },
    );
    return this.clientReady;
  }

  private resumeKeysOf(events: readonly EgressEvent[]): void {
    for (const event of events) {
      if (this.pausedKeys.delete(event.executionKey)) {
        this.topic.resumePublishing(event.executionKey);
      }
    }
  }

  private async attempt(topic: Topic, event: EgressEvent): Promise<Attempt> {
    const bytes = this.messageBytes(event);
    if (bytes > this.maxEventBytes) return rejectOutcome('too_large', tooLarge(bytes));
    try {
      await publishMessage(topic, buildPubSubMessage(event, this.encoding, this.ordering));
      return PUBLISHED;
    } catch (error) {
      this.noteFailedKey(topic, event.executionKey);
      return attemptOfFailure(error);
    }
  }

  /**
   * The client pauses an ordering key whose publish failed. On the batching
   * topic the key stays paused until the next publish that has it; the solo
   * topic resumes at once, since its caller holds the key's later events back.
   */
  private noteFailedKey(topic: Topic, key: string): void {
    if (!this.ordering) return;
    if (topic === this.soloTopic) topic.resumePublishing(key);
    else this.pausedKeys.add(key);
  }

  private throwIfMisconfigured(attempts: readonly Attempt[]): PublishOutcome[] {
    return attempts.map((attempt) => {
      if (attempt.kind === 'misconfigured') throw this.misconfigured(attempt.error);
      return attempt;
    });
  }

  private logFailures(outcomes: readonly PublishOutcome[]): void {
    const failed = outcomes.filter((outcome) => outcome.kind !== 'published');
    if (failed.length === 0) return;
    const codes = [...new Set(failed.map((outcome) => codeOf(outcome)))];
    this.logger.warn(
      { messages: outcomes.length, failed: failed.length, codes },
      'pubsub publish failed',
    );
  }

  private misconfigured(cause: unknown) {
    return destinationMisconfigured(`Pub/Sub topic ${this.topic.name}`, cause);
  }
}

/** Turns a synchronous throw of the client (a malformed message) into a rejection. */
async function publishMessage(topic: Topic, message: PubSubMessage): Promise<string> {
  return topic.publishMessage(message);
}

function codeOf(outcome: PublishOutcome): string {
  if (outcome.kind === 'published') return 'published';
  const code = (outcome.error as { code?: unknown }).code;
  return code === undefined ? outcome.error.name : String(code);
}

function tooLarge(bytes: number): DestinationFailure {
  return new DestinationFailure(
    'TooLarge',
    `message counts ${bytes} bytes, more than the ${PUBSUB_MAX_MESSAGE_BYTES} Pub/Sub accepts`,
  );
}
