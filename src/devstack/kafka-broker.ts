import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';

import { freePorts } from './free-port.js';
import { ensureKafkaLibs } from './kafka-libs.js';
import { kafkaServerProperties, newClusterId } from './kafka-properties.js';
import {
  createKafkaSecurity,
  redactPasswords,
  saslSslSettings,
  scramFormatArgs,
} from './kafka-security.js';
import type { KafkaSecurity } from './kafka-security.js';
import type { KafkaListenerPorts } from './kafka-properties.js';
import { resolveKafkaVersion } from './kafka-versions.js';
import { ManagedProcess } from './managed-process.js';
import { acceptsConnections, waitUntilReady } from './readiness.js';
import { runCommand } from './run-command.js';
import { silentLogger } from './silent-logger.js';

export interface KafkaBrokerOptions {
  /** Full version (4.4.0) or an alias (4, 3.9); KAFKA_VERSION, then the default, otherwise. */
  version?: string;
  logger?: Logger;
  heapMaxMb?: number;
  startTimeoutMs?: number;
  /**
   * Adds a SASL_SSL listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 over TLS with a CA made at
   * run time) beside the plaintext one; see `security` and `saslSslBrokers`.
   */
  saslSsl?: boolean;
}

const HOST = '127.0.0.1';
const STORAGE_FORMAT_TIMEOUT_MS = 120_000;

/** Single-node KRaft broker on loopback, its config and data kept per instance for restarts. */
export class KafkaBroker {
  private readonly process: ManagedProcess;

  private constructor(
    readonly version: string,
    readonly instanceDir: string,
    private readonly libsDir: string,
    private readonly ports: KafkaListenerPorts,
    private readonly options: Required<Pick<KafkaBrokerOptions, 'heapMaxMb' | 'startTimeoutMs'>>,
    private readonly logger: Logger,
    /** CA file and SASL users of the SASL_SSL listener, when the broker has one. */
    readonly security: KafkaSecurity | undefined,
  ) {
    this.process = new ManagedProcess(
      {
        name: `Kafka ${version} broker`,
        command: 'java',
        args: this.jvmArgs('kafka.Kafka', [this.propertiesFile]),
        cwd: instanceDir,
        logFile: this.logFile,
      },
      logger,
    );
  }

  /** Downloads the jars if needed, formats fresh storage and starts the broker. */
  static async start(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
    const broker = await KafkaBroker.prepare(options);
    await broker.start();
    return broker;
  }

  /** Everything but starting: jars, ports, properties and formatted storage. */
  static async prepare(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
    const version = resolveKafkaVersion(options.version);
    const logger = (options.logger ?? silentLogger()).child({ service: 'kafka', version });
    const libsDir = await ensureKafkaLibs(version, logger);
    const [brokerPort, controllerPort, saslSslPort] = await freePorts(options.saslSsl ? 3 : 2);
    if (brokerPort === undefined || controllerPort === undefined) {
      throw new Error('could not pick ports for the Kafka broker');
    }
    const instanceDir = await mkdtemp(join(tmpdir(), 'flyte-egress-kafka-'));
    const security = options.saslSsl
      ? await createKafkaSecurity(join(instanceDir, 'security'), logger)
      : undefined;
    const broker = new KafkaBroker(
      version,
      instanceDir,
      libsDir,
      { brokerPort, controllerPort, ...(security ? { saslSslPort } : {}) },
      {
        heapMaxMb: options.heapMaxMb ?? 512,
        startTimeoutMs: options.startTimeoutMs ?? 90_000,
      },
      logger,
      security,
    );
    await broker.writeConfigAndFormat();
    return broker;
  }

  get dataDir(): string {
    return join(this.instanceDir, 'data');
  }

  get propertiesFile(): string {
    return join(this.instanceDir, 'server.properties');
  }

  get logFile(): string {
    return join(this.instanceDir, 'broker.log');
  }

  get port(): number {
    return this.ports.brokerPort;
  }

  get brokers(): string[] {
    return [`${HOST}:${this.ports.brokerPort}`];
  }

  /** The SASL_SSL listener's address; empty unless the broker was started with `saslSsl`. */
  get saslSslBrokers(): string[] {
    const port = this.ports.saslSslPort;
    return port === undefined ? [] : [`${HOST}:${port}`];
  }

  get running(): boolean {
    return this.process.running;
  }

  private jvmArgs(mainClass: string, mainArgs: string[]): string[] {
    return [
      `-Xmx${this.options.heapMaxMb}m`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      '-Dorg.slf4j.simpleLogger.showDateTime=true',
      '-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS',
      `-Dkafka.logs.dir=${this.instanceDir}`,
      '-cp',
      join(this.libsDir, '*'),
      mainClass,
      ...mainArgs,
    ];
  }

  private async writeConfigAndFormat(): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
    const security = this.security;
    const extraSettings = security ? await saslSslSettings(security) : {};
    await writeFile(
      this.propertiesFile,
      kafkaServerProperties(this.ports, this.dataDir, extraSettings),
      { mode: 0o600 },
    );
    // SCRAM credentials live in the metadata log, so KRaft takes them at format time.
    const scramArgs = security ? await scramFormatArgs(security) : [];
    try {
      await this.formatStorage(scramArgs);
    } catch (error) {
      if (!security || !(error instanceof Error)) throw error;
      error.message = await redactPasswords(security, error.message);
      if (error.stack) error.stack = await redactPasswords(security, error.stack);
      throw error;
    }
  }

  private async formatStorage(scramArgs: string[]): Promise<void> {
    // `format -t <id> -c <file>` is accepted by the storage tool of both 3.9 and 4.x.
    await runCommand(
      {
        name: `Kafka ${this.version} storage format`,
        command: 'java',
        args: this.jvmArgs('kafka.tools.StorageTool', [
          'format',
          '-t',
          newClusterId(),
          '-c',
          this.propertiesFile,
          ...scramArgs,
        ]),
        cwd: this.instanceDir,
        logFile: join(this.instanceDir, 'storage-format.log'),
      },
      this.logger,
      STORAGE_FORMAT_TIMEOUT_MS,
    );
  }

  /** Starts the broker on its ports with its data; resolves once an admin client lists topics. */
  async start(): Promise<void> {
    this.process.start();
    try {
      await waitUntilReady(this.process, () => this.isReady(), {
        timeoutMs: this.options.startTimeoutMs,
        intervalMs: 250,
      });
    } catch (error) {
      await this.process.kill();
      throw error;
    }
    this.logger.info({ brokers: this.brokers, logFile: this.logFile }, 'Kafka broker ready');
  }

  /**
   * Ready means more than an open port: metadata answers, the group coordinator has loaded
   * (so the first consumer group join does not crash and retry) and an idempotent producer
   * gets a producer id.
   */
  private async isReady(): Promise<boolean> {
    if (!(await acceptsConnections(HOST, this.ports.brokerPort))) {
      return false;
    }
    const saslSslPort = this.ports.saslSslPort;
    if (saslSslPort !== undefined && !(await acceptsConnections(HOST, saslSslPort))) {
      return false;
    }
    const kafka = new Kafka({
      clientId: 'devstack-readiness',
      brokers: this.brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1_000,
      requestTimeout: 3_000,
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    // kafkajs refuses an idempotent producer that may not retry at all.
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
    });
    try {
      await admin.connect();
      await admin.listTopics();
      await admin.describeGroups(['devstack-readiness']);
      await producer.connect();
      return true;
    } catch {
      return false;
    } finally {
      await producer.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** SIGTERM (a controlled shutdown), then SIGKILL after `graceMs`. Config and data stay. */
  async stop(graceMs = 15_000): Promise<void> {
    await this.process.stop(graceMs);
  }

  /** SIGKILL, as a crash; start() or restart() brings it back on the same ports and data. */
  async kill(): Promise<void> {
    await this.process.kill();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the broker and deletes its config, data and log. */
  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.instanceDir, { recursive: true, force: true });
  }
}
