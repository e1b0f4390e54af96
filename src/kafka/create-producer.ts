import type { Kafka, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';

/**
 * Idempotent producer: with acks from all replicas, a retried send is never
 * written twice, and records of one key stay in order. Its retries are
 * unbounded because giving up would break the idempotence guarantee; callers
 * that must answer in bounded time (the HTTP endpoint) race the send instead.
 */
export function createDurableProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 30_000 },
  });
}
