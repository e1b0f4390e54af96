import {
  NodeExecution_Phase,
  type TaskExecution_Phase,
  type WorkflowExecution_Phase,
} from '../../../src/gen/flyteidl/core/execution.js';
import type { Timestamp } from '../../../src/gen/google/protobuf/timestamp.js';
import { executionKeyOf, type FlyteRequest } from '../../../src/events/flyte-request.js';

/** Test helpers that read generated events back the way a consumer would. */

export function groupByExecution(events: Iterable<FlyteRequest>): Map<string, FlyteRequest[]> {
  const groups = new Map<string, FlyteRequest[]>();
  for (const event of events) {
    const key = executionKeyOf(event) ?? '';
    const group = groups.get(key) ?? [];
    group.push(event);
    groups.set(key, group);
  }
  return groups;
}

export function nodeIdOf(event: FlyteRequest): string | undefined {
  if (event.type === 'node') return event.message.event?.id?.nodeId;
  if (event.type === 'task') return event.message.event?.parentNodeExecutionId?.nodeId;
  return undefined;
}

export function micros(at: Timestamp | undefined): bigint {
  if (!at) throw new Error('event has no occurredAt');
  return BigInt(at.seconds) * 1_000_000n + BigInt(Math.floor(at.nanos / 1000));
}

export function isTerminalNode(event: FlyteRequest): boolean {
  if (event.type !== 'node') return false;
  const phase = event.message.event?.phase;
  return phase === NodeExecution_Phase.SUCCEEDED || phase === NodeExecution_Phase.FAILED;
}

export function workflowPhases(events: readonly FlyteRequest[]): WorkflowExecution_Phase[] {
  return events.flatMap((e) => (e.type === 'workflow' ? [e.message.event?.phase ?? 0] : []));
}

export interface AttemptRecord {
  readonly retryAttempt: number;
  readonly phases: TaskExecution_Phase[];
}

/** Task attempts of each node, in the order they were reported. */
export function attemptsByNode(events: readonly FlyteRequest[]): Map<string, AttemptRecord[]> {
  const byNode = new Map<string, AttemptRecord[]>();
  for (const event of events) {
    if (event.type !== 'task' || !event.message.event) continue;
    const nodeId = nodeIdOf(event) ?? '';
    const attempts = byNode.get(nodeId) ?? [];
    const retryAttempt = event.message.event.retryAttempt;
    let current = attempts.at(-1);
    if (!current || current.retryAttempt !== retryAttempt) {
      current = { retryAttempt, phases: [] };
      attempts.push(current);
    }
    current.phases.push(event.message.event.phase);
    byNode.set(nodeId, attempts);
  }
  return byNode;
}
