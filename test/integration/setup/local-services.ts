import type { TestProject } from 'vitest/node';

import { startLocalServices } from '../../../src/devstack/local-services.js';
import type { LocalServices } from '../../../src/devstack/local-services.js';
import { NO_METADATA_SERVER } from '../../../src/devstack/service-env.js';
import type { ProvidedServices } from './provided.js';

function say(line: string): void {
  process.stderr.write(`[local services] ${line}\n`);
}

function providedFrom(services: LocalServices): ProvidedServices {
  return {
    kafkaBrokers: services.kafka.brokers,
    kafkaVersion: services.kafka.version,
    snsEndpoint: services.sns.endpoint,
    awsRegion: services.sns.region,
    pubsubEmulatorHost: services.pubsub.emulatorHost,
    pubsubProjectId: services.pubsub.projectId,
  };
}

/**
 * Starts Kafka, moto and the Pub/Sub emulator once for the integration project. Test files
 * run in other processes, so they learn the endpoints from inject('services'), not from env.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Test workers inherit this process's environment. Without it, the Pub/Sub client probes the
  // GCE metadata server (a link-local address) for credentials even in emulator mode.
  process.env['METADATA_SERVER_DETECTION'] ??= NO_METADATA_SERVER;
  const startedAt = Date.now();
  const services = await startLocalServices({ onProgress: say });
  const provided = providedFrom(services);
  project.provide('services', provided);
  say(
    `ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: Kafka ${provided.kafkaVersion} ` +
      `${provided.kafkaBrokers.join(',')}, SNS/SQS ${provided.snsEndpoint}, ` +
      `Pub/Sub ${provided.pubsubEmulatorHost}`,
  );
  return async () => {
    await services.stop();
    say('stopped');
  };
}
