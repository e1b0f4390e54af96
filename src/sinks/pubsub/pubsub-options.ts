import { PubSub, type BatchPublishOptions, type PublishOptions } from '@google-cloud/pubsub';
import { EgressError, ErrorCode } from '../../errors.js';

export const PayloadEncoding = {
  base64: 'base64',
  binary: 'binary',
} as const;
export type PayloadEncoding = (typeof PayloadEncoding)[keyof typeof PayloadEncoding];

export interface PubSubPublisherOptions {
  /** A bare topic name, or its full path `projects/P/topics/T`. */
  readonly topicName: string;
  /** Defaults to PUBSUB_PROJECT_ID, then GOOGLE_CLOUD_PROJECT, then the client's own detection. */
  readonly projectId?: string;
  /** Host and port of an emulator or a regional endpoint; PUBSUB_EMULATOR_HOST works too. */
  readonly apiEndpoint?: string;
  /** base64 text of the request bytes (the default), or the bytes themselves. */
  readonly payloadEncoding?: PayloadEncoding;
  /** Publish with the execution identity as ordering key. */
  readonly ordering: boolean;
  readonly batching?: BatchPublishOptions;
}

const TOPIC_PATH = /^projects\/([^/]+)\/topics\/([^/]+)$/;
// Pub/Sub's rule for a topic id: a letter, then 2 to 254 of these characters.
const TOPIC_ID = /^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/;

/**
 * Fails at start on a topic name Pub/Sub would refuse, since the refusal
 * (INVALID_ARGUMENT) would otherwise read as every event being invalid.
 */
export function checkTopicName(topicName: string): void {
  const topicId = topicName.startsWith('projects/') ? TOPIC_PATH.exec(topicName)?.[2] : topicName;
  if (topicId !== undefined && TOPIC_ID.test(topicId) && !topicId.startsWith('goog')) return;
  throw new EgressError(
    ErrorCode.config,
    `pubsub topicName "${topicName}" is not a topic id (a letter, then 2 to 254 letters, ` +
      'digits or "-_.~+%", not starting with "goog") nor projects/PROJECT/topics/TOPIC_ID',
  );
}

/** The project the client works in, when configuration or the topic path tell it. */
export function resolveProjectId(
  options: Pick<PubSubPublisherOptions, 'projectId' | 'topicName'>,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return (
    options.projectId ||
    env.PUBSUB_PROJECT_ID ||
    env.GOOGLE_CLOUD_PROJECT ||
    TOPIC_PATH.exec(options.topicName)?.[1] ||
    undefined
  );
}

export function createPubSubClient(options: PubSubPublisherOptions): PubSub {
  const projectId = resolveProjectId(options);
  return new PubSub({
    ...(projectId === undefined ? {} : { projectId }),
    ...(options.apiEndpoint === undefined ? {} : { apiEndpoint: options.apiEndpoint }),
  });
}

/**
 * Publish settings for the topic. One attempt per batch: the sink retries with
 * its own backoff and counts every failure in its metrics, where the client's
 * retries would hold a batch for up to a minute without a trace. (The client
 * counts its first call as a retry, hence 1; an error it would have retried
 * then surfaces as DEADLINE_EXCEEDED, which is retried by the sink.)
 */
export function publishSettings(
  options: Pick<PubSubPublisherOptions, 'ordering' | 'batching'>,
): PublishOptions {
  return {
    messageOrdering: options.ordering,
    gaxOpts: { maxRetries: 1 },
    ...(options.batching === undefined ? {} : { batching: options.batching }),
  };
}
