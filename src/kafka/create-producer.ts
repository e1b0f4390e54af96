import type { Kafka, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';

/**
 * Idempotent producer: with acks from all replicas, a retried send is never
 * written twice, and records of one key stay in order.
 */
export function createDurableProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 10, initialRetryTime: 300 },
  });
}
