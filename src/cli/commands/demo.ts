import type { Command } from 'commander';
import { runDemo } from '../../demo/run-demo.js';
import { createLogger } from '../../observability/logger.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'start local services and the pipeline, play realistic executions through it, and report',
    )
    .option('--executions <n>', 'workflow executions to simulate', '20')
    .option('--seed <n>', 'seed of the generator', '7')
    .option('--kafka-version <version>', 'Kafka broker version to run')
    .option('--timeout <seconds>', 'how long to wait for every destination', '120')
    .action(
      async (options: {
        executions: string;
        seed: string;
        kafkaVersion?: string;
        timeout: string;
      }) => {
        const ok = await runDemo(
          {
            executions: Number(options.executions),
            seed: Number(options.seed),
            kafkaVersion: options.kafkaVersion,
            timeoutMs: Number(options.timeout) * 1000,
          },
          createLogger('warn'),
        );
        if (!ok) process.exitCode = 1;
      },
    );
}
