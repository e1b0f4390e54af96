import { describe, expect, it } from 'vitest';
import { cloudEventTargetOf } from '../../../../src/ingest/decode/cloud-event-type.js';
import {
  MediaKind,
  mediaKindOf,
  messageNameParamOf,
  parseContentType,
} from '../../../../src/ingest/decode/content-type.js';
import { DecodeFailureReason, decodeFailure } from '../../../../src/ingest/decode/decode-result.js';
import { lowerCaseHeaders } from '../../../../src/ingest/decode/headers.js';

describe('decodeFailure', () => {
  it('decodeFailure shortens a long detail to 200 characters', () => {
    const failure = decodeFailure(DecodeFailureReason.invalidJson, 'x'.repeat(1000));
    expect(failure.detail).toHaveLength(200);
    expect(failure.detail.endsWith('...')).toBe(true);
  });

  it('decodeFailure keeps a short detail as it is', () => {
    expect(decodeFailure(DecodeFailureReason.invalidJson, 'bad').detail).toBe('bad');
  });
});

describe('parseContentType', () => {
  it('parseContentType lower-cases the media type and parameter names, and unquotes values', () => {
    const parsed = parseContentType(' Application/X-Protobuf ; MessageType="a.B" ; charset=utf-8');
    expect(parsed.mediaType).toBe('application/x-protobuf');
    expect(messageNameParamOf(parsed)).toBe('a.B');
    expect(parsed.params.get('charset')).toBe('utf-8');
  });

  it('parseContentType ignores a parameter without a value', () => {
    expect(parseContentType('application/json; charset').params.size).toBe(0);
  });

  it.each([
    ['application/x-protobuf', MediaKind.protobuf],
    ['application/protobuf', MediaKind.protobuf],
    ['application/octet-stream', MediaKind.protobuf],
    ['application/json', MediaKind.json],
    ['application/vnd.flyte.event+json', MediaKind.json],
    ['application/cloudevents+json', MediaKind.cloudEventJson],
    ['application/cloudevents-batch+json', MediaKind.other],
    ['text/plain', MediaKind.other],
  ])('mediaKindOf classifies %s as %s', (contentType, kind) => {
    expect(mediaKindOf(parseContentType(contentType))).toBe(kind);
  });
});

describe('cloudEventTargetOf', () => {
  it.each([
    ['com.flyte.resource.flyteidl.admin.WorkflowExecutionEventRequest', 'workflow', 'request'],
    ['com.flyte.resource.flyteidl.admin.NodeExecutionEventRequest', 'node', 'request'],
    ['flyteidl.admin.TaskExecutionEventRequest', 'task', 'request'],
    ['com.flyte.resource.cloudevents.WorkflowExecution', 'workflow', 'wrapped'],
    ['com.flyte.resource.cloudevents.NodeExecution', 'node', 'wrapped'],
    ['com.flyte.resource.cloudevents.TaskExecution', 'task', 'wrapped'],
  ])('cloudEventTargetOf maps %s to a %s %s', (ceType, type, shape) => {
    expect(cloudEventTargetOf(ceType)).toEqual({ type, shape });
  });

  it('cloudEventTargetOf is exact about case', () => {
    expect(cloudEventTargetOf('com.flyte.resource.cloudevents.taskexecution')).toMatchObject({
      ok: false,
      reason: DecodeFailureReason.unknownMessageName,
    });
  });
});

describe('lowerCaseHeaders', () => {
  it('lowerCaseHeaders lower-cases names and keeps the last of repeated values', () => {
    const headers = lowerCaseHeaders({
      'Content-Type': 'a',
      'X-Many': ['1', '2'],
      gone: undefined,
    });
    expect([...headers]).toEqual([
      ['content-type', 'a'],
      ['x-many', '2'],
    ]);
  });
});
