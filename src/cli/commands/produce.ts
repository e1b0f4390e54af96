import { Option, type Command } from 'commander';
import { createKafka } from '../../kafka/create-kafka.js';
import { createDurableProducer } from '../../kafka/create-producer.js';
import { createLogger } from '../../observability/logger.js';
import { EventTally } from '../../produce/event-summary.js';
import { produceEvents } from '../../produce/produce-to-kafka.js';
import { SOURCE_FORMATS, type SourceFormat } from '../../produce/source-formats.js';
import { generateEvents } from '../../produce/synthetic-stream.js';
import { progressBar } from '../../observability/progress-bar.js';

interface ProduceOptions {
  brokers: string;
  topic: string;
  executions: string;
  seed: string;
  format: SourceFormat;
  failureRate: string;
}

export function registerProduce(program: Command): void {
  program
    .command('produce')
    .description('send realistic synthetic Flyte executions to a source topic')
    .requiredOption('--brokers <list>', 'Kafka brokers, comma-separated host:port')
    .requiredOption('--topic <name>', 'source topic the ingest stage reads')
    .option('--executions <n>', 'workflow executions to simulate', '100')
    .option('--seed <n>', 'seed of the generator; the same seed gives the same events', '1')
    .option('--failure-rate <p>', 'share of executions that fail after exhausting retries', '0.1')
    .addOption(
      new Option('--format <format>', 'record format')
        .choices(SOURCE_FORMATS)
        .default('cloudevent-v1'),
    )
    .action((options: ProduceOptions) => produce(options));
}

async function produce(options: ProduceOptions): Promise<void> {
  const logger = createLogger('warn');
  const kafka = createKafka(
    {
      brokers: options.brokers.split(','),
      clientId: 'flyte-egress-produce',
      internalTopic: '',
      deadLetterTopic: '',
      topicPartitions: 1,
      createTopics: false,
    },
    logger,
  );
  const shape = {
    executions: Number(options.executions),
    seed: Number(options.seed),
    failureRate: Number(options.failureRate),
  };
  const tally = new EventTally();
  for (const event of generateEvents(shape)) tally.add(event);
  const expected = tally.result();
  const producer = createDurableProducer(kafka);
  await producer.connect();
  const bar = progressBar('produced', expected.total);
  try {
    await produceEvents({
      producer,
      topic: options.topic,
      events: generateEvents(shape),
      format: options.format,
      onProgress: (sent) => bar.update(sent),
    });
  } finally {
    bar.stop();
    await producer.disconnect();
  }
  const { byType } = expected;
  process.stdout.write(
    `produced ${expected.total} events of ${expected.executions} executions to ${options.topic} ` +
      `(workflow ${byType.workflow}, node ${byType.node}, task ${byType.task}; ` +
      `${expected.failedExecutions} executions failed)\n`,
  );
}
