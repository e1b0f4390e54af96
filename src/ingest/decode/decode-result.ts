import type { FlyteRequest } from '../../events/flyte-request.js';

/** Why a record could not become a request; the ingest dead-letter header carries this code. */
export const DecodeFailureReason = {
  emptyPayload: 'empty_payload',
  /** A header, path or ce_type names a message this service does not handle. */
  unknownMessageName: 'unknown_message_name',
  /** Nothing on the record says which message it is. */
  missingMessageName: 'missing_message_name',
  invalidProtobuf: 'invalid_protobuf',
  /** Not JSON, or JSON that is not the message. */
  invalidJson: 'invalid_json',
  /** Bad or missing required CloudEvents attributes. */
  invalidCloudEvent: 'invalid_cloud_event',
  unsupportedContentType: 'unsupported_content_type',
  /** The message decodes but has no project/domain/name to key it by. */
  missingExecutionId: 'missing_execution_id',
} as const;
export type DecodeFailureReason = (typeof DecodeFailureReason)[keyof typeof DecodeFailureReason];

/** How the record was framed on the wire. */
export const InputFormat = {
  protobuf: 'protobuf',
  cloudEventBinary: 'cloudevent-binary',
  cloudEventStructured: 'cloudevent-structured',
} as const;
export type InputFormat = (typeof InputFormat)[keyof typeof InputFormat];

export interface DecodedRequest {
  readonly ok: true;
  readonly request: FlyteRequest;
  readonly format: InputFormat;
  /** The exact protobuf bytes of the request, as they go onto the internal topic. */
  readonly payload: Uint8Array;
}

export interface DecodeFailure {
  readonly ok: false;
  readonly reason: DecodeFailureReason;
  /** Short and free of payload content; at most the first message of the parser. */
  readonly detail: string;
}

export type DecodeResult = DecodedRequest | DecodeFailure;

const maxDetailChars = 200;

export function decodeFailure(reason: DecodeFailureReason, detail: string): DecodeFailure {
  const short =
    detail.length > maxDetailChars ? `${detail.slice(0, maxDetailChars - 3)}...` : detail;
  return { ok: false, reason, detail: short };
}

export function errorMessageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isDecodeFailure(value: unknown): value is DecodeFailure {
  return typeof value === 'object' && value !== null && 'ok' in value && value.ok === false;
}
