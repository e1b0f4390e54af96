/** A parsed `Content-Type` value: media type in lower case, parameter names in lower case. */
export interface ContentType {
  readonly mediaType: string;
  readonly params: ReadonlyMap<string, string>;
}

/** What a media type means for decoding. */
export const MediaKind = {
  protobuf: 'protobuf',
  json: 'json',
  cloudEventJson: 'cloudevent-json',
  other: 'other',
} as const;
export type MediaKind = (typeof MediaKind)[keyof typeof MediaKind];

const protobufMediaTypes = new Set([
  'application/x-protobuf',
  'application/protobuf',
  'application/octet-stream',
]);

export function parseContentType(value: string): ContentType {
  const [mediaType = '', ...rawParams] = value.split(';');
  const params = new Map<string, string>();
  for (const raw of rawParams) {
    const separator = raw.indexOf('=');
    if (separator < 0) continue;
    const name = raw.slice(0, separator).trim().toLowerCase();
    params.set(name, unquote(raw.slice(separator + 1).trim()));
  }
  return { mediaType: mediaType.trim().toLowerCase(), params };
}

export function mediaKindOf(contentType: ContentType): MediaKind {
  const { mediaType } = contentType;
  if (protobufMediaTypes.has(mediaType)) return MediaKind.protobuf;
  if (mediaType === 'application/cloudevents+json') return MediaKind.cloudEventJson;
  if (mediaType === 'application/json' || isJsonSuffixType(mediaType)) return MediaKind.json;
  return MediaKind.other;
}

/**
 * The message name a protobuf content type may carry, as in
 * `application/x-protobuf; messageType=flyteidl.admin.TaskExecutionEventRequest`.
 */
export function messageNameParamOf(contentType: ContentType): string | undefined {
  return contentType.params.get('messagetype') ?? contentType.params.get('proto');
}

// Structured-mode CloudEvents (`application/cloudevents+json`, and its batch form) are
// envelopes, not message data, so they are not treated as plain JSON here.
function isJsonSuffixType(mediaType: string): boolean {
  return mediaType.endsWith('+json') && !mediaType.startsWith('application/cloudevents');
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1)
    : value;
}
