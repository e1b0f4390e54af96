import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { DevstackError } from './devstack-error.js';
import { locatePubSubEmulator } from './pubsub-emulator-locate.js';

const run = promisify(execFile);
const MIN_JAVA_MAJOR = 17;

export interface MissingPrerequisite {
  what: string;
  install: string;
}

/** `java -version` prints e.g. `openjdk version "17.0.15"` or `"1.8.0_392"` on stderr. */
export function javaMajorOf(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (match === null) {
    return undefined;
  }
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}

async function output(command: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run(command, args, { timeout: 60_000 });
    return `${stdout}${stderr}`;
  } catch {
    return undefined;
  }
}

async function checkJava(): Promise<MissingPrerequisite | undefined> {
  const install = 'apt-get install -y openjdk-17-jre-headless (or any JDK 17+ with java on PATH)';
  const text = await output('java', ['-version']);
  if (text === undefined) {
    return { what: `java (${MIN_JAVA_MAJOR} or later) is not on PATH`, install };
  }
  const major = javaMajorOf(text);
  if (major === undefined || major < MIN_JAVA_MAJOR) {
    return { what: `java ${MIN_JAVA_MAJOR}+ is needed, found ${major ?? 'unknown'}`, install };
  }
  return undefined;
}

async function checkMaven(): Promise<MissingPrerequisite | undefined> {
  const found = (await output('mvn', ['-v'])) !== undefined;
  return found
    ? undefined
    : { what: 'mvn (Apache Maven) is not on PATH', install: 'apt-get install -y maven' };
}

async function checkPython(): Promise<MissingPrerequisite | undefined> {
  const install = 'apt-get install -y python3 python3-venv';
  if ((await output('python3', ['--version'])) === undefined) {
    return { what: 'python3 is not on PATH', install };
  }
  const venvWorks = (await output('python3', ['-c', 'import venv, ensurepip'])) !== undefined;
  return venvWorks ? undefined : { what: 'python3 has no working venv/ensurepip module', install };
}

async function checkPubSubEmulator(): Promise<MissingPrerequisite | undefined> {
  if ((await locatePubSubEmulator()) !== undefined) {
    return undefined;
  }
  return {
    what: 'the Pub/Sub emulator (cloud-pubsub-emulator) was not found',
    install:
      'apt-get install -y google-cloud-cli google-cloud-cli-pubsub-emulator from the Google Cloud ' +
      'CLI apt repository, or set PUBSUB_EMULATOR_BIN to the launcher',
  };
}

export interface PrerequisiteOptions {
  /** Maven is only used to download the broker jars; false once they are in the cache. */
  needMaven?: boolean;
}

/** Every tool the local services need that is missing, each with how to install it. */
export async function findMissingPrerequisites(
  options: PrerequisiteOptions = {},
): Promise<MissingPrerequisite[]> {
  const checks = [checkJava(), checkPython(), checkPubSubEmulator()];
  if (options.needMaven ?? true) {
    checks.push(checkMaven());
  }
  const results = await Promise.all(checks);
  return results.filter((result): result is MissingPrerequisite => result !== undefined);
}

export function describeMissing(missing: MissingPrerequisite[]): string {
  const lines = missing.map((item) => `  - ${item.what}\n    install: ${item.install}`);
  return `local services cannot start; missing prerequisites:\n${lines.join('\n')}`;
}

/** Fails with one message naming everything that is missing, before any service starts. */
export async function assertPrerequisites(options: PrerequisiteOptions = {}): Promise<void> {
  const missing = await findMissingPrerequisites(options);
  if (missing.length > 0) {
    throw new DevstackError(describeMissing(missing));
  }
}
