/**
 * Exponential backoff with full jitter: the wait for attempt n is uniform in
 * [0, min(max, initial * 2^n)], which keeps many workers from retrying in step.
 */
export function backoffMs(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.max(1, Math.round(random() * ceiling));
}

/** Sleeps, waking early when the signal aborts; calls `tick` every tickMs while waiting. */
export async function sleep(
  ms: number,
  signal: AbortSignal,
  tick?: () => Promise<void>,
  tickMs = 3_000,
): Promise<void> {
  let left = ms;
  while (left > 0 && !signal.aborted) {
    const step = Math.min(left, tickMs);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, step);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
    left -= step;
    if (tick && left > 0 && !signal.aborted) await tick();
  }
}
