import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigFile } from '../../../src/config/schema.js';
import { kafkaClientConfig } from '../../../src/kafka/create-kafka.js';
import { silentLogger } from '../../../src/observability/logger.js';

type KafkaSection = ConfigFile['kafka'];

const base: KafkaSection = {
  brokers: ['127.0.0.1:9093'],
  clientId: 'egress',
  internalTopic: 'internal',
  deadLetterTopic: 'dead-letter',
  topicPartitions: 1,
  createTopics: false,
};

describe('kafkaClientConfig', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kafka-client-config-'));
    await writeFile(file('ca.pem'), 'CA PEM');
    await writeFile(file('client.crt'), 'CLIENT CERT');
    await writeFile(file('client.key'), 'CLIENT KEY');
    await writeFile(file('password'), 's3cret-value\n');
    await writeFile(file('empty'), '  \n');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sets neither TLS nor SASL when the configuration has none', () => {
    const options = kafkaClientConfig(base, silentLogger());
    expect(options.ssl).toBeUndefined();
    expect(options.sasl).toBeUndefined();
  });

  it('reads the CA, certificate and key from their files', () => {
    const options = kafkaClientConfig(
      {
        ...base,
        ssl: {
          enabled: true,
          caFile: file('ca.pem'),
          certFile: file('client.crt'),
          keyFile: file('client.key'),
          rejectUnauthorized: true,
        },
      },
      silentLogger(),
    );
    expect(options.ssl).toEqual({
      rejectUnauthorized: true,
      ca: ['CA PEM'],
      cert: 'CLIENT CERT',
      key: 'CLIENT KEY',
    });
  });

  it('leaves TLS off when the block says enabled: false', () => {
    const options = kafkaClientConfig(
      { ...base, ssl: { enabled: false, rejectUnauthorized: true } },
      silentLogger(),
    );
    expect(options.ssl).toBeUndefined();
  });

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)(
    'passes %s with the password read from its file, without the trailing newline',
    (mechanism) => {
      const options = kafkaClientConfig(
        { ...base, sasl: { mechanism, username: 'egress', passwordFile: file('password') } },
        silentLogger(),
      );
      expect(options.sasl).toEqual({ mechanism, username: 'egress', password: 's3cret-value' });
    },
  );

  it('refuses an empty password file, naming the file', () => {
    const build = () =>
      kafkaClientConfig(
        { ...base, sasl: { mechanism: 'plain', username: 'egress', passwordFile: file('empty') } },
        silentLogger(),
      );
    expect(build).toThrow(/kafka\.sasl\.passwordFile .*empty/);
  });

  it('names a missing password file without guessing at its contents', () => {
    const missing = file('missing');
    const build = () =>
      kafkaClientConfig(
        { ...base, sasl: { mechanism: 'plain', username: 'egress', passwordFile: missing } },
        silentLogger(),
      );
    expect(build).toThrow(missing);
  });

  it('suffixes the client id when asked', () => {
    expect(kafkaClientConfig(base, silentLogger(), 'reader').clientId).toBe('egress-reader');
  });
});
