import type { DecodeResult } from './decode-result.js';
import { decodeEnvelope } from './envelope.js';
import { lowerCaseHeaders, type LowerCaseHeaders } from './headers.js';
import type { DeclaredName } from './message-name.js';

/** Kafka headers that name the protobuf message, in order of preference. */
export const KafkaMessageNameHeader = {
  flyte: 'flyte-message-name',
  generic: 'message-name',
} as const;

/**
 * Decodes one record of a source topic. Header names are compared without regard
 * to case; header values come as text (kafkajs gives Buffers, see src/kafka/headers.ts).
 */
export function decodeKafkaRecord(
  value: Buffer | Uint8Array | null,
  headers: Readonly<Record<string, string>>,
): DecodeResult {
  const lowered = lowerCaseHeaders(headers);
  return decodeEnvelope({
    body: value,
    headers: lowered,
    cloudEventHeaderPrefix: 'ce_',
    declaredName: declaredKafkaName(lowered),
  });
}

function declaredKafkaName(headers: LowerCaseHeaders): DeclaredName | undefined {
  for (const header of Object.values(KafkaMessageNameHeader)) {
    const name = headers.get(header);
    if (name !== undefined) return { name, source: `header ${header}` };
  }
  return undefined;
}
