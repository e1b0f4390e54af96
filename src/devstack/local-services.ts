import { existsSync } from 'node:fs';
import type { Logger } from 'pino';

import { DevstackError } from './devstack-error.js';
import { KafkaBroker } from './kafka-broker.js';
import { kafkaLibsDir } from './kafka-libs.js';
import { resolveKafkaVersion } from './kafka-versions.js';
import { MotoServer } from './moto-server.js';
import { assertPrerequisites } from './prerequisites.js';
import { PubSubEmulator } from './pubsub-emulator.js';
import type { ServiceEndpoints } from './service-env.js';
import { silentLogger } from './silent-logger.js';

/** Region of the topic in Flyte's documentation example, so that ARN works unchanged. */
export const LOCAL_AWS_REGION = 'us-east-2';
export const LOCAL_PUBSUB_PROJECT_ID = 'flyte-egress-local';

export interface LocalServicesOptions {
  /** Full version or alias; KAFKA_VERSION, then the default 4.x, otherwise. */
  kafkaVersion?: string;
  logger?: Logger;
  /** Called with a short description as each service is being prepared and becomes ready. */
  onProgress?: (step: string) => void;
}

export interface LocalServices {
  kafka: { brokers: string[]; version: string; broker: KafkaBroker };
  sns: { endpoint: string; region: string; server: MotoServer };
  pubsub: { emulatorHost: string; projectId: string; emulator: PubSubEmulator };
  /** Stops all three and removes their temporary folders. */
  stop(): Promise<void>;
}

type Disposable = { dispose(): Promise<void> };

async function disposeAll(started: Disposable[]): Promise<void> {
  await Promise.allSettled(started.map((service) => service.dispose()));
}

/**
 * Starts Kafka, moto and the Pub/Sub emulator side by side. If any of them fails, the ones
 * that did start are stopped again before the error is passed on.
 */
export async function startLocalServices(
  options: LocalServicesOptions = {},
): Promise<LocalServices> {
  const logger = options.logger ?? silentLogger();
  const progress = options.onProgress ?? (() => undefined);
  const kafkaVersion = resolveKafkaVersion(options.kafkaVersion);
  await assertPrerequisites({ needMaven: !existsSync(kafkaLibsDir(kafkaVersion)) });

  const started: Disposable[] = [];
  const track = async <T extends Disposable>(name: string, start: () => Promise<T>): Promise<T> => {
    progress(`starting ${name}`);
    const service = await start();
    started.push(service);
    progress(`${name} ready`);
    return service;
  };
  const results = await Promise.allSettled([
    track(`Kafka ${kafkaVersion}`, () => KafkaBroker.start({ version: kafkaVersion, logger })),
    track('moto (SNS, SQS)', () => MotoServer.start({ logger })),
    track('Pub/Sub emulator', () => PubSubEmulator.start({ logger })),
  ]);
  const [kafka, moto, pubsub] = results;
  if (kafka.status === 'rejected' || moto.status === 'rejected' || pubsub.status === 'rejected') {
    await disposeAll(started);
    throw startFailure(results);
  }
  return assemble(kafka.value, moto.value, pubsub.value, () => disposeAll(started));
}

/** One failure is passed on as it is; several become one error that lists each of them. */
function startFailure(results: PromiseSettledResult<unknown>[]): unknown {
  const reasons = results.flatMap((result) =>
    result.status === 'rejected' ? [result.reason] : [],
  );
  if (reasons.length === 1) {
    return reasons[0];
  }
  const messages = reasons.map((reason) =>
    reason instanceof Error ? reason.message : String(reason),
  );
  return new DevstackError(
    `${reasons.length} local services did not start:\n${messages.join('\n')}`,
  );
}

function assemble(
  broker: KafkaBroker,
  server: MotoServer,
  emulator: PubSubEmulator,
  stop: () => Promise<void>,
): LocalServices {
  return {
    kafka: { brokers: broker.brokers, version: broker.version, broker },
    sns: { endpoint: server.endpoint, region: LOCAL_AWS_REGION, server },
    pubsub: { emulatorHost: emulator.emulatorHost, projectId: LOCAL_PUBSUB_PROJECT_ID, emulator },
    stop,
  };
}

/** The plain endpoints of running services, e.g. for serviceEnvironment(). */
export function endpointsOf(services: LocalServices): ServiceEndpoints {
  return {
    kafkaBrokers: services.kafka.brokers,
    snsEndpoint: services.sns.endpoint,
    awsRegion: services.sns.region,
    pubsubEmulatorHost: services.pubsub.emulatorHost,
    pubsubProjectId: services.pubsub.projectId,
  };
}
