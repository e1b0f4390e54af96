import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, MESSAGE_TYPES, MessageName } from '../../../../src/events/event-type.js';
import { executionKeyOf } from '../../../../src/events/flyte-request.js';
import {
  DecodeFailureReason,
  InputFormat,
  decodeKafkaRecord,
} from '../../../../src/ingest/decode/index.js';
import {
  sampleExecutionKey,
  sampleFlyteRequest,
  sampleRequestBytes,
  sampleTaskRequest,
  sampleWorkflowRequest,
} from '../../../fixtures/flyte-events.js';
import { expectDecoded, expectFailure } from './decode-assertions.js';

const taskName = MessageName.task;

describe('decodeKafkaRecord with binary protobuf', () => {
  it.each(EVENT_TYPES)(
    'decodeKafkaRecord reads a %s request named by flyte-message-name',
    (type) => {
      const bytes = Buffer.from(sampleRequestBytes(type));
      const decoded = expectDecoded(
        decodeKafkaRecord(bytes, { 'flyte-message-name': MessageName[type] }),
      );
      expect(decoded.format).toBe(InputFormat.protobuf);
      expect(decoded.request).toEqual(sampleFlyteRequest(type));
      expect(executionKeyOf(decoded.request)).toBe(sampleExecutionKey);
    },
  );

  it('decodeKafkaRecord returns the input bytes themselves as the payload, not a re-encoding', () => {
    const bytes = Buffer.from(sampleRequestBytes('task'));
    const decoded = expectDecoded(decodeKafkaRecord(bytes, { 'flyte-message-name': taskName }));
    expect(decoded.payload).toBe(bytes);
  });

  it('decodeKafkaRecord keeps fields it does not know in the payload, byte for byte', () => {
    // Field 99 of the request, a string: what a newer flyteidl might add.
    const unknownField = Buffer.from([0x9a, 0x06, 0x03, 0x6e, 0x65, 0x77]);
    const bytes = Buffer.concat([sampleRequestBytes('workflow'), unknownField]);
    const decoded = expectDecoded(
      decodeKafkaRecord(bytes, { 'flyte-message-name': MessageName.workflow }),
    );
    expect(Buffer.from(decoded.payload).equals(bytes)).toBe(true);
    expect(decoded.request.message).toMatchObject(sampleWorkflowRequest());
  });

  it('decodeKafkaRecord reads the message name from a message-name header', () => {
    const bytes = Buffer.from(sampleRequestBytes('node'));
    const decoded = expectDecoded(decodeKafkaRecord(bytes, { 'message-name': MessageName.node }));
    expect(decoded.request.type).toBe('node');
  });

  it.each([
    `application/x-protobuf; messageType=${taskName}`,
    `application/protobuf; proto=${taskName}`,
    `application/octet-stream; messagetype="${taskName}"`,
    `Application/X-Protobuf;MessageType=${taskName}`,
  ])('decodeKafkaRecord reads the message name from content-type %s', (contentType) => {
    const bytes = Buffer.from(sampleRequestBytes('task'));
    const decoded = expectDecoded(decodeKafkaRecord(bytes, { 'content-type': contentType }));
    expect(decoded.request).toEqual(sampleFlyteRequest('task'));
  });

  it.each(['Flyte-Message-Name', 'FLYTE-MESSAGE-NAME', 'Message-Name'])(
    'decodeKafkaRecord compares header names without case (%s)',
    (header) => {
      const bytes = Buffer.from(sampleRequestBytes('task'));
      expectDecoded(decodeKafkaRecord(bytes, { [header]: taskName }));
    },
  );

  it('decodeKafkaRecord prefers flyte-message-name over the content-type parameter', () => {
    const bytes = Buffer.from(sampleRequestBytes('task'));
    const headers = {
      'flyte-message-name': taskName,
      'content-type': `application/x-protobuf; messageType=${MessageName.node}`,
    };
    expect(expectDecoded(decodeKafkaRecord(bytes, headers)).request.type).toBe('task');
  });

  it('decodeKafkaRecord accepts a protobuf content type without a name when a header names the message', () => {
    const bytes = Buffer.from(sampleRequestBytes('task'));
    const headers = { 'content-type': 'application/x-protobuf', 'flyte-message-name': taskName };
    expectDecoded(decodeKafkaRecord(bytes, headers));
  });

  it('decodeKafkaRecord reports missing_message_name when nothing names the message', () => {
    const failure = expectFailure(
      decodeKafkaRecord(Buffer.from(sampleRequestBytes('task')), {}),
      DecodeFailureReason.missingMessageName,
    );
    expect(failure.detail).not.toBe('');
  });

  it.each([
    'flyteidl.admin.ExecutionCreateRequest',
    'TaskExecutionEventRequest',
    'flyteidl.event.TaskExecutionEvent',
  ])('decodeKafkaRecord reports unknown_message_name, with the name, for %s', (name) => {
    const failure = expectFailure(
      decodeKafkaRecord(Buffer.from(sampleRequestBytes('task')), { 'flyte-message-name': name }),
      DecodeFailureReason.unknownMessageName,
    );
    expect(failure.detail).toContain(name);
    expect(failure.detail).toContain('flyte-message-name');
  });

  it.each(['text/plain', 'application/json', 'application/xml'])(
    'decodeKafkaRecord reports unsupported_content_type for %s without CloudEvents attributes',
    (contentType) => {
      const headers = { 'content-type': contentType, 'flyte-message-name': taskName };
      const failure = expectFailure(
        decodeKafkaRecord(Buffer.from(sampleRequestBytes('task')), headers),
        DecodeFailureReason.unsupportedContentType,
      );
      expect(failure.detail).toContain(contentType);
    },
  );

  it.each([
    ['a null value', null],
    ['a zero-length value', Buffer.alloc(0)],
  ])('decodeKafkaRecord reports empty_payload for %s', (_label, value) => {
    expectFailure(
      decodeKafkaRecord(value, { 'flyte-message-name': taskName }),
      DecodeFailureReason.emptyPayload,
    );
  });

  it('decodeKafkaRecord reports invalid_protobuf for bytes that are not protobuf', () => {
    const failure = expectFailure(
      decodeKafkaRecord(Buffer.from('this is plain text, not protobuf'), {
        'flyte-message-name': taskName,
      }),
      DecodeFailureReason.invalidProtobuf,
    );
    expect(failure.detail).toContain(taskName);
  });

  it('decodeKafkaRecord reports invalid_protobuf for a truncated message', () => {
    const bytes = sampleRequestBytes('task');
    expectFailure(
      decodeKafkaRecord(Buffer.from(bytes.subarray(0, bytes.length - 7)), {
        'flyte-message-name': taskName,
      }),
      DecodeFailureReason.invalidProtobuf,
    );
  });

  it('decodeKafkaRecord reports invalid_protobuf for bytes that parse only as unknown fields', () => {
    // Field 7, varint 1: well-formed protobuf, but nothing of a request.
    expectFailure(
      decodeKafkaRecord(Buffer.from([0x38, 0x01]), { 'flyte-message-name': taskName }),
      DecodeFailureReason.invalidProtobuf,
    );
  });

  it('decodeKafkaRecord reports missing_execution_id for a request without an event', () => {
    const bytes = MESSAGE_TYPES.task.toBinary(MESSAGE_TYPES.task.create({ requestId: 'r-1' }));
    const failure = expectFailure(
      decodeKafkaRecord(Buffer.from(bytes), { 'flyte-message-name': taskName }),
      DecodeFailureReason.missingExecutionId,
    );
    expect(failure.detail).toContain('no event');
  });

  it('decodeKafkaRecord reports missing_execution_id for an event whose execution has no name', () => {
    const request = sampleTaskRequest({
      event: {
        parentNodeExecutionId: {
          nodeId: 'n0',
          executionId: { project: 'flytesnacks', domain: 'development', name: '', org: '' },
        },
      },
    });
    expectFailure(
      decodeKafkaRecord(Buffer.from(MESSAGE_TYPES.task.toBinary(request)), {
        'flyte-message-name': taskName,
      }),
      DecodeFailureReason.missingExecutionId,
    );
  });

  it('decodeKafkaRecord reports invalid_protobuf for a workflow request named as a task request', () => {
    const bytes = Buffer.from(sampleRequestBytes('workflow'));
    expectFailure(
      decodeKafkaRecord(bytes, { 'flyte-message-name': taskName }),
      DecodeFailureReason.invalidProtobuf,
    );
  });
});
