import { describe, expect, inject, it } from 'vitest';
import { createSnsTopicWithQueue } from '../../src/consume/local-destinations.js';
import type { FlyteRequest } from '../../src/events/flyte-request.js';
import type { TaskExecutionEvent } from '../../src/gen/flyteidl/event/event.js';
import { STRIPPED_ATTRIBUTE } from '../../src/sinks/strip-inline-data.js';
import { inlineStringOutput } from '../fixtures/inline-data.js';
import { countDelivered, sleep, SnsCollector, waitUntil } from './support/collectors.js';
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
  produceRaw,
  protobufMessage,
  snsSink,
  uniqueName,
} from './support/scenario-kit.js';

const SCENARIO = '6 events over the SNS size limit';
const LARGE = 8;
// 210,000 bytes of output are 280,000 in base64, past SNS's 262,144-byte limit.
const INLINE_CHARS = 210_000;

/** Every 25th task event gets a large inline output, up to LARGE of them. */
function withLargeOutputs(events: FlyteRequest[]): {
  events: FlyteRequest[];
  large: FlyteRequest[];
} {
  const large: FlyteRequest[] = [];
  let tasks = 0;
  const result = events.map((event) => {
    if (event.type !== 'task' || large.length >= LARGE || tasks++ % 25 !== 0) return event;
    const outputResult = inlineStringOutput(INLINE_CHARS) as TaskExecutionEvent['outputResult'];
    const task = event.message.event as TaskExecutionEvent;
    const changed = {
      ...event,
      message: { ...event.message, event: { ...task, outputResult } },
    } as FlyteRequest;
    large.push(changed);
    return changed;
  });
  return { events: result, large };
}

describe(SCENARIO, () => {
  it('dead-letters them as too_large by default and strips their inline data when told to', async () => {
    const startedMs = Date.now();
    const services = inject('services');
    const name = uniqueName('oversize');
    const { events, large } = withLargeOutputs(eventsOf(12, 6));
    expect(large).toHaveLength(LARGE);
    const ids = idsOf(events);
    const largeIds = idsOf(large);
    const fitting = new Set([...ids].filter((id) => !largeIds.has(id)));
    const kafka = kafkaClient(services.kafkaBrokers);
    const { sns, sqs } = awsClients(services.snsEndpoint);
    const deadLetterTopic = await createSnsTopicWithQueue(sns, sqs, `${name}-default`);
    const stripTopic = await createSnsTopicWithQueue(sns, sqs, `${name}-strip`);
    await createTopic(kafka, `${name}.source`);
    const config = pipelineConfig({
      name,
      brokers: services.kafkaBrokers,
      sinks: [
        snsSink('sns-default', deadLetterTopic.topicArn, services.snsEndpoint),
        snsSink('sns-strip', stripTopic.topicArn, services.snsEndpoint, {
          oversize: 'strip-inline-data',
        }),
      ],
    });
    const byDefault = new SnsCollector(sqs, deadLetterTopic.queueUrl);
    const stripping = new SnsCollector(sqs, stripTopic.queueUrl);
    const rss = new RssSampler();

    const pipeline = await PipelineProcess.start({ name: 'oversize', role: 'run', config });
    try {
      rss.watch(pipeline.pid);
      await produceRaw(kafka, `${name}.source`, events.map(protobufMessage), 4);
      await waitUntil(
        () =>
          countDelivered(byDefault.received, fitting) >= fitting.size &&
          countDelivered(stripping.received, ids) >= ids.size,
        120_000,
      );
      await sleep(2_000);
      const letters = await deadLettersByReason(kafka, `${name}.dlq`, LARGE + 1, 10_000);
      await pipeline.stop();
      await Promise.all([byDefault.stop(), stripping.stop()]);
      rss.stop();
      const common = {
        scenario: SCENARIO,
        produced: events.length,
        peakRssMb: rss.peakMb(),
        startedMs,
      };
      const defaultRow = compare({
        ...common,
        destination: 'sns, dead-letter policy',
        expectedIds: fitting,
        received: byDefault.received,
        deadLettered: letters.stages['sink:sns-default'] ?? 0,
      });
      const stripRow = compare({
        ...common,
        destination: 'sns, strip-inline-data',
        expectedIds: ids,
        received: stripping.received,
        deadLettered: letters.stages['sink:sns-strip'] ?? 0,
      });
      reportRows([defaultRow, stripRow]);
      const flagged = stripping.received
        .filter(
          (message) => message.attributes[STRIPPED_ATTRIBUTE.name] === STRIPPED_ATTRIBUTE.value,
        )
        .map((message) => message.eventId);
      expect(letters.total).toBe(LARGE);
      expect(letters.reasons).toEqual({ too_large: LARGE });
      expect(letters.stages).toEqual({ 'sink:sns-default': LARGE });
      expect(countDelivered(byDefault.received, largeIds)).toBe(0);
      expect(defaultRow.lost).toBe(0);
      expect(stripRow.lost).toBe(0);
      expect(new Set(flagged)).toEqual(largeIds);
    } finally {
      await pipeline.stop();
    }
  });
});
