import type { Logger } from 'pino';

type Closer = { readonly name: string; readonly close: () => Promise<void> };

/**
 * Owns the process's shutdown: SIGTERM and SIGINT stop fetching, let in-flight
 * batches finish, commit and exit within the configured time. A component that
 * dies for good (a kafkajs consumer that will not restart) exits non-zero so
 * that the supervisor starts a fresh process: a live process that consumes
 * nothing would be worse.
 */
export class Lifecycle {
  private readonly closers: Closer[] = [];
  private readonly abort = new AbortController();
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly shutdownTimeoutMs: number,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {}

  /**
   * Aborted halfway through the shutdown time: until then in-flight batches
   * may finish and commit; after it, a batch stuck retrying gives up without
   * committing, so its events are delivered again after the restart.
   */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Registers a component; components close in reverse order of registration. */
  onClose(name: string, close: () => Promise<void>): void {
    this.closers.push({ name, close });
  }

  handleSignals(): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        this.logger.info({ signal }, 'shutting down');
        void this.shutdown().then(() => this.exit(0));
      });
    }
  }

  /** A component died for good: shut down what is left and exit with code 1. */
  fail(component: string, error: Error): void {
    this.logger.fatal(
      { component, err: error },
      'component stopped for good; exiting so that it restarts',
    );
    void this.shutdown().then(() => this.exit(1));
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.closeAll();
    return this.stopping;
  }

  private async closeAll(): Promise<void> {
    setTimeout(() => this.abort.abort(), this.shutdownTimeoutMs / 2).unref();
    const timeout = new Promise<'timeout'>((resolve) => {
      setTimeout(() => resolve('timeout'), this.shutdownTimeoutMs).unref();
    });
    const closing = (async () => {
      for (const closer of [...this.closers].reverse()) {
        try {
          await closer.close();
        } catch (error) {
          this.logger.warn({ component: closer.name, err: error }, 'close failed');
        }
      }
    })();
    if ((await Promise.race([closing, timeout])) === 'timeout') {
      this.logger.warn({ shutdownTimeoutMs: this.shutdownTimeoutMs }, 'shutdown timed out');
    }
    this.abort.abort();
  }
}
