import { open, stat } from 'node:fs/promises';

const TAIL_BYTES = 16 * 1024;

/** The last `lineCount` lines of a log file, or a note that there is none yet. */
export async function tailOf(path: string, lineCount = 40): Promise<string> {
  try {
    const { size } = await stat(path);
    const start = Math.max(0, size - TAIL_BYTES);
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      return buffer.toString('utf8').split('\n').slice(-lineCount).join('\n');
    } finally {
      await handle.close();
    }
  } catch {
    return `(no log at ${path})`;
  }
}
