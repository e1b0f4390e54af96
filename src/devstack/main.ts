import { pino } from 'pino';
import type { Logger } from 'pino';

import { DevstackError } from './devstack-error.js';
import { endpointsOf, startLocalServices } from './local-services.js';
import type { LocalServices } from './local-services.js';
import { serviceEnvironment, shellExportLines } from './service-env.js';
import { silentLogger } from './silent-logger.js';

/** Quiet by default; LOG_LEVEL=debug shows what each service does while it starts. */
function loggerFromEnv(): Logger {
  const level = process.env['LOG_LEVEL'];
  return level === undefined ? silentLogger() : pino({ level }, pino.destination(2));
}

function printSummary(services: LocalServices): void {
  const lines = [
    `Kafka ${services.kafka.version}: ${services.kafka.brokers.join(',')}`,
    `  log: ${services.kafka.broker.logFile}`,
    `SNS/SQS (moto): ${services.sns.endpoint} region ${services.sns.region}`,
    `  log: ${services.sns.server.logFile}`,
    `Pub/Sub emulator: ${services.pubsub.emulatorHost} project ${services.pubsub.projectId}`,
    `  log: ${services.pubsub.emulator.logFile}`,
    '',
    '# environment for a client of these services:',
    ...shellExportLines(serviceEnvironment(endpointsOf(services))),
    '',
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * Resolves on the first SIGINT or SIGTERM. Later signals are swallowed while the services stop:
 * a terminal's Ctrl-C reaches this process both directly and relayed by a wrapper such as tsx,
 * and the second copy must not cut the shutdown short.
 */
function untilSignalled(): Promise<NodeJS.Signals> {
  // A timer keeps the event loop alive; signal listeners alone do not.
  const keepAlive = setInterval(() => undefined, 60_000);
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      clearInterval(keepAlive);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const services = await startLocalServices({
    logger: loggerFromEnv(),
    onProgress: (step) => process.stderr.write(`${step}\n`),
  });
  process.stderr.write(`all services ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  printSummary(services);
  const signal = await untilSignalled();
  process.stderr.write(`${signal}: stopping local services\n`);
  await services.stop();
  process.stderr.write('stopped\n');
  process.exit(0);
}

main().catch((error: unknown) => {
  const message = error instanceof DevstackError ? error.message : String(error);
  process.stderr.write(`${message}\n`);
  if (!(error instanceof DevstackError) && error instanceof Error) {
    process.stderr.write(`${error.stack ?? ''}\n`);
  }
  process.exitCode = 1;
});
