import { SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import { EgressError, ErrorCode } from '../../errors.js';
import { SNS_MAX_REQUEST_BYTES } from './sns-entry.js';

export interface SnsPublisherOptions {
  readonly topicArn: string;
  readonly region: string;
  /** Endpoint override for a local server; AWS_ENDPOINT_URL_SNS works too, through the SDK. */
  readonly endpoint?: string;
  /** Defaults to whether the topic ARN ends with ".fifo". */
  readonly fifo?: boolean;
  /** Bytes per PublishBatch request, at most (and by default) 262,144. */
  readonly maxBatchBytes?: number;
  /** Explicit credentials, for local servers; without them the SDK's default chain applies. */
  readonly credentials?: SNSClientConfig['credentials'];
}

export interface ResolvedSnsOptions {
  readonly topicArn: string;
  readonly fifo: boolean;
  readonly maxBatchBytes: number;
}

export function resolveSnsOptions(options: SnsPublisherOptions): ResolvedSnsOptions {
  const maxBatchBytes = options.maxBatchBytes ?? SNS_MAX_REQUEST_BYTES;
  if (
    !Number.isInteger(maxBatchBytes) ||
    maxBatchBytes <= 0 ||
    maxBatchBytes > SNS_MAX_REQUEST_BYTES
  ) {
    throw new EgressError(
      ErrorCode.config,
      `sns maxBatchBytes must be a whole number from 1 to ${SNS_MAX_REQUEST_BYTES}, got ${maxBatchBytes}`,
    );
  }
  return {
    topicArn: options.topicArn,
    fifo: options.fifo ?? options.topicArn.endsWith('.fifo'),
    maxBatchBytes,
  };
}

export function createSnsClient(options: SnsPublisherOptions): SNSClient {
  return new SNSClient({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    // One attempt per request: the sink retries with its own backoff, counts every
    // failure in its metrics and keeps FIFO order across attempts, none of which
    // the SDK's silent retries inside one call could do.
    maxAttempts: 1,
  });
}
