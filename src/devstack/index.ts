export { cacheDir, cacheRoot, projectRoot } from './cache-dir.js';
export { DevstackError } from './devstack-error.js';
export { freePort, freePorts } from './free-port.js';
export { KafkaBroker } from './kafka-broker.js';
export type { KafkaBrokerOptions } from './kafka-broker.js';
export { ensureKafkaLibs } from './kafka-libs.js';
export { DEFAULT_KAFKA_VERSION, KafkaVersion, resolveKafkaVersion } from './kafka-versions.js';
export {
  endpointsOf,
  LOCAL_AWS_REGION,
  LOCAL_PUBSUB_PROJECT_ID,
  startLocalServices,
} from './local-services.js';
export type { LocalServices, LocalServicesOptions } from './local-services.js';
export { MOTO_ACCOUNT_ID, MotoServer } from './moto-server.js';
export type { MotoServerOptions } from './moto-server.js';
export { assertPrerequisites, findMissingPrerequisites } from './prerequisites.js';
export { PubSubEmulator } from './pubsub-emulator.js';
export type { PubSubEmulatorOptions } from './pubsub-emulator.js';
export { ensureMotoVenv, MOTO_REQUIREMENT } from './python-venv.js';
export { serviceEnvironment, shellExportLines } from './service-env.js';
export { PASS, SnsFaultProxy } from './sns-fault-proxy.js';
export type {
  BatchEntryView,
  BatchRequestView,
  EntryFailure,
  FaultAction,
  FaultCounts,
  FaultPlan,
} from './sns-fault-proxy.js';
export type { ServiceEndpoints } from './service-env.js';
