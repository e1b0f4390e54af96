import type { PartialMessage } from '@protobuf-ts/runtime';
import {
  NodeExecutionEventRequest,
  TaskExecutionEventRequest,
  WorkflowExecutionEventRequest,
} from '../gen/flyteidl/admin/event.js';
import { ExecutionError } from '../gen/flyteidl/core/execution.js';
import type {
  NodeExecutionEvent,
  TaskExecutionEvent,
  WorkflowExecutionEvent,
} from '../gen/flyteidl/event/event.js';
import type { Timestamp } from '../gen/google/protobuf/timestamp.js';
import type { FlyteRequest } from '../events/flyte-request.js';
import type { EventClock } from './event-clock.js';
import type { ExecutionPlan } from './execution-plan.js';
import type { SeededRandom } from './seeded-random.js';

/** Everything the builders of one execution share. */
export interface ExecutionContext {
  readonly plan: ExecutionPlan;
  readonly random: SeededRandom;
  readonly clock: EventClock;
}

/** Fields every event carries; the timing comes from the execution's clock. */
export interface Stamp {
  readonly occurredAt: Timestamp;
  readonly reportedAt: Timestamp;
}

/** Events are sent by FlytePropeller, which names itself in producerId. */
export const PRODUCER_ID = 'propeller';
const METADATA_BUCKET = 's3://flyte-metadata/metadata/propeller';

/** The stamp of an execution's first event, at exactly its start time. */
export function firstStamp(context: ExecutionContext): Stamp {
  const occurredAt = context.clock.now();
  return { occurredAt, reportedAt: context.clock.shortlyAfter(occurredAt) };
}

export function stampAfter(context: ExecutionContext, minMs: number, maxMs: number): Stamp {
  const occurredAt = context.clock.advance(minMs, maxMs);
  return { occurredAt, reportedAt: context.clock.shortlyAfter(occurredAt) };
}

/** Where propeller keeps a node's data: `<bucket>/<project>-<domain>-<name>/<node>/data`. */
export function nodeDataUri(plan: ExecutionPlan, nodeId: string): string {
  const { project, domain, name } = plan.executionId;
  return `${METADATA_BUCKET}/${project}-${domain}-${name}/${nodeId}/data`;
}

export function workflowRequest(
  context: ExecutionContext,
  stamp: Stamp,
  event: PartialMessage<WorkflowExecutionEvent>,
): FlyteRequest {
  const message = WorkflowExecutionEventRequest.create({
    requestId: context.random.uuid(),
    event: {
      executionId: context.plan.executionId,
      producerId: PRODUCER_ID,
      occurredAt: stamp.occurredAt,
      ...event,
    },
  });
  return { type: 'workflow', message };
}

export function nodeRequest(
  context: ExecutionContext,
  stamp: Stamp,
  nodeId: string,
  event: PartialMessage<NodeExecutionEvent>,
): FlyteRequest {
  const message = NodeExecutionEventRequest.create({
    requestId: context.random.uuid(),
    event: {
      id: { nodeId, executionId: context.plan.executionId },
      producerId: PRODUCER_ID,
      occurredAt: stamp.occurredAt,
      reportedAt: stamp.reportedAt,
      specNodeId: nodeId,
      retryGroup: '0',
      eventVersion: 2,
      ...event,
    },
  });
  return { type: 'node', message };
}

export function taskRequest(
  context: ExecutionContext,
  stamp: Stamp,
  nodeId: string,
  event: PartialMessage<TaskExecutionEvent>,
): FlyteRequest {
  const message = TaskExecutionEventRequest.create({
    requestId: context.random.uuid(),
    event: {
      parentNodeExecutionId: { nodeId, executionId: context.plan.executionId },
      producerId: PRODUCER_ID,
      occurredAt: stamp.occurredAt,
      reportedAt: stamp.reportedAt,
      ...event,
    },
  });
  return { type: 'task', message };
}

export function errorResult(error: PartialMessage<ExecutionError>) {
  return { oneofKind: 'error', error: ExecutionError.create(error) } as const;
}

export function outputUriResult(outputUri: string) {
  return { oneofKind: 'outputUri', outputUri } as const;
}

export function inputUriValue(inputUri: string) {
  return { oneofKind: 'inputUri', inputUri } as const;
}
