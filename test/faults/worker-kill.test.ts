import { describe, expect, inject, it } from 'vitest';
import { createSnsTopicWithQueue } from '../../src/consume/local-destinations.js';
import { countDelivered, sleep, SnsCollector, waitFor, waitUntil } from './support/collectors.js';
import { compare, reportRows } from './support/fault-report.js';
import {
  PipelineProcess,
  PUBLISHED_METRIC as PUBLISHED,
  waitForPublished,
} from './support/pipeline-process.js';
import { RssSampler } from './support/rss-sampler.js';
import {
  awsClients,
  createTopic,
  deadLettersByReason,
  eventsOf,
  idsOf,
  kafkaClient,
  pipelineConfig,
  produceProtobuf,
  snsSink,
  uniqueName,
} from './support/scenario-kit.js';

const SCENARIO = '3 one of two workers SIGKILLed';

describe(SCENARIO, () => {
  it('has the other worker take over its partitions without losing an event', async () => {
    const startedMs = Date.now();
    const services = inject('services');
    const pipelines: PipelineProcess[] = [];
    try {
      const name = uniqueName('worker-kill');
      const events = eventsOf(30, 3);
      const ids = idsOf(events);
      const kafka = kafkaClient(services.kafkaBrokers);
      const { sns, sqs } = awsClients(services.snsEndpoint);
      const destination = await createSnsTopicWithQueue(sns, sqs, name);
      await createTopic(kafka, `${name}.source`);
      const config = pipelineConfig({
        name,
        brokers: services.kafkaBrokers,
        partitions: 6,
        sinks: [snsSink('sns', destination.topicArn, services.snsEndpoint)],
      });
      const collector = new SnsCollector(sqs, destination.queueUrl);
      const rss = new RssSampler();
      const delivered = () => countDelivered(collector.received, ids);
      const start = async (role: 'ingest' | 'worker', label: string) => {
        const started = await PipelineProcess.start({ name: label, role, config });
        pipelines.push(started);
        rss.watch(started.pid);
        return started;
      };
      await start('ingest', 'worker-kill-ingest');
      const victim = await start('worker', 'worker-kill-a');
      const survivor = await start('worker', 'worker-kill-b');

      await produceProtobuf(kafka, `${name}.source`, events);
      // Both workers must be publishing, so the kill lands in the middle of the victim's batches.
      await waitForPublished([victim, survivor], ids.size / 3);
      await waitFor(
        async () =>
          (await victim.metricSum(PUBLISHED)) > 0 && (await survivor.metricSum(PUBLISHED)) > 0,
        120_000,
        'both workers publishing',
      );
      const publishedByVictim = await victim.metricSum(PUBLISHED);
      const exit = await victim.signal('SIGKILL');
      const faultEndMs = Date.now();
      await waitUntil(() => delivered() >= ids.size, 150_000);
      await sleep(3_000);
      for (const pipeline of pipelines) await pipeline.stop();
      await collector.stop();
      rss.stop();
      const letters = await deadLettersByReason(kafka, `${name}.dlq`, 0);
      const row = compare({
        scenario: SCENARIO,
        destination: 'sns',
        produced: events.length,
        expectedIds: ids,
        received: collector.received,
        deadLettered: letters.total,
        faultEndMs,
        peakRssMb: rss.peakMb(),
        startedMs,
      });
      reportRows([row]);
      console.log(`the killed worker had published ${publishedByVictim} events before the kill`);
      expect(exit.signal).toBe('SIGKILL');
      expect(row.lost).toBe(0);
      expect(row.deadLettered).toBe(0);
    } finally {
      for (const pipeline of pipelines) await pipeline.stop();
    }
  });
});
