/** What a client needs to reach the local services; a subset of LocalServices. */
export interface ServiceEndpoints {
  kafkaBrokers: string[];
  snsEndpoint: string;
  awsRegion: string;
  pubsubEmulatorHost: string;
  pubsubProjectId: string;
}

/** moto accepts any credentials; the SDKs only insist that some are set. */
const DUMMY_AWS_CREDENTIAL = 'test';

/**
 * Google's client libraries look for the GCE metadata server (a link-local address) to find
 * credentials even in emulator mode; on loopback-only machines that probe must not be sent.
 */
export const NO_METADATA_SERVER = 'none';

/**
 * Environment variables for a child process (the service, a CLI command) to talk to the local
 * services: the AWS SDK's per-service endpoint variables, the Pub/Sub client library's emulator
 * variables and the service's own Kafka brokers override.
 */
export function serviceEnvironment(endpoints: ServiceEndpoints): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_SNS: endpoints.snsEndpoint,
    AWS_ENDPOINT_URL_SQS: endpoints.snsEndpoint,
    AWS_REGION: endpoints.awsRegion,
    AWS_ACCESS_KEY_ID: DUMMY_AWS_CREDENTIAL,
    AWS_SECRET_ACCESS_KEY: DUMMY_AWS_CREDENTIAL,
    PUBSUB_EMULATOR_HOST: endpoints.pubsubEmulatorHost,
    PUBSUB_PROJECT_ID: endpoints.pubsubProjectId,
    GOOGLE_CLOUD_PROJECT: endpoints.pubsubProjectId,
    METADATA_SERVER_DETECTION: NO_METADATA_SERVER,
    FLYTE_EGRESS_KAFKA__BROKERS: endpoints.kafkaBrokers.join(','),
  };
}

/** The same variables as `export NAME=value` lines, quoted for a POSIX shell. */
export function shellExportLines(env: Record<string, string>): string[] {
  return Object.entries(env).map(
    ([name, value]) => `export ${name}='${value.replace(/'/g, `'\\''`)}'`,
  );
}
