import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createAppContext, type AppContext } from '../../../src/app/app-context.js';
import { Lifecycle } from '../../../src/app/lifecycle.js';
import { startIngest } from '../../../src/app/start-ingest.js';
import { validateConfig, type EgressConfig } from '../../../src/config/load-config.js';
import { encodeRequest, type FlyteRequest } from '../../../src/events/flyte-request.js';
import { generateEvents } from '../../../src/produce/synthetic-stream.js';

export interface RunningIngest {
  readonly app: AppContext;
  readonly config: EgressConfig;
  readonly httpPort: number;
  stop(): Promise<void>;
}

/**
 * The ingest stage alone, in this process, against the brokers the configuration names (a
 * test's own broker rather than the shared one), with its HTTP endpoint on a free port.
 */
export async function startIngestStage(
  raw: { kafka: Record<string, unknown>; ingest?: Record<string, unknown> },
  logger: Logger,
): Promise<RunningIngest> {
  const ingest = raw.ingest ?? {};
  const config = validateConfig(
    {
      kafka: { topicPartitions: 3, ...raw.kafka },
      ingest: {
        ...ingest,
        http: { port: 0, host: '127.0.0.1', ...((ingest.http ?? {}) as object) },
      },
      metrics: { host: '127.0.0.1', port: 0 },
    },
    {},
  );
  const exits: number[] = [];
  const lifecycle = new Lifecycle(logger, 10_000, (code) => exits.push(code));
  // The metrics server is up before Kafka is reached; a start that fails must close it too.
  const started = await createAppContext(config, logger, lifecycle)
    .then(async (app) => ({ app, ...(await startIngest(app)) }))
    .catch(async (error: unknown) => {
      await lifecycle.shutdown();
      throw error;
    });
  const { app, httpPort } = started;
  if (httpPort === undefined) throw new Error('the HTTP endpoint did not start');
  return {
    app,
    config,
    httpPort,
    stop: async () => {
      await lifecycle.shutdown();
      if (exits.length > 0) throw new Error(`ingest asked to exit with ${exits.join(', ')}`);
    },
  };
}

/** A logger at debug level whose JSON lines are kept, so a test can search them for secrets. */
export function capturingLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), text: () => lines.join('') };
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

export interface HttpPost {
  readonly path: string;
  readonly headers: Record<string, string>;
  /** Several chunks go out with chunked transfer encoding and no Content-Length. */
  readonly body: Buffer | readonly Buffer[];
}

export function post(port: number, message: HttpPost): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const chunked = Array.isArray(message.body);
    const headers = chunked
      ? message.headers
      : { ...message.headers, 'content-length': String((message.body as Buffer).length) };
    const request = httpRequest(
      { host: '127.0.0.1', port, path: message.path, method: 'POST', headers },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    const chunks: readonly Buffer[] = chunked
      ? (message.body as readonly Buffer[])
      : [message.body as Buffer];
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

/** Distinct, valid task events; `seed` keeps two tests' events apart. */
export function taskEvents(count: number, seed: number): FlyteRequest[] {
  const events = [...generateEvents({ executions: count, seed })].filter(
    (event) => event.type === 'task',
  );
  if (events.length < count) throw new Error('the generator made too few task events');
  return events.slice(0, count);
}

/** The POST of one event as protobuf bytes to its typed path. */
export function protobufPost(event: FlyteRequest, headers: Record<string, string> = {}): HttpPost {
  return {
    path: `/v1/events/${event.type}`,
    headers: { 'content-type': 'application/x-protobuf', ...headers },
    body: Buffer.from(encodeRequest(event)),
  };
}
