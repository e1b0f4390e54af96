import { decodeBinaryCloudEvent, hasCloudEventHeaders } from './cloud-event-binary.js';
import { decodeStructuredCloudEvent } from './cloud-event-structured.js';
import {
  MediaKind,
  mediaKindOf,
  messageNameParamOf,
  parseContentType,
  type ContentType,
} from './content-type.js';
import {
  DecodeFailureReason,
  InputFormat,
  decodeFailure,
  isDecodeFailure,
  type DecodeResult,
} from './decode-result.js';
import type { LowerCaseHeaders } from './headers.js';
import { eventTypeOfDeclaredName, type DeclaredName } from './message-name.js';
import { requestFromProtobuf } from './request-decoder.js';

/** One input record, whatever its transport, in the terms decoding needs. */
export interface Envelope {
  readonly body: Uint8Array | null;
  readonly headers: LowerCaseHeaders;
  /** How CloudEvents attribute headers are prefixed: `ce_` on Kafka, `ce-` on HTTP. */
  readonly cloudEventHeaderPrefix: string;
  /** The message name the transport gives for a plain protobuf body, if it gives one. */
  readonly declaredName: DeclaredName | undefined;
}

/**
 * Decides the framing and decodes: structured mode when the content type says so,
 * binary mode when any CloudEvents attribute header is present, plain protobuf otherwise.
 */
export function decodeEnvelope(envelope: Envelope): DecodeResult {
  const { body, headers, cloudEventHeaderPrefix } = envelope;
  if (body === null || body.length === 0) {
    return decodeFailure(
      DecodeFailureReason.emptyPayload,
      'the record value or request body is empty',
    );
  }
  const header = headers.get('content-type');
  const contentType = header === undefined ? undefined : parseContentType(header);
  if (contentType !== undefined && mediaKindOf(contentType) === MediaKind.cloudEventJson) {
    return decodeStructuredCloudEvent(body);
  }
  if (hasCloudEventHeaders(headers, cloudEventHeaderPrefix)) {
    return decodeBinaryCloudEvent(body, headers, cloudEventHeaderPrefix);
  }
  return decodePlainProtobuf(body, contentType, envelope.declaredName);
}

function decodePlainProtobuf(
  body: Uint8Array,
  contentType: ContentType | undefined,
  declaredName: DeclaredName | undefined,
): DecodeResult {
  if (contentType !== undefined && mediaKindOf(contentType) !== MediaKind.protobuf) {
    return decodeFailure(
      DecodeFailureReason.unsupportedContentType,
      `content-type "${contentType.mediaType}" is not protobuf and no CloudEvents attributes are present`,
    );
  }
  const type = eventTypeOfDeclaredName(declaredName ?? nameInContentType(contentType));
  if (isDecodeFailure(type)) return type;
  return requestFromProtobuf(type, body, InputFormat.protobuf);
}

function nameInContentType(contentType: ContentType | undefined): DeclaredName | undefined {
  const name = contentType === undefined ? undefined : messageNameParamOf(contentType);
  return name === undefined ? undefined : { name, source: 'content-type parameter' };
}
