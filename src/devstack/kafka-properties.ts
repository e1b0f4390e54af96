import { randomBytes } from 'node:crypto';

export interface KafkaListenerPorts {
  brokerPort: number;
  controllerPort: number;
  /** A SASL_SSL listener besides the plaintext one, when the broker is started with security. */
  saslSslPort?: number;
}

const HOST = '127.0.0.1';

/**
 * server.properties for one combined broker+controller node. The small partition counts of the
 * internal topics keep the first consumer group join and the first transaction quick. After a
 * kill, the restarted broker cannot register until its old session has expired, so the session
 * timeout is short to keep fault-injection restarts within a few seconds.
 */
export function kafkaServerProperties(
  ports: KafkaListenerPorts,
  dataDir: string,
  extraSettings: Readonly<Record<string, string>> = {},
): string {
  const saslSsl =
    ports.saslSslPort === undefined ? [] : [`SASL_SSL://${HOST}:${ports.saslSslPort}`];
  const advertised = [`PLAINTEXT://${HOST}:${ports.brokerPort}`, ...saslSsl];
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${HOST}:${ports.controllerPort}`,
    listeners: [...advertised, `CONTROLLER://${HOST}:${ports.controllerPort}`].join(','),
    'advertised.listeners': advertised.join(','),
    'listener.security.protocol.map': [
      'PLAINTEXT:PLAINTEXT',
      'CONTROLLER:PLAINTEXT',
      ...(saslSsl.length > 0 ? ['SASL_SSL:SASL_SSL'] : []),
    ].join(','),
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': dataDir,
    'num.partitions': 3,
    'auto.create.topics.enable': true,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 5,
    'group.initial.rebalance.delay.ms': 0,
    'broker.heartbeat.interval.ms': 500,
    'broker.session.timeout.ms': 3_000,
    ...extraSettings,
  };
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n')
    .concat('\n');
}

/**
 * A KRaft cluster id: 16 random bytes in unpadded base64url, like Kafka's own Uuid. One that
 * starts with '-' is drawn again, as Kafka does, since the storage tool would read it as a flag.
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) {
      return id;
    }
  }
}
