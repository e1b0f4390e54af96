#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { registerBench } from './commands/bench.js';
import { registerCheckConfig } from './commands/check-config.js';
import { registerDecode } from './commands/decode.js';
import { registerDemo } from './commands/demo.js';
import { registerDlq } from './commands/dlq.js';
import { registerProduce } from './commands/produce.js';
import { registerRoles } from './commands/run.js';

/** Exit codes: 1 for a runtime failure, 2 for a configuration or usage error. */
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

const program = new Command('flyte-egress')
  .description("Delivers Flyte's execution events from Kafka to AWS SNS and Google Cloud Pub/Sub.")
  .exitOverride();
registerRoles(program);
registerCheckConfig(program);
registerBench(program);
registerDecode(program);
registerDemo(program);
registerDlq(program);
registerProduce(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeOf(error);
}

function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`flyte-egress: ${error.message}\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`flyte-egress: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT_FAILURE;
}
