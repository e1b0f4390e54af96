import { EVENT_TYPES, MessageName } from '../../events/event-type.js';
import {
  DecodeFailureReason,
  decodeFailure,
  isDecodeFailure,
  type DecodeFailure,
  type DecodeResult,
} from './decode-result.js';
import { decodeEnvelope } from './envelope.js';
import { lowerCaseHeaders, type LowerCaseHeaders } from './headers.js';
import type { DeclaredName } from './message-name.js';

export interface HttpEventRequest {
  /** The URL path; a query string, if left on, is ignored. */
  readonly path: string;
  /** As Node gives them (`IncomingHttpHeaders`): names in lower case. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Buffer | Uint8Array;
}

/** The collection path; `/v1/events/<event type>` names the message by path. */
export const eventsPath = '/v1/events';

/** HTTP headers that name the protobuf message when the path does not, in order of preference. */
export const HttpMessageNameHeader = {
  flyte: 'x-flyte-message-name',
  unprefixed: 'flyte-message-name',
} as const;

export function decodeHttpRequest(request: HttpEventRequest): DecodeResult {
  const headers = lowerCaseHeaders(request.headers);
  const fromPath = declaredPathName(request.path);
  if (isDecodeFailure(fromPath)) return fromPath;
  return decodeEnvelope({
    body: request.body,
    headers,
    cloudEventHeaderPrefix: 'ce-',
    declaredName: fromPath ?? declaredHeaderName(headers),
  });
}

function declaredPathName(rawPath: string): DeclaredName | undefined | DecodeFailure {
  const path = rawPath.split('?', 1)[0]!.replace(/\/+$/, '');
  if (path === eventsPath) return undefined;
  const segment = path.startsWith(`${eventsPath}/`) ? path.slice(eventsPath.length + 1) : undefined;
  if (segment === undefined) {
    return decodeFailure(
      DecodeFailureReason.unknownMessageName,
      `path "${path}" is not under ${eventsPath}`,
    );
  }
  const type = EVENT_TYPES.find((candidate) => candidate === segment);
  // An unknown segment is passed on as the name, so that it fails as an unhandled message.
  return { name: type === undefined ? segment : MessageName[type], source: `path ${path}` };
}

function declaredHeaderName(headers: LowerCaseHeaders): DeclaredName | undefined {
  for (const header of Object.values(HttpMessageNameHeader)) {
    const name = headers.get(header);
    if (name !== undefined) return { name, source: `header ${header}` };
  }
  return undefined;
}
