import { parse as parseYamlScalar } from 'yaml';

/** Prefix of environment variables that override the file, e.g. FLYTE_EGRESS_KAFKA__BROKERS. */
export const ENV_PREFIX = 'FLYTE_EGRESS_';

/**
 * Applies FLYTE_EGRESS_<PATH> variables onto a raw config object. Path segments
 * are separated by a double underscore and written in upper snake case
 * (`KAFKA__INTERNAL_TOPIC` sets `kafka.internalTopic`); numeric segments index
 * lists (`SINKS__0__TOPIC_NAME`). Values are read as YAML scalars, and a value
 * with commas becomes a list, so `a:9092,b:9092` sets two brokers.
 */
export function applyEnvOverrides(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Record<string, unknown> {
  const result = structuredClone(raw);
  const names = Object.keys(env)
    .filter((name) => name.startsWith(ENV_PREFIX) && name !== `${ENV_PREFIX}CONFIG`)
    .sort();
  for (const name of names) {
    const path = name.slice(ENV_PREFIX.length).split('__').map(camelCase);
    setPath(result, path, readValue(env[name] ?? ''));
  }
  return result;
}

function camelCase(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function readValue(text: string): unknown {
  if (text.includes(',') && !text.trimStart().startsWith('[')) {
    return text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0);
  }
  return parseYamlScalar(text) as unknown;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> | unknown[] = target;
  path.forEach((segment, index) => {
    const key = /^\d+$/.test(segment) ? Number(segment) : segment;
    const container = node as Record<string | number, unknown>;
    if (index === path.length - 1) {
      container[key] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(path[index + 1] ?? '');
    const existing = container[key];
    if (typeof existing !== 'object' || existing === null) {
      container[key] = nextIsIndex ? [] : {};
    }
    node = container[key] as Record<string, unknown>;
  });
}
