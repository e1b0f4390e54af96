import { pino } from 'pino';

import { DevstackError } from './devstack-error.js';
import { ensureKafkaLibs } from './kafka-libs.js';
import { KafkaVersion, resolveKafkaVersion } from './kafka-versions.js';
import { assertPrerequisites } from './prerequisites.js';
import { ensureMotoVenv } from './python-venv.js';

/**
 * Downloads everything the local services need (broker jars for the given Kafka versions, the
 * moto venv) without starting them, so that a CI run fails here, clearly, on a download problem.
 * Usage: prefetch [kafkaVersion...]; with no version, the two tested lines.
 */
async function prefetch(requested: string[]): Promise<void> {
  const logger = pino({ level: 'info' }, pino.destination(2));
  const versions =
    requested.length > 0
      ? requested.map((v) => resolveKafkaVersion(v))
      : Object.values(KafkaVersion);
  await assertPrerequisites();
  for (const version of versions) {
    const started = Date.now();
    const libsDir = await ensureKafkaLibs(version, logger);
    process.stdout.write(`Kafka ${version} jars: ${libsDir} (${Date.now() - started} ms)\n`);
  }
  const started = Date.now();
  const venv = await ensureMotoVenv(logger);
  process.stdout.write(`moto venv: ${venv} (${Date.now() - started} ms)\n`);
}

prefetch(process.argv.slice(2)).catch((error: unknown) => {
  const isClear = error instanceof DevstackError;
  process.stderr.write(
    `${isClear ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 1;
});
