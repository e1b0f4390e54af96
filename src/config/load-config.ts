import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, formatPath, type ConfigProblem } from './config-error.js';
import { applyEnvOverrides } from './env-overrides.js';
import { sinkFromFlyteBlock } from './flyte-cloud-events.js';
import { resolveSink, type ResolvedSink } from './resolve-sink.js';
import { configFileSchema, type ConfigFile, type SinkConfig } from './schema.js';

export interface EgressConfig extends Omit<ConfigFile, 'sinks' | 'cloudEvents' | 'externalEvents'> {
  readonly sinks: readonly ResolvedSink[];
}

/** Reads, overrides from the environment, validates and resolves a configuration file. */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): EgressConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([{ path: '(file)', message: `cannot read ${path}` }], { cause: error });
  }
  return loadConfigText(text, env);
}

export function loadConfigText(text: string, env: NodeJS.ProcessEnv = process.env): EgressConfig {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => ({
        path: '(yaml)',
        message: error.message.split('\n')[0] ?? '',
      })),
    );
  }
  const raw: unknown = document.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError([{ path: '(root)', message: 'expected a mapping of sections' }]);
  }
  return validateConfig(applyEnvOverrides(raw as Record<string, unknown>, env), env);
}

export function validateConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): EgressConfig {
  const parsed = configFileSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(toProblem));
  const { cloudEvents, externalEvents, sinks, ...rest } = parsed.data;
  const allSinks: SinkConfig[] = [...sinks];
  for (const [key, block] of [
    ['cloudEvents', cloudEvents],
    ['externalEvents', externalEvents],
  ] as const) {
    const sink = block ? sinkFromFlyteBlock(block, key) : undefined;
    if (sink) allSinks.push(sink);
  }
  checkUniqueNames(allSinks);
  return { ...rest, sinks: allSinks.map((sink) => resolveSink(sink, env)) };
}

function checkUniqueNames(sinks: readonly SinkConfig[]): void {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  sinks.forEach((sink, index) => {
    if (seen.has(sink.name)) {
      problems.push({
        path: `sinks[${index}].name`,
        message: `expected a unique name, "${sink.name}" is used twice`,
      });
    }
    seen.add(sink.name);
  });
  if (problems.length > 0) throw new ConfigError(problems);
}

function toProblem(issue: z.core.$ZodIssue): ConfigProblem {
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const key = issue.discriminator;
    const input = issue.input as Record<string, unknown> | undefined;
    return {
      path: formatPath(issue.path),
      message: `${issue.message} (got ${describe(input?.[key])})`,
    };
  }
  const hasInput =
    issue.code !== 'unrecognized_keys' && 'input' in issue && issue.input !== undefined;
  const got = hasInput ? ` (got ${describe(issue.input)})` : '';
  return { path: formatPath(issue.path), message: `${issue.message}${got}` };
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null)
    return Array.isArray(value) ? 'a list' : 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
