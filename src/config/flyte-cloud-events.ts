import type { FlyteCloudEventsConfig, SinkConfig } from './schema.js';
import { ConfigError } from './config-error.js';

/** Name of the sink that FlyteAdmin's `cloudEvents:` block turns into. */
export const FLYTE_BLOCK_SINK_NAME = 'cloud-events';

/**
 * Turns FlyteAdmin's `cloudEvents:` (or the older `externalEvents:`) block into
 * one sink, so a FlyteAdmin configuration can be pointed at this service as is.
 */
export function sinkFromFlyteBlock(
  block: FlyteCloudEventsConfig,
  blockKey: 'cloudEvents' | 'externalEvents',
): SinkConfig | undefined {
  if (!block.enable) return undefined;
  const publisher = block.eventsPublisher;
  if (!publisher) {
    throw new ConfigError([
      { path: `${blockKey}.eventsPublisher`, message: 'expected topicName and eventTypes' },
    ]);
  }
  const common = {
    name: blockKey === 'cloudEvents' ? FLYTE_BLOCK_SINK_NAME : 'external-events',
    eventTypes: publisher.eventTypes,
    topicName: publisher.topicName,
    batch: { lingerMs: 20 },
    retry: { initialBackoffMs: 200, maxBackoffMs: 30_000 },
    oversize: 'dead-letter' as const,
    partitionsInParallel: 4,
    maxFetchBytes: 4 * 1024 * 1024,
  };
  switch (block.type) {
    case 'aws':
      if (!block.aws?.region) {
        throw new ConfigError([
          { path: `${blockKey}.aws.region`, message: 'expected an AWS region such as us-east-2' },
        ]);
      }
      return { ...common, type: 'aws', aws: { region: block.aws.region } };
    case 'gcp':
      return {
        ...common,
        type: 'gcp',
        gcp: { projectId: block.gcp?.projectId, region: block.gcp?.region },
        payloadEncoding: 'base64',
        ordering: false,
      };
    case undefined:
      throw new ConfigError([{ path: `${blockKey}.type`, message: 'expected aws or gcp' }]);
  }
}
