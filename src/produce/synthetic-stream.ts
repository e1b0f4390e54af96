import type { FlyteRequest } from '../events/flyte-request.js';
import type { ExecutionShape } from './execution-plan.js';
import { generateExecution, type GenerateExecutionOptions } from './synthetic-executions.js';

export interface GenerateEventsOptions extends ExecutionShape {
  readonly executions: number;
  readonly seed: number;
  /** How many executions are in flight at once; 1 sends them one after another. */
  readonly interleave?: number;
  /** Event time of the first execution's first event, in epoch milliseconds. */
  readonly startMs?: number;
  /** Gap between the start times of consecutive executions. */
  readonly executionSpacingMs?: number;
  /** Factor applied to simulated durations; see GenerateExecutionOptions. */
  readonly timeScale?: number;
}

export const STREAM_DEFAULTS = {
  interleave: 16,
  /** A fixed default keeps a run reproducible; pass Date.now() for live-looking event times. */
  startMs: Date.UTC(2025, 0, 1),
  executionSpacingMs: 1_000,
} as const;

/** The options that generate execution `index` of a stream, alone and byte for byte. */
export function executionOptionsAt(
  options: GenerateEventsOptions,
  index: number,
): GenerateExecutionOptions {
  const startMs = options.startMs ?? STREAM_DEFAULTS.startMs;
  const spacingMs = options.executionSpacingMs ?? STREAM_DEFAULTS.executionSpacingMs;
  return { ...options, index, startMs: startMs + index * spacingMs };
}

interface InFlight {
  readonly index: number;
  readonly events: readonly FlyteRequest[];
  next: number;
}

/**
 * Events of many executions as a cluster would send them: up to `interleave`
 * executions run at once and their events are merged by event time, so the
 * stream mixes executions while each execution keeps its own order. Lazy, so
 * a load run of millions of events holds only the executions in flight.
 */
export function* generateEvents(options: GenerateEventsOptions): Generator<FlyteRequest> {
  const width = Math.max(1, Math.floor(options.interleave ?? STREAM_DEFAULTS.interleave));
  const inFlight: InFlight[] = [];
  let nextIndex = 0;
  for (;;) {
    while (inFlight.length < width && nextIndex < options.executions) {
      const events = generateExecution(executionOptionsAt(options, nextIndex));
      inFlight.push({ index: nextIndex, events, next: 0 });
      nextIndex++;
    }
    if (inFlight.length === 0) return;
    const slot = earliestSlot(inFlight);
    const current = inFlight[slot] as InFlight;
    yield current.events[current.next] as FlyteRequest;
    current.next++;
    if (current.next === current.events.length) inFlight.splice(slot, 1);
  }
}

/** The in-flight execution whose next event happened first; the lower index wins a tie. */
function earliestSlot(inFlight: readonly InFlight[]): number {
  let best = 0;
  for (let i = 1; i < inFlight.length; i++) {
    const candidate = inFlight[i] as InFlight;
    const leader = inFlight[best] as InFlight;
    const order = compareOccurredAt(candidate.events[candidate.next], leader.events[leader.next]);
    if (order < 0 || (order === 0 && candidate.index < leader.index)) best = i;
  }
  return best;
}

function compareOccurredAt(a: FlyteRequest | undefined, b: FlyteRequest | undefined): number {
  const at = a?.message.event?.occurredAt;
  const bt = b?.message.event?.occurredAt;
  if (!at || !bt) return 0;
  return Number(at.seconds) - Number(bt.seconds) || at.nanos - bt.nanos;
}
