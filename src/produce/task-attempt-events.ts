import type { PartialMessage } from '@protobuf-ts/runtime';
import {
  TaskExecution_Phase,
  TaskLog_MessageFormat,
  type TaskLog,
} from '../gen/flyteidl/core/execution.js';
import { ResourceType, type Identifier } from '../gen/flyteidl/core/identifier.js';
import type { TaskExecutionEvent } from '../gen/flyteidl/event/event.js';
import { Struct } from '../gen/google/protobuf/struct.js';
import type { FlyteRequest } from '../events/flyte-request.js';
import type { AttemptPlan, NodePlan } from './execution-plan.js';
import {
  errorResult,
  inputUriValue,
  nodeDataUri,
  outputUriResult,
  stampAfter,
  taskRequest,
  type ExecutionContext,
  type Stamp,
} from './flyte-event-builders.js';

const PLUGIN_BY_TASK_TYPE: Readonly<Record<string, string>> = {
  'python-task': 'container',
  container: 'container',
  spark: 'spark',
  pytorch: 'pytorch',
};

/** Everything one attempt's events share. */
interface AttemptScope {
  readonly context: ExecutionContext;
  readonly node: NodePlan;
  readonly attempt: AttemptPlan;
  readonly podName: string;
  readonly namespace: string;
  /** The Kubernetes node the pod was scheduled on. */
  readonly hostName: string;
}

/**
 * The task events of one attempt, split around the moment the node itself
 * reports RUNNING (after the first attempt is queued), so the caller can put
 * the node event in between.
 */
export function taskAttemptEvents(
  context: ExecutionContext,
  node: NodePlan,
  attempt: AttemptPlan,
  afterQueued: () => FlyteRequest[],
): FlyteRequest[] {
  const { project, domain, name } = context.plan.executionId;
  const scope: AttemptScope = {
    context,
    node,
    attempt,
    podName: `${name}-${node.nodeId}-${attempt.retryAttempt}`,
    namespace: `${project}-${domain}`,
    hostName: `ip-10-0-${context.random.int(0, 255)}-${context.random.int(1, 254)}.ec2.internal`,
  };
  // A retry waits for propeller's backoff before the next pod is submitted.
  const queuedAt =
    attempt.retryAttempt === 0 ? stampAfter(context, 50, 300) : stampAfter(context, 1_000, 8_000);
  const events = [queuedEvent(scope, queuedAt)];
  events.push(...afterQueued());
  events.push(runningEvent(scope, stampAfter(context, 2_000, 15_000), 0));
  if (attempt.runningUpdate)
    events.push(runningEvent(scope, stampAfter(context, 1_000, 10_000), 1));
  events.push(terminalEvent(scope, stampAfter(context, 5_000, 300_000)));
  return events;
}

export function taskIdOf(context: ExecutionContext, node: NodePlan): Identifier {
  const { project, domain } = context.plan.executionId;
  return {
    resourceType: ResourceType.TASK,
    project,
    domain,
    name: node.task.name,
    version: context.plan.taskVersion,
    org: '',
  };
}

function baseEvent(scope: AttemptScope): PartialMessage<TaskExecutionEvent> {
  const { context, node, attempt } = scope;
  return {
    taskId: taskIdOf(context, node),
    retryAttempt: attempt.retryAttempt,
    inputValue: inputUriValue(`${nodeDataUri(context.plan, node.nodeId)}/inputs.pb`),
    taskType: node.task.taskType,
    metadata: {
      generatedName: scope.podName,
      pluginIdentifier: PLUGIN_BY_TASK_TYPE[node.task.taskType] ?? 'container',
    },
  };
}

function queuedEvent(scope: AttemptScope, stamp: Stamp): FlyteRequest {
  const reason = 'task submitted to K8s';
  return taskRequest(scope.context, stamp, scope.node.nodeId, {
    ...baseEvent(scope),
    phase: TaskExecution_Phase.QUEUED,
    reason,
    reasons: [{ reason, occurredAt: stamp.occurredAt }],
  });
}

function runningEvent(scope: AttemptScope, stamp: Stamp, phaseVersion: number): FlyteRequest {
  return taskRequest(scope.context, stamp, scope.node.nodeId, {
    ...baseEvent(scope),
    phase: TaskExecution_Phase.RUNNING,
    phaseVersion,
    logs: taskLogs(scope, phaseVersion > 0),
    customInfo: Struct.fromJson({
      podName: scope.podName,
      nodeName: scope.hostName,
      image: imageOf(scope),
    }),
    logContext: {
      primaryPodName: scope.podName,
      pods: [
        {
          namespace: scope.namespace,
          podName: scope.podName,
          primaryContainerName: scope.podName,
          containers: [{ containerName: scope.podName }],
        },
      ],
    },
  });
}

function terminalEvent(scope: AttemptScope, stamp: Stamp): FlyteRequest {
  const { context, node, attempt } = scope;
  const dataUri = `${nodeDataUri(context.plan, node.nodeId)}/${attempt.retryAttempt}`;
  const error = attempt.error;
  const outcome: PartialMessage<TaskExecutionEvent> = error
    ? {
        phase: TaskExecution_Phase.FAILED,
        outputResult: errorResult({
          ...error,
          errorUri: `${dataUri}/error.pb`,
          timestamp: stamp.occurredAt,
          worker: scope.podName,
        }),
      }
    : {
        phase: TaskExecution_Phase.SUCCEEDED,
        outputResult: outputUriResult(`${dataUri}/outputs.pb`),
      };
  return taskRequest(context, stamp, node.nodeId, {
    ...baseEvent(scope),
    ...outcome,
    logs: taskLogs(scope, attempt.runningUpdate),
  });
}

function taskLogs(scope: AttemptScope, withCloudWatch: boolean): PartialMessage<TaskLog>[] {
  const { namespace, podName } = scope;
  const logs: PartialMessage<TaskLog>[] = [
    {
      name: 'Kubernetes Logs (User)',
      uri: `https://k8s.example.com/#/log/${namespace}/${podName}/pod?namespace=${namespace}`,
      messageFormat: TaskLog_MessageFormat.JSON,
    },
  ];
  if (withCloudWatch) {
    logs.push({
      name: 'Cloudwatch Logs (User)',
      uri:
        'https://console.aws.amazon.com/cloudwatch/home?region=us-east-2#logEventViewer:' +
        `group=/flyte/${namespace};` +
        `stream=var.log.containers.${podName}_${namespace}_${podName}.log`,
      messageFormat: TaskLog_MessageFormat.JSON,
    });
  }
  return logs;
}

/** The image flytekit builds for the task's package, tagged with the registered version. */
function imageOf(scope: AttemptScope): string {
  const packageName = scope.node.task.name.split('.')[0] ?? 'app';
  return `ghcr.io/example/${packageName}:${scope.context.plan.taskVersion}`;
}
