import type { Timestamp } from '../gen/google/protobuf/timestamp.js';
import type { SeededRandom } from './seeded-random.js';

const MICROS_PER_MS = 1000;
/** Events of one execution are at least 1 ms apart, so readers of milliseconds see them ordered. */
const MIN_STEP_MICROS = MICROS_PER_MS;

/**
 * Event time of one execution. Every read moves it forward, which keeps
 * occurredAt strictly increasing within the execution. Time is kept in whole
 * microseconds, as Go's clock would report it, and `timeScale` shrinks the
 * simulated durations (0.01 turns a ten-minute task into six seconds).
 */
export class EventClock {
  private nowMicros: number;

  constructor(
    startMs: number,
    private readonly random: SeededRandom,
    private readonly timeScale = 1,
  ) {
    this.nowMicros = Math.round(startMs * MICROS_PER_MS);
  }

  /** The current time, without moving the clock. */
  now(): Timestamp {
    return timestampOfMicros(this.nowMicros);
  }

  /** Moves on by a random delay in [minMs, maxMs] (scaled) and returns the new time. */
  advance(minMs: number, maxMs: number): Timestamp {
    const delayMicros = this.random.int(minMs * MICROS_PER_MS, maxMs * MICROS_PER_MS);
    this.nowMicros += Math.max(MIN_STEP_MICROS, Math.round(delayMicros * this.timeScale));
    return timestampOfMicros(this.nowMicros);
  }

  /** A moment shortly after `at`, for reportedAt; does not move the clock. */
  shortlyAfter(at: Timestamp): Timestamp {
    const atMicros = Number(at.seconds) * 1e6 + Math.floor(at.nanos / 1000);
    return timestampOfMicros(atMicros + this.random.int(200, 40_000));
  }
}

function timestampOfMicros(micros: number): Timestamp {
  const seconds = Math.floor(micros / 1e6);
  return { seconds: String(seconds), nanos: (micros - seconds * 1e6) * 1000 };
}
