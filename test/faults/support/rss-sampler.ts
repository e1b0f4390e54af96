import { readFileSync } from 'node:fs';

const VM_RSS = /^VmRSS:\s+(\d+)\s+kB$/m;

function residentKb(pid: number): number | undefined {
  try {
    const match = VM_RSS.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    // The process exited between two samples.
    return undefined;
  }
}

/** Samples VmRSS of the pipeline processes every `intervalMs` and keeps the peak of each. */
export class RssSampler {
  private readonly peakKb = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 250) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  private readonly pids = new Set<number>();

  watch(pid: number): void {
    this.pids.add(pid);
    this.sample();
  }

  private sample(): void {
    for (const pid of this.pids) {
      const kb = residentKb(pid);
      if (kb !== undefined) this.peakKb.set(pid, Math.max(kb, this.peakKb.get(pid) ?? 0));
    }
  }

  /** The highest peak of any one process, in MiB. */
  peakMb(): number {
    this.sample();
    return Math.max(0, ...this.peakKb.values()) / 1024;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
