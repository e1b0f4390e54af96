import { inject } from 'vitest';

/** What the integration global setup provides under the key `services`. */
export interface LocalServices {
  readonly kafkaBrokers: string[];
  readonly kafkaVersion: string;
  readonly snsEndpoint: string;
  readonly awsRegion: string;
  readonly pubsubEmulatorHost: string;
  readonly pubsubProjectId: string;
}

export function localServices(): LocalServices {
  const services: LocalServices = inject('services');
  return services;
}

/** Credentials the local SNS and SQS server accepts; it checks none. */
export const localAwsCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A name no other test uses, so that tests can share the servers. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
