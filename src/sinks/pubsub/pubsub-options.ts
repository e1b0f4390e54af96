import { PubSub, type BatchPublishOptions, type PublishOptions } from '@google-cloud/pubsub';

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

const TOPIC_PATH = /^projects\/([^/]+)\/topics\/[^/]+$/;

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
