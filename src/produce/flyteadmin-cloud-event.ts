import type { JsonValue } from '@protobuf-ts/runtime';
import {
  ResourceType,
  type Identifier,
  type NodeExecutionIdentifier,
  type WorkflowExecutionIdentifier,
} from '../gen/flyteidl/core/identifier.js';
import {
  CloudEventNodeExecution,
  CloudEventTaskExecution,
  CloudEventWorkflowExecution,
} from '../gen/flyteidl/event/cloudevents.js';
import type { Timestamp } from '../gen/google/protobuf/timestamp.js';
import { messageNameOf, requestToJson, type FlyteRequest } from '../events/flyte-request.js';
import { phaseNameOf } from './phase-names.js';

/**
 * The attributes and data of the CloudEvent FlyteAdmin builds for a request,
 * in its two publishers: the plain one (`v1`: type from the message name, data
 * the whole request) and the wrapped one (`v2`: type per resource, data a
 * flyteidl.event.CloudEvent*Execution holding the raw event).
 */
export interface FlyteCloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly jsonschemaurl: string;
  readonly datacontenttype: 'application/json';
  readonly data: JsonValue;
}

export type CloudEventFlavour = 'v1' | 'v2';

const TYPE_PREFIX = 'com.flyte.resource';
const V1_SOURCE = 'https://github.com/flyteorg/flyte/flyteadmin';
const V1_JSON_SCHEMA_URL =
  'https://github.com/flyteorg/flyteidl/blob/v0.24.14/jsonschema/workflow_execution.json';
const V2_RESOURCE = { workflow: 'WorkflowExecution', node: 'NodeExecution', task: 'TaskExecution' };

export function flyteCloudEventOf(
  request: FlyteRequest,
  flavour: CloudEventFlavour,
): FlyteCloudEvent {
  const occurredAt = request.message.event?.occurredAt ?? { seconds: '0', nanos: 0 };
  const common = {
    specversion: '1.0',
    id: `${cloudEventSubjectOf(request)}.${phaseNameOf(request)}`,
    time: goRfc3339Nano(occurredAt),
    datacontenttype: 'application/json',
  } as const;
  if (flavour === 'v1') {
    return {
      ...common,
      type: `${TYPE_PREFIX}.${messageNameOf(request)}`,
      source: V1_SOURCE,
      jsonschemaurl: V1_JSON_SCHEMA_URL,
      data: requestToJson(request) as JsonValue,
    };
  }
  return {
    ...common,
    type: `${TYPE_PREFIX}.cloudevents.${V2_RESOURCE[request.type]}`,
    source: v2SourceOf(request),
    // The wrapped publisher sets this extension, but to an empty value.
    jsonschemaurl: '',
    data: wrappedEventJson(request),
  };
}

/**
 * FlyteAdmin's id is `<identifier>.<PHASE>`, where the identifier is the Go
 * text form of the execution id (workflow), the node execution id (node) or,
 * for tasks, the task id, so task ids repeat across executions.
 */
function cloudEventSubjectOf(request: FlyteRequest): string {
  switch (request.type) {
    case 'workflow':
      return goTextOfExecutionId(request.message.event?.executionId);
    case 'node':
      return goTextOfNodeExecutionId(request.message.event?.id);
    case 'task':
      return goTextOfIdentifier(request.message.event?.taskId);
  }
}

/** The wrapped publisher's source: `<name>/<node>` and, for tasks, `/<retry attempt>`. */
function v2SourceOf(request: FlyteRequest): string {
  switch (request.type) {
    case 'workflow':
      return `${request.message.event?.executionId?.name ?? ''}/end-node`;
    case 'node': {
      const id = request.message.event?.id;
      return `${id?.executionId?.name ?? ''}/${id?.nodeId ?? ''}`;
    }
    case 'task': {
      const event = request.message.event;
      const parent = event?.parentNodeExecutionId;
      const nodeSource = `${parent?.executionId?.name ?? ''}/${parent?.nodeId ?? ''}`;
      return `${nodeSource}/${event?.retryAttempt ?? 0}`;
    }
  }
}

/**
 * Only the raw event: FlyteAdmin adds output interfaces, artifact ids and
 * launch plan details from its database for succeeded workflows and nodes,
 * which a synthetic stream has no database to take them from.
 */
function wrappedEventJson(request: FlyteRequest): JsonValue {
  switch (request.type) {
    case 'workflow':
      return CloudEventWorkflowExecution.toJson(
        CloudEventWorkflowExecution.create({ rawEvent: request.message.event }),
      );
    case 'node':
      return CloudEventNodeExecution.toJson(
        CloudEventNodeExecution.create({ rawEvent: request.message.event }),
      );
    case 'task':
      return CloudEventTaskExecution.toJson(
        CloudEventTaskExecution.create({ rawEvent: request.message.event }),
      );
  }
}

/** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros. */
export function goRfc3339Nano(at: Timestamp): string {
  const whole = new Date(Number(at.seconds) * 1000).toISOString().slice(0, 19);
  const fraction = at.nanos === 0 ? '' : `.${String(at.nanos).padStart(9, '0').replace(/0+$/, '')}`;
  return `${whole}${fraction}Z`;
}

// Go's prototext single-line form, as String() prints a message: fields in
// number order, unset fields left out, nested messages in braces. (Go may add
// a second space between fields at random, to keep callers from parsing it;
// a consumer must treat the id as opaque anyway.)
function goTextOfExecutionId(id: WorkflowExecutionIdentifier | undefined): string {
  if (!id) return '<nil>';
  return goFields([
    ['project', quoted(id.project)],
    ['domain', quoted(id.domain)],
    ['name', quoted(id.name)],
    ['org', quoted(id.org)],
  ]);
}

function goTextOfNodeExecutionId(id: NodeExecutionIdentifier | undefined): string {
  if (!id) return '<nil>';
  const execution = id.executionId ? `{${goTextOfExecutionId(id.executionId)}}` : undefined;
  return goFields([
    ['node_id', quoted(id.nodeId)],
    ['execution_id', execution],
  ]);
}

function goTextOfIdentifier(id: Identifier | undefined): string {
  if (!id) return '<nil>';
  const resourceType = id.resourceType === 0 ? undefined : ResourceType[id.resourceType];
  return goFields([
    ['resource_type', resourceType],
    ['project', quoted(id.project)],
    ['domain', quoted(id.domain)],
    ['name', quoted(id.name)],
    ['version', quoted(id.version)],
    ['org', quoted(id.org)],
  ]);
}

function goFields(fields: [string, string | undefined][]): string {
  return fields
    .filter((field): field is [string, string] => field[1] !== undefined)
    .map(([name, value]) => `${name}:${value}`)
    .join(' ');
}

function quoted(value: string): string | undefined {
  if (value === '') return undefined;
  return JSON.stringify(value);
}
