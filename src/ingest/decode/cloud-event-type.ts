import { eventTypeOfMessageName, type EventType } from '../../events/event-type.js';
import { DecodeFailureReason, decodeFailure, type DecodeFailure } from './decode-result.js';

/** How the data of a cloud event relates to the admin request. */
export const DataShape = {
  /** The data is the admin request itself. */
  request: 'request',
  /** The data is a version 2 `flyteidl.event.CloudEvent*Execution` around the raw event. */
  wrapped: 'wrapped',
} as const;
export type DataShape = (typeof DataShape)[keyof typeof DataShape];

export interface CloudEventTarget {
  readonly type: EventType;
  readonly shape: DataShape;
}

/** FlyteAdmin prefixes the message name with this in `ce_type`. */
export const flyteCloudEventTypePrefix = 'com.flyte.resource.';

const wrappedTypes: ReadonlyMap<string, EventType> = new Map([
  [`${flyteCloudEventTypePrefix}cloudevents.WorkflowExecution`, 'workflow'],
  [`${flyteCloudEventTypePrefix}cloudevents.NodeExecution`, 'node'],
  [`${flyteCloudEventTypePrefix}cloudevents.TaskExecution`, 'task'],
]);

/**
 * Accepts `com.flyte.resource.<message name>` (FlyteAdmin's first sender), the bare
 * message name, and FlyteAdmin's version 2 types. Anything else, such as
 * `com.flyte.resource.cloudevents.ExecutionStart`, is a message this service does not handle.
 */
export function cloudEventTargetOf(ceType: string): CloudEventTarget | DecodeFailure {
  const wrapped = wrappedTypes.get(ceType);
  if (wrapped !== undefined) return { type: wrapped, shape: DataShape.wrapped };
  const name = ceType.startsWith(flyteCloudEventTypePrefix)
    ? ceType.slice(flyteCloudEventTypePrefix.length)
    : ceType;
  const type = eventTypeOfMessageName(name);
  if (type !== undefined) return { type, shape: DataShape.request };
  return decodeFailure(
    DecodeFailureReason.unknownMessageName,
    `cloud event type "${ceType}" is not a handled event`,
  );
}
