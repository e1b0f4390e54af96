import { ExecutionError_ErrorKind } from '../gen/flyteidl/core/execution.js';

/** A registered Flyte task as a workflow node refers to it. */
export interface TaskTemplate {
  /** Fully qualified task name, as flytekit registers it. */
  readonly name: string;
  readonly taskType: string;
  /** Tasks declared with `cache=True` report catalog lookups on their node events. */
  readonly cacheable: boolean;
}

export interface WorkflowTemplate {
  readonly name: string;
  readonly tasks: readonly TaskTemplate[];
}

export interface ErrorTemplate {
  readonly code: string;
  readonly message: string;
  readonly kind: ExecutionError_ErrorKind;
}

function tasksOf(module: string, specs: readonly [string, string, boolean?][]): TaskTemplate[] {
  return specs.map(([name, taskType, cacheable]) => ({
    name: `${module}.${name}`,
    taskType,
    cacheable: cacheable ?? false,
  }));
}

/** Workflows of the kind Flyte users run; nodes take their tasks in order, cycling as needed. */
export const WORKFLOW_TEMPLATES: readonly WorkflowTemplate[] = [
  {
    name: 'ml_pipelines.training.training_workflow',
    tasks: tasksOf('ml_pipelines.training', [
      ['fetch_dataset', 'python-task', true],
      ['clean_data', 'python-task', true],
      ['build_features', 'spark'],
      ['train_model', 'pytorch'],
      ['evaluate_model', 'python-task'],
      ['register_model', 'python-task'],
    ]),
  },
  {
    name: 'data_platform.etl.daily_ingest',
    tasks: tasksOf('data_platform.etl', [
      ['list_partitions', 'python-task'],
      ['extract_orders', 'container'],
      ['transform_orders', 'spark'],
      ['validate_schema', 'python-task', true],
      ['load_warehouse', 'python-task'],
    ]),
  },
  {
    name: 'analytics.reports.weekly_report',
    tasks: tasksOf('analytics.reports', [
      ['query_metrics', 'python-task', true],
      ['aggregate_metrics', 'python-task'],
      ['render_charts', 'python-task'],
      ['publish_report', 'container'],
    ]),
  },
  {
    name: 'genomics.alignment.align_samples',
    tasks: tasksOf('genomics.alignment', [
      ['download_reads', 'container', true],
      ['index_reference', 'container', true],
      ['align_reads', 'container'],
      ['call_variants', 'container'],
      ['summarize_variants', 'python-task'],
    ]),
  },
];

export const PROJECTS: readonly string[] = ['flytesnacks', 'ml-platform', 'data-eng'];
export const DOMAINS: readonly string[] = ['development', 'staging', 'production'];

const { USER, SYSTEM } = ExecutionError_ErrorKind;

/** Failures of the sort task pods report: user code raising, the platform getting in the way. */
export const TASK_ERRORS: readonly ErrorTemplate[] = [
  {
    code: 'USER:ValueError',
    message:
      'Traceback (most recent call last):\n  File "/opt/app/task.py", line 42, in execute\n' +
      '    raise ValueError("input frame has no rows")\nValueError: input frame has no rows',
    kind: USER,
  },
  {
    code: 'USER:KeyError',
    message:
      'Traceback (most recent call last):\n  File "/opt/app/task.py", line 17, in execute\n' +
      "    column = frame['customer_id']\nKeyError: 'customer_id'",
    kind: USER,
  },
  {
    code: 'OOMKilled',
    message: '[primary] terminated with exit code (137). Reason [OOMKilled]. Message: \n.',
    kind: USER,
  },
  {
    code: 'Interrupted',
    message: 'The node was low on resource: memory. Container primary was using 3Gi.',
    kind: SYSTEM,
  },
  {
    code: 'ResourceDeletedExternally',
    message: 'resource not found, name [pod]. reason: pods not found',
    kind: SYSTEM,
  },
];

/** Alphabet of Kubernetes' rand.String, which FlyteAdmin uses for execution names. */
export const EXECUTION_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
