import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, MessageName } from '../../../../src/events/event-type.js';
import {
  DecodeFailureReason,
  InputFormat,
  decodeHttpRequest,
} from '../../../../src/ingest/decode/index.js';
import {
  cloudEventData,
  flyteAdminV1CloudEvents,
  flyteAdminV2CloudEvents,
  httpCloudEventHeaders,
  kafkaCloudEventHeaders,
  structuredCloudEvent,
  structuredCloudEventContentType,
} from '../../../fixtures/flyteadmin-cloud-events.js';
import { sampleFlyteRequest, sampleRequestBytes } from '../../../fixtures/flyte-events.js';
import { expectDecoded, expectFailure } from './decode-assertions.js';

const protobufHeaders = { 'content-type': 'application/x-protobuf' };

function taskBody(): Buffer {
  return Buffer.from(sampleRequestBytes('task'));
}

describe('decodeHttpRequest with binary protobuf', () => {
  it.each(EVENT_TYPES)(
    'decodeHttpRequest reads a %s request posted to /v1/events/<type>',
    (type) => {
      const body = Buffer.from(sampleRequestBytes(type));
      const decoded = expectDecoded(
        decodeHttpRequest({ path: `/v1/events/${type}`, headers: protobufHeaders, body }),
      );
      expect(decoded.format).toBe(InputFormat.protobuf);
      expect(decoded.request).toEqual(sampleFlyteRequest(type));
      expect(decoded.payload).toBe(body);
    },
  );

  it('decodeHttpRequest reads a body without content-type on a typed path', () => {
    expectDecoded(decodeHttpRequest({ path: '/v1/events/task', headers: {}, body: taskBody() }));
  });

  it('decodeHttpRequest ignores a query string and a trailing slash on the path', () => {
    const decoded = expectDecoded(
      decodeHttpRequest({
        path: '/v1/events/task/?source=propeller',
        headers: {},
        body: taskBody(),
      }),
    );
    expect(decoded.request.type).toBe('task');
  });

  it('decodeHttpRequest reads /v1/events with the name in x-flyte-message-name', () => {
    const headers = { ...protobufHeaders, 'x-flyte-message-name': MessageName.task };
    const decoded = expectDecoded(
      decodeHttpRequest({ path: '/v1/events', headers, body: taskBody() }),
    );
    expect(decoded.request.type).toBe('task');
  });

  it('decodeHttpRequest reads /v1/events with the name in the content-type parameter', () => {
    const headers = { 'content-type': `application/protobuf; messageType=${MessageName.task}` };
    expectDecoded(decodeHttpRequest({ path: '/v1/events', headers, body: taskBody() }));
  });

  it('decodeHttpRequest compares header names without case', () => {
    const headers = {
      'X-Flyte-Message-Name': MessageName.task,
      'Content-Type': 'application/protobuf',
    };
    expectDecoded(decodeHttpRequest({ path: '/v1/events', headers, body: taskBody() }));
  });

  it('decodeHttpRequest reports missing_message_name for /v1/events with nothing naming the message', () => {
    expectFailure(
      decodeHttpRequest({ path: '/v1/events', headers: protobufHeaders, body: taskBody() }),
      DecodeFailureReason.missingMessageName,
    );
  });

  it('decodeHttpRequest reports unknown_message_name for /v1/events/<unknown>', () => {
    const failure = expectFailure(
      decodeHttpRequest({
        path: '/v1/events/execution',
        headers: protobufHeaders,
        body: taskBody(),
      }),
      DecodeFailureReason.unknownMessageName,
    );
    expect(failure.detail).toContain('/v1/events/execution');
  });

  it('decodeHttpRequest reports unknown_message_name for a path outside /v1/events', () => {
    expectFailure(
      decodeHttpRequest({ path: '/v2/things', headers: protobufHeaders, body: taskBody() }),
      DecodeFailureReason.unknownMessageName,
    );
  });

  it('decodeHttpRequest reports unknown_message_name for an unhandled x-flyte-message-name', () => {
    const headers = { 'x-flyte-message-name': 'flyteidl.admin.ExecutionCreateRequest' };
    const failure = expectFailure(
      decodeHttpRequest({ path: '/v1/events', headers, body: taskBody() }),
      DecodeFailureReason.unknownMessageName,
    );
    expect(failure.detail).toContain('flyteidl.admin.ExecutionCreateRequest');
  });

  it('decodeHttpRequest reports empty_payload for an empty body', () => {
    expectFailure(
      decodeHttpRequest({ path: '/v1/events/task', headers: {}, body: Buffer.alloc(0) }),
      DecodeFailureReason.emptyPayload,
    );
  });

  it('decodeHttpRequest reports unsupported_content_type for a JSON body without CloudEvents headers', () => {
    const body = cloudEventData(flyteAdminV1CloudEvents.task);
    expectFailure(
      decodeHttpRequest({
        path: '/v1/events/task',
        headers: { 'content-type': 'application/json' },
        body,
      }),
      DecodeFailureReason.unsupportedContentType,
    );
  });

  it('decodeHttpRequest reports invalid_protobuf for a garbage body', () => {
    expectFailure(
      decodeHttpRequest({ path: '/v1/events/node', headers: {}, body: Buffer.from([0x0a, 0xff]) }),
      DecodeFailureReason.invalidProtobuf,
    );
  });
});

describe('decodeHttpRequest with cloud events', () => {
  it.each([...Object.entries(flyteAdminV1CloudEvents), ...Object.entries(flyteAdminV2CloudEvents)])(
    'decodeHttpRequest reads the %s event in binary mode from ce- headers',
    (_name, sample) => {
      const decoded = expectDecoded(
        decodeHttpRequest({
          path: '/v1/events',
          headers: httpCloudEventHeaders(sample),
          body: cloudEventData(sample),
        }),
      );
      expect(decoded.format).toBe(InputFormat.cloudEventBinary);
      expect(decoded.request).toEqual(sample.expectedRequest());
    },
  );

  it('decodeHttpRequest reads a structured-mode event', () => {
    const sample = flyteAdminV2CloudEvents.node;
    const decoded = expectDecoded(
      decodeHttpRequest({
        path: '/v1/events',
        headers: { 'content-type': structuredCloudEventContentType },
        body: structuredCloudEvent(sample),
      }),
    );
    expect(decoded.format).toBe(InputFormat.cloudEventStructured);
    expect(decoded.request).toEqual(sample.expectedRequest());
  });

  it('decodeHttpRequest lets the ce-type, not a typed path, decide the message', () => {
    const sample = flyteAdminV1CloudEvents.workflow;
    const decoded = expectDecoded(
      decodeHttpRequest({
        path: '/v1/events/task',
        headers: httpCloudEventHeaders(sample),
        body: cloudEventData(sample),
      }),
    );
    expect(decoded.request.type).toBe('workflow');
  });

  it('decodeHttpRequest does not take Kafka ce_ headers for CloudEvents attributes', () => {
    const sample = flyteAdminV1CloudEvents.task;
    expectFailure(
      decodeHttpRequest({
        path: '/v1/events',
        headers: kafkaCloudEventHeaders(sample),
        body: cloudEventData(sample),
      }),
      DecodeFailureReason.unsupportedContentType,
    );
  });

  it('decodeHttpRequest reports invalid_cloud_event naming ce-id when it is missing', () => {
    const sample = flyteAdminV1CloudEvents.task;
    const headers = httpCloudEventHeaders(sample);
    delete headers['ce-id'];
    const failure = expectFailure(
      decodeHttpRequest({ path: '/v1/events', headers, body: cloudEventData(sample) }),
      DecodeFailureReason.invalidCloudEvent,
    );
    expect(failure.detail).toContain('ce-id');
  });

  it('decodeHttpRequest reports unknown_message_name for ce-type ExecutionStart', () => {
    const sample = flyteAdminV1CloudEvents.task;
    const headers = {
      ...httpCloudEventHeaders(sample),
      'ce-type': 'com.flyte.resource.cloudevents.ExecutionStart',
    };
    expectFailure(
      decodeHttpRequest({ path: '/v1/events', headers, body: Buffer.from('{}') }),
      DecodeFailureReason.unknownMessageName,
    );
  });
});
