import type { Command } from 'commander';
import { createKafka } from '../../kafka/create-kafka.js';
import { replayDeadLetters } from '../../kafka/dead-letter-replay.js';
import { createLogger } from '../../observability/logger.js';
import { addConfigOption, configFrom } from '../config-option.js';

interface ReplayCommandOptions {
  config?: string;
  reason?: string;
  stage?: string;
  group: string;
  dryRun?: boolean;
}

export function registerDlq(program: Command): void {
  const dlq = program.command('dlq').description('work with the dead-letter topic');
  addConfigOption(
    dlq
      .command('replay')
      .description(
        'send dead letters back once their cause is fixed (up to the current end of the topic)',
      )
      .option('--reason <reason>', 'replay only letters of this reason, e.g. too_large')
      .option('--stage <stage>', 'replay only letters of this stage: ingest or sink:<name>')
      .option(
        '--group <id>',
        'consumer group that remembers how far replay got',
        'flyte-egress-dlq-replay',
      )
      .option('--dry-run', 'count what would be replayed, send and commit nothing'),
  ).action(async (options: ReplayCommandOptions) => {
    const config = configFrom(options);
    const logger = createLogger(config.logLevel);
    const result = await replayDeadLetters({
      kafka: createKafka(config.kafka, logger, 'dlq-replay'),
      deadLetterTopic: config.kafka.deadLetterTopic,
      internalTopic: config.kafka.internalTopic,
      groupId: options.group,
      reason: options.reason,
      stage: options.stage,
      dryRun: options.dryRun ?? false,
      logger,
      onProgress: (read, replayed) => process.stderr.write(`\rread ${read}, replayed ${replayed}`),
    });
    process.stderr.write('\n');
    const verb = options.dryRun ? 'would replay' : 'replayed';
    process.stdout.write(
      `read ${result.read} dead letters; ${verb} ${result.replayed}; passed over ${result.skipped}\n`,
    );
  });
}
