import { describe, expect, inject, it } from 'vitest';
import { createSnsTopicWithQueue } from '../../src/consume/local-destinations.js';
import { MotoServer } from '../../src/devstack/moto-server.js';
import {
  countDelivered,
  sleep,
  SnsCollector,
  waitForQuiet,
  waitUntil,
} from './support/collectors.js';
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

const SCENARIO = '1 SNS server killed 10 s';
const OUTAGE_MS = 10_000;

describe(SCENARIO, () => {
  it('delivers every event once the server is back, dead-lettering none', async () => {
    const startedMs = Date.now();
    const services = inject('services');
    const moto = await MotoServer.start();
    const pipelines: PipelineProcess[] = [];
    try {
      const name = uniqueName('sns-kill');
      const events = eventsOf(45, 1);
      const ids = idsOf(events);
      const kafka = kafkaClient(services.kafkaBrokers);
      const { sns, sqs } = awsClients(moto.endpoint);
      const destination = await createSnsTopicWithQueue(sns, sqs, name);
      await createTopic(kafka, `${name}.source`);
      await produceProtobuf(kafka, `${name}.source`, events);
      const config = pipelineConfig({
        name,
        brokers: services.kafkaBrokers,
        sinks: [snsSink('sns', destination.topicArn, moto.endpoint)],
      });
      const collector = new SnsCollector(sqs, destination.queueUrl);
      const rss = new RssSampler();
      const delivered = () => countDelivered(collector.received, ids);

      const pipeline = await PipelineProcess.start({ name: 'sns-kill', role: 'run', config });
      pipelines.push(pipeline);
      rss.watch(pipeline.pid);
      await waitForPublished([pipeline], ids.size / 3);
      // moto forgets its queues when killed: what it accepted is read first, with the
      // pipeline held still, so that only the pipeline's own losses show as lost.
      pipeline.pause();
      await waitForQuiet(collector.received, 3_000);
      const deliveredBeforeKill = delivered();
      await moto.kill();
      pipeline.resume();
      await sleep(OUTAGE_MS);
      await moto.start();
      const recreated = await createSnsTopicWithQueue(sns, sqs, name);
      const faultEndMs = Date.now();
      expect(recreated).toEqual(destination);
      await waitUntil(() => delivered() >= ids.size, 150_000);
      await sleep(2_000);
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
      console.log(`delivered before the kill: ${deliveredBeforeKill}/${ids.size}`);
      expect(deliveredBeforeKill).toBeLessThan(ids.size);
      expect(row.lost).toBe(0);
      expect(row.deadLettered).toBe(0);
    } finally {
      for (const pipeline of pipelines) await pipeline.stop();
      await moto.dispose();
    }
  });
});
