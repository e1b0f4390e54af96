import { eventTypeOfMessageName, MessageName, type EventType } from './event-type.js';

/**
 * Header names on the internal topic. The value of a record is the exact
 * protobuf bytes of the request message; the key is `project/domain/name`.
 */
export const InternalHeader = {
  messageName: 'flyte-message-name',
  eventId: 'flyte-event-id',
  eventType: 'flyte-event-type',
  occurredAtMs: 'flyte-occurred-at-ms',
  ingestedAtMs: 'egress-ingested-at-ms',
} as const;

/** An event as the router and the sinks see it. */
export interface EgressEvent {
  readonly type: EventType;
  readonly messageName: MessageName;
  readonly eventId: string;
  readonly executionKey: string;
  readonly payload: Uint8Array;
  readonly occurredAtMs: number | undefined;
  readonly source: RecordPosition;
  /** Set when the sink removed inline literal data to fit the destination's size limit. */
  readonly strippedInlineData?: boolean;
}

/** Where a record was read, for offsets and dead letters. */
export interface RecordPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export type RecordHeaders = Record<string, string>;

export function internalHeaders(event: Omit<EgressEvent, 'source' | 'payload' | 'executionKey'>) {
  const headers: RecordHeaders = {
    [InternalHeader.messageName]: event.messageName,
    [InternalHeader.eventId]: event.eventId,
    [InternalHeader.eventType]: event.type,
    [InternalHeader.ingestedAtMs]: String(Date.now()),
  };
  if (event.occurredAtMs !== undefined) {
    headers[InternalHeader.occurredAtMs] = String(event.occurredAtMs);
  }
  return headers;
}

export class InternalRecordError extends Error {}

/** Reads an internal-topic record back into an event; throws InternalRecordError when malformed. */
export function parseInternalRecord(
  key: Buffer | null,
  value: Buffer | null,
  headers: RecordHeaders,
  source: RecordPosition,
): EgressEvent {
  const messageName = headers[InternalHeader.messageName];
  const type = messageName === undefined ? undefined : eventTypeOfMessageName(messageName);
  if (type === undefined) {
    throw new InternalRecordError(`header ${InternalHeader.messageName} is missing or unknown`);
  }
  const eventId = headers[InternalHeader.eventId];
  if (!eventId) throw new InternalRecordError(`header ${InternalHeader.eventId} is missing`);
  if (!value) throw new InternalRecordError('record has no value');
  const occurred = headers[InternalHeader.occurredAtMs];
  return {
    type,
    messageName: MessageName[type],
    eventId,
    executionKey: key?.toString('utf8') ?? '',
    payload: value,
    occurredAtMs: occurred === undefined ? undefined : Number(occurred),
    source,
  };
}
