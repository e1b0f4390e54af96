import {
  NodeExecution_Phase,
  TaskExecution_Phase,
  WorkflowExecution_Phase,
} from '../gen/flyteidl/core/execution.js';
import type { FlyteRequest } from '../events/flyte-request.js';

/** The phase of a request's event by its protobuf name (RUNNING, FAILED, ...), as Go prints it. */
export function phaseNameOf(request: FlyteRequest): string {
  switch (request.type) {
    case 'workflow':
      return WorkflowExecution_Phase[request.message.event?.phase ?? 0] ?? 'UNKNOWN';
    case 'node':
      return NodeExecution_Phase[request.message.event?.phase ?? 0] ?? 'UNKNOWN';
    case 'task':
      return TaskExecution_Phase[request.message.event?.phase ?? 0] ?? 'UNKNOWN';
  }
}
