import { EgressError, ErrorCode } from '../errors.js';

export interface ConfigProblem {
  /** Dotted path of the bad field, e.g. `sinks[0].eventTypes[1]`. */
  readonly path: string;
  /** What was expected there. */
  readonly message: string;
}

/** A configuration that cannot run; the CLI prints it and exits with code 2. */
export class ConfigError extends EgressError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options: { cause?: unknown } = {}) {
    super(ErrorCode.config, formatProblems(problems), options);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function formatProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((problem) => `  ${problem.path || '(root)'}: ${problem.message}`);
  return `invalid configuration:\n${lines.join('\n')}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return text ? `${text}.${String(segment)}` : String(segment);
  }, '');
}
