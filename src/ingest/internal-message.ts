import type { Message } from 'kafkajs';
import { eventIdOf } from '../events/event-id.js';
import { executionKeyOf, messageNameOf, occurredAtOf } from '../events/flyte-request.js';
import { internalHeaders } from '../events/internal-record.js';
import type { DecodedRequest } from './decode/decode-result.js';

/** The internal-topic record for a decoded request: keyed by execution, headers per the contract. */
export function toInternalMessage(decoded: DecodedRequest): Message {
  const { request } = decoded;
  return {
    // The decoder guarantees an execution identity; an empty key would still be valid Kafka.
    key: executionKeyOf(request) ?? '',
    value: Buffer.from(
      decoded.payload.buffer,
      decoded.payload.byteOffset,
      decoded.payload.byteLength,
    ),
    headers: internalHeaders({
      type: request.type,
      messageName: messageNameOf(request),
      eventId: eventIdOf(request),
      occurredAtMs: occurredAtOf(request)?.getTime(),
    }),
  };
}
