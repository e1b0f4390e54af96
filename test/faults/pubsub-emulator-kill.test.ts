import { describe, expect, inject, it } from 'vitest';
import {
  createPubSubTopicWithSubscription,
  createSnsTopicWithQueue,
} from '../../src/consume/local-destinations.js';
import { PubSubEmulator } from '../../src/devstack/pubsub-emulator.js';
import {
  countDelivered,
  PubSubCollector,
  sleep,
  SnsCollector,
  waitFor,
  waitForQuiet,
  waitUntil,
} from './support/collectors.js';
import { compare, reportRows } from './support/fault-report.js';
import { PipelineProcess } from './support/pipeline-process.js';
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
  pubsubClient,
  pubsubSink,
  snsSink,
  uniqueName,
} from './support/scenario-kit.js';

const SCENARIO = '2 Pub/Sub emulator killed, SNS isolated';
const PROJECT = 'faults-project';

describe(SCENARIO, () => {
  it('keeps delivering to SNS during the outage and catches Pub/Sub up after it', async () => {
    const startedMs = Date.now();
    const services = inject('services');
    const emulator = await PubSubEmulator.start();
    const pipelines: PipelineProcess[] = [];
    try {
      const name = uniqueName('pubsub-kill');
      const firstHalf = eventsOf(15, 21);
      const secondHalf = eventsOf(15, 22);
      const events = [...firstHalf, ...secondHalf];
      const ids = idsOf(events);
      const kafka = kafkaClient(services.kafkaBrokers);
      const { sns, sqs } = awsClients(services.snsEndpoint);
      const snsDestination = await createSnsTopicWithQueue(sns, sqs, name);
      const subscription = await createPubSubTopicWithSubscription(
        pubsubClient(emulator.emulatorHost, PROJECT),
        name,
      );
      await createTopic(kafka, `${name}.source`);
      const config = pipelineConfig({
        name,
        brokers: services.kafkaBrokers,
        sinks: [
          snsSink('sns', snsDestination.topicArn, services.snsEndpoint),
          pubsubSink('pubsub', name, emulator.emulatorHost, PROJECT),
        ],
      });
      const snsCollector = new SnsCollector(sqs, snsDestination.queueUrl);
      const pubsubCollector = new PubSubCollector(subscription);
      const rss = new RssSampler();
      const onSns = () => countDelivered(snsCollector.received, ids);
      const onPubSub = () => countDelivered(pubsubCollector.received, ids);

      const pipeline = await PipelineProcess.start({ name: 'pubsub-kill', role: 'run', config });
      pipelines.push(pipeline);
      rss.watch(pipeline.pid);
      await produceProtobuf(kafka, `${name}.source`, firstHalf);
      const firstIds = idsOf(firstHalf);
      await waitFor(
        () => countDelivered(pubsubCollector.received, firstIds) >= firstIds.size,
        60_000,
        'the first half on Pub/Sub',
      );
      // The emulator forgets its messages when killed: what it accepted is read first.
      pipeline.pause();
      await waitForQuiet(pubsubCollector.received, 2_000);
      await emulator.kill();
      pipeline.resume();
      await produceProtobuf(kafka, `${name}.source`, secondHalf);
      const snsDuringOutage = await waitUntil(() => onSns() >= ids.size, 150_000);
      const pubsubDuringOutage = onPubSub();

      // Held still while the topic and its subscription come back, so that nothing is
      // published to a topic that has no subscription yet.
      pipeline.pause();
      await emulator.start();
      const recreated = await createPubSubTopicWithSubscription(
        pubsubClient(emulator.emulatorHost, PROJECT),
        name,
      );
      pubsubCollector.attach(recreated);
      pipeline.resume();
      const faultEndMs = Date.now();
      await waitUntil(() => onPubSub() >= ids.size, 120_000);
      await sleep(2_000);
      await pipeline.stop();
      await Promise.all([snsCollector.stop(), pubsubCollector.stop()]);
      rss.stop();
      const letters = await deadLettersByReason(kafka, `${name}.dlq`, 0);
      const common = {
        scenario: SCENARIO,
        produced: events.length,
        expectedIds: ids,
        deadLettered: letters.total,
        faultEndMs,
        peakRssMb: rss.peakMb(),
        startedMs,
      };
      const snsRow = compare({ ...common, destination: 'sns', received: snsCollector.received });
      const pubsubRow = compare({
        ...common,
        destination: 'pubsub',
        received: pubsubCollector.received,
      });
      reportRows([{ ...snsRow, recoveryS: undefined }, pubsubRow]);
      console.log(
        `during the outage: sns ${snsDuringOutage ? 'complete' : 'incomplete'}, pubsub ${pubsubDuringOutage}/${ids.size}`,
      );
      expect(snsDuringOutage).toBe(true);
      expect(pubsubDuringOutage).toBe(firstIds.size);
      expect(snsRow.lost).toBe(0);
      expect(pubsubRow.lost).toBe(0);
      expect(letters.total).toBe(0);
    } finally {
      for (const pipeline of pipelines) await pipeline.stop();
      await emulator.dispose();
    }
  });
});
