import { describe, expect, it } from 'vitest';
import { MessageName } from '../../../../src/events/event-type.js';
import { encodeRequest } from '../../../../src/events/flyte-request.js';
import {
  DecodeFailureReason,
  InputFormat,
  decodeKafkaRecord,
} from '../../../../src/ingest/decode/index.js';
import {
  cloudEventData,
  flyteAdminV1CloudEvents,
  flyteAdminV2CloudEvents,
  structuredCloudEvent,
  structuredCloudEventContentType,
} from '../../../fixtures/flyteadmin-cloud-events.js';
import { sampleFlyteRequest, sampleRequestBytes } from '../../../fixtures/flyte-events.js';
import { expectDecoded, expectFailure } from './decode-assertions.js';

const structuredHeaders = { 'content-type': structuredCloudEventContentType };
const v1Task = flyteAdminV1CloudEvents.task;

function envelope(fields: Record<string, unknown>): Buffer {
  return Buffer.from(
    JSON.stringify({
      specversion: '1.0',
      id: 'evt-1',
      source: 'https://github.com/flyteorg/flyte/flyteadmin',
      type: `com.flyte.resource.${MessageName.task}`,
      ...fields,
    }),
  );
}

function taskData(): unknown {
  return JSON.parse(cloudEventData(v1Task).toString('utf8'));
}

describe('decodeKafkaRecord with structured-mode cloud events', () => {
  it.each([...Object.entries(flyteAdminV1CloudEvents), ...Object.entries(flyteAdminV2CloudEvents)])(
    'decodeKafkaRecord reads structured %s events with JSON data',
    (_name, sample) => {
      const decoded = expectDecoded(
        decodeKafkaRecord(structuredCloudEvent(sample), structuredHeaders),
      );
      expect(decoded.format).toBe(InputFormat.cloudEventStructured);
      expect(decoded.request).toEqual(sample.expectedRequest());
    },
  );

  it('decodeKafkaRecord reads data_base64 as protobuf and keeps the decoded bytes as the payload', () => {
    const bytes = sampleRequestBytes('task');
    const value = envelope({ data_base64: Buffer.from(bytes).toString('base64') });
    const decoded = expectDecoded(decodeKafkaRecord(value, structuredHeaders));
    expect(decoded.format).toBe(InputFormat.cloudEventStructured);
    expect(Buffer.from(decoded.payload).equals(Buffer.from(bytes))).toBe(true);
    expect(decoded.request).toEqual(sampleFlyteRequest('task'));
  });

  it('decodeKafkaRecord reads data_base64 with datacontenttype application/protobuf', () => {
    const value = envelope({
      datacontenttype: 'application/protobuf',
      data_base64: Buffer.from(sampleRequestBytes('task')).toString('base64'),
    });
    expectDecoded(decodeKafkaRecord(value, structuredHeaders));
  });

  it('decodeKafkaRecord reads data_base64 holding JSON when datacontenttype says JSON', () => {
    const value = envelope({
      datacontenttype: 'application/json',
      data_base64: cloudEventData(v1Task).toString('base64'),
    });
    const decoded = expectDecoded(decodeKafkaRecord(value, structuredHeaders));
    expect(decoded.request).toEqual(v1Task.expectedRequest());
  });

  it('decodeKafkaRecord reads data without datacontenttype as JSON', () => {
    const decoded = expectDecoded(
      decodeKafkaRecord(envelope({ data: taskData() }), structuredHeaders),
    );
    expect(decoded.payload).toEqual(encodeRequest(v1Task.expectedRequest()));
  });

  it('decodeKafkaRecord recognises structured mode even when ce_ headers are also present', () => {
    const headers = { ...structuredHeaders, ce_type: 'com.example.ignored' };
    expectDecoded(decodeKafkaRecord(envelope({ data: taskData() }), headers));
  });

  it('decodeKafkaRecord reports unknown_message_name for a structured ExecutionStart event', () => {
    const value = envelope({ type: 'com.flyte.resource.cloudevents.ExecutionStart', data: {} });
    const failure = expectFailure(
      decodeKafkaRecord(value, structuredHeaders),
      DecodeFailureReason.unknownMessageName,
    );
    expect(failure.detail).toContain('com.flyte.resource.cloudevents.ExecutionStart');
  });

  it('decodeKafkaRecord reports invalid_cloud_event when data and data_base64 are both set', () => {
    const value = envelope({ data: taskData(), data_base64: 'AAAA' });
    expectFailure(
      decodeKafkaRecord(value, structuredHeaders),
      DecodeFailureReason.invalidCloudEvent,
    );
  });

  it.each([
    ['characters outside base64', 'not base64!'],
    ['a number', 12345],
    ['an impossible length', 'AAAAA'],
  ])('decodeKafkaRecord reports invalid_cloud_event for data_base64 with %s', (_label, data) => {
    const failure = expectFailure(
      decodeKafkaRecord(envelope({ data_base64: data }), structuredHeaders),
      DecodeFailureReason.invalidCloudEvent,
    );
    expect(failure.detail).toContain('data_base64');
  });

  it.each(['specversion', 'id', 'source', 'type'])(
    'decodeKafkaRecord reports invalid_cloud_event naming attribute %s when it is missing',
    (attribute) => {
      const value = envelope({ [attribute]: undefined, data: taskData() });
      const failure = expectFailure(
        decodeKafkaRecord(value, structuredHeaders),
        DecodeFailureReason.invalidCloudEvent,
      );
      expect(failure.detail).toContain(attribute);
    },
  );

  it('decodeKafkaRecord reports invalid_cloud_event for an attribute that is not a string', () => {
    const failure = expectFailure(
      decodeKafkaRecord(envelope({ id: 7, data: taskData() }), structuredHeaders),
      DecodeFailureReason.invalidCloudEvent,
    );
    expect(failure.detail).toContain('not a string');
  });

  it.each([
    ['an array', '[]'],
    ['a string', '"event"'],
  ])('decodeKafkaRecord reports invalid_cloud_event for an envelope that is %s', (_label, text) => {
    expectFailure(
      decodeKafkaRecord(Buffer.from(text), structuredHeaders),
      DecodeFailureReason.invalidCloudEvent,
    );
  });

  it('decodeKafkaRecord reports invalid_json for an envelope that is not JSON', () => {
    expectFailure(
      decodeKafkaRecord(Buffer.from('specversion=1.0'), structuredHeaders),
      DecodeFailureReason.invalidJson,
    );
  });

  it.each([
    ['no data', {}],
    ['null data', { data: null }],
    ['empty data_base64', { data_base64: '' }],
  ])('decodeKafkaRecord reports empty_payload for a structured event with %s', (_label, fields) => {
    expectFailure(
      decodeKafkaRecord(envelope(fields), structuredHeaders),
      DecodeFailureReason.emptyPayload,
    );
  });

  it('decodeKafkaRecord reports unsupported_content_type for JSON data labelled as protobuf', () => {
    const value = envelope({ datacontenttype: 'application/protobuf', data: taskData() });
    expectFailure(
      decodeKafkaRecord(value, structuredHeaders),
      DecodeFailureReason.unsupportedContentType,
    );
  });

  it('decodeKafkaRecord reports unsupported_content_type for data of an unknown datacontenttype', () => {
    const value = envelope({ datacontenttype: 'application/avro', data_base64: 'AAAA' });
    expectFailure(
      decodeKafkaRecord(value, structuredHeaders),
      DecodeFailureReason.unsupportedContentType,
    );
  });

  it('decodeKafkaRecord reports invalid_json for structured data of the wrong shape', () => {
    expectFailure(
      decodeKafkaRecord(envelope({ data: 'a string, not the message' }), structuredHeaders),
      DecodeFailureReason.invalidJson,
    );
  });

  it('decodeKafkaRecord reports invalid_protobuf for data_base64 that is not protobuf', () => {
    const value = envelope({ data_base64: Buffer.from('plain text').toString('base64') });
    expectFailure(decodeKafkaRecord(value, structuredHeaders), DecodeFailureReason.invalidProtobuf);
  });
});
