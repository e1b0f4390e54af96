import { readRequiredAttributes } from './cloud-event-attributes.js';
import {
  dataEncodingOf,
  decodeCloudEventBytes,
  decodeCloudEventJson,
  type CloudEventContext,
} from './cloud-event-data.js';
import { cloudEventTargetOf } from './cloud-event-type.js';
import { MediaKind } from './content-type.js';
import {
  DecodeFailureReason,
  InputFormat,
  decodeFailure,
  isDecodeFailure,
  type DecodeResult,
} from './decode-result.js';
import { isJsonObject, parseJsonBytes } from './json-bytes.js';

type JsonObject = Record<string, unknown>;

/**
 * Structured content mode (`application/cloudevents+json`): one JSON object holding
 * the attributes and either `data` (a JSON value) or `data_base64` (binary data).
 */
export function decodeStructuredCloudEvent(body: Uint8Array): DecodeResult {
  const parsed = parseJsonBytes(body);
  if (!parsed.ok) return parsed;
  const envelope = parsed.value;
  if (!isJsonObject(envelope)) {
    return decodeFailure(
      DecodeFailureReason.invalidCloudEvent,
      'structured cloud event is not a JSON object',
    );
  }
  const attributes = readRequiredAttributes(
    (attribute) => envelope[attribute],
    (attribute) => `attribute ${attribute}`,
  );
  if (isDecodeFailure(attributes)) return attributes;
  const target = cloudEventTargetOf(attributes.type);
  if (isDecodeFailure(target)) return target;
  return decodeStructuredData(
    { target, id: attributes.id, format: InputFormat.cloudEventStructured },
    envelope,
  );
}

function decodeStructuredData(context: CloudEventContext, envelope: JsonObject): DecodeResult {
  const data = envelope['data'] ?? undefined;
  const dataBase64 = envelope['data_base64'] ?? undefined;
  const dataContentType = envelope['datacontenttype'] ?? undefined;
  if (data !== undefined && dataBase64 !== undefined) {
    return decodeFailure(
      DecodeFailureReason.invalidCloudEvent,
      'cloud event has both data and data_base64',
    );
  }
  if (dataContentType !== undefined && typeof dataContentType !== 'string') {
    return decodeFailure(DecodeFailureReason.invalidCloudEvent, 'datacontenttype is not a string');
  }
  if (dataBase64 !== undefined) return decodeBase64Data(context, dataBase64, dataContentType);
  if (data !== undefined) return decodeJsonData(context, data, dataContentType);
  return decodeFailure(DecodeFailureReason.emptyPayload, 'cloud event has no data');
}

function decodeJsonData(
  context: CloudEventContext,
  data: unknown,
  dataContentType: string | undefined,
): DecodeResult {
  // With no datacontenttype, the JSON event format says data is JSON.
  if (dataContentType !== undefined) {
    const encoding = dataEncodingOf(dataContentType, 'datacontenttype');
    if (isDecodeFailure(encoding)) return encoding;
    if (encoding !== MediaKind.json) {
      return decodeFailure(
        DecodeFailureReason.unsupportedContentType,
        `datacontenttype "${dataContentType}" needs data_base64, not data`,
      );
    }
  }
  return decodeCloudEventJson(context, data);
}

const base64Text = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64Data(
  context: CloudEventContext,
  dataBase64: unknown,
  dataContentType: string | undefined,
): DecodeResult {
  if (
    typeof dataBase64 !== 'string' ||
    !base64Text.test(dataBase64) ||
    dataBase64.length % 4 === 1
  ) {
    return decodeFailure(DecodeFailureReason.invalidCloudEvent, 'data_base64 is not base64 text');
  }
  const bytes = Buffer.from(dataBase64, 'base64');
  if (bytes.length === 0) {
    return decodeFailure(DecodeFailureReason.emptyPayload, 'data_base64 is empty');
  }
  // Binary data with no datacontenttype is taken to be the protobuf message itself.
  const encoding =
    dataContentType === undefined
      ? MediaKind.protobuf
      : dataEncodingOf(dataContentType, 'datacontenttype');
  if (isDecodeFailure(encoding)) return encoding;
  return decodeCloudEventBytes(context, encoding, bytes);
}
