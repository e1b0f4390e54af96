import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const LAUNCHER = join('platform', 'pubsub-emulator', 'bin', 'cloud-pubsub-emulator');

/** Finds a program on PATH the way a shell would, without running it. */
export function findOnPath(program: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    const candidate = join(dir, program);
    if (dir !== '' && existsSync(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/** gcloud lives at <sdk root>/bin/gcloud; a package manager's symlink points there. */
function sdkRootFromSymlink(gcloud: string): string {
  return dirname(dirname(realpathSync(gcloud)));
}

async function sdkRootFromGcloud(gcloud: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)(
      gcloud,
      ['info', '--format=value(installation.sdk_root)'],
      { timeout: 30_000 },
    );
    const root = stdout.trim();
    return root === '' ? undefined : root;
  } catch {
    return undefined;
  }
}

/**
 * The emulator's own launcher: PUBSUB_EMULATOR_BIN if set, else under the Cloud SDK root that
 * gcloud belongs to. Returns undefined when it cannot be found.
 */
export async function locatePubSubEmulator(): Promise<string | undefined> {
  const override = process.env['PUBSUB_EMULATOR_BIN'];
  if (override !== undefined && override !== '') {
    return existsSync(override) ? override : undefined;
  }
  const gcloud = findOnPath('gcloud');
  if (gcloud === undefined) {
    return undefined;
  }
  const fromSymlink = join(sdkRootFromSymlink(gcloud), LAUNCHER);
  if (existsSync(fromSymlink)) {
    return fromSymlink;
  }
  const root = await sdkRootFromGcloud(gcloud);
  const fromInfo = root === undefined ? undefined : join(root, LAUNCHER);
  return fromInfo !== undefined && existsSync(fromInfo) ? fromInfo : undefined;
}
