import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../../../src/devstack/cache-dir.js';
import { freePort } from '../../../src/devstack/free-port.js';
import { faultsPath } from './fault-paths.js';

export type PipelineRole = 'run' | 'ingest' | 'worker';

export interface PipelineProcessOptions {
  /** Names the config and log files under .cache/faults/. */
  readonly name: string;
  readonly role: PipelineRole;
  /** The configuration file's content, without `metrics` (a free port is filled in). */
  readonly config: Record<string, unknown>;
  readonly readyTimeoutMs?: number;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Dummy credentials for moto; the Pub/Sub client must not look for a metadata server. */
const LOCAL_ENV = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  METADATA_SERVER_DETECTION: 'none',
} as const;

export const PUBLISHED_METRIC = 'flyte_egress_published_total';

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** The built CLI as a child process, its stdout and stderr appended to a log file. */
export class PipelineProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly exit: Promise<ExitStatus>,
    readonly metricsPort: number,
    readonly logFile: string,
  ) {}

  static async start(options: PipelineProcessOptions): Promise<PipelineProcess> {
    const metricsPort = await freePort();
    const configFile = faultsPath(`${options.name}.yaml`);
    const config = { ...options.config, metrics: { host: '127.0.0.1', port: metricsPort } };
    writeFileSync(configFile, stringify(config));
    const logFile = faultsPath(`${options.name}.log`);
    const logFd = openSync(logFile, 'w');
    const root = projectRoot();
    const child = spawn(
      process.execPath,
      [join(root, 'dist', 'cli', 'main.js'), options.role, '--config', configFile],
      { cwd: root, env: { ...process.env, ...LOCAL_ENV }, stdio: ['ignore', logFd, logFd] },
    );
    closeSync(logFd);
    live.add(child);
    const exit = new Promise<ExitStatus>((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        resolve({ code, signal });
      });
    });
    const started = new PipelineProcess(child, exit, metricsPort, logFile);
    await started.waitUntilReady(options.readyTimeoutMs ?? 90_000);
    return started;
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the pipeline process has no pid');
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(`the pipeline exited before it was ready; see ${this.logFile}`);
      }
      if (await this.isReady()) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the pipeline was not ready within ${timeoutMs} ms; see ${this.logFile}`);
  }

  async isReady(): Promise<boolean> {
    try {
      const answer = await fetch(`http://127.0.0.1:${this.metricsPort}/readyz`);
      return answer.status === 200;
    } catch {
      return false;
    }
  }

  /** The sum over every label set of one metric on /metrics (0 when it has no samples). */
  async metricSum(metric: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`)).text();
    let sum = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith(`${metric}{`) || line.startsWith(`${metric} `)) {
        sum += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** Sends the signal and resolves with the exit status once the process is gone. */
  async signal(signal: NodeJS.Signals): Promise<ExitStatus> {
    if (this.running) this.child.kill(signal);
    return this.exit;
  }

  /**
   * SIGSTOP: the process keeps its sockets but does nothing, so a test can read everything the
   * destination already accepted before it kills the destination's server.
   */
  pause(): void {
    this.child.kill('SIGSTOP');
  }

  resume(): void {
    this.child.kill('SIGCONT');
  }

  exited(): Promise<ExitStatus> {
    return this.exit;
  }

  /** SIGTERM, then SIGKILL once `graceMs` passed; for the end of a scenario. */
  async stop(graceMs = 30_000): Promise<ExitStatus> {
    if (!this.running) return this.exit;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const status = await this.exit;
    clearTimeout(timer);
    return status;
  }
}

/**
 * Waits until the processes together report `count` events published. A fault is timed by what
 * the pipeline did, not by what a reader already saw, since the reader lags behind.
 */
export async function waitForPublished(
  processes: readonly PipelineProcess[],
  count: number,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sums = await Promise.all(
      processes.map((started) => started.metricSum(PUBLISHED_METRIC).catch(() => 0)),
    );
    if (sums.reduce((total, sum) => total + sum, 0) >= count) return;
    if (Date.now() > deadline) throw new Error(`fewer than ${count} events published in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
