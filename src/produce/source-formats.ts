import {
  encodeRequest,
  executionKeyOf,
  messageNameOf,
  type FlyteRequest,
} from '../events/flyte-request.js';
import { InternalHeader } from '../events/internal-record.js';
import {
  flyteCloudEventOf,
  type CloudEventFlavour,
  type FlyteCloudEvent,
} from './flyteadmin-cloud-event.js';

/** The shapes a source-topic record or an HTTP ingest request can take. */
export const SourceFormat = {
  /** Binary request message; its full name in the `flyte-message-name` header. */
  protobuf: 'protobuf',
  /** Binary-mode CloudEvent exactly as FlyteAdmin's Kafka cloud-events sender writes it. */
  cloudEventV1: 'cloudevent-v1',
  /** Binary-mode CloudEvent of FlyteAdmin's wrapped publisher (CloudEvent*Execution data). */
  cloudEventV2: 'cloudevent-v2',
  /** Structured-mode CloudEvent: one JSON envelope with the request as `data`. */
  cloudEventStructured: 'cloudevent-structured',
} as const;
export type SourceFormat = (typeof SourceFormat)[keyof typeof SourceFormat];
export const SOURCE_FORMATS: readonly SourceFormat[] = Object.values(SourceFormat);

export interface SourceMessage {
  /** `project/domain/name`, so one execution stays on one partition. */
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

export interface HttpIngestRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

export const HTTP_EVENTS_PATH = '/v1/events';
export const ContentType = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
  cloudEventsJson: 'application/cloudevents+json',
} as const;

/** A Kafka record for a source topic. */
export function toSourceMessage(request: FlyteRequest, format: SourceFormat): SourceMessage {
  const key = executionKeyOf(request) ?? '';
  switch (format) {
    case SourceFormat.protobuf:
      return {
        key,
        value: Buffer.from(encodeRequest(request)),
        headers: { [InternalHeader.messageName]: messageNameOf(request) },
      };
    case SourceFormat.cloudEventV1:
    case SourceFormat.cloudEventV2: {
      const event = flyteCloudEventOf(request, flavourOf(format));
      // The Kafka binding of the CloudEvents SDK writes attributes as `ce_` headers.
      return { key, value: jsonBytes(event.data), headers: binaryModeHeaders(event, 'ce_') };
    }
    case SourceFormat.cloudEventStructured:
      return {
        key,
        value: jsonBytes(flyteCloudEventOf(request, 'v1')),
        headers: { 'content-type': ContentType.cloudEventsJson },
      };
  }
}

/** A request for the HTTP ingest endpoint. */
export function toHttpRequest(request: FlyteRequest, format: SourceFormat): HttpIngestRequest {
  switch (format) {
    case SourceFormat.protobuf:
      return {
        path: `${HTTP_EVENTS_PATH}/${request.type}`,
        headers: { 'content-type': ContentType.protobuf },
        body: Buffer.from(encodeRequest(request)),
      };
    case SourceFormat.cloudEventV1:
    case SourceFormat.cloudEventV2: {
      const event = flyteCloudEventOf(request, flavourOf(format));
      // The HTTP binding spells the attribute headers `ce-`.
      return {
        path: HTTP_EVENTS_PATH,
        headers: binaryModeHeaders(event, 'ce-'),
        body: jsonBytes(event.data),
      };
    }
    case SourceFormat.cloudEventStructured:
      return {
        path: HTTP_EVENTS_PATH,
        headers: { 'content-type': ContentType.cloudEventsJson },
        body: jsonBytes(flyteCloudEventOf(request, 'v1')),
      };
  }
}

function flavourOf(
  format: typeof SourceFormat.cloudEventV1 | typeof SourceFormat.cloudEventV2,
): CloudEventFlavour {
  return format === SourceFormat.cloudEventV1 ? 'v1' : 'v2';
}

function binaryModeHeaders(event: FlyteCloudEvent, prefix: 'ce_' | 'ce-'): Record<string, string> {
  return {
    [`${prefix}specversion`]: event.specversion,
    [`${prefix}id`]: event.id,
    [`${prefix}source`]: event.source,
    [`${prefix}type`]: event.type,
    [`${prefix}time`]: event.time,
    [`${prefix}jsonschemaurl`]: event.jsonschemaurl,
    'content-type': event.datacontenttype,
  };
}

function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}
