import { MESSAGE_TYPES, MessageName } from '../../../src/events/event-type.js';
import { eventIdOf } from '../../../src/events/event-id.js';
import {
  encodeRequest,
  executionKeyOf,
  occurredAtOf,
  type FlyteRequest,
} from '../../../src/events/flyte-request.js';
import type { EgressEvent } from '../../../src/events/internal-record.js';

const project = 'flytesnacks';
const domain = 'development';
const occurredAt = { seconds: '1700000000', nanos: 0 };

/** One event per kind for execution `name`; `step` makes each event distinct. */
export function workflowEvent(name: string, step: number, producerId = 'propeller'): EgressEvent {
  return toEgressEvent({
    type: 'workflow',
    message: MESSAGE_TYPES.workflow.create({
      requestId: `wf-${name}-${step}`,
      event: {
        executionId: { project, domain, name },
        producerId,
        phase: 1 + (step % 4),
        occurredAt: { ...occurredAt, nanos: step * 1000 },
      },
    }),
  });
}

export function nodeEvent(name: string, step: number): EgressEvent {
  return toEgressEvent({
    type: 'node',
    message: MESSAGE_TYPES.node.create({
      requestId: `node-${name}-${step}`,
      event: {
        id: { nodeId: `n${step}`, executionId: { project, domain, name } },
        producerId: 'propeller',
        phase: 3,
        occurredAt: { ...occurredAt, nanos: step * 1000 },
        nodeName: `node-${step}`,
      },
    }),
  });
}

export function taskEvent(name: string, step: number): EgressEvent {
  return toEgressEvent({
    type: 'task',
    message: MESSAGE_TYPES.task.create({
      requestId: `task-${name}-${step}`,
      event: {
        taskId: { resourceType: 1, project, domain, name: 'core.train', version: 'v1' },
        parentNodeExecutionId: { nodeId: 'n0', executionId: { project, domain, name } },
        retryAttempt: 0,
        phase: 3,
        producerId: 'propeller',
        occurredAt: { ...occurredAt, nanos: step * 1000 },
        phaseVersion: step,
      },
    }),
  });
}

/** A workflow event whose protobuf encoding is at least `bytes` long. */
export function largeWorkflowEvent(name: string, bytes: number): EgressEvent {
  return workflowEvent(name, 0, 'p'.repeat(bytes));
}

function toEgressEvent(request: FlyteRequest): EgressEvent {
  return {
    type: request.type,
    messageName: MessageName[request.type],
    eventId: eventIdOf(request),
    executionKey: executionKeyOf(request) ?? '',
    payload: encodeRequest(request),
    occurredAtMs: occurredAtOf(request)?.getTime(),
    source: { topic: 'egress-internal', partition: 0, offset: '0' },
  };
}
