import type {
  NodeExecutionEventRequest,
  TaskExecutionEventRequest,
  WorkflowExecutionEventRequest,
} from '../gen/flyteidl/admin/event.js';
import type { Timestamp } from '../gen/google/protobuf/timestamp.js';
import { MESSAGE_TYPES, MessageName, type EventType } from './event-type.js';

/** One decoded request message, tagged with its kind. */
export type FlyteRequest =
  | { readonly type: 'workflow'; readonly message: WorkflowExecutionEventRequest }
  | { readonly type: 'node'; readonly message: NodeExecutionEventRequest }
  | { readonly type: 'task'; readonly message: TaskExecutionEventRequest };

export function encodeRequest(request: FlyteRequest): Uint8Array {
  switch (request.type) {
    case 'workflow':
      return MESSAGE_TYPES.workflow.toBinary(request.message);
    case 'node':
      return MESSAGE_TYPES.node.toBinary(request.message);
    case 'task':
      return MESSAGE_TYPES.task.toBinary(request.message);
  }
}

export function decodeRequest(type: EventType, bytes: Uint8Array): FlyteRequest {
  const readOptions = { readUnknownField: true };
  switch (type) {
    case 'workflow':
      return { type, message: MESSAGE_TYPES.workflow.fromBinary(bytes, readOptions) };
    case 'node':
      return { type, message: MESSAGE_TYPES.node.fromBinary(bytes, readOptions) };
    case 'task':
      return { type, message: MESSAGE_TYPES.task.fromBinary(bytes, readOptions) };
  }
}

export function requestFromJson(type: EventType, json: unknown): FlyteRequest {
  // Unknown fields are tolerated so that a newer Flyte release does not stop the stream.
  const options = { ignoreUnknownFields: true };
  const value = json as never;
  switch (type) {
    case 'workflow':
      return { type, message: MESSAGE_TYPES.workflow.fromJson(value, options) };
    case 'node':
      return { type, message: MESSAGE_TYPES.node.fromJson(value, options) };
    case 'task':
      return { type, message: MESSAGE_TYPES.task.fromJson(value, options) };
  }
}

export function requestToJson(request: FlyteRequest): unknown {
  switch (request.type) {
    case 'workflow':
      return MESSAGE_TYPES.workflow.toJson(request.message);
    case 'node':
      return MESSAGE_TYPES.node.toJson(request.message);
    case 'task':
      return MESSAGE_TYPES.task.toJson(request.message);
  }
}

export function messageNameOf(request: FlyteRequest): MessageName {
  return MessageName[request.type];
}

/** Execution identity `project/domain/name`: the partition key that keeps one execution in order. */
export function executionKeyOf(request: FlyteRequest): string | undefined {
  const id = executionIdOf(request);
  if (!id || !id.project || !id.domain || !id.name) return undefined;
  return `${id.project}/${id.domain}/${id.name}`;
}

function executionIdOf(
  request: FlyteRequest,
): { project: string; domain: string; name: string } | undefined {
  switch (request.type) {
    case 'workflow':
      return request.message.event?.executionId;
    case 'node':
      return request.message.event?.id?.executionId;
    case 'task':
      return request.message.event?.parentNodeExecutionId?.executionId;
  }
}

export function occurredAtOf(request: FlyteRequest): Date | undefined {
  const at: Timestamp | undefined = request.message.event?.occurredAt;
  if (!at) return undefined;
  return new Date(Number(at.seconds) * 1000 + Math.floor(at.nanos / 1e6));
}
