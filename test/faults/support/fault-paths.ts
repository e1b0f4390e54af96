import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/devstack/cache-dir.js';

/** Logs, generated configs and the report of the fault suite, kept after a run to be read. */
export const FAULTS_DIR = join(projectRoot(), '.cache', 'faults');

export function faultsPath(fileName: string): string {
  mkdirSync(FAULTS_DIR, { recursive: true });
  return join(FAULTS_DIR, fileName);
}
