import { describe, expect, it } from 'vitest';
import {
  NodeExecution_Phase,
  TaskExecution_Phase,
  WorkflowExecution_Phase,
} from '../../../src/gen/flyteidl/core/execution.js';
import { ResourceType } from '../../../src/gen/flyteidl/core/identifier.js';
import {
  encodeRequest,
  executionKeyOf,
  type FlyteRequest,
} from '../../../src/events/flyte-request.js';
import { generateExecution } from '../../../src/produce/synthetic-executions.js';
import {
  attemptsByNode,
  isTerminalNode,
  micros,
  nodeIdOf,
  workflowPhases,
} from './execution-checks.js';

const START_MS = Date.UTC(2025, 5, 1, 12);
const MAX_RETRIES = 2;
const SAMPLE = Array.from({ length: 300 }, (_, index) =>
  generateExecution({
    seed: 11,
    index,
    startMs: START_MS,
    failureRate: 0.3,
    maxRetries: MAX_RETRIES,
  }),
);

function bytesOf(events: readonly FlyteRequest[]): string[] {
  return events.map((e) => Buffer.from(encodeRequest(e)).toString('hex'));
}

describe('generateExecution', () => {
  it('returns identical bytes for the same seed and index', () => {
    const options = { seed: 42, index: 7, startMs: START_MS };
    expect(bytesOf(generateExecution(options))).toEqual(bytesOf(generateExecution(options)));
  });

  it('returns a different execution for another seed or index', () => {
    const base = bytesOf(generateExecution({ seed: 42, index: 7, startMs: START_MS }));
    expect(bytesOf(generateExecution({ seed: 43, index: 7, startMs: START_MS }))).not.toEqual(base);
    expect(bytesOf(generateExecution({ seed: 42, index: 8, startMs: START_MS }))).not.toEqual(base);
  });

  it('starts with a workflow event at startMs, before any node event', () => {
    for (const events of SAMPLE) {
      const first = events[0];
      expect(first?.type).toBe('workflow');
      expect(first?.message.event?.occurredAt).toEqual({
        seconds: String(START_MS / 1000),
        nanos: 0,
      });
      expect(workflowPhases(events)[0]).toBe(WorkflowExecution_Phase.RUNNING);
    }
  });

  it('keeps occurredAt strictly increasing, by at least a millisecond', () => {
    for (const events of SAMPLE) {
      for (let i = 1; i < events.length; i++) {
        const gap =
          micros(events[i]?.message.event?.occurredAt) -
          micros(events[i - 1]?.message.event?.occurredAt);
        expect(gap).toBeGreaterThanOrEqual(1000n);
      }
    }
  });

  it('uses one execution identity throughout, with a Flyte-style name', () => {
    for (const events of SAMPLE) {
      const keys = new Set(events.map((e) => executionKeyOf(e)));
      expect(keys.size).toBe(1);
      const [, , name] = [...keys][0]?.split('/') ?? [];
      expect(name).toMatch(/^a[bcdfghjklmnpqrstvwxz2456789]{19}$/);
    }
    const names = new Set(SAMPLE.map((events) => executionKeyOf(events[0]!)));
    expect(names.size).toBe(SAMPLE.length);
  });

  it('gives every request its own uuid-shaped request id', () => {
    const ids = SAMPLE.flat().map((e) => e.message.requestId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50))
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('reports each node id once: queued once and finished once, from propeller', () => {
    for (const events of SAMPLE) {
      const nodeEvents = events.filter((e) => e.type === 'node');
      const queued = nodeEvents
        .filter((e) => e.message.event?.phase === NodeExecution_Phase.QUEUED)
        .map(nodeIdOf);
      const finished = nodeEvents.filter(isTerminalNode).map(nodeIdOf);
      expect(new Set(queued).size).toBe(queued.length);
      expect([...finished].sort()).toEqual([...queued].sort());
      for (const event of nodeEvents) {
        expect(event.message.event?.producerId).toBe('propeller');
        expect(event.message.event?.specNodeId).toBe(nodeIdOf(event));
        expect(event.message.event?.nodeName).not.toBe('');
        expect(nodeIdOf(event)).toMatch(/^(start-node|end-node|n\d+)$/);
      }
    }
  });

  it('runs the end node only after every other node has finished', () => {
    for (const events of SAMPLE) {
      const endIndex = events.findIndex((e) => nodeIdOf(e) === 'end-node');
      if (endIndex < 0) continue;
      const lastOtherNode = events.findLastIndex(
        (e) => e.type !== 'workflow' && nodeIdOf(e) !== 'end-node',
      );
      expect(endIndex).toBeGreaterThan(lastOtherNode);
    }
  });

  it('numbers task attempts from 0 and runs each as QUEUED, RUNNING, then one outcome', () => {
    for (const events of SAMPLE) {
      for (const attempts of attemptsByNode(events).values()) {
        expect(attempts.map((a) => a.retryAttempt)).toEqual(attempts.map((_, i) => i));
        for (const { phases } of attempts) {
          expect(phases[0]).toBe(TaskExecution_Phase.QUEUED);
          expect(phases.slice(1, -1).every((p) => p === TaskExecution_Phase.RUNNING)).toBe(true);
          expect([TaskExecution_Phase.SUCCEEDED, TaskExecution_Phase.FAILED]).toContain(
            phases.at(-1),
          );
        }
      }
    }
  });

  it('follows a failed attempt with the next, unless it was the last, which fails the workflow', () => {
    let retriedThenSucceeded = 0;
    let exhausted = 0;
    for (const events of SAMPLE) {
      const finalPhase = workflowPhases(events).at(-1);
      for (const attempts of attemptsByNode(events).values()) {
        attempts.forEach((attempt, i) => {
          if (attempt.phases.at(-1) !== TaskExecution_Phase.FAILED) {
            expect(i).toBe(attempts.length - 1);
            if (i > 0) retriedThenSucceeded++;
            return;
          }
          if (attempt.retryAttempt < MAX_RETRIES) {
            expect(attempts[i + 1]?.retryAttempt).toBe(attempt.retryAttempt + 1);
          } else {
            expect(i).toBe(attempts.length - 1);
            expect(finalPhase).toBe(WorkflowExecution_Phase.FAILED);
            exhausted++;
          }
        });
      }
    }
    expect(retriedThenSucceeded).toBeGreaterThan(0);
    expect(exhausted).toBeGreaterThan(0);
  });

  it('carries an ExecutionError on every failure and an output URI on every success', () => {
    for (const events of SAMPLE) {
      for (const event of events) {
        const result = event.message.event?.outputResult;
        const phase = event.message.event?.phase;
        const failed =
          (event.type === 'task' && phase === TaskExecution_Phase.FAILED) ||
          (event.type === 'node' && phase === NodeExecution_Phase.FAILED) ||
          (event.type === 'workflow' && phase === WorkflowExecution_Phase.FAILED);
        if (failed) {
          expect(result?.oneofKind).toBe('error');
          if (result?.oneofKind === 'error') {
            expect(result.error.code).not.toBe('');
            expect(result.error.kind).toBeGreaterThan(0);
          }
        }
        if (event.type === 'workflow' && phase === WorkflowExecution_Phase.SUCCEEDED) {
          expect(result?.oneofKind).toBe('outputUri');
        }
      }
    }
  });

  it('ends with SUCCEEDED after the end node, or FAILED after a failed node and without one', () => {
    for (const events of SAMPLE) {
      const phases = workflowPhases(events);
      const hasEndNode = events.some((e) => nodeIdOf(e) === 'end-node');
      const failedNodes = events.filter(
        (e) => e.type === 'node' && e.message.event?.phase === NodeExecution_Phase.FAILED,
      );
      if (phases.at(-1) === WorkflowExecution_Phase.SUCCEEDED) {
        expect(phases).toEqual([
          WorkflowExecution_Phase.RUNNING,
          WorkflowExecution_Phase.SUCCEEDING,
          WorkflowExecution_Phase.SUCCEEDED,
        ]);
        expect(hasEndNode).toBe(true);
        expect(failedNodes).toHaveLength(0);
      } else {
        expect(phases).toEqual([
          WorkflowExecution_Phase.RUNNING,
          WorkflowExecution_Phase.FAILING,
          WorkflowExecution_Phase.FAILED,
        ]);
        expect(hasEndNode).toBe(false);
        expect(failedNodes).toHaveLength(1);
      }
      expect(events.at(-1)?.type).toBe('workflow');
    }
  });

  it('names tasks by registered TASK identifiers in the execution project and domain', () => {
    for (const events of SAMPLE) {
      const [project, domain] = executionKeyOf(events[0]!)?.split('/') ?? [];
      for (const event of events) {
        if (event.type !== 'task') continue;
        const taskId = event.message.event?.taskId;
        expect(taskId?.resourceType).toBe(ResourceType.TASK);
        expect(taskId?.project).toBe(project);
        expect(taskId?.domain).toBe(domain);
        expect(taskId?.name).toMatch(/^[a-z_]+\.[a-z_]+\.[a-z_]+$/);
        expect(taskId?.version).toHaveLength(22);
      }
    }
  });

  it('reports logs, custom info and phase versions on RUNNING task events', () => {
    const running = SAMPLE.flat().filter(
      (e) => e.type === 'task' && e.message.event?.phase === TaskExecution_Phase.RUNNING,
    );
    expect(running.length).toBeGreaterThan(0);
    for (const event of running) {
      if (event.type !== 'task') continue;
      expect(event.message.event?.logs.length).toBeGreaterThan(0);
      expect(Object.keys(event.message.event?.customInfo?.fields ?? {})).toContain('podName');
    }
    const versions = new Set(
      running.map((e) => (e.type === 'task' ? e.message.event?.phaseVersion : -1)),
    );
    expect(versions).toEqual(new Set([0, 1]));
  });

  it('honours the project, domain and node-count options', () => {
    const events = generateExecution({
      seed: 3,
      index: 0,
      startMs: START_MS,
      project: 'payments',
      domain: 'production',
      nodesPerWorkflow: { min: 9, max: 9 },
      failureRate: 0,
    });
    expect(executionKeyOf(events[0]!)).toMatch(/^payments\/production\//);
    const taskNodes = new Set(events.map(nodeIdOf).filter((id) => id?.startsWith('n')));
    expect(taskNodes.size).toBe(9);
  });

  it('fails every execution at failureRate 1 and none at failureRate 0', () => {
    const outcome = (failureRate: number) =>
      Array.from({ length: 40 }, (_, index) =>
        workflowPhases(generateExecution({ seed: 5, index, startMs: START_MS, failureRate })).at(
          -1,
        ),
      );
    expect(new Set(outcome(1))).toEqual(new Set([WorkflowExecution_Phase.FAILED]));
    expect(new Set(outcome(0))).toEqual(new Set([WorkflowExecution_Phase.SUCCEEDED]));
  });

  it('shrinks simulated durations by timeScale, keeping events a millisecond apart', () => {
    const spanMs = (timeScale: number) => {
      const events = generateExecution({ seed: 8, index: 2, startMs: START_MS, timeScale });
      const last = micros(events.at(-1)?.message.event?.occurredAt);
      return { ms: Number(last / 1000n) - START_MS, count: events.length };
    };
    const realistic = spanMs(1);
    const compressed = spanMs(0.001);
    expect(compressed.count).toBe(realistic.count);
    expect(realistic.ms).toBeGreaterThan(60_000);
    expect(compressed.ms).toBeLessThan(realistic.ms / 10);
    expect(compressed.ms).toBeGreaterThanOrEqual(compressed.count - 1);
  });
});
