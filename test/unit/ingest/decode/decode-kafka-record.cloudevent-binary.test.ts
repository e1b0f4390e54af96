import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES, MessageName } from '../../../../src/events/event-type.js';
import { encodeRequest } from '../../../../src/events/flyte-request.js';
import { CloudEventTaskExecution } from '../../../../src/gen/flyteidl/event/cloudevents.js';
import {
  DecodeFailureReason,
  InputFormat,
  decodeKafkaRecord,
} from '../../../../src/ingest/decode/index.js';
import {
  cloudEventData,
  flyteAdminV1CloudEvents,
  flyteAdminV2CloudEvents,
  kafkaCloudEventHeaders,
  type SampleCloudEvent,
} from '../../../fixtures/flyteadmin-cloud-events.js';
import { sampleRequestBytes, sampleTaskRequest } from '../../../fixtures/flyte-events.js';
import { expectDecoded, expectFailure } from './decode-assertions.js';

const v1Samples = Object.entries(flyteAdminV1CloudEvents);
const v2Samples = Object.entries(flyteAdminV2CloudEvents);
const v1Task = flyteAdminV1CloudEvents.task;

function decodeSample(sample: SampleCloudEvent, headers: Record<string, string> = {}) {
  return decodeKafkaRecord(cloudEventData(sample), {
    ...kafkaCloudEventHeaders(sample),
    ...headers,
  });
}

function jsonData(sample: SampleCloudEvent): Record<string, unknown> {
  return JSON.parse(cloudEventData(sample).toString('utf8')) as Record<string, unknown>;
}

describe('decodeKafkaRecord with FlyteAdmin version 1 cloud events', () => {
  it.each(v1Samples)(
    'decodeKafkaRecord reads the %s jsonpb data into a request equal to the typed fixture',
    (_name, sample) => {
      const decoded = expectDecoded(decodeSample(sample));
      expect(decoded.format).toBe(InputFormat.cloudEventBinary);
      expect(decoded.request).toEqual(sample.expectedRequest());
    },
  );

  it.each(v1Samples)(
    'decodeKafkaRecord turns the %s jsonpb data into the protobuf bytes of the typed fixture',
    (_name, sample) => {
      const decoded = expectDecoded(decodeSample(sample));
      expect(Buffer.from(decoded.payload)).toEqual(
        Buffer.from(encodeRequest(sample.expectedRequest())),
      );
    },
  );

  it('decodeKafkaRecord reads outputUri, phase, occurredAt from workflow jsonpb', () => {
    const { request } = expectDecoded(decodeSample(flyteAdminV1CloudEvents.workflow));
    const event = MESSAGE_TYPES.workflow.toJson(request.message as never) as {
      event: Record<string, unknown>;
    };
    expect(event.event).toMatchObject({
      phase: 'SUCCEEDED',
      occurredAt: '2024-05-14T09:21:07.125Z',
      outputUri: expect.stringMatching(/end-node\/data\/0\/outputs\.pb$/),
    });
  });

  it('decodeKafkaRecord reads the ExecutionError of a failed task from jsonpb', () => {
    const { request } = expectDecoded(decodeSample(flyteAdminV1CloudEvents.failedTask));
    expect(request.type).toBe('task');
    const outputResult = request.type === 'task' ? request.message.event?.outputResult : undefined;
    expect(outputResult).toMatchObject({
      oneofKind: 'error',
      error: { code: 'USER:ValueError', kind: 1 },
    });
  });

  it('decodeKafkaRecord reads customInfo, logs and metadata of a task from jsonpb', () => {
    const { request } = expectDecoded(decodeSample(v1Task));
    const event = request.type === 'task' ? request.message.event : undefined;
    expect(event?.customInfo?.fields['preemptible']?.kind).toEqual({
      oneofKind: 'boolValue',
      boolValue: true,
    });
    expect(event?.logs[1]).toMatchObject({ ttl: { seconds: '86400' }, showWhilePending: true });
    expect(event?.metadata).toMatchObject({ pluginIdentifier: 'container', instanceClass: 1 });
  });

  it('decodeKafkaRecord accepts ce_type equal to the bare message name', () => {
    const decoded = expectDecoded(decodeSample(v1Task, { ce_type: MessageName.task }));
    expect(decoded.request).toEqual(v1Task.expectedRequest());
  });

  it('decodeKafkaRecord tolerates JSON fields that this flyteidl does not know', () => {
    const data = jsonData(v1Task);
    const event = data['event'] as Record<string, unknown>;
    const newer = {
      ...data,
      futureField: 1,
      event: { ...event, clusterId: 'us-east-2a', phase: 'PAUSED' },
    };
    const decoded = expectDecoded(
      decodeKafkaRecord(Buffer.from(JSON.stringify(newer)), kafkaCloudEventHeaders(v1Task)),
    );
    expect(decoded.request.message.event).toBeDefined();
  });

  it('decodeKafkaRecord reads int64 values written as strings and fractional durations', () => {
    const data = jsonData(v1Task);
    const event = data['event'] as Record<string, unknown>;
    const logs = [{ name: 'Grafana', ttl: '1.500s' }];
    const outputData = {
      literals: { o0: { scalar: { primitive: { integer: '9007199254740993' } } } },
    };
    const changed = { ...data, event: { ...event, logs, outputData } };
    const { request } = expectDecoded(
      decodeKafkaRecord(Buffer.from(JSON.stringify(changed)), kafkaCloudEventHeaders(v1Task)),
    );
    const roundTrip = JSON.stringify(MESSAGE_TYPES.task.toJson(request.message as never));
    expect(roundTrip).toContain('"integer":"9007199254740993"');
    expect(roundTrip).toContain('"ttl":"1.500s"');
  });

  it.each([
    ['CE_TYPE', 'Ce_Id', 'CONTENT-TYPE'],
    ['ce_type', 'CE_ID', 'Content-Type'],
  ])(
    'decodeKafkaRecord compares CloudEvents header names without case (%s, %s, %s)',
    (type, id, ct) => {
      const headers = {
        ce_specversion: '1.0',
        ce_source: v1Task.ceSource,
        [type]: v1Task.ceType,
        [id]: v1Task.ceId,
        [ct]: 'application/json; charset=utf-8',
      };
      expectDecoded(decodeKafkaRecord(cloudEventData(v1Task), headers));
    },
  );

  it.each(['application/protobuf', 'application/x-protobuf'])(
    'decodeKafkaRecord reads %s data and keeps its bytes as the payload',
    (contentType) => {
      const bytes = Buffer.from(sampleRequestBytes('task'));
      const headers = { ...kafkaCloudEventHeaders(v1Task), 'content-type': contentType };
      const decoded = expectDecoded(decodeKafkaRecord(bytes, headers));
      expect(decoded.format).toBe(InputFormat.cloudEventBinary);
      expect(decoded.payload).toBe(bytes);
    },
  );
});

describe('decodeKafkaRecord with FlyteAdmin version 2 cloud events', () => {
  it.each(v2Samples)(
    'decodeKafkaRecord unwraps the %s raw event into the admin request keyed by ce_id',
    (_name, sample) => {
      const decoded = expectDecoded(decodeSample(sample));
      const expected = sample.expectedRequest();
      expect(decoded.request).toEqual(expected);
      expect(decoded.request.message.requestId).toBe(sample.ceId);
      expect(Buffer.from(decoded.payload)).toEqual(Buffer.from(encodeRequest(expected)));
    },
  );

  it('decodeKafkaRecord ignores enrichment it cannot parse', () => {
    const sample = flyteAdminV2CloudEvents.workflow;
    const data = { ...jsonData(sample), outputInterface: { outputs: 'a shape no flyteidl has' } };
    const decoded = expectDecoded(
      decodeKafkaRecord(Buffer.from(JSON.stringify(data)), kafkaCloudEventHeaders(sample)),
    );
    expect(decoded.request).toEqual(sample.expectedRequest());
  });

  it('decodeKafkaRecord accepts the raw event under its proto field name raw_event', () => {
    const sample = flyteAdminV2CloudEvents.task;
    const data = { raw_event: jsonData(sample)['rawEvent'] };
    const decoded = expectDecoded(
      decodeKafkaRecord(Buffer.from(JSON.stringify(data)), kafkaCloudEventHeaders(sample)),
    );
    expect(decoded.request).toEqual(sample.expectedRequest());
  });

  it('decodeKafkaRecord unwraps protobuf data of a version 2 task execution', () => {
    const sample = flyteAdminV2CloudEvents.task;
    const wrapped = CloudEventTaskExecution.toBinary(
      CloudEventTaskExecution.create({
        rawEvent: sampleTaskRequest().event,
        labels: { team: 'ml' },
      }),
    );
    const headers = { ...kafkaCloudEventHeaders(sample), 'content-type': 'application/protobuf' };
    const decoded = expectDecoded(decodeKafkaRecord(Buffer.from(wrapped), headers));
    expect(decoded.request).toEqual(sample.expectedRequest());
  });

  it('decodeKafkaRecord reports missing_execution_id for version 2 data without rawEvent', () => {
    const sample = flyteAdminV2CloudEvents.node;
    expectFailure(
      decodeKafkaRecord(
        Buffer.from('{"principal":"ml-scheduler"}'),
        kafkaCloudEventHeaders(sample),
      ),
      DecodeFailureReason.missingExecutionId,
    );
  });

  it('decodeKafkaRecord reports invalid_json for version 2 data that is not an object', () => {
    expectFailure(
      decodeKafkaRecord(
        Buffer.from('[1, 2]'),
        kafkaCloudEventHeaders(flyteAdminV2CloudEvents.task),
      ),
      DecodeFailureReason.invalidJson,
    );
  });

  it('decodeKafkaRecord reports invalid_protobuf for version 2 protobuf data that is garbage', () => {
    const headers = {
      ...kafkaCloudEventHeaders(flyteAdminV2CloudEvents.task),
      'content-type': 'application/x-protobuf',
    };
    expectFailure(
      decodeKafkaRecord(Buffer.from([0xff, 0xff, 0xff]), headers),
      DecodeFailureReason.invalidProtobuf,
    );
  });
});

describe('decodeKafkaRecord with other cloud events', () => {
  it.each([
    'com.flyte.resource.cloudevents.ExecutionStart',
    'com.flyte.resource.flyteidl.admin.ExecutionCreateRequest',
    'com.example.order.created',
  ])('decodeKafkaRecord reports unknown_message_name with the type for %s', (ceType) => {
    const failure = expectFailure(
      decodeSample(v1Task, { ce_type: ceType }),
      DecodeFailureReason.unknownMessageName,
    );
    expect(failure.detail).toContain(ceType);
  });

  it.each(['ce_specversion', 'ce_id', 'ce_source', 'ce_type'])(
    'decodeKafkaRecord reports invalid_cloud_event naming %s when it is missing',
    (header) => {
      const headers = kafkaCloudEventHeaders(v1Task);
      delete headers[header];
      const failure = expectFailure(
        decodeKafkaRecord(cloudEventData(v1Task), headers),
        DecodeFailureReason.invalidCloudEvent,
      );
      expect(failure.detail).toContain(header);
    },
  );

  it('decodeKafkaRecord reports invalid_cloud_event for an empty ce_id', () => {
    expectFailure(decodeSample(v1Task, { ce_id: '' }), DecodeFailureReason.invalidCloudEvent);
  });

  it('decodeKafkaRecord reports invalid_cloud_event for specversion 0.3', () => {
    const failure = expectFailure(
      decodeSample(v1Task, { ce_specversion: '0.3' }),
      DecodeFailureReason.invalidCloudEvent,
    );
    expect(failure.detail).toContain('0.3');
  });

  it('decodeKafkaRecord reports unsupported_content_type for binary mode without content-type', () => {
    const headers = kafkaCloudEventHeaders(v1Task);
    delete headers['content-type'];
    expectFailure(
      decodeKafkaRecord(cloudEventData(v1Task), headers),
      DecodeFailureReason.unsupportedContentType,
    );
  });

  it.each(['text/plain', 'application/avro', 'application/cloudevents-batch+json'])(
    'decodeKafkaRecord reports unsupported_content_type for %s data',
    (contentType) => {
      const failure = expectFailure(
        decodeSample(v1Task, { 'content-type': contentType }),
        DecodeFailureReason.unsupportedContentType,
      );
      expect(failure.detail).toContain(contentType);
    },
  );

  it('decodeKafkaRecord reports empty_payload for a cloud event with no value', () => {
    expectFailure(
      decodeKafkaRecord(null, kafkaCloudEventHeaders(v1Task)),
      DecodeFailureReason.emptyPayload,
    );
  });

  it.each([
    ['text that is not JSON', Buffer.from('not json at all')],
    ['JSON cut short', Buffer.from('{"requestId": "r-1", "event": {')],
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x7b, 0x7d])],
  ])('decodeKafkaRecord reports invalid_json for %s', (_label, bytes) => {
    expectFailure(
      decodeKafkaRecord(bytes, kafkaCloudEventHeaders(v1Task)),
      DecodeFailureReason.invalidJson,
    );
  });

  it.each([
    ['an array', '[{"requestId": "r-1"}]'],
    ['a string', '"requestId"'],
    ['null', 'null'],
    ['a wrongly typed field', '{"requestId": 42}'],
    ['an event that is a list', '{"event": []}'],
    ['a timestamp that is not RFC 3339', '{"event": {"occurredAt": "yesterday"}}'],
  ])('decodeKafkaRecord reports invalid_json for JSON of the wrong shape: %s', (_label, text) => {
    const failure = expectFailure(
      decodeKafkaRecord(Buffer.from(text), kafkaCloudEventHeaders(v1Task)),
      DecodeFailureReason.invalidJson,
    );
    expect(failure.detail).toContain(MessageName.task);
  });

  it('decodeKafkaRecord reports missing_execution_id for JSON without the execution id', () => {
    const data = JSON.stringify({ requestId: 'r-1', event: { phase: 'RUNNING' } });
    expectFailure(
      decodeKafkaRecord(Buffer.from(data), kafkaCloudEventHeaders(v1Task)),
      DecodeFailureReason.missingExecutionId,
    );
  });

  it('decodeKafkaRecord keeps the detail short and free of the payload', () => {
    const secret = 'payload-secret-value';
    const text = `{"requestId": "${secret}", "event": ${'['.repeat(5000)}`;
    const failure = expectFailure(
      decodeKafkaRecord(Buffer.from(text), kafkaCloudEventHeaders(v1Task)),
      DecodeFailureReason.invalidJson,
    );
    expect(failure.detail.length).toBeLessThanOrEqual(200);
    expect(failure.detail).not.toContain(secret);
  });
});
