import { eventTypeOfMessageName, type EventType } from '../events/event-type.js';
import { decodeRequest, requestToJson } from '../events/flyte-request.js';

/** A published message turned back into readable form. */
export interface DecodedPublished {
  readonly messageName: string;
  readonly eventType: EventType;
  readonly eventId: string | undefined;
  readonly request: unknown;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes what a consumer of the destination receives: an SQS body holding
 * the SNS envelope, an SNS message (base64 text plus subject), or a Pub/Sub
 * message as JSON (`{ data, attributes }`, optionally under `message`).
 */
export function decodePublished(text: string, subjectHint?: string): DecodedPublished {
  const trimmed = text.trim();
  if (trimmed.startsWith('{'))
    return decodeJsonEnvelope(JSON.parse(trimmed) as Record<string, unknown>);
  if (!subjectHint) throw new Error('a bare base64 message needs --subject with its message name');
  return decodeWith(subjectHint, Buffer.from(trimmed, 'base64'), undefined);
}

function decodeJsonEnvelope(json: Record<string, unknown>): DecodedPublished {
  if (typeof json.Message === 'string' && typeof json.Subject === 'string') {
    const attributes = (json.MessageAttributes ?? {}) as Record<string, { Value?: string }>;
    return decodeWith(
      json.Subject,
      Buffer.from(json.Message, 'base64'),
      attributes.event_id?.Value,
    );
  }
  const message = (json.message ?? json) as Record<string, unknown>;
  const attributes = (message.attributes ?? {}) as Record<string, string>;
  const name = attributes.subject ?? attributes.key;
  if (typeof message.data !== 'string' || !name) {
    throw new Error(
      'not an SNS envelope (Subject, Message) nor a Pub/Sub message (data, attributes.key)',
    );
  }
  return decodeWith(name, pubsubDataBytes(message.data), attributes.event_id);
}

/**
 * Pub/Sub JSON shows `data` base64-encoded; with the default payload encoding
 * that data is itself base64 text of the request, so it is decoded twice.
 */
function pubsubDataBytes(data: string): Buffer {
  const once = Buffer.from(data, 'base64');
  const text = once.toString('latin1');
  return BASE64.test(text) && text.length % 4 === 0 ? Buffer.from(text, 'base64') : once;
}

function decodeWith(
  messageName: string,
  bytes: Buffer,
  eventId: string | undefined,
): DecodedPublished {
  const eventType = eventTypeOfMessageName(messageName);
  if (!eventType) throw new Error(`unknown message name ${JSON.stringify(messageName)}`);
  const request = requestToJson(decodeRequest(eventType, bytes));
  return { messageName, eventType, eventId, request };
}
