import { randomUUID } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';

/**
 * An HTTP proxy in front of a local SNS server that makes PublishBatch fail the
 * way the real service can: throttling, server errors, entries failed one by
 * one, a topic that is missing or forbidden, a dropped connection. The local
 * server answers every valid request faithfully, so these failures can only be
 * made on the wire. Errors are written in the AWS Query XML format, which the
 * SDK turns into the same exceptions the real service causes.
 */

/** One entry of a PublishBatch request, as the SDK sent it. */
export interface BatchEntryView {
  readonly id: string;
  readonly message: string;
  readonly subject: string | undefined;
  /** String message attributes by name. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** A PublishBatch request as the fault plan sees it; `number` counts from 1 per proxy. */
export interface BatchRequestView {
  readonly number: number;
  readonly topicArn: string;
  readonly entries: readonly BatchEntryView[];
}

/** How one entry is to fail; SenderFault false is the service's side (retryable). */
export interface EntryFailure {
  readonly id: string;
  readonly code: string;
  readonly senderFault: boolean;
  readonly message?: string;
}

export const SERVER_ERROR_CODES = { InternalError: 500, ServiceUnavailable: 503 } as const;
export type ServerErrorCode = keyof typeof SERVER_ERROR_CODES;

export const MISCONFIGURATION_CODES = { AuthorizationError: 403, NotFound: 404 } as const;
export type MisconfigurationCode = keyof typeof MISCONFIGURATION_CODES;

export type FaultAction =
  | { readonly kind: 'pass' }
  | { readonly kind: 'throttle' }
  | { readonly kind: 'server-error'; readonly code: ServerErrorCode }
  | { readonly kind: 'fail-entries'; readonly failures: readonly EntryFailure[] }
  | { readonly kind: 'misconfigured'; readonly code: MisconfigurationCode }
  /** `before`: the request never reaches the server; `after`: it does, the answer is lost. */
  | { readonly kind: 'drop-connection'; readonly when: 'before' | 'after' };

export type FaultPlan = (request: BatchRequestView) => FaultAction;

export const PASS: FaultAction = { kind: 'pass' };

/** What the proxy did, for tests to compare with what the pipeline counted. */
export interface FaultCounts {
  /** PublishBatch requests received. */
  requests: number;
  passed: number;
  throttled: number;
  serverErrors: number;
  misconfigured: number;
  dropped: number;
  /** Entries answered as failed with SenderFault false. */
  entriesFailedRetryable: number;
  /** Entries answered as failed with SenderFault true. */
  entriesFailedPermanent: number;
  /** Entries the server accepted, counted from its answers. */
  entriesDelivered: number;
  /** Requests the proxy could not forward; the client saw its connection dropped. */
  upstreamErrors: number;
}

const ENTRY_PREFIX = 'PublishBatchRequestEntries.member.';
const SNS_XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** Reads a form-encoded PublishBatch body; entries in the order of their member numbers. */
export function parseBatchRequest(body: string, number: number): BatchRequestView {
  const form = new URLSearchParams(body);
  const entries = new Map<number, Map<string, string>>();
  for (const [key, value] of form) {
    if (!key.startsWith(ENTRY_PREFIX)) continue;
    const rest = key.slice(ENTRY_PREFIX.length);
    const dot = rest.indexOf('.');
    const index = Number(rest.slice(0, dot));
    const fields = entries.get(index) ?? new Map<string, string>();
    fields.set(rest.slice(dot + 1), value);
    entries.set(index, fields);
  }
  const ordered = [...entries.entries()].sort(([a], [b]) => a - b).map(([, fields]) => fields);
  return { number, topicArn: form.get('TopicArn') ?? '', entries: ordered.map(entryView) };
}

export function isPublishBatch(body: string): boolean {
  return new URLSearchParams(body).get('Action') === 'PublishBatch';
}

function entryView(fields: ReadonlyMap<string, string>): BatchEntryView {
  const attributes: Record<string, string> = {};
  for (const [key, value] of fields) {
    const match = /^MessageAttributes\.entry\.(\d+)\.Name$/.exec(key);
    const stringValue =
      match && fields.get(`MessageAttributes.entry.${match[1]}.Value.StringValue`);
    if (match && stringValue !== undefined && stringValue !== null) attributes[value] = stringValue;
  }
  return {
    id: fields.get('Id') ?? '',
    message: fields.get('Message') ?? '',
    subject: fields.get('Subject'),
    attributes,
  };
}

/**
 * The request body without the entries whose ids are given, the remaining
 * entries numbered again from 1 as the Query protocol expects.
 */
export function withoutEntries(body: string, removedIds: ReadonlySet<string>): string {
  const form = new URLSearchParams(body);
  const idByIndex = new Map<string, string>();
  for (const [key, value] of form) {
    const match = /^PublishBatchRequestEntries\.member\.(\d+)\.Id$/.exec(key);
    if (match) idByIndex.set(match[1] as string, value);
  }
  const kept = [...idByIndex.entries()]
    .filter(([, id]) => !removedIds.has(id))
    .map(([index]) => index)
    .sort((a, b) => Number(a) - Number(b));
  const renumbered = new Map(kept.map((index, position) => [index, String(position + 1)]));
  const out = new URLSearchParams();
  for (const [key, value] of form) {
    if (!key.startsWith(ENTRY_PREFIX)) {
      out.append(key, value);
      continue;
    }
    const rest = key.slice(ENTRY_PREFIX.length);
    const dot = rest.indexOf('.');
    const target = renumbered.get(rest.slice(0, dot));
    if (target !== undefined) out.append(`${ENTRY_PREFIX}${target}${rest.slice(dot)}`, value);
  }
  return out.toString();
}

/** A PublishBatch response's `Failed` members for the given failures. */
export function failedMembersXml(failures: readonly EntryFailure[]): string {
  return failures
    .map(
      (failure) =>
        `<member><Id>${escapeXml(failure.id)}</Id><Code>${escapeXml(failure.code)}</Code>` +
        `<Message>${escapeXml(failure.message ?? `injected ${failure.code}`)}</Message>` +
        `<SenderFault>${failure.senderFault}</SenderFault></member>`,
    )
    .join('');
}

/** Adds failed entries to the server's PublishBatch response, whatever form its `Failed` has. */
export function withFailedEntries(responseXml: string, failures: readonly EntryFailure[]): string {
  if (failures.length === 0) return responseXml;
  const members = failedMembersXml(failures);
  if (/<Failed\s*\/>/.test(responseXml)) {
    return responseXml.replace(/<Failed\s*\/>/, `<Failed>${members}</Failed>`);
  }
  if (responseXml.includes('</Failed>'))
    return responseXml.replace('</Failed>', `${members}</Failed>`);
  return responseXml.replace(
    '</PublishBatchResult>',
    `<Failed>${members}</Failed></PublishBatchResult>`,
  );
}

/** A PublishBatch response of the proxy's own, for a request left with no entries to forward. */
export function allFailedResponseXml(failures: readonly EntryFailure[]): string {
  return (
    `<PublishBatchResponse xmlns="${SNS_XML_NAMESPACE}"><PublishBatchResult>` +
    `<Successful/><Failed>${failedMembersXml(failures)}</Failed></PublishBatchResult>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>` +
    `</PublishBatchResponse>`
  );
}

/** An error answer in the AWS Query format; `Type` is Sender for client faults, else Receiver. */
export function errorResponseXml(code: string, message: string, sender: boolean): string {
  return (
    `<ErrorResponse xmlns="${SNS_XML_NAMESPACE}"><Error><Type>${sender ? 'Sender' : 'Receiver'}</Type>` +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}

/** How many `Successful` members the server's PublishBatch response has. */
export function successfulCount(responseXml: string): number {
  const successful = /<Successful>([\s\S]*?)<\/Successful>/.exec(responseXml)?.[1] ?? '';
  return successful.match(/<member>/g)?.length ?? 0;
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

interface Upstream {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A fault-injecting proxy listening on 127.0.0.1; `endpoint` is what the SNS client is given. */
export class SnsFaultProxy {
  readonly counts: FaultCounts = {
    requests: 0,
    passed: 0,
    throttled: 0,
    serverErrors: 0,
    misconfigured: 0,
    dropped: 0,
    entriesFailedRetryable: 0,
    entriesFailedPermanent: 0,
    entriesDelivered: 0,
    upstreamErrors: 0,
  };
  private plan: FaultPlan = () => PASS;

  private readonly server: Server;
  private listeningPort = 0;

  private constructor(private readonly upstream: URL) {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch(() => {
        this.counts.upstreamErrors++;
        response.destroy();
      });
    });
    // Idle connections stay open until stop(): a server closing one just as the
    // client reuses it would fail a request the plan never saw.
    this.server.keepAliveTimeout = 0;
  }

  /** Starts a proxy to `upstreamEndpoint` (the local SNS server) on a free port. */
  static async start(upstreamEndpoint: string): Promise<SnsFaultProxy> {
    const proxy = new SnsFaultProxy(new URL(upstreamEndpoint));
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen({ host: '127.0.0.1', port: 0 }, resolve);
    });
    const address = proxy.server.address();
    proxy.listeningPort = typeof address === 'object' && address ? address.port : 0;
    return proxy;
  }

  get port(): number {
    return this.listeningPort;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Replaces the plan; it applies from the next request on. */
  setPlan(plan: FaultPlan): void {
    this.plan = plan;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (!isPublishBatch(body)) {
      send(response, await this.forward(request, body));
      return;
    }
    this.counts.requests++;
    const view = parseBatchRequest(body, this.counts.requests);
    const action = this.plan(view);
    switch (action.kind) {
      case 'pass':
        this.counts.passed++;
        return send(response, this.counted(await this.forward(request, body)));
      case 'throttle':
        this.counts.throttled++;
        return sendError(response, 400, 'Throttling', 'Rate exceeded', true);
      case 'server-error':
        this.counts.serverErrors++;
        return sendError(response, SERVER_ERROR_CODES[action.code], action.code, 'injected', false);
      case 'misconfigured':
        this.counts.misconfigured++;
        return sendError(
          response,
          MISCONFIGURATION_CODES[action.code],
          action.code,
          'injected',
          true,
        );
      case 'drop-connection':
        this.counts.dropped++;
        if (action.when === 'after') this.counted(await this.forward(request, body));
        request.socket.destroy();
        return;
      case 'fail-entries':
        return send(response, await this.failEntries(request, body, view, action.failures));
    }
  }

  private async failEntries(
    request: IncomingMessage,
    body: string,
    view: BatchRequestView,
    requested: readonly EntryFailure[],
  ): Promise<Upstream> {
    const present = new Set(view.entries.map((entry) => entry.id));
    const failures = requested.filter((failure) => present.has(failure.id));
    for (const failure of failures) {
      if (failure.senderFault) this.counts.entriesFailedPermanent++;
      else this.counts.entriesFailedRetryable++;
    }
    const removed = new Set(failures.map((failure) => failure.id));
    if (removed.size === present.size) {
      return {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body: allFailedResponseXml(failures),
      };
    }
    const answer = this.counted(await this.forward(request, withoutEntries(body, removed)));
    if (answer.status !== 200) return answer;
    return { ...answer, body: withFailedEntries(answer.body, failures) };
  }

  private counted(answer: Upstream): Upstream {
    if (answer.status === 200) this.counts.entriesDelivered += successfulCount(answer.body);
    return answer;
  }

  private forward(request: IncomingMessage, body: string): Promise<Upstream> {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && name !== 'content-length' && name !== 'host')
        headers[name] = value;
    }
    headers['content-length'] = String(Buffer.byteLength(body));
    headers.host = this.upstream.host;
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: this.upstream.hostname,
          port: this.upstream.port,
          method: request.method,
          path: request.url,
          headers,
          // A fresh connection each time, so a stale pooled one cannot fail a forward.
          agent: false,
        },
        (answer) => {
          readBody(answer)
            .then((text) =>
              resolve({
                status: answer.statusCode ?? 502,
                headers: plainHeaders(answer),
                body: text,
              }),
            )
            .catch(reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}

function readBody(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

function plainHeaders(message: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (typeof value === 'string' && name !== 'content-length' && name !== 'transfer-encoding') {
      headers[name] = value;
    }
  }
  return headers;
}

function send(response: ServerResponse, answer: Upstream): void {
  response
    .writeHead(answer.status, {
      ...answer.headers,
      'content-length': Buffer.byteLength(answer.body),
    })
    .end(answer.body);
}

function sendError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  sender: boolean,
): void {
  send(response, {
    status,
    headers: { 'content-type': 'text/xml' },
    body: errorResponseXml(code, message, sender),
  });
}
