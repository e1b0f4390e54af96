import { WorkflowExecution_Phase } from '../gen/flyteidl/core/execution.js';
import type { EventType } from '../events/event-type.js';
import { executionKeyOf, type FlyteRequest } from '../events/flyte-request.js';
import { phaseNameOf } from './phase-names.js';

export interface ExecutionCounts {
  workflow: number;
  node: number;
  task: number;
  /** The last terminal workflow phase seen (SUCCEEDED, FAILED, ...), if any. */
  finalPhase: string | undefined;
}

/** What a run generated, to compare what reached a destination against. */
export interface EventSummary {
  total: number;
  byType: Record<EventType, number>;
  /** Phase name counts per event type, e.g. byPhase.task.FAILED. */
  byPhase: Record<EventType, Record<string, number>>;
  /** Counts per execution, keyed `project/domain/name`. */
  byExecution: Record<string, ExecutionCounts>;
  executions: number;
  succeededExecutions: number;
  failedExecutions: number;
}

const TERMINAL_WORKFLOW_PHASES: ReadonlySet<WorkflowExecution_Phase> = new Set([
  WorkflowExecution_Phase.SUCCEEDED,
  WorkflowExecution_Phase.FAILED,
  WorkflowExecution_Phase.ABORTED,
  WorkflowExecution_Phase.TIMED_OUT,
]);

/** Counts events one at a time, so a producer can tally a stream it does not keep. */
export class EventTally {
  private readonly summary: EventSummary = {
    total: 0,
    byType: { workflow: 0, node: 0, task: 0 },
    byPhase: { workflow: {}, node: {}, task: {} },
    byExecution: {},
    executions: 0,
    succeededExecutions: 0,
    failedExecutions: 0,
  };

  add(request: FlyteRequest): void {
    const summary = this.summary;
    summary.total++;
    summary.byType[request.type]++;
    const phase = phaseNameOf(request);
    const phases = summary.byPhase[request.type];
    phases[phase] = (phases[phase] ?? 0) + 1;
    const counts = this.countsOf(executionKeyOf(request) ?? '');
    counts[request.type]++;
    if (request.type === 'workflow' && request.message.event) {
      const workflowPhase = request.message.event.phase;
      if (TERMINAL_WORKFLOW_PHASES.has(workflowPhase)) counts.finalPhase = phase;
    }
  }

  /** A snapshot; outcome totals are derived from each execution's final phase. */
  result(): EventSummary {
    const executions = Object.values(this.summary.byExecution);
    return structuredClone({
      ...this.summary,
      executions: executions.length,
      succeededExecutions: executions.filter((e) => e.finalPhase === 'SUCCEEDED').length,
      failedExecutions: executions.filter((e) => e.finalPhase === 'FAILED').length,
    });
  }

  private countsOf(key: string): ExecutionCounts {
    const existing = this.summary.byExecution[key];
    if (existing) return existing;
    const created: ExecutionCounts = { workflow: 0, node: 0, task: 0, finalPhase: undefined };
    this.summary.byExecution[key] = created;
    return created;
  }
}

export function summarizeEvents(events: Iterable<FlyteRequest>): EventSummary {
  const tally = new EventTally();
  for (const event of events) tally.add(event);
  return tally.result();
}
