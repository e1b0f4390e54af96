import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';

import { DevstackError } from './devstack-error.js';
import { freePort } from './free-port.js';
import { ManagedProcess } from './managed-process.js';
import { locatePubSubEmulator } from './pubsub-emulator-locate.js';
import { answersHttp, waitUntilReady } from './readiness.js';
import { silentLogger } from './silent-logger.js';

export interface PubSubEmulatorOptions {
  logger?: Logger;
  heapMaxMb?: number;
  startTimeoutMs?: number;
}

const HOST = '127.0.0.1';

/** Google's Pub/Sub emulator on a loopback port; it keeps state in memory only. */
export class PubSubEmulator {
  private readonly process: ManagedProcess;

  private constructor(
    launcher: string,
    readonly port: number,
    readonly instanceDir: string,
    heapMaxMb: number,
    private readonly startTimeoutMs: number,
    private readonly logger: Logger,
  ) {
    this.process = new ManagedProcess(
      {
        name: 'Pub/Sub emulator',
        command: launcher,
        args: [`--host=${HOST}`, `--port=${port}`],
        cwd: this.dataDir,
        // The launcher passes JAVA_OPTS to the JVM; the heap is capped to share the machine.
        env: { ...process.env, JAVA_OPTS: `-Xmx${heapMaxMb}m` },
        logFile: this.logFile,
      },
      logger,
    );
  }

  static async start(options: PubSubEmulatorOptions = {}): Promise<PubSubEmulator> {
    const emulator = await PubSubEmulator.prepare(options);
    await emulator.start();
    return emulator;
  }

  static async prepare(options: PubSubEmulatorOptions = {}): Promise<PubSubEmulator> {
    const logger = (options.logger ?? silentLogger()).child({ service: 'pubsub-emulator' });
    const launcher = await locatePubSubEmulator();
    if (launcher === undefined) {
      throw new DevstackError(
        'the Pub/Sub emulator was not found; install google-cloud-cli-pubsub-emulator ' +
          'or set PUBSUB_EMULATOR_BIN to its cloud-pubsub-emulator launcher',
      );
    }
    const port = await freePort();
    const instanceDir = await mkdtemp(join(tmpdir(), 'flyte-egress-pubsub-'));
    await mkdir(join(instanceDir, 'data'), { recursive: true });
    return new PubSubEmulator(
      launcher,
      port,
      instanceDir,
      options.heapMaxMb ?? 256,
      options.startTimeoutMs ?? 60_000,
      logger,
    );
  }

  /** host:port, the form PUBSUB_EMULATOR_HOST takes. */
  get emulatorHost(): string {
    return `${HOST}:${this.port}`;
  }

  get dataDir(): string {
    return join(this.instanceDir, 'data');
  }

  get logFile(): string {
    return join(this.instanceDir, 'emulator.log');
  }

  get running(): boolean {
    return this.process.running;
  }

  async start(): Promise<void> {
    this.process.start();
    try {
      await waitUntilReady(this.process, () => answersHttp(`http://${this.emulatorHost}/`), {
        timeoutMs: this.startTimeoutMs,
      });
    } catch (error) {
      await this.process.kill();
      throw error;
    }
    this.logger.info({ emulatorHost: this.emulatorHost, logFile: this.logFile }, 'emulator ready');
  }

  async stop(graceMs = 5_000): Promise<void> {
    await this.process.stop(graceMs);
  }

  async kill(): Promise<void> {
    await this.process.kill();
  }

  /** Same port afterwards; topics and subscriptions are gone, as the emulator keeps none. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.instanceDir, { recursive: true, force: true });
  }
}
