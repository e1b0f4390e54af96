import { describe, expect, it } from 'vitest';
import {
  encodeRequest,
  executionKeyOf,
  type FlyteRequest,
} from '../../../src/events/flyte-request.js';
import { summarizeEvents, EventTally } from '../../../src/produce/event-summary.js';
import { generateExecution } from '../../../src/produce/synthetic-executions.js';
import { executionOptionsAt, generateEvents } from '../../../src/produce/synthetic-stream.js';
import { groupByExecution, micros } from './execution-checks.js';

const OPTIONS = { executions: 60, seed: 9, interleave: 8, failureRate: 0.2 } as const;

function hexOf(events: Iterable<FlyteRequest>): string[] {
  return [...events].map((e) => Buffer.from(encodeRequest(e)).toString('hex'));
}

describe('generateEvents', () => {
  it('yields identical bytes for the same options', () => {
    expect(hexOf(generateEvents(OPTIONS))).toEqual(hexOf(generateEvents(OPTIONS)));
  });

  it('yields every event of every execution, each execution in its own order', () => {
    const groups = groupByExecution(generateEvents(OPTIONS));
    expect(groups.size).toBe(OPTIONS.executions);
    const expected = Array.from({ length: OPTIONS.executions }, (_, index) =>
      generateExecution(executionOptionsAt(OPTIONS, index)),
    );
    for (const execution of expected) {
      const key = executionKeyOf(execution[0]!) ?? '';
      expect(hexOf(groups.get(key) ?? [])).toEqual(hexOf(execution));
    }
  });

  it('interleaves executions, with no more in flight than asked for', () => {
    const events = [...generateEvents(OPTIONS)];
    const remaining = new Map<string, number>();
    for (const [key, group] of groupByExecution(events)) remaining.set(key, group.length);
    const inFlight = new Set<string>();
    let switches = 0;
    let maxInFlight = 0;
    events.forEach((event, i) => {
      const key = executionKeyOf(event) ?? '';
      if (i > 0 && executionKeyOf(events[i - 1]!) !== key) switches++;
      inFlight.add(key);
      maxInFlight = Math.max(maxInFlight, inFlight.size);
      const left = (remaining.get(key) ?? 0) - 1;
      remaining.set(key, left);
      if (left === 0) inFlight.delete(key);
    });
    expect(maxInFlight).toBe(OPTIONS.interleave);
    expect(switches).toBeGreaterThan(OPTIONS.executions * 2);
  });

  it('sends executions one after another when interleave is 1', () => {
    const events = [...generateEvents({ ...OPTIONS, executions: 5, interleave: 1 })];
    const order = events.map((e) => executionKeyOf(e));
    const changes = order.filter((key, i) => i > 0 && key !== order[i - 1]).length;
    expect(changes).toBe(4);
  });

  it('merges the executions in flight by event time', () => {
    const events = [...generateEvents({ ...OPTIONS, interleave: 4 })];
    const seen = new Set<string>();
    for (let i = 1; i < events.length; i++) {
      const key = executionKeyOf(events[i]!) ?? '';
      const admitted = !seen.has(key);
      seen.add(key);
      // Time only goes back where a newly admitted execution starts earlier than what was sent.
      if (admitted) continue;
      expect(micros(events[i]?.message.event?.occurredAt)).toBeGreaterThanOrEqual(
        micros(events[i - 1]?.message.event?.occurredAt),
      );
    }
  });

  it('produces nothing for zero executions', () => {
    expect([...generateEvents({ executions: 0, seed: 1 })]).toEqual([]);
  });
});

describe('summarizeEvents', () => {
  it('counts by type, by phase and by execution exactly what was generated', () => {
    const events = [...generateEvents(OPTIONS)];
    const summary = summarizeEvents(events);
    expect(summary.total).toBe(events.length);
    for (const type of ['workflow', 'node', 'task'] as const) {
      expect(summary.byType[type]).toBe(events.filter((e) => e.type === type).length);
      const phaseTotal = Object.values(summary.byPhase[type]).reduce((a, b) => a + b, 0);
      expect(phaseTotal).toBe(summary.byType[type]);
    }
    expect(summary.executions).toBe(OPTIONS.executions);
    for (const [key, group] of groupByExecution(events)) {
      const counts = summary.byExecution[key];
      expect(counts?.workflow).toBe(group.filter((e) => e.type === 'workflow').length);
      expect(counts?.node).toBe(group.filter((e) => e.type === 'node').length);
      expect(counts?.task).toBe(group.filter((e) => e.type === 'task').length);
    }
  });

  it('counts outcomes from each execution final workflow phase', () => {
    const summary = summarizeEvents(generateEvents(OPTIONS));
    expect(summary.succeededExecutions + summary.failedExecutions).toBe(OPTIONS.executions);
    expect(summary.failedExecutions).toBe(summary.byPhase.workflow['FAILED']);
    expect(summary.succeededExecutions).toBe(summary.byPhase.workflow['SUCCEEDED']);
  });

  it('returns snapshots that later events do not change', () => {
    const tally = new EventTally();
    const [first, second] = generateExecution({ seed: 1, index: 0, startMs: 0 });
    tally.add(first!);
    const snapshot = tally.result();
    tally.add(second!);
    expect(snapshot.total).toBe(1);
    expect(tally.result().total).toBe(2);
  });
});
