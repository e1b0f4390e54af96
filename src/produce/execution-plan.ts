import type { WorkflowExecutionIdentifier } from '../gen/flyteidl/core/identifier.js';
import type { SeededRandom } from './seeded-random.js';
import {
  DOMAINS,
  EXECUTION_NAME_ALPHABET,
  PROJECTS,
  TASK_ERRORS,
  WORKFLOW_TEMPLATES,
  type ErrorTemplate,
  type TaskTemplate,
  type WorkflowTemplate,
} from './workflow-catalogue.js';

/** What shapes one synthetic execution; the defaults give a mostly healthy cluster. */
export interface ExecutionShape {
  readonly project?: string;
  readonly domain?: string;
  /** Number of task nodes between start-node and end-node. */
  readonly nodesPerWorkflow?: { readonly min: number; readonly max: number };
  /** Probability that an execution fails: one of its tasks exhausts every retry. */
  readonly failureRate?: number;
  /** Retries each task allows; a task runs at most maxRetries + 1 attempts. */
  readonly maxRetries?: number;
  /** Probability that one attempt of a healthy task fails and is retried. */
  readonly retryRate?: number;
}

export const SHAPE_DEFAULTS = {
  nodesPerWorkflow: { min: 3, max: 6 },
  failureRate: 0.1,
  maxRetries: 2,
  retryRate: 0.15,
  cacheHitRate: 0.3,
  runningUpdateRate: 0.5,
} as const;

export interface AttemptPlan {
  readonly retryAttempt: number;
  /** Set when this attempt fails. */
  readonly error: ErrorTemplate | undefined;
  /** Whether the plugin reports a second RUNNING event with more logs (a phase-version bump). */
  readonly runningUpdate: boolean;
}

export interface NodePlan {
  readonly nodeId: string;
  readonly task: TaskTemplate;
  /** Empty when the catalog served the outputs from cache and no task ran. */
  readonly attempts: readonly AttemptPlan[];
  readonly cacheHit: boolean;
  readonly succeeded: boolean;
}

export interface ExecutionPlan {
  readonly executionId: WorkflowExecutionIdentifier;
  readonly workflow: WorkflowTemplate;
  readonly taskVersion: string;
  /** Task nodes in the order they run; a failed execution stops at its failing node. */
  readonly nodes: readonly NodePlan[];
  readonly succeeded: boolean;
}

export function planExecution(
  random: SeededRandom,
  shape: ExecutionShape,
  taskVersionOf: (workflow: WorkflowTemplate) => string,
): ExecutionPlan {
  const workflow = random.pick(WORKFLOW_TEMPLATES);
  const executionId: WorkflowExecutionIdentifier = {
    project: shape.project ?? random.pick(PROJECTS),
    domain: shape.domain ?? random.pick(DOMAINS),
    name: `a${random.chars(EXECUTION_NAME_ALPHABET, 19)}`,
    org: '',
  };
  const range = shape.nodesPerWorkflow ?? SHAPE_DEFAULTS.nodesPerWorkflow;
  const minNodes = Math.max(1, range.min);
  const nodeCount = random.int(minNodes, Math.max(minNodes, range.max));
  const failing = random.chance(shape.failureRate ?? SHAPE_DEFAULTS.failureRate);
  const failingIndex = failing ? random.int(0, nodeCount - 1) : -1;
  // Nodes run one after another, so nothing after the failing node starts.
  const runCount = failing ? failingIndex + 1 : nodeCount;
  const nodes: NodePlan[] = [];
  for (let i = 0; i < runCount; i++) {
    const task = workflow.tasks[i % workflow.tasks.length] as TaskTemplate;
    nodes.push(planNode(random, shape, `n${i}`, task, i === failingIndex));
  }
  return {
    executionId,
    workflow,
    taskVersion: taskVersionOf(workflow),
    nodes,
    succeeded: !failing,
  };
}

function planNode(
  random: SeededRandom,
  shape: ExecutionShape,
  nodeId: string,
  task: TaskTemplate,
  exhaustsRetries: boolean,
): NodePlan {
  if (!exhaustsRetries && task.cacheable && random.chance(SHAPE_DEFAULTS.cacheHitRate)) {
    return { nodeId, task, attempts: [], cacheHit: true, succeeded: true };
  }
  const maxRetries = Math.max(0, shape.maxRetries ?? SHAPE_DEFAULTS.maxRetries);
  const retryRate = shape.retryRate ?? SHAPE_DEFAULTS.retryRate;
  const attempts: AttemptPlan[] = [];
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    const isLast = attempt === maxRetries;
    const fails = exhaustsRetries || (!isLast && random.chance(retryRate));
    attempts.push({
      retryAttempt: attempt,
      error: fails ? random.pick(TASK_ERRORS) : undefined,
      runningUpdate: random.chance(SHAPE_DEFAULTS.runningUpdateRate),
    });
    if (!fails) break;
  }
  return { nodeId, task, attempts, cacheHit: false, succeeded: !exhaustsRetries };
}
