import type { MessageAttributeValue, PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import type { EgressEvent } from '../../events/internal-record.js';
import { STRIPPED_ATTRIBUTE } from '../strip-inline-data.js';

/** SNS limits of one PublishBatch request. */
export const SNS_MAX_BATCH_ENTRIES = 10;
export const SNS_MAX_REQUEST_BYTES = 262_144;

/** Message attribute names every entry carries, beside the subject. */
export const SnsAttribute = {
  eventId: 'event_id',
  eventType: 'event_type',
} as const;

const STRING_TYPE = 'String';

/**
 * One PublishBatch entry in FlyteAdmin's format: the message is the base64 text
 * of the request bytes and the subject its full message name. `id` must be
 * unique within its request.
 */
export function buildSnsEntry(
  event: EgressEvent,
  id: string,
  fifo: boolean,
): PublishBatchRequestEntry {
  const entry: PublishBatchRequestEntry = {
    Id: id,
    Message: encodeSnsMessage(event.payload),
    Subject: event.messageName,
    MessageAttributes: snsAttributes(event),
  };
  if (fifo) {
    entry.MessageGroupId = event.executionKey;
    entry.MessageDeduplicationId = event.eventId;
  }
  return entry;
}

export function encodeSnsMessage(payload: Uint8Array): string {
  return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('base64');
}

function snsAttributes(event: EgressEvent): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = {
    [SnsAttribute.eventId]: { DataType: STRING_TYPE, StringValue: event.eventId },
    [SnsAttribute.eventType]: { DataType: STRING_TYPE, StringValue: event.type },
  };
  if (event.strippedInlineData) {
    attributes[STRIPPED_ATTRIBUTE.name] = {
      DataType: STRING_TYPE,
      StringValue: STRIPPED_ATTRIBUTE.value,
    };
  }
  return attributes;
}

/**
 * Bytes one event's entry counts toward the 256 KiB limit: the message, plus
 * the subject, plus each attribute's name, data type and value, all as UTF-8.
 * SNS counts attributes toward the size; the subject is counted too so that the
 * estimate errs on the safe side. FIFO group and deduplication ids are not
 * counted, since SNS does not count them.
 */
export function snsEntryBytes(event: EgressEvent): number {
  const messageBytes = 4 * Math.ceil(event.payload.byteLength / 3);
  let bytes = messageBytes + Buffer.byteLength(event.messageName, 'utf8');
  for (const [name, value] of Object.entries(snsAttributes(event))) {
    bytes += Buffer.byteLength(name, 'utf8');
    bytes += Buffer.byteLength(value.DataType ?? '', 'utf8');
    bytes += Buffer.byteLength(value.StringValue ?? '', 'utf8');
  }
  return bytes;
}
