import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on stderr; on a non-terminal it prints a line every tenth instead of redrawing. */
export function progressBar(
  label: string,
  total: number,
): { update(value: number): void; stop(): void } {
  if (!process.stderr.isTTY) {
    let nextTenth = 1;
    return {
      update(value) {
        while (total > 0 && value >= (total * nextTenth) / 10) {
          process.stderr.write(`${label}: ${value}/${total}\n`);
          nextTenth++;
        }
      },
      stop() {},
    };
  }
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {percentage}% {duration_formatted}`,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (value) => bar.update(value), stop: () => bar.stop() };
}
