import { readRequiredAttributes, requiredAttributeNames } from './cloud-event-attributes.js';
import { decodeCloudEventBytes, dataEncodingOf } from './cloud-event-data.js';
import { cloudEventTargetOf } from './cloud-event-type.js';
import {
  DecodeFailureReason,
  InputFormat,
  decodeFailure,
  isDecodeFailure,
  type DecodeResult,
} from './decode-result.js';
import type { LowerCaseHeaders } from './headers.js';

/** True when any required CloudEvents attribute travels as a header, so the record claims binary mode. */
export function hasCloudEventHeaders(headers: LowerCaseHeaders, prefix: string): boolean {
  return requiredAttributeNames.some((attribute) => headers.has(prefix + attribute));
}

/**
 * Binary content mode: attributes in headers (`ce_id` on Kafka, `ce-id` on HTTP),
 * data in the body, encoded as its `content-type` says.
 */
export function decodeBinaryCloudEvent(
  body: Uint8Array,
  headers: LowerCaseHeaders,
  prefix: string,
): DecodeResult {
  const attributes = readRequiredAttributes(
    (attribute) => headers.get(prefix + attribute),
    (attribute) => prefix + attribute,
  );
  if (isDecodeFailure(attributes)) return attributes;
  const target = cloudEventTargetOf(attributes.type);
  if (isDecodeFailure(target)) return target;
  const contentType = headers.get('content-type');
  if (contentType === undefined) {
    return decodeFailure(
      DecodeFailureReason.unsupportedContentType,
      'binary-mode cloud event has no content-type',
    );
  }
  const encoding = dataEncodingOf(contentType, 'content-type');
  if (isDecodeFailure(encoding)) return encoding;
  const context = { target, id: attributes.id, format: InputFormat.cloudEventBinary };
  return decodeCloudEventBytes(context, encoding, body);
}
