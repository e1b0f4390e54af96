import { existsSync } from 'node:fs';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';

import { cacheDir } from './cache-dir.js';
import { DevstackError } from './devstack-error.js';
import { runCommand } from './run-command.js';

const MAVEN_TIMEOUT_MS = 8 * 60_000;

/**
 * The broker's jars declare slf4j but no binding (the distribution adds one); slf4j-simple
 * writes the broker's log to stderr, which goes to the instance's log file.
 */
const SLF4J_BINDING = { groupId: 'org.slf4j', artifactId: 'slf4j-simple', version: '1.7.36' };

function dependency(groupId: string, artifactId: string, version: string): string {
  return [
    '    <dependency>',
    `      <groupId>${groupId}</groupId>`,
    `      <artifactId>${artifactId}</artifactId>`,
    `      <version>${version}</version>`,
    '    </dependency>',
  ].join('\n');
}

function brokerPom(kafkaVersion: string): string {
  return [
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>local.devstack</groupId>',
    '  <artifactId>kafka-broker-libs</artifactId>',
    `  <version>${kafkaVersion}</version>`,
    '  <packaging>pom</packaging>',
    '  <dependencies>',
    dependency('org.apache.kafka', 'kafka_2.13', kafkaVersion),
    dependency(SLF4J_BINDING.groupId, SLF4J_BINDING.artifactId, SLF4J_BINDING.version),
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

/** The folder that holds (or will hold) the jars of one Kafka version. */
export function kafkaLibsDir(kafkaVersion: string): string {
  return join(cacheDir('kafka', kafkaVersion), 'libs');
}

/**
 * Resolves `kafka_2.13:<version>` and its runtime dependencies from Maven Central into
 * `.cache/kafka/<version>/libs`, once. Maven writes to a scratch folder that is renamed into
 * place only when complete, so an interrupted download is never mistaken for a finished one.
 */
export async function ensureKafkaLibs(kafkaVersion: string, logger: Logger): Promise<string> {
  const versionDir = cacheDir('kafka', kafkaVersion);
  const libsDir = join(versionDir, 'libs');
  if (existsSync(libsDir)) {
    return libsDir;
  }
  const scratchDir = join(versionDir, `libs.partial-${process.pid}`);
  await rm(scratchDir, { recursive: true, force: true });
  await writeFile(join(versionDir, 'pom.xml'), brokerPom(kafkaVersion));
  logger.info({ kafkaVersion }, 'resolving Kafka broker jars with Maven');
  await runCommand(
    {
      name: `Maven download of Kafka ${kafkaVersion}`,
      command: 'mvn',
      args: [
        '-q',
        '-B',
        '-f',
        join(versionDir, 'pom.xml'),
        'dependency:copy-dependencies',
        `-DoutputDirectory=${scratchDir}`,
        '-DincludeScope=runtime',
      ],
      cwd: versionDir,
      logFile: join(versionDir, 'maven.log'),
    },
    logger,
    MAVEN_TIMEOUT_MS,
  );
  await assertHasBrokerJar(scratchDir, kafkaVersion);
  await rename(scratchDir, libsDir).catch(async (error: unknown) => {
    // Another process finished the same download first; its copy is as good as ours.
    if (!existsSync(libsDir)) {
      throw error;
    }
    await rm(scratchDir, { recursive: true, force: true });
  });
  return libsDir;
}

async function assertHasBrokerJar(dir: string, kafkaVersion: string): Promise<void> {
  const jars = await readdir(dir);
  if (!jars.includes(`kafka_2.13-${kafkaVersion}.jar`)) {
    throw new DevstackError(`Maven finished but kafka_2.13-${kafkaVersion}.jar is not in ${dir}`);
  }
}
