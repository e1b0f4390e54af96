/** The Kafka versions the local broker is tested with; KAFKA_VERSION picks one. */
export const KafkaVersion = {
  latest4: '4.4.0',
  line39: '3.9.1',
} as const;
export type KafkaVersion = (typeof KafkaVersion)[keyof typeof KafkaVersion];

export const DEFAULT_KAFKA_VERSION: string = KafkaVersion.latest4;

/** Short names accepted in KAFKA_VERSION besides full version numbers. */
const ALIASES: Readonly<Record<string, string>> = {
  '4': KafkaVersion.latest4,
  '4.x': KafkaVersion.latest4,
  '3.9': KafkaVersion.line39,
  '3.9.x': KafkaVersion.line39,
};

/** An explicit version wins over KAFKA_VERSION, which wins over the default. */
export function resolveKafkaVersion(requested?: string): string {
  const wanted = requested ?? process.env['KAFKA_VERSION'] ?? '';
  const trimmed = wanted.trim();
  if (trimmed === '') {
    return DEFAULT_KAFKA_VERSION;
  }
  return ALIASES[trimmed] ?? trimmed;
}
