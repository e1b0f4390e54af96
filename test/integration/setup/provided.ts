/** What the integration global setup hands to every test file, read with inject('services'). */
export interface ProvidedServices {
  kafkaBrokers: string[];
  kafkaVersion: string;
  snsEndpoint: string;
  awsRegion: string;
  pubsubEmulatorHost: string;
  pubsubProjectId: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    services: ProvidedServices;
  }
}
