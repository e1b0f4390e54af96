import { WorkflowExecution_Phase } from '../gen/flyteidl/core/execution.js';
import type { FlyteRequest } from '../events/flyte-request.js';
import { EventClock } from './event-clock.js';
import { planExecution, type ExecutionPlan, type ExecutionShape } from './execution-plan.js';
import {
  errorResult,
  firstStamp,
  nodeDataUri,
  outputUriResult,
  stampAfter,
  workflowRequest,
  type ExecutionContext,
} from './flyte-event-builders.js';
import { END_NODE_ID, endNodeEvents, startNodeEvents, taskNodeEvents } from './node-events.js';
import { SeededRandom } from './seeded-random.js';
import { WORKFLOW_TEMPLATES, type WorkflowTemplate } from './workflow-catalogue.js';

export interface GenerateExecutionOptions extends ExecutionShape {
  /** Seed of the whole run; with `index` it fixes every byte of the execution. */
  readonly seed: number;
  /** Position of the execution in its run. */
  readonly index: number;
  /** Event time of the first event, in epoch milliseconds. */
  readonly startMs: number;
  /** Factor applied to simulated durations; 1 is realistic (minutes per execution). */
  readonly timeScale?: number;
}

/**
 * Every request FlytePropeller sends FlyteAdmin for one workflow execution, in
 * the order it sends them: the workflow goes RUNNING, the start node, each
 * task node with its task attempts (retrying failed attempts), the end node,
 * then SUCCEEDING and SUCCEEDED; or, when a task exhausts its retries,
 * FAILING and FAILED with that task's error.
 */
export function generateExecution(options: GenerateExecutionOptions): FlyteRequest[] {
  const random = SeededRandom.derive(options.seed, options.index);
  const plan = planExecution(random, options, (workflow) => taskVersionOf(options.seed, workflow));
  const context: ExecutionContext = {
    plan,
    random,
    clock: new EventClock(options.startMs, random, options.timeScale),
  };
  const events = [
    workflowRequest(context, firstStamp(context), { phase: WorkflowExecution_Phase.RUNNING }),
    ...startNodeEvents(context),
  ];
  for (const node of plan.nodes) events.push(...taskNodeEvents(context, node));
  if (plan.succeeded) {
    events.push(...endNodeEvents(context), ...succeededWorkflowEvents(context));
  } else {
    events.push(...failedWorkflowEvents(context));
  }
  return events;
}

function succeededWorkflowEvents(context: ExecutionContext): FlyteRequest[] {
  const outputResult = outputUriResult(`${nodeDataUri(context.plan, END_NODE_ID)}/0/outputs.pb`);
  return [
    workflowRequest(context, stampAfter(context, 50, 200), {
      phase: WorkflowExecution_Phase.SUCCEEDING,
      outputResult,
    }),
    workflowRequest(context, stampAfter(context, 100, 500), {
      phase: WorkflowExecution_Phase.SUCCEEDED,
      outputResult,
    }),
  ];
}

function failedWorkflowEvents(context: ExecutionContext): FlyteRequest[] {
  const outputResult = errorResult(workflowErrorOf(context.plan));
  return [
    workflowRequest(context, stampAfter(context, 50, 200), {
      phase: WorkflowExecution_Phase.FAILING,
      outputResult,
    }),
    workflowRequest(context, stampAfter(context, 500, 2_000), {
      phase: WorkflowExecution_Phase.FAILED,
      outputResult,
    }),
  ];
}

/** The workflow reports the error of the node that failed it, naming that node. */
function workflowErrorOf(plan: ExecutionPlan) {
  const node = plan.nodes.at(-1);
  const attempt = node?.attempts.at(-1);
  const error = attempt?.error;
  if (!node || !attempt || !error) throw new Error('a failed execution ends with a failed attempt');
  return {
    code: error.code,
    message: `[${node.nodeId}] ${error.message}`,
    kind: error.kind,
    errorUri: `${nodeDataUri(plan, node.nodeId)}/${attempt.retryAttempt}/error.pb`,
  };
}

/** One registered version per workflow per run, shaped like flytekit's 22-character digests. */
function taskVersionOf(seed: number, workflow: WorkflowTemplate): string {
  const random = SeededRandom.derive(seed ^ 0x5eed, WORKFLOW_TEMPLATES.indexOf(workflow));
  return random.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 22);
}
