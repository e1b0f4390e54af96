import type { Logger } from 'pino';
import type { ResolvedSink } from '../config/resolve-sink.js';
import type { Publisher } from './publisher.js';
import { PubSubPublisher } from './pubsub/pubsub-publisher.js';
import { SnsPublisher } from './sns/sns-publisher.js';

/** The publisher of a configured sink's destination. */
export function createPublisher(sink: ResolvedSink, logger: Logger): Publisher {
  switch (sink.type) {
    case 'aws':
      return new SnsPublisher(
        {
          topicArn: sink.topicName,
          region: sink.region,
          fifo: sink.fifo,
          maxBatchBytes: sink.batch.maxBytes,
          ...(sink.endpoint ? { endpoint: sink.endpoint } : {}),
        },
        logger,
      );
    case 'gcp':
      return new PubSubPublisher(
        {
          topicName: sink.topicName,
          payloadEncoding: sink.payloadEncoding,
          ordering: sink.ordering,
          batching: {
            maxMessages: sink.batch.maxCount,
            maxBytes: sink.batch.maxBytes,
            maxMilliseconds: sink.batch.lingerMs,
          },
          ...(sink.projectId ? { projectId: sink.projectId } : {}),
          ...(sink.apiEndpoint ? { apiEndpoint: sink.apiEndpoint } : {}),
        },
        logger,
      );
  }
}
