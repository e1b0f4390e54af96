import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';

/** Creates the topics the service owns when they are missing; existing topics are left alone. */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  numPartitions: number,
  logger: Logger,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: -1 })),
    });
    logger.info({ topics: missing, numPartitions }, 'created topics');
  } finally {
    await admin.disconnect();
  }
}
