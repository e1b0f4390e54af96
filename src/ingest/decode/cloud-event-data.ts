import {
  DecodeFailureReason,
  decodeFailure,
  type DecodeFailure,
  type DecodeResult,
  type InputFormat,
} from './decode-result.js';
import { DataShape, type CloudEventTarget } from './cloud-event-type.js';
import { MediaKind, mediaKindOf, parseContentType } from './content-type.js';
import { parseJsonBytes } from './json-bytes.js';
import { requestFromJsonValue, requestFromProtobuf } from './request-decoder.js';
import { wrappedRequestFromJsonValue, wrappedRequestFromProtobuf } from './wrapped-event.js';

/** What decoding the data of one cloud event needs to know about the event. */
export interface CloudEventContext {
  readonly target: CloudEventTarget;
  readonly id: string;
  readonly format: InputFormat;
}

export type DataEncoding = typeof MediaKind.protobuf | typeof MediaKind.json;

/** Maps a data content type to how the data is encoded, or fails with the type in the detail. */
export function dataEncodingOf(
  contentType: string,
  attribute: string,
): DataEncoding | DecodeFailure {
  const kind = mediaKindOf(parseContentType(contentType));
  if (kind === MediaKind.protobuf || kind === MediaKind.json) return kind;
  return decodeFailure(
    DecodeFailureReason.unsupportedContentType,
    `${attribute} "${contentType}" is neither JSON nor protobuf`,
  );
}

export function decodeCloudEventBytes(
  context: CloudEventContext,
  encoding: DataEncoding,
  bytes: Uint8Array,
): DecodeResult {
  if (encoding === MediaKind.json) {
    const parsed = parseJsonBytes(bytes);
    return parsed.ok ? decodeCloudEventJson(context, parsed.value) : parsed;
  }
  const { target, id, format } = context;
  return target.shape === DataShape.wrapped
    ? wrappedRequestFromProtobuf(target.type, bytes, id, format)
    : requestFromProtobuf(target.type, bytes, format);
}

export function decodeCloudEventJson(context: CloudEventContext, json: unknown): DecodeResult {
  const { target, id, format } = context;
  return target.shape === DataShape.wrapped
    ? wrappedRequestFromJsonValue(target.type, json, id, format)
    : requestFromJsonValue(target.type, json, format);
}
