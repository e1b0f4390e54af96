import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBroker } from '../../src/devstack/kafka-broker.js';
import { passwordOf, type KafkaSaslUser } from '../../src/devstack/kafka-security.js';
import { eventIdOf } from '../../src/events/event-id.js';
import { InternalHeader } from '../../src/events/internal-record.js';
import { createKafka, kafkaClientConfig } from '../../src/kafka/create-kafka.js';
import { silentLogger } from '../../src/observability/logger.js';
import {
  capturingLogger,
  post,
  protobufPost,
  startIngestStage,
  taskEvents,
} from './ingest/ingest-stage.js';
import { uniqueName } from './support/pipeline.js';
import { readTopic } from './support/read-topic.js';

type SchemaMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

function schemaMechanism(user: KafkaSaslUser): SchemaMechanism {
  return user.mechanism.toLowerCase() as SchemaMechanism;
}

/** A client that gives up at once, for connections that are meant to fail. */
function oneShotKafka(kafkaSection: Parameters<typeof kafkaClientConfig>[0]): Kafka {
  return new Kafka({
    ...kafkaClientConfig(kafkaSection, silentLogger()),
    retry: { retries: 0 },
    connectionTimeout: 3_000,
    authenticationTimeout: 5_000,
    requestTimeout: 5_000,
  });
}

async function connectError(kafka: Kafka): Promise<Error> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (error) {
    return error as Error;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  throw new Error('the connection was expected to fail but succeeded');
}

// Its own broker: the SASL_SSL listener costs certificates and a JAAS setup no other test needs.
describe('Kafka over SASL_SSL', () => {
  let broker: KafkaBroker;
  let users: readonly KafkaSaslUser[];
  let passwords: string[];
  let scratchDir: string;

  beforeAll(async () => {
    broker = await KafkaBroker.start({ saslSsl: true });
    users = broker.security?.users ?? [];
    passwords = await Promise.all(users.map(passwordOf));
    scratchDir = await mkdtemp(join(tmpdir(), 'kafka-security-'));
  });

  afterAll(async () => {
    await broker?.dispose();
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
  });

  const secured = (user: KafkaSaslUser, passwordFile = user.passwordFile) => ({
    brokers: broker.saslSslBrokers,
    ssl: { enabled: true, caFile: broker.security?.caFile },
    sasl: { mechanism: schemaMechanism(user), username: user.username, passwordFile },
  });

  it('has one user per mechanism', () => {
    expect(users.map((user) => user.mechanism).sort()).toEqual([
      'PLAIN',
      'SCRAM-SHA-256',
      'SCRAM-SHA-512',
    ]);
  });

  it.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'])(
    'ingests and reads back an event with %s over TLS, the password never in the logs',
    async (mechanism) => {
      const user = users.find((candidate) => candidate.mechanism === mechanism);
      if (!user) throw new Error(`the broker has no ${mechanism} user`);
      const internalTopic = uniqueName(`sasl-${schemaMechanism(user)}`);
      const logs = capturingLogger();
      const ingest = await startIngestStage(
        { kafka: { ...secured(user), internalTopic } },
        logs.logger,
      );
      const [event] = taskEvents(1, 47);
      try {
        const answer = await post(ingest.httpPort, protobufPost(event!));
        expect(answer.status).toBe(202);
        const kafka = createKafka(ingest.config.kafka, logs.logger, 'reader');
        const [record] = await readTopic(kafka, internalTopic, 1);
        expect(record?.headers?.[InternalHeader.eventId]?.toString()).toBe(eventIdOf(event!));
      } finally {
        await ingest.stop();
      }
      for (const password of passwords) expect(logs.text()).not.toContain(password);
    },
  );

  it('refuses a wrong password with an authentication error that shows no password', async () => {
    const user = users.find((candidate) => candidate.mechanism === 'SCRAM-SHA-512');
    if (!user) throw new Error('the broker has no SCRAM-SHA-512 user');
    const wrongPassword = 'wrong-password-for-the-test';
    const wrongFile = join(scratchDir, 'wrong.password');
    await writeFile(wrongFile, `${wrongPassword}\n`);
    const logs = capturingLogger();
    const failure = await startIngestStage(
      { kafka: { ...secured(user, wrongFile), internalTopic: uniqueName('sasl-wrong') } },
      logs.logger,
    ).then(
      async (ingest) => {
        await ingest.stop();
        throw new Error('the ingest stage started with a wrong password');
      },
      (error: unknown) => error as Error,
    );
    expect(failure.message).toMatch(/SASL SCRAM SHA512 authentication failed/i);
    for (const secret of [wrongPassword, ...passwords]) {
      expect(failure.message).not.toContain(secret);
      expect(String(failure.stack)).not.toContain(secret);
      expect(logs.text()).not.toContain(secret);
    }
  });

  it.each([
    // The broker drops a connection whose first bytes are no TLS handshake.
    { label: 'without TLS', ssl: undefined, reason: /closed connection/i },
    {
      label: 'without the CA that signed the broker',
      ssl: { enabled: true },
      reason: /certificate/i,
    },
  ])('refuses a client $label', async ({ ssl, reason }) => {
    const user = users.find((candidate) => candidate.mechanism === 'PLAIN');
    if (!user) throw new Error('the broker has no PLAIN user');
    const { ssl: _withTls, ...rest } = secured(user);
    const kafkaSection = {
      ...rest,
      ...(ssl ? { ssl: { ...ssl, rejectUnauthorized: true } } : {}),
      clientId: 'security-test',
      internalTopic: 'unused',
      deadLetterTopic: 'unused-dlq',
      topicPartitions: 1,
      createTopics: false,
    };
    const error = await connectError(oneShotKafka(kafkaSection));
    expect(error.message).toMatch(reason);
    for (const password of passwords) expect(error.message).not.toContain(password);
  });

  it('keeps the plaintext listener open for clients without credentials', async () => {
    const admin = new Kafka({ clientId: 'plain', brokers: broker.brokers, logLevel: 0 }).admin();
    await admin.connect();
    await expect(admin.listTopics()).resolves.toEqual(expect.any(Array));
    await admin.disconnect();
  });
});
