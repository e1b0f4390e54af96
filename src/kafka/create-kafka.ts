import { readFileSync } from 'node:fs';
import { Kafka, logLevel as KafkaLogLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import type { ConfigFile } from '../config/schema.js';

type KafkaSection = ConfigFile['kafka'];

/** Builds the kafkajs client; secrets are read from files so they never sit in the config. */
export function createKafka(config: KafkaSection, logger: Logger, clientSuffix = ''): Kafka {
  return new Kafka(kafkaClientConfig(config, logger, clientSuffix));
}

/** The kafkajs configuration, with TLS material and the SASL password read from their files. */
export function kafkaClientConfig(
  config: KafkaSection,
  logger: Logger,
  clientSuffix = '',
): KafkaConfig {
  const options: KafkaConfig = {
    clientId: clientSuffix ? `${config.clientId}-${clientSuffix}` : config.clientId,
    brokers: config.brokers,
    logLevel: KafkaLogLevel.WARN,
    logCreator: () => (entry) => forwardLog(logger, entry.level, entry.log),
    retry: { initialRetryTime: 300, retries: 10 },
  };
  if (config.ssl?.enabled) {
    options.ssl = {
      rejectUnauthorized: config.ssl.rejectUnauthorized,
      ca: config.ssl.caFile ? [readFileSync(config.ssl.caFile, 'utf8')] : undefined,
      cert: config.ssl.certFile ? readFileSync(config.ssl.certFile, 'utf8') : undefined,
      key: config.ssl.keyFile ? readFileSync(config.ssl.keyFile, 'utf8') : undefined,
    };
  }
  if (config.sasl) options.sasl = saslOptions(config.sasl);
  return options;
}

function saslOptions(sasl: NonNullable<KafkaSection['sasl']>): SASLOptions {
  const password = readFileSync(sasl.passwordFile, 'utf8').trim();
  if (password === '') {
    throw new Error(`kafka.sasl.passwordFile ${sasl.passwordFile} is empty`);
  }
  return { mechanism: sasl.mechanism, username: sasl.username, password } as SASLOptions;
}

function forwardLog(
  logger: Logger,
  level: number,
  log: { message: string; [key: string]: unknown },
): void {
  const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
  const child = { component: 'kafkajs', ...fields };
  if (level === KafkaLogLevel.ERROR) logger.error(child, message);
  else if (level === KafkaLogLevel.WARN) logger.warn(child, message);
  else if (level === KafkaLogLevel.INFO) logger.info(child, message);
  else logger.debug(child, message);
}
