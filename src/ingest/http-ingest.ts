import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Message, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { InternalHeader } from '../events/internal-record.js';
import type { EgressMetrics } from '../metrics/catalogue.js';
import { decodeHttpRequest } from './decode/decode-http-request.js';
import { DecodeFailureReason } from './decode/decode-result.js';
import { toInternalMessage } from './internal-message.js';

export interface HttpIngestOptions {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
  readonly bearerTokenFile?: string | undefined;
  /**
   * How long a request waits for Kafka's acknowledgement before it is answered 503. The send
   * goes on retrying after that; a client that retries may then write the event twice, which
   * the sinks' at-least-once contract already allows.
   */
  readonly ackTimeoutMs?: number | undefined;
  readonly producer: Producer;
  readonly internalTopic: string;
  readonly metrics: EgressMetrics;
  readonly logger: Logger;
}

export interface HttpIngest {
  readonly port: number;
  close(): Promise<void>;
}

const DEFAULT_ACK_TIMEOUT_MS = 5_000;

const EVENTS_PATH = /^\/v1\/events(\/(workflow|node|task))?\/?$/;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The HTTP endpoint of the ingest stage. It answers 202 only after Kafka has
 * acknowledged the record, so a 2xx means the event is durable.
 */
export async function startHttpIngest(options: HttpIngestOptions): Promise<HttpIngest> {
  const token = options.bearerTokenFile ? readBearerToken(options.bearerTokenFile) : undefined;
  const server = createServer((request, response) => {
    handle(request, response, options, token).catch((error: unknown) => {
      options.logger.error({ err: error }, 'http ingest handler failed');
      if (!response.headersSent)
        reply(response, 500, { reason: 'internal_error', message: 'internal error' });
    });
  });
  await listen(server, options.host, options.port);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.logger.info({ host: options.host, port }, 'http ingest listening');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: HttpIngestOptions,
  token: string | undefined,
): Promise<void> {
  try {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (!EVENTS_PATH.test(path))
      throw new HttpProblem(404, 'not_found', 'POST events to /v1/events');
    if (request.method !== 'POST')
      throw new HttpProblem(405, 'method_not_allowed', 'only POST is accepted');
    if (token !== undefined && !hasBearerToken(request, token)) {
      throw new HttpProblem(401, 'unauthorized', 'a valid bearer token is required');
    }
    const body = await readBody(request, options.maxBodyBytes);
    const decoded = decodeHttpRequest({ path, headers: flatHeaders(request), body });
    if (!decoded.ok) {
      const status = decoded.reason === DecodeFailureReason.unsupportedContentType ? 415 : 400;
      options.metrics.ingestRejected.inc({ source: 'http', reason: decoded.reason });
      throw new HttpProblem(status, decoded.reason, decoded.detail);
    }
    options.metrics.ingestReceived.inc({ source: 'http', format: decoded.format });
    const message = toInternalMessage(decoded);
    try {
      await acknowledgedWithin(options, message);
    } catch (error) {
      options.logger.warn({ err: error }, 'internal topic unavailable; answering 503');
      throw new HttpProblem(
        503,
        'kafka_unavailable',
        'the internal topic did not acknowledge the event',
      );
    }
    options.metrics.ingestProduced.inc({ source: 'http', event_type: decoded.request.type });
    reply(response, 202, {
      eventId: message.headers?.[InternalHeader.eventId],
      messageName: message.headers?.[InternalHeader.messageName],
      executionKey: message.key,
    });
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    if (error.status === 413)
      options.metrics.ingestRejected.inc({ source: 'http', reason: error.reason });
    reply(response, error.status, { reason: error.reason, message: error.message });
  }
}

/** Resolves once every in-sync replica has the record; rejects on a send error or time-out. */
async function acknowledgedWithin(options: HttpIngestOptions, message: Message): Promise<void> {
  const timeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
  const send = options.producer.send({
    topic: options.internalTopic,
    acks: -1,
    timeout: timeoutMs,
    messages: [message],
  });
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no acknowledgement from Kafka within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([send, expiry]);
  } finally {
    clearTimeout(timer);
  }
}

function readBearerToken(file: string): string {
  const token = readFileSync(file, 'utf8').trim();
  if (token === '') throw new Error(`ingest.http.bearerTokenFile ${file} is empty`);
  return token;
}

/** Compares in constant time, so the answer's timing tells nothing about the token. */
function hasBearerToken(request: IncomingMessage, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return false;
  const given = createHash('sha256').update(match[1]).digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected);
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) result[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    request.resume();
    throw new HttpProblem(413, 'body_too_large', `the body exceeds ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      request.resume();
      throw new HttpProblem(413, 'body_too_large', `the body exceeds ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}
