import type { EgressEvent } from '../../events/internal-record.js';
import type { PayloadEncoding } from './pubsub-options.js';
import { STRIPPED_ATTRIBUTE } from '../strip-inline-data.js';

/**
 * Pub/Sub's documented limit for one message, data and attributes together, in
 * decimal megabytes. A publish request may be up to 10 MiB, so a message at
 * this limit still leaves room for the request's topic name and framing.
 */
export const PUBSUB_MAX_MESSAGE_BYTES = 10_000_000;

/** Attribute names every message carries. `key` is the one FlyteAdmin's GCP publisher sets. */
export const PubSubAttribute = {
  key: 'key',
  subject: 'subject',
  eventId: 'event_id',
  eventType: 'event_type',
} as const;

export interface PubSubMessage {
  readonly data: Buffer;
  readonly attributes: Record<string, string>;
  readonly orderingKey?: string;
}

export function buildPubSubMessage(
  event: EgressEvent,
  encoding: PayloadEncoding,
  ordering: boolean,
): PubSubMessage {
  const message = { data: encodeData(event.payload, encoding), attributes: attributesOf(event) };
  return ordering ? { ...message, orderingKey: event.executionKey } : message;
}

function encodeData(payload: Uint8Array, encoding: PayloadEncoding): Buffer {
  const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  return encoding === 'binary' ? bytes : Buffer.from(bytes.toString('base64'), 'ascii');
}

function attributesOf(event: EgressEvent): Record<string, string> {
  const attributes: Record<string, string> = {
    [PubSubAttribute.key]: event.messageName,
    [PubSubAttribute.subject]: event.messageName,
    [PubSubAttribute.eventId]: event.eventId,
    [PubSubAttribute.eventType]: event.type,
  };
  if (event.strippedInlineData) attributes[STRIPPED_ATTRIBUTE.name] = STRIPPED_ATTRIBUTE.value;
  return attributes;
}

/** Bytes of the message as Pub/Sub counts them: data, attribute names and values, ordering key. */
export function pubsubMessageBytes(
  event: EgressEvent,
  encoding: PayloadEncoding,
  ordering: boolean,
): number {
  const payloadBytes = event.payload.byteLength;
  let bytes = encoding === 'binary' ? payloadBytes : 4 * Math.ceil(payloadBytes / 3);
  for (const [name, value] of Object.entries(attributesOf(event))) {
    bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  if (ordering) bytes += Buffer.byteLength(event.executionKey, 'utf8');
  return bytes;
}
