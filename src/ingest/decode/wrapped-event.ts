import { MESSAGE_TYPES, MessageName, type EventType } from '../../events/event-type.js';
import { encodeRequest, type FlyteRequest } from '../../events/flyte-request.js';
import {
  CloudEventNodeExecution,
  CloudEventTaskExecution,
  CloudEventWorkflowExecution,
} from '../../gen/flyteidl/event/cloudevents.js';
import {
  DecodeFailureReason,
  decodeFailure,
  errorMessageOf,
  type DecodeResult,
  type InputFormat,
} from './decode-result.js';
import { isJsonObject } from './json-bytes.js';
import { acceptRequest, requestFromJsonValue } from './request-decoder.js';

/**
 * FlyteAdmin's version 2 cloud events wrap the raw event in
 * `flyteidl.event.CloudEvent*Execution` beside enrichment (output interface,
 * artifact ids, labels). Only the raw event is kept: it becomes the admin request
 * `{ requestId: <ce id>, event: rawEvent }`, the message every sink expects.
 */
export function wrappedRequestFromJsonValue(
  type: EventType,
  json: unknown,
  requestId: string,
  format: InputFormat,
): DecodeResult {
  if (!isJsonObject(json)) {
    return decodeFailure(DecodeFailureReason.invalidJson, 'cloud event data is not a JSON object');
  }
  // The enrichment is never parsed, so a field there that this release does not
  // know cannot fail the event.
  const rawEvent = json['rawEvent'] ?? json['raw_event'];
  const request = rawEvent === undefined ? { requestId } : { requestId, event: rawEvent };
  return requestFromJsonValue(type, request, format);
}

export function wrappedRequestFromProtobuf(
  type: EventType,
  bytes: Uint8Array,
  requestId: string,
  format: InputFormat,
): DecodeResult {
  let request: FlyteRequest;
  try {
    request = unwrapBinary(type, bytes, requestId);
  } catch (error) {
    return decodeFailure(
      DecodeFailureReason.invalidProtobuf,
      `not a wrapped ${MessageName[type]}: ${errorMessageOf(error)}`,
    );
  }
  return acceptRequest(request, encodeRequest(request), format);
}

// The raw event is assigned, not passed to create(), so that unknown fields read
// from a newer Flyte stay on it and are written back out.
function unwrapBinary(type: EventType, bytes: Uint8Array, requestId: string): FlyteRequest {
  const options = { readUnknownField: true };
  switch (type) {
    case 'workflow': {
      const message = MESSAGE_TYPES.workflow.create({ requestId });
      message.event = CloudEventWorkflowExecution.fromBinary(bytes, options).rawEvent;
      return { type, message };
    }
    case 'node': {
      const message = MESSAGE_TYPES.node.create({ requestId });
      message.event = CloudEventNodeExecution.fromBinary(bytes, options).rawEvent;
      return { type, message };
    }
    case 'task': {
      const message = MESSAGE_TYPES.task.create({ requestId });
      message.event = CloudEventTaskExecution.fromBinary(bytes, options).rawEvent;
      return { type, message };
    }
  }
}
