import type { Command } from 'commander';
import { addConfigOption, configFrom } from '../config-option.js';

export function registerCheckConfig(program: Command): void {
  addConfigOption(
    program
      .command('check-config')
      .description('validate a configuration file and print the sinks it defines'),
  ).action((options: { config?: string }) => {
    const config = configFrom(options);
    const lines = [
      `kafka: ${config.kafka.brokers.join(', ')} internal topic ${config.kafka.internalTopic}, dead letters ${config.kafka.deadLetterTopic}`,
      `ingest: source topics ${config.ingest.sourceTopics.join(', ') || '(none)'}; http ${
        config.ingest.http.enabled ? `${config.ingest.http.host}:${config.ingest.http.port}` : 'off'
      }`,
      `metrics: ${config.metrics.host}:${config.metrics.port}`,
      ...config.sinks.map(
        (sink) =>
          `sink ${sink.name}: ${sink.type === 'aws' ? 'SNS' : 'Pub/Sub'} ${sink.topicName}, events ${[...sink.wants].join(', ')}`,
      ),
    ];
    if (config.sinks.length === 0) lines.push('no sinks: a worker would have nothing to do');
    process.stdout.write(
      `configuration is valid\n${lines.map((line) => `  ${line}`).join('\n')}\n`,
    );
  });
}
