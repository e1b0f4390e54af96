import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';

import { cacheDir, cacheRoot } from './cache-dir.js';
import { runCommand } from './run-command.js';

/** moto is pinned so that every machine runs the same SNS and SQS behaviour. */
export const MOTO_REQUIREMENT = 'moto[server]==5.2.5';

const VENV_TIMEOUT_MS = 2 * 60_000;
const PIP_TIMEOUT_MS = 10 * 60_000;

export function venvDir(): string {
  return join(cacheRoot(), 'venv');
}

export function venvBin(program: string): string {
  return join(venvDir(), 'bin', program);
}

/** The marker names the requirement, so changing the pin reinstalls into the same venv. */
function installedMarker(): string {
  return join(venvDir(), `.installed-${MOTO_REQUIREMENT.replace(/[^\w.=-]+/g, '_')}`);
}

/**
 * Creates `.cache/venv` with moto in it, once. A venv cannot be moved after creation (its
 * scripts name their own path), so completeness is recorded by a marker file written last.
 */
export async function ensureMotoVenv(logger: Logger): Promise<string> {
  const marker = installedMarker();
  if (existsSync(marker)) {
    return venvDir();
  }
  const logDir = cacheDir('logs');
  if (!existsSync(venvBin('python'))) {
    logger.info({ venv: venvDir() }, 'creating Python venv for moto');
    await runCommand(
      {
        name: 'Python venv creation',
        command: 'python3',
        args: ['-m', 'venv', venvDir()],
        cwd: cacheRoot(),
        logFile: join(logDir, 'venv.log'),
      },
      logger,
      VENV_TIMEOUT_MS,
    );
  }
  logger.info({ requirement: MOTO_REQUIREMENT }, 'installing moto with pip');
  await runCommand(
    {
      name: 'pip install of moto',
      command: venvBin('pip'),
      args: ['install', '--quiet', '--disable-pip-version-check', MOTO_REQUIREMENT],
      cwd: cacheRoot(),
      logFile: join(logDir, 'pip-moto.log'),
    },
    logger,
    PIP_TIMEOUT_MS,
  );
  await writeFile(marker, `${new Date().toISOString()}\n`);
  return venvDir();
}
