import type { EventType } from '../events/event-type.js';
import { ConfigError } from './config-error.js';
import { eventTypeSet } from './event-type-filter.js';
import type { AwsSinkConfig, GcpSinkConfig } from './schema.js';

/** SNS PublishBatch takes at most ten entries and 256 KiB a request. */
export const SNS_MAX_BATCH_COUNT = 10;
export const SNS_MAX_BATCH_BYTES = 256 * 1024;
const PUBSUB_DEFAULT_BATCH_COUNT = 100;
const PUBSUB_DEFAULT_BATCH_BYTES = 1024 * 1024;

export interface SinkBatching {
  readonly maxCount: number;
  readonly maxBytes: number;
  readonly lingerMs: number;
}

interface ResolvedCommon {
  readonly name: string;
  readonly wants: ReadonlySet<EventType>;
  readonly topicName: string;
  readonly consumerGroup: string;
  readonly batch: SinkBatching;
  readonly retry: { readonly initialBackoffMs: number; readonly maxBackoffMs: number };
  readonly oversize: 'dead-letter' | 'strip-inline-data';
  readonly partitionsInParallel: number;
  readonly maxFetchBytes: number;
}

export interface ResolvedAwsSink extends ResolvedCommon {
  readonly type: 'aws';
  readonly region: string;
  readonly endpoint: string | undefined;
  readonly fifo: boolean;
}

export interface ResolvedGcpSink extends ResolvedCommon {
  readonly type: 'gcp';
  readonly projectId: string | undefined;
  readonly apiEndpoint: string | undefined;
  readonly payloadEncoding: 'base64' | 'binary';
  readonly ordering: boolean;
}

export type ResolvedSink = ResolvedAwsSink | ResolvedGcpSink;

export function resolveSink(
  sink: AwsSinkConfig | GcpSinkConfig,
  env: NodeJS.ProcessEnv,
): ResolvedSink {
  const common = {
    name: sink.name,
    wants: eventTypeSet(sink.eventTypes),
    topicName: sink.topicName,
    consumerGroup: sink.consumerGroup ?? `flyte-egress-sink-${sink.name}`,
    retry: sink.retry,
    oversize: sink.oversize,
    partitionsInParallel: sink.partitionsInParallel,
    maxFetchBytes: sink.maxFetchBytes,
  };
  if (sink.type === 'aws') {
    const region = sink.aws?.region ?? env.AWS_REGION ?? regionOfArn(sink.topicName);
    if (!region) {
      throw new ConfigError([
        { path: `sinks.${sink.name}.aws.region`, message: 'expected an AWS region' },
      ]);
    }
    return {
      ...common,
      type: 'aws',
      batch: clampBatch(sink.batch, SNS_MAX_BATCH_COUNT, SNS_MAX_BATCH_BYTES, sink.name),
      region,
      endpoint: sink.aws?.endpoint ?? env.AWS_ENDPOINT_URL_SNS ?? env.AWS_ENDPOINT_URL,
      fifo: sink.fifo ?? sink.topicName.endsWith('.fifo'),
    };
  }
  return {
    ...common,
    type: 'gcp',
    batch: {
      maxCount: sink.batch.maxCount ?? PUBSUB_DEFAULT_BATCH_COUNT,
      maxBytes: sink.batch.maxBytes ?? PUBSUB_DEFAULT_BATCH_BYTES,
      lingerMs: sink.batch.lingerMs,
    },
    projectId: sink.gcp.projectId ?? env.PUBSUB_PROJECT_ID ?? env.GOOGLE_CLOUD_PROJECT,
    apiEndpoint: sink.gcp.apiEndpoint,
    payloadEncoding: sink.payloadEncoding,
    ordering: sink.ordering,
  };
}

function clampBatch(
  batch: { maxCount?: number | undefined; maxBytes?: number | undefined; lingerMs: number },
  maxCount: number,
  maxBytes: number,
  sinkName: string,
): SinkBatching {
  if ((batch.maxCount ?? 0) > maxCount || (batch.maxBytes ?? 0) > maxBytes) {
    throw new ConfigError([
      {
        path: `sinks.${sinkName}.batch`,
        message: `expected maxCount <= ${maxCount} and maxBytes <= ${maxBytes}, the SNS PublishBatch limits`,
      },
    ]);
  }
  return {
    maxCount: batch.maxCount ?? maxCount,
    maxBytes: batch.maxBytes ?? maxBytes,
    lingerMs: batch.lingerMs,
  };
}

function regionOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts[0] === 'arn' && parts.length >= 6 ? parts[3] : undefined;
}
