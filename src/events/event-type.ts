import {
  NodeExecutionEventRequest,
  TaskExecutionEventRequest,
  WorkflowExecutionEventRequest,
} from '../gen/flyteidl/admin/event.js';

/** The three kinds of execution event Flyte emits. */
export const EventType = {
  workflow: 'workflow',
  node: 'node',
  task: 'task',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];
export const EVENT_TYPES: readonly EventType[] = Object.values(EventType);

/** Full protobuf message names, as FlyteAdmin uses them for the SNS subject. */
export const MessageName = {
  workflow: 'flyteidl.admin.WorkflowExecutionEventRequest',
  node: 'flyteidl.admin.NodeExecutionEventRequest',
  task: 'flyteidl.admin.TaskExecutionEventRequest',
} as const satisfies Record<EventType, string>;
export type MessageName = (typeof MessageName)[EventType];

export const MESSAGE_TYPES = {
  workflow: WorkflowExecutionEventRequest,
  node: NodeExecutionEventRequest,
  task: TaskExecutionEventRequest,
} as const;

const typeByMessageName = new Map<string, EventType>(
  EVENT_TYPES.map((type) => [MessageName[type], type]),
);

/** Returns the event type for a full message name, or undefined when it is not one of ours. */
export function eventTypeOfMessageName(name: string): EventType | undefined {
  return typeByMessageName.get(name);
}
