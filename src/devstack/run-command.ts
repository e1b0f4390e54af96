import type { Logger } from 'pino';

import { DevstackError } from './devstack-error.js';
import { tailOf } from './log-tail.js';
import { ManagedProcess } from './managed-process.js';
import type { ProcessSpec } from './managed-process.js';

/**
 * Runs a one-off command (a download, a storage format) to its end, its output in `logFile`.
 * A non-zero exit or a time-out becomes a DevstackError carrying the end of that log.
 */
export async function runCommand(
  spec: ProcessSpec,
  logger: Logger,
  timeoutMs: number,
): Promise<void> {
  const managed = new ManagedProcess(spec, logger);
  managed.start();
  const timer = setTimeout(() => void managed.kill(), timeoutMs);
  const status = await managed.exited();
  clearTimeout(timer);
  if (status?.code === 0) {
    return;
  }
  const reason =
    status?.signal === 'SIGKILL' ? `timed out after ${timeoutMs} ms` : `exit code ${status?.code}`;
  const tail = await tailOf(spec.logFile);
  throw new DevstackError(
    `${spec.name} failed (${reason}): ${spec.command} ${spec.args.join(' ')}\n` +
      `--- last lines of ${spec.logFile} ---\n${tail}`,
  );
}
