import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const PREFIX = 'flyte_egress_';

/** Every metric the service exports, created in one place so the catalogue reads as one file. */
export function createMetrics(registry: Registry = new Registry()) {
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const registers = [registry];
  return {
    registry,
    ingestReceived: new Counter({
      name: `${PREFIX}ingest_received_total`,
      help: 'Records received by the ingest stage, by source (kafka, http) and input format.',
      labelNames: ['source', 'format'] as const,
      registers,
    }),
    ingestProduced: new Counter({
      name: `${PREFIX}ingest_produced_total`,
      help: 'Events written to the internal topic by the ingest stage.',
      labelNames: ['source', 'event_type'] as const,
      registers,
    }),
    ingestRejected: new Counter({
      name: `${PREFIX}ingest_rejected_total`,
      help: 'Records the ingest stage could not decode: dead-lettered (kafka) or answered 4xx (http).',
      labelNames: ['source', 'reason'] as const,
      registers,
    }),
    consumed: new Counter({
      name: `${PREFIX}consumed_total`,
      help: 'Internal-topic records consumed by a sink.',
      labelNames: ['sink', 'event_type'] as const,
      registers,
    }),
    routed: new Counter({
      name: `${PREFIX}routed_total`,
      help: 'Events the router passed to a sink because its eventTypes want them.',
      labelNames: ['sink', 'event_type'] as const,
      registers,
    }),
    filtered: new Counter({
      name: `${PREFIX}filtered_total`,
      help: 'Events a sink skipped because its eventTypes do not want them.',
      labelNames: ['sink', 'event_type'] as const,
      registers,
    }),
    published: new Counter({
      name: `${PREFIX}published_total`,
      help: 'Events the destination acknowledged.',
      labelNames: ['sink', 'event_type'] as const,
      registers,
    }),
    deadLettered: new Counter({
      name: `${PREFIX}dead_lettered_total`,
      help: 'Records written to the dead-letter topic, by stage and reason.',
      labelNames: ['sink', 'event_type', 'reason'] as const,
      registers,
    }),
    failed: new Counter({
      name: `${PREFIX}failed_total`,
      help: 'Publish attempts of one event that failed and will be retried, by reason.',
      labelNames: ['sink', 'event_type', 'reason'] as const,
      registers,
    }),
    batchSize: new Histogram({
      name: `${PREFIX}batch_size`,
      help: 'Events per publish batch.',
      labelNames: ['sink'] as const,
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers,
    }),
    publishLatency: new Histogram({
      name: `${PREFIX}publish_latency_seconds`,
      help: 'Time from handing a batch to the destination until it answered.',
      labelNames: ['sink'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    endToEndLatency: new Histogram({
      name: `${PREFIX}end_to_end_latency_seconds`,
      help: 'Time from the event occurring (its occurredAt) to its publication.',
      labelNames: ['sink', 'event_type'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
    inFlight: new Gauge({
      name: `${PREFIX}in_flight_events`,
      help: 'Events consumed by a sink and not yet published or dead-lettered.',
      labelNames: ['sink'] as const,
      registers,
    }),
    consumerLag: new Gauge({
      name: `${PREFIX}consumer_lag`,
      help: 'Records between a sink consumer position and the end of a partition.',
      labelNames: ['sink', 'partition'] as const,
      registers,
    }),
    sinkReady: new Gauge({
      name: `${PREFIX}sink_ready`,
      help: '1 while a sink can publish, 0 while its destination is unusable.',
      labelNames: ['sink'] as const,
      registers,
    }),
  };
}

export type EgressMetrics = ReturnType<typeof createMetrics>;
