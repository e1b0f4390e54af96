import { connect } from 'node:net';

import { DevstackError } from './devstack-error.js';
import { tailOf } from './log-tail.js';
import type { ManagedProcess } from './managed-process.js';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** True when a TCP connection to host:port is accepted. */
export function acceptsConnections(
  host: string,
  port: number,
  timeoutMs = 1_000,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** True when an HTTP request to `url` gets any response at all. */
export async function answersHttp(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

async function startFailure(managed: ManagedProcess, reason: string): Promise<DevstackError> {
  const tail = await tailOf(managed.spec.logFile);
  return new DevstackError(
    `${managed.spec.name} did not start: ${reason}\n--- last lines of ${managed.spec.logFile} ---\n${tail}`,
  );
}

/**
 * Polls `probe` until it returns true, failing early when the process exits and failing with
 * the tail of its log when the time is up.
 */
export async function waitUntilReady(
  managed: ManagedProcess,
  probe: () => Promise<boolean>,
  options: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 200;
  for (;;) {
    const exit = managed.exitStatus;
    if (exit !== undefined) {
      throw await startFailure(managed, `it exited (code ${exit.code}, signal ${exit.signal})`);
    }
    if (await probe()) {
      return;
    }
    if (Date.now() > deadline) {
      throw await startFailure(managed, `not ready after ${options.timeoutMs} ms`);
    }
    await sleep(intervalMs);
  }
}
