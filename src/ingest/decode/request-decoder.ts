import { UnknownFieldHandler } from '@protobuf-ts/runtime';
import { MessageName, type EventType } from '../../events/event-type.js';
import {
  decodeRequest,
  encodeRequest,
  executionKeyOf,
  requestFromJson,
  type FlyteRequest,
} from '../../events/flyte-request.js';
import {
  DecodeFailureReason,
  decodeFailure,
  errorMessageOf,
  type DecodeResult,
  type InputFormat,
} from './decode-result.js';

/** Binary protobuf of the request itself: the payload is the input, byte for byte. */
export function requestFromProtobuf(
  type: EventType,
  bytes: Uint8Array,
  format: InputFormat,
): DecodeResult {
  let request: FlyteRequest;
  try {
    request = decodeRequest(type, bytes);
  } catch (error) {
    return invalidProtobuf(type, errorMessageOf(error));
  }
  // Protobuf parsing is permissive: stray bytes can read as a message made only of
  // unknown fields. Without an event among them it is not a request at all.
  if (!request.message.event && UnknownFieldHandler.list(request.message).length > 0) {
    return invalidProtobuf(type, 'bytes hold only unknown fields');
  }
  return acceptRequest(request, bytes, format);
}

/** Proto3 JSON of the request; the payload is the protobuf encoding of what was read. */
export function requestFromJsonValue(
  type: EventType,
  json: unknown,
  format: InputFormat,
): DecodeResult {
  let request: FlyteRequest;
  try {
    request = requestFromJson(type, json);
  } catch (error) {
    return decodeFailure(
      DecodeFailureReason.invalidJson,
      `not a ${MessageName[type]}: ${errorMessageOf(error)}`,
    );
  }
  return acceptRequest(request, encodeRequest(request), format);
}

/** Accepts a decoded request only when it has an execution identity to key it by. */
export function acceptRequest(
  request: FlyteRequest,
  payload: Uint8Array,
  format: InputFormat,
): DecodeResult {
  if (!request.message.event) {
    return decodeFailure(
      DecodeFailureReason.missingExecutionId,
      `${MessageName[request.type]} has no event`,
    );
  }
  if (executionKeyOf(request) === undefined) {
    return decodeFailure(
      DecodeFailureReason.missingExecutionId,
      `${request.type} event lacks an execution id with project, domain and name`,
    );
  }
  return { ok: true, request, format, payload };
}

function invalidProtobuf(type: EventType, why: string): DecodeResult {
  return decodeFailure(DecodeFailureReason.invalidProtobuf, `not a ${MessageName[type]}: ${why}`);
}
