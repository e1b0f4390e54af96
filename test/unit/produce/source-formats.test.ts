import { describe, expect, it } from 'vitest';
import { eventTypeOfMessageName, MessageName } from '../../../src/events/event-type.js';
import {
  decodeRequest,
  executionKeyOf,
  requestFromJson,
  type FlyteRequest,
} from '../../../src/events/flyte-request.js';
import {
  CloudEventNodeExecution,
  CloudEventTaskExecution,
  CloudEventWorkflowExecution,
} from '../../../src/gen/flyteidl/event/cloudevents.js';
import { decodeHttpRequest, decodeKafkaRecord } from '../../../src/ingest/decode/index.js';
import { phaseNameOf } from '../../../src/produce/phase-names.js';
import { goRfc3339Nano } from '../../../src/produce/flyteadmin-cloud-event.js';
import {
  SOURCE_FORMATS,
  SourceFormat,
  toHttpRequest,
  toSourceMessage,
} from '../../../src/produce/source-formats.js';
import { generateExecution } from '../../../src/produce/synthetic-executions.js';

// One failing and one succeeding execution cover every phase the generator emits.
const EVENTS: FlyteRequest[] = [
  ...generateExecution({ seed: 2, index: 0, startMs: Date.UTC(2025, 2, 3), failureRate: 1 }),
  ...generateExecution({ seed: 2, index: 1, startMs: Date.UTC(2025, 2, 3), failureRate: 0 }),
];

function jsonOf(bytes: Buffer): Record<string, unknown> {
  return JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
}

function wrappedRawEvent(request: FlyteRequest, data: unknown) {
  const json = data as never;
  switch (request.type) {
    case 'workflow':
      return CloudEventWorkflowExecution.fromJson(json).rawEvent;
    case 'node':
      return CloudEventNodeExecution.fromJson(json).rawEvent;
    case 'task':
      return CloudEventTaskExecution.fromJson(json).rawEvent;
  }
}

describe('toSourceMessage', () => {
  it('keys every format by project/domain/name', () => {
    for (const format of SOURCE_FORMATS) {
      for (const request of EVENTS) {
        expect(toSourceMessage(request, format).key).toBe(executionKeyOf(request));
      }
    }
  });

  it('protobuf: value decodes to an equal message named by flyte-message-name', () => {
    for (const request of EVENTS) {
      const { value, headers } = toSourceMessage(request, SourceFormat.protobuf);
      expect(headers).toEqual({ 'flyte-message-name': MessageName[request.type] });
      const type = eventTypeOfMessageName(headers['flyte-message-name'] ?? '');
      expect(type).toBe(request.type);
      expect(decodeRequest(request.type, value).message).toEqual(request.message);
    }
  });

  it('cloudevent-v1: FlyteAdmin binary-mode headers and jsonpb data that parses back', () => {
    for (const request of EVENTS) {
      const { value, headers } = toSourceMessage(request, SourceFormat.cloudEventV1);
      expect(headers).toMatchObject({
        ce_specversion: '1.0',
        ce_type: `com.flyte.resource.${MessageName[request.type]}`,
        ce_source: 'https://github.com/flyteorg/flyte/flyteadmin',
        'content-type': 'application/json',
      });
      expect(headers['ce_jsonschemaurl']).toMatch(
        /^https:\/\/github\.com\/flyteorg\/flyteidl\/.*\.json$/,
      );
      expect(headers['ce_id']?.endsWith(`.${phaseNameOf(request)}`)).toBe(true);
      expect(headers['ce_time']).toBe(goRfc3339Nano(request.message.event!.occurredAt!));
      const text = value.toString('utf8');
      expect(text).toContain('"occurredAt"');
      expect(text).not.toContain('occurred_at');
      expect(requestFromJson(request.type, JSON.parse(text)).message).toEqual(request.message);
    }
  });

  it('cloudevent-v1: ids use the Go text form of the identifier FlyteAdmin picks', () => {
    const workflow = EVENTS.find((e) => e.type === 'workflow')!;
    const { project, domain, name } = workflow.message.event!.executionId!;
    expect(toSourceMessage(workflow, SourceFormat.cloudEventV1).headers['ce_id']).toBe(
      `project:"${project}" domain:"${domain}" name:"${name}".RUNNING`,
    );
    const node = EVENTS.find((e) => e.type === 'node')!;
    expect(toSourceMessage(node, SourceFormat.cloudEventV1).headers['ce_id']).toBe(
      `node_id:"start-node" execution_id:{project:"${project}" domain:"${domain}" name:"${name}"}.QUEUED`,
    );
    const task = EVENTS.find((e) => e.type === 'task')!;
    const taskId = task.type === 'task' ? task.message.event!.taskId! : undefined;
    expect(toSourceMessage(task, SourceFormat.cloudEventV1).headers['ce_id']).toBe(
      `resource_type:TASK project:"${project}" domain:"${domain}" ` +
        `name:"${taskId?.name}" version:"${taskId?.version}".QUEUED`,
    );
  });

  it('cloudevent-v2: per-resource type and source, and rawEvent parses back to the event', () => {
    const resource = {
      workflow: 'WorkflowExecution',
      node: 'NodeExecution',
      task: 'TaskExecution',
    };
    for (const request of EVENTS) {
      const { value, headers } = toSourceMessage(request, SourceFormat.cloudEventV2);
      expect(headers['ce_type']).toBe(`com.flyte.resource.cloudevents.${resource[request.type]}`);
      expect(headers['ce_source']).toMatch(/^a[a-z0-9]{19}\/(end-node|start-node|n\d+)(\/\d+)?$/);
      expect(headers['ce_jsonschemaurl']).toBe('');
      expect(wrappedRawEvent(request, jsonOf(value))).toEqual(request.message.event);
    }
  });

  it('cloudevent-structured: one JSON envelope whose data parses back to the request', () => {
    for (const request of EVENTS) {
      const { value, headers } = toSourceMessage(request, SourceFormat.cloudEventStructured);
      expect(headers).toEqual({ 'content-type': 'application/cloudevents+json' });
      const envelope = jsonOf(value);
      expect(envelope).toMatchObject({
        specversion: '1.0',
        type: `com.flyte.resource.${MessageName[request.type]}`,
        source: 'https://github.com/flyteorg/flyte/flyteadmin',
        datacontenttype: 'application/json',
      });
      expect(envelope['time']).toBe(goRfc3339Nano(request.message.event!.occurredAt!));
      expect(String(envelope['id']).endsWith(`.${phaseNameOf(request)}`)).toBe(true);
      expect(requestFromJson(request.type, envelope['data']).message).toEqual(request.message);
    }
  });
});

describe('goRfc3339Nano', () => {
  it('writes UTC with the fraction trimmed of trailing zeros, as Go does', () => {
    expect(goRfc3339Nano({ seconds: '1735689600', nanos: 0 })).toBe('2025-01-01T00:00:00Z');
    expect(goRfc3339Nano({ seconds: '1735689600', nanos: 120_000_000 })).toBe(
      '2025-01-01T00:00:00.12Z',
    );
    expect(goRfc3339Nano({ seconds: '1735689600', nanos: 1_500 })).toBe(
      '2025-01-01T00:00:00.0000015Z',
    );
  });
});

describe('toHttpRequest', () => {
  it('protobuf: posts to /v1/events/<type> as application/x-protobuf', () => {
    for (const request of EVENTS) {
      const http = toHttpRequest(request, SourceFormat.protobuf);
      expect(http.path).toBe(`/v1/events/${request.type}`);
      expect(http.headers).toEqual({ 'content-type': 'application/x-protobuf' });
      expect(decodeRequest(request.type, http.body).message).toEqual(request.message);
    }
  });

  it('binary-mode CloudEvents use ce- headers on /v1/events', () => {
    for (const format of [SourceFormat.cloudEventV1, SourceFormat.cloudEventV2]) {
      const request = EVENTS[0]!;
      const http = toHttpRequest(request, format);
      const kafka = toSourceMessage(request, format);
      expect(http.path).toBe('/v1/events');
      expect(http.body).toEqual(kafka.value);
      const expected = Object.fromEntries(
        Object.entries(kafka.headers).map(([name, value]) => [name.replace(/^ce_/, 'ce-'), value]),
      );
      expect(http.headers).toEqual(expected);
    }
  });

  it('structured mode posts application/cloudevents+json to /v1/events', () => {
    const request = EVENTS[0]!;
    const http = toHttpRequest(request, SourceFormat.cloudEventStructured);
    expect(http.path).toBe('/v1/events');
    expect(http.headers).toEqual({ 'content-type': 'application/cloudevents+json' });
    expect(http.body).toEqual(toSourceMessage(request, SourceFormat.cloudEventStructured).value);
  });
});

describe('every format is accepted by the ingest decoder', () => {
  // v2 carries the raw event without the request id, so only the event is compared there.
  function expectDecoded(
    request: FlyteRequest,
    format: SourceFormat,
    decoded: ReturnType<typeof decodeKafkaRecord>,
  ) {
    expect(decoded.ok, JSON.stringify(decoded)).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.request.type).toBe(request.type);
    if (format === SourceFormat.cloudEventV2) {
      expect(decoded.request.message.event).toEqual(request.message.event);
    } else {
      expect(decoded.request.message).toEqual(request.message);
    }
  }

  it.each(SOURCE_FORMATS)('%s on a source topic', (format) => {
    for (const request of EVENTS) {
      const { value, headers } = toSourceMessage(request, format);
      expectDecoded(request, format, decodeKafkaRecord(value, headers));
    }
  });

  it.each(SOURCE_FORMATS)('%s over HTTP', (format) => {
    for (const request of EVENTS) {
      expectDecoded(request, format, decodeHttpRequest(toHttpRequest(request, format)));
    }
  });
});
