import { z } from 'zod';
import { EVENT_TYPE_FILTER_ENTRIES } from './event-type-filter.js';

/**
 * A list that may also be written as one comma-separated string, which is how
 * an environment variable gives it (FLYTE_EGRESS_KAFKA__BROKERS=a:9092).
 */
function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((part) => part.trim())
            .filter((part) => part.length > 0)
        : value,
    z.array(item),
  );
}

const eventTypes = listOf(z.enum(EVENT_TYPE_FILTER_ENTRIES))
  .default(['all'])
  .refine((list) => list.length > 0, 'expected at least one of all, *, workflow, node, task');

const batch = z
  .strictObject({
    maxCount: z.number().int().positive().optional(),
    maxBytes: z.number().int().positive().optional(),
    lingerMs: z.number().int().nonnegative().default(20),
  })
  .default({ lingerMs: 20 });

const retry = z
  .strictObject({
    initialBackoffMs: z.number().int().positive().default(200),
    maxBackoffMs: z.number().int().positive().default(30_000),
  })
  .default({ initialBackoffMs: 200, maxBackoffMs: 30_000 });

const sinkCommon = {
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a lower-case name of [a-z0-9_-]'),
  eventTypes,
  topicName: z.string().min(1, 'expected the destination topic'),
  batch,
  retry,
  consumerGroup: z.string().min(1).optional(),
  /** Partitions of the internal topic this sink works on at once in one process. */
  partitionsInParallel: z.number().int().positive().default(4),
  /**
   * Bytes fetched per request; with one batch in flight per partition this
   * bounds the sink's memory, and a slow destination pauses fetching.
   */
  maxFetchBytes: z
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  /** What to do with an event too large for the destination. */
  oversize: z.enum(['dead-letter', 'strip-inline-data']).default('dead-letter'),
};

export const awsSinkSchema = z.strictObject({
  ...sinkCommon,
  type: z.literal('aws'),
  aws: z
    .looseObject({
      region: z.string().min(1, 'expected an AWS region such as us-east-2'),
      endpoint: z.url().optional(),
    })
    .optional(),
  fifo: z.boolean().optional(),
});

export const gcpSinkSchema = z.strictObject({
  ...sinkCommon,
  type: z.literal('gcp'),
  gcp: z
    .looseObject({
      projectId: z.string().min(1).optional(),
      region: z.string().optional(),
      apiEndpoint: z.string().min(1).optional(),
    })
    .default({}),
  payloadEncoding: z.enum(['base64', 'binary']).default('base64'),
  ordering: z.boolean().default(false),
});

export const sinkSchema = z.discriminatedUnion('type', [awsSinkSchema, gcpSinkSchema], {
  error: 'expected aws or gcp',
});

/** The block of FlyteAdmin's own configuration, accepted exactly as Flyte documents it. */
export const flyteCloudEventsSchema = z.looseObject({
  enable: z.boolean().default(false),
  type: z.enum(['aws', 'gcp'], { error: 'expected type to be aws or gcp' }).optional(),
  aws: z.looseObject({ region: z.string().min(1) }).optional(),
  gcp: z
    .looseObject({ projectId: z.string().optional(), region: z.string().optional() })
    .optional(),
  eventsPublisher: z
    .looseObject({
      topicName: z.string().min(1, 'expected the destination topic'),
      eventTypes,
    })
    .optional(),
});

const fileSecret = z.string().min(1, 'expected a path to a file');

const kafka = z.strictObject({
  brokers: listOf(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).refine(
    (list) => list.length > 0,
    'expected at least one broker',
  ),
  clientId: z.string().min(1).default('flyte-egress'),
  internalTopic: z.string().min(1).default('flyte-egress.events'),
  deadLetterTopic: z.string().min(1).default('flyte-egress.dead-letter'),
  /** Partitions of the internal and dead-letter topics when the service creates them. */
  topicPartitions: z.number().int().positive().default(6),
  createTopics: z.boolean().default(true),
  ssl: z
    .strictObject({
      enabled: z.boolean().default(true),
      caFile: fileSecret.optional(),
      certFile: fileSecret.optional(),
      keyFile: fileSecret.optional(),
      rejectUnauthorized: z.boolean().default(true),
    })
    .optional(),
  sasl: z
    .strictObject({
      mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
      username: z.string().min(1),
      passwordFile: fileSecret,
    })
    .optional(),
});

const listener = (defaultPort: number) =>
  z
    .strictObject({
      host: z.string().default('0.0.0.0'),
      port: z.number().int().min(0).max(65_535).default(defaultPort),
    })
    .default({ host: '0.0.0.0', port: defaultPort });

const ingest = z
  .strictObject({
    sourceTopics: listOf(z.string().min(1)).default([]),
    consumerGroup: z.string().min(1).default('flyte-egress-ingest'),
    http: z
      .strictObject({
        enabled: z.boolean().default(true),
        host: z.string().default('0.0.0.0'),
        port: z.number().int().min(0).max(65_535).default(8080),
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(4 * 1024 * 1024),
        bearerTokenFile: fileSecret.optional(),
      })
      .default({ enabled: true, host: '0.0.0.0', port: 8080, maxBodyBytes: 4 * 1024 * 1024 }),
  })
  .default({
    sourceTopics: [],
    consumerGroup: 'flyte-egress-ingest',
    http: { enabled: true, host: '0.0.0.0', port: 8080, maxBodyBytes: 4 * 1024 * 1024 },
  });

export const configFileSchema = z.strictObject({
  kafka,
  ingest,
  metrics: listener(9090),
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
  shutdownTimeoutMs: z.number().int().positive().default(30_000),
  sinks: z.array(sinkSchema).default([]),
  cloudEvents: flyteCloudEventsSchema.optional(),
  externalEvents: flyteCloudEventsSchema.optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type SinkConfig = z.infer<typeof sinkSchema>;
export type AwsSinkConfig = z.infer<typeof awsSinkSchema>;
export type GcpSinkConfig = z.infer<typeof gcpSinkSchema>;
export type FlyteCloudEventsConfig = z.infer<typeof flyteCloudEventsSchema>;
