import { describe, expect, inject, it } from 'vitest';
import { createSnsTopicWithQueue } from '../../src/consume/local-destinations.js';
import { KafkaBroker } from '../../src/devstack/kafka-broker.js';
import { countDelivered, sleep, SnsCollector, waitUntil } from './support/collectors.js';
import { compare, reportRows } from './support/fault-report.js';
import { PipelineProcess, waitForPublished } from './support/pipeline-process.js';
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

const SCENARIO = '4 Kafka broker restarted';

describe(SCENARIO, () => {
  it('resumes from the committed offsets and delivers every event', async () => {
    const startedMs = Date.now();
    const services = inject('services');
    const broker = await KafkaBroker.start({ version: services.kafkaVersion });
    const pipelines: PipelineProcess[] = [];
    try {
      const name = uniqueName('broker-restart');
      const events = eventsOf(40, 4);
      const ids = idsOf(events);
      const kafka = kafkaClient(broker.brokers);
      const { sns, sqs } = awsClients(services.snsEndpoint);
      const destination = await createSnsTopicWithQueue(sns, sqs, name);
      await createTopic(kafka, `${name}.source`);
      await produceProtobuf(kafka, `${name}.source`, events);
      const config = pipelineConfig({
        name,
        brokers: broker.brokers,
        sinks: [snsSink('sns', destination.topicArn, services.snsEndpoint)],
      });
      const collector = new SnsCollector(sqs, destination.queueUrl);
      const rss = new RssSampler();
      const delivered = () => countDelivered(collector.received, ids);

      const pipeline = await PipelineProcess.start({ name: 'broker-restart', role: 'run', config });
      pipelines.push(pipeline);
      rss.watch(pipeline.pid);
      await waitForPublished([pipeline], ids.size / 3);
      const deliveredBefore = delivered();
      await broker.restart();
      const faultEndMs = Date.now();
      await waitUntil(() => delivered() >= ids.size, 150_000);
      await sleep(3_000);
      const stillRunning = pipeline.running;
      await pipeline.stop();
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
      console.log(`delivered before the restart: ${deliveredBefore}/${ids.size}`);
      expect(stillRunning).toBe(true);
      expect(row.lost).toBe(0);
      expect(row.deadLettered).toBe(0);
    } finally {
      for (const pipeline of pipelines) await pipeline.stop();
      await broker.dispose();
    }
  });
});
