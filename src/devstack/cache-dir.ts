import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root is found from this module's own file (src/devstack or dist/devstack), never
 * from the working directory, so tools started from anywhere share one cache.
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    }
    dir = parent;
  }
}

/** Root of the download cache: `.cache/` at the project root, or FLYTE_EGRESS_CACHE_DIR. */
export function cacheRoot(): string {
  const override = process.env['FLYTE_EGRESS_CACHE_DIR'];
  return override !== undefined && override !== ''
    ? resolve(override)
    : join(projectRoot(), '.cache');
}

/** A folder inside the cache, created on first use. */
export function cacheDir(...segments: string[]): string {
  const dir = join(cacheRoot(), ...segments);
  mkdirSync(dir, { recursive: true });
  return dir;
}
