import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';

import { freePort } from './free-port.js';
import { ManagedProcess } from './managed-process.js';
import { ensureMotoVenv, venvBin } from './python-venv.js';
import { answersHttp, waitUntilReady } from './readiness.js';
import { silentLogger } from './silent-logger.js';

export interface MotoServerOptions {
  logger?: Logger;
  /**
   * The AWS account moto pretends to be. 123456 makes the topic ARN of Flyte's documentation
   * example (arn:aws:sns:us-east-2:123456:123-my-topic) one that moto creates and accepts.
   */
  accountId?: string;
  startTimeoutMs?: number;
}

const HOST = '127.0.0.1';
export const MOTO_ACCOUNT_ID = '123456';

/** moto in server mode (SNS, SQS and the rest of its services) on a loopback port. */
export class MotoServer {
  private readonly process: ManagedProcess;

  private constructor(
    readonly port: number,
    readonly instanceDir: string,
    readonly accountId: string,
    private readonly startTimeoutMs: number,
    private readonly logger: Logger,
  ) {
    this.process = new ManagedProcess(
      {
        name: 'moto server',
        command: venvBin('moto_server'),
        args: ['-H', HOST, '-p', String(port)],
        cwd: instanceDir,
        env: { ...process.env, MOTO_ACCOUNT_ID: accountId },
        logFile: this.logFile,
      },
      logger,
    );
  }

  static async start(options: MotoServerOptions = {}): Promise<MotoServer> {
    const server = await MotoServer.prepare(options);
    await server.start();
    return server;
  }

  /** Installs moto if needed and picks a port, without starting the server. */
  static async prepare(options: MotoServerOptions = {}): Promise<MotoServer> {
    const logger = (options.logger ?? silentLogger()).child({ service: 'moto' });
    await ensureMotoVenv(logger);
    const port = await freePort();
    const instanceDir = await mkdtemp(join(tmpdir(), 'flyte-egress-moto-'));
    return new MotoServer(
      port,
      instanceDir,
      options.accountId ?? MOTO_ACCOUNT_ID,
      options.startTimeoutMs ?? 60_000,
      logger,
    );
  }

  get endpoint(): string {
    return `http://${HOST}:${this.port}`;
  }

  get logFile(): string {
    return join(this.instanceDir, 'moto.log');
  }

  get running(): boolean {
    return this.process.running;
  }

  async start(): Promise<void> {
    this.process.start();
    try {
      await waitUntilReady(this.process, () => answersHttp(`${this.endpoint}/moto-api/`), {
        timeoutMs: this.startTimeoutMs,
      });
    } catch (error) {
      await this.process.kill();
      throw error;
    }
    this.logger.info({ endpoint: this.endpoint, logFile: this.logFile }, 'moto server ready');
  }

  async stop(graceMs = 5_000): Promise<void> {
    await this.process.stop(graceMs);
  }

  async kill(): Promise<void> {
    await this.process.kill();
  }

  /** Same port afterwards; moto keeps its state in memory, so every topic and queue is gone. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.instanceDir, { recursive: true, force: true });
  }
}
