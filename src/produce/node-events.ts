import type { PartialMessage } from '@protobuf-ts/runtime';
import { CatalogCacheStatus } from '../gen/flyteidl/core/catalog.js';
import { NodeExecution_Phase, type ExecutionError } from '../gen/flyteidl/core/execution.js';
import { ResourceType } from '../gen/flyteidl/core/identifier.js';
import { TaskNodeMetadata, type NodeExecutionEvent } from '../gen/flyteidl/event/event.js';
import type { FlyteRequest } from '../events/flyte-request.js';
import type { NodePlan } from './execution-plan.js';
import {
  errorResult,
  inputUriValue,
  nodeDataUri,
  nodeRequest,
  outputUriResult,
  stampAfter,
  type ExecutionContext,
} from './flyte-event-builders.js';
import { taskAttemptEvents } from './task-attempt-events.js';

export const START_NODE_ID = 'start-node';
export const END_NODE_ID = 'end-node';

/** The start node only hands the workflow inputs on: queued, then succeeded at once. */
export function startNodeEvents(context: ExecutionContext): FlyteRequest[] {
  const dataUri = nodeDataUri(context.plan, START_NODE_ID);
  const common = { nodeName: START_NODE_ID };
  return [
    nodeRequest(context, stampAfter(context, 20, 200), START_NODE_ID, {
      ...common,
      phase: NodeExecution_Phase.QUEUED,
    }),
    nodeRequest(context, stampAfter(context, 10, 100), START_NODE_ID, {
      ...common,
      phase: NodeExecution_Phase.SUCCEEDED,
      outputResult: outputUriResult(`${dataUri}/0/outputs.pb`),
    }),
  ];
}

/** The end node gathers the outputs of the workflow once every other node is done. */
export function endNodeEvents(context: ExecutionContext): FlyteRequest[] {
  const dataUri = nodeDataUri(context.plan, END_NODE_ID);
  const common = { nodeName: END_NODE_ID, inputValue: inputUriValue(`${dataUri}/inputs.pb`) };
  return [
    nodeRequest(context, stampAfter(context, 100, 400), END_NODE_ID, {
      ...common,
      phase: NodeExecution_Phase.QUEUED,
    }),
    nodeRequest(context, stampAfter(context, 10, 100), END_NODE_ID, {
      ...common,
      phase: NodeExecution_Phase.SUCCEEDED,
      outputResult: outputUriResult(`${dataUri}/0/outputs.pb`),
    }),
  ];
}

/** A task node: QUEUED, RUNNING once its first attempt is queued, its attempts, its outcome. */
export function taskNodeEvents(context: ExecutionContext, node: NodePlan): FlyteRequest[] {
  const common: PartialMessage<NodeExecutionEvent> = {
    nodeName: node.task.name.slice(node.task.name.lastIndexOf('.') + 1),
    inputValue: inputUriValue(`${nodeDataUri(context.plan, node.nodeId)}/inputs.pb`),
  };
  const events = [
    nodeRequest(context, stampAfter(context, 100, 500), node.nodeId, {
      ...common,
      phase: NodeExecution_Phase.QUEUED,
    }),
  ];
  if (node.cacheHit) {
    events.push(nodeOutcome(context, node, common));
    return events;
  }
  const running = () => [
    nodeRequest(context, stampAfter(context, 10, 100), node.nodeId, {
      ...common,
      phase: NodeExecution_Phase.RUNNING,
      targetMetadata: taskNodeMetadata(context, node, 'running'),
    }),
  ];
  for (const attempt of node.attempts) {
    events.push(
      ...taskAttemptEvents(context, node, attempt, attempt.retryAttempt === 0 ? running : () => []),
    );
  }
  events.push(nodeOutcome(context, node, common));
  return events;
}

function nodeOutcome(
  context: ExecutionContext,
  node: NodePlan,
  common: PartialMessage<NodeExecutionEvent>,
): FlyteRequest {
  const stamp = stampAfter(context, 50, 300);
  const lastAttempt = node.attempts.at(-1)?.retryAttempt ?? 0;
  const dataUri = `${nodeDataUri(context.plan, node.nodeId)}/${lastAttempt}`;
  const failure = node.succeeded ? undefined : node.attempts.at(-1)?.error;
  const outcome: PartialMessage<NodeExecutionEvent> = failure
    ? {
        phase: NodeExecution_Phase.FAILED,
        outputResult: errorResult(nodeError(failure, `${dataUri}/error.pb`)),
      }
    : {
        phase: NodeExecution_Phase.SUCCEEDED,
        outputResult: outputUriResult(`${dataUri}/outputs.pb`),
        deckUri: `${dataUri}/deck.html`,
      };
  return nodeRequest(context, stamp, node.nodeId, {
    ...common,
    ...outcome,
    targetMetadata: taskNodeMetadata(context, node, 'done'),
  });
}

function nodeError(error: PartialMessage<ExecutionError>, errorUri: string) {
  return { code: error.code, message: error.message, kind: error.kind, errorUri };
}

function taskNodeMetadata(context: ExecutionContext, node: NodePlan, stage: 'running' | 'done') {
  const checkpointUri = `${nodeDataUri(context.plan, node.nodeId)}/_flytecheckpoints`;
  const metadata: PartialMessage<TaskNodeMetadata> = {
    cacheStatus: cacheStatusOf(node, stage),
    checkpointUri,
  };
  if (node.task.cacheable && stage === 'done' && node.succeeded) {
    const { project, domain } = context.plan.executionId;
    metadata.catalogKey = {
      datasetId: {
        resourceType: ResourceType.DATASET,
        project,
        domain,
        name: `flyte_task-${node.task.name}`,
        version: `1.0-${context.plan.taskVersion.slice(0, 8)}`,
      },
      artifactTag: {
        artifactId: context.random.uuid(),
        name: `flyte_cached-${context.plan.taskVersion}`,
      },
    };
  }
  return {
    oneofKind: 'taskNodeMetadata',
    taskNodeMetadata: TaskNodeMetadata.create(metadata),
  } as const;
}

function cacheStatusOf(node: NodePlan, stage: 'running' | 'done'): CatalogCacheStatus {
  if (!node.task.cacheable) return CatalogCacheStatus.CACHE_DISABLED;
  if (node.cacheHit) return CatalogCacheStatus.CACHE_HIT;
  if (stage === 'running' || !node.succeeded) return CatalogCacheStatus.CACHE_MISS;
  return CatalogCacheStatus.CACHE_POPULATED;
}
