import type { Command } from 'commander';
import { runBench, type BenchResult } from '../../bench/run-bench.js';
import { createLogger } from '../../observability/logger.js';

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('measure throughput, end-to-end latency and memory on the local services')
    .option('--events <n>', 'events to send in one burst', '10000')
    .option('--seed <n>', 'seed of the generator', '1')
    .option('--kafka-version <version>', 'Kafka broker version to run')
    .action(async (options: { events: string; seed: string; kafkaVersion?: string }) => {
      const result = await runBench(
        {
          events: Number(options.events),
          seed: Number(options.seed),
          kafkaVersion: options.kafkaVersion,
        },
        createLogger('warn'),
      );
      process.stdout.write(formatBench(result));
    });
}

function formatBench(result: BenchResult): string {
  const seconds = (value: number | undefined) => (value === undefined ? 'n/a' : `${value} s`);
  const lines = [
    `events: ${result.events}`,
    `produced to the source topic in ${result.produceSeconds.toFixed(1)} s`,
    `ingested (on the internal topic) ${result.ingestSeconds.toFixed(1)} s after the first record was sent`,
    ...result.sinks.map(
      (sink) =>
        `sink ${sink.name}: everything published after ${sink.seconds.toFixed(1)} s, ` +
        `${Math.round(sink.eventsPerSecond)} events/s; end-to-end latency p50 <= ${seconds(sink.p50)}, p99 <= ${seconds(sink.p99)}`,
    ),
    `peak resident memory of the process: ${Math.round(result.peakRssMiB)} MiB`,
  ];
  return `${lines.join('\n')}\n`;
}
