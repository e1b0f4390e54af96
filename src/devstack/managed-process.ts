import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { Logger } from 'pino';

export interface ProcessSpec {
  /** Short name used in log fields and error messages. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here, never to the parent's output. */
  logFile: string;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const liveProcesses = new Set<ManagedProcess>();
let exitHookInstalled = false;

/**
 * A crashed test run must not leave servers behind on the machine, so every process still
 * running when Node exits is killed synchronously from the exit hook.
 */
function installExitHook(): void {
  if (exitHookInstalled) {
    return;
  }
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const managed of liveProcesses) {
      managed.signalGroup('SIGKILL');
    }
  });
}

/**
 * A child process run in its own process group, so that launcher scripts and whatever they
 * start are signalled together.
 */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<ExitStatus> | undefined;
  private lastExit: ExitStatus | undefined;

  constructor(
    readonly spec: ProcessSpec,
    private readonly logger: Logger,
  ) {}

  get running(): boolean {
    return this.child !== undefined && this.lastExit === undefined;
  }

  get exitStatus(): ExitStatus | undefined {
    return this.lastExit;
  }

  start(): void {
    if (this.running) {
      throw new Error(`${this.spec.name} is already running`);
    }
    installExitHook();
    const logFd = openSync(this.spec.logFile, 'a');
    try {
      this.child = spawn(this.spec.command, this.spec.args, {
        cwd: this.spec.cwd,
        env: this.spec.env ?? process.env,
        stdio: ['ignore', logFd, logFd],
        detached: true,
      });
    } finally {
      closeSync(logFd);
    }
    this.lastExit = undefined;
    this.exit = this.watchExit(this.child);
    liveProcesses.add(this);
    this.logger.debug({ pid: this.child.pid, logFile: this.spec.logFile }, 'process started');
  }

  private watchExit(child: ChildProcess): Promise<ExitStatus> {
    return new Promise((resolve) => {
      const settle = (status: ExitStatus): void => {
        if (this.child === child && this.lastExit === undefined) {
          this.lastExit = status;
          liveProcesses.delete(this);
          this.logger.debug(status, 'process exited');
        }
        resolve(status);
      };
      child.once('exit', (code, signal) => settle({ code, signal }));
      child.once('error', (error) => {
        this.logger.warn({ err: error }, 'process could not be started');
        settle({ code: null, signal: null });
      });
    });
  }

  /** Resolves when the process has exited (at once if it is not running). */
  async exited(): Promise<ExitStatus | undefined> {
    return this.exit === undefined ? undefined : this.exit;
  }

  /** Sends a signal to the whole process group; a group that is gone already is fine. */
  signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined || !this.running) {
      return;
    }
    try {
      process.kill(-pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
        throw error;
      }
    }
  }

  /** SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) {
      return;
    }
    this.signalGroup('SIGTERM');
    const exited = await Promise.race([
      this.exited().then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), graceMs).unref()),
    ]);
    if (!exited) {
      this.logger.warn({ graceMs }, 'process ignored SIGTERM; killing it');
      await this.kill();
    }
  }

  /** SIGKILL at once, as a crash would; resolves when the process is gone. */
  async kill(): Promise<void> {
    if (!this.running) {
      return;
    }
    this.signalGroup('SIGKILL');
    await this.exited();
  }
}
