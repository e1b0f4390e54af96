import type { Subscription } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPubSubTopicWithSubscription,
  createSnsTopicWithQueue,
  type SnsWithQueue,
} from '../../../src/consume/local-destinations.js';
import { eventIdOf } from '../../../src/events/event-id.js';
import { encodeRequest, type FlyteRequest } from '../../../src/events/flyte-request.js';
import { deadLetterMessage } from '../../../src/kafka/dead-letter.js';
import { replayDeadLetters } from '../../../src/kafka/dead-letter-replay.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { toInternalMessage } from '../../../src/ingest/internal-message.js';
import { toSourceMessage } from '../../../src/produce/source-formats.js';
import { generateEvents } from '../../../src/produce/synthetic-stream.js';
import { consumePubSubDeliveries, consumeSnsDeliveries } from '../support/destinations.js';
import {
  connectedProducer,
  localClients,
  startPipeline,
  uniqueName,
  type RunningPipeline,
} from '../support/pipeline.js';

describe('flyte-egress dlq replay', () => {
  const clients = localClients();
  const name = uniqueName('replay');
  const events: FlyteRequest[] = [...generateEvents({ executions: 1, seed: 17 })].slice(0, 4);
  const [sinkLetterEvent, ingestLetterEvent] = events as [FlyteRequest, FlyteRequest];
  let pipeline: RunningPipeline;
  let sns: SnsWithQueue;
  let pubsub: Subscription;
  let result: Awaited<ReturnType<typeof replayDeadLetters>>;

  beforeAll(async () => {
    const { services } = clients;
    sns = await createSnsTopicWithQueue(clients.sns, clients.sqs, name);
    pubsub = await createPubSubTopicWithSubscription(clients.pubsub, name);
    pipeline = await startPipeline({
      kafka: { internalTopic: `${name}.internal`, deadLetterTopic: `${name}.dlq` },
      ingest: { sourceTopics: [`${name}.source`], consumerGroup: `${name}-ingest` },
      sinks: [
        {
          name: 'sns',
          type: 'aws',
          topicName: sns.topicArn,
          aws: { region: services.awsRegion, endpoint: services.snsEndpoint },
        },
        {
          name: 'pubsub',
          type: 'gcp',
          topicName: name,
          gcp: { projectId: services.pubsubProjectId, apiEndpoint: services.pubsubEmulatorHost },
        },
      ],
    });
    // One letter as the SNS sink writes it, one as the ingest stage writes it.
    const internal = toInternalMessage({
      ok: true,
      request: sinkLetterEvent,
      format: 'protobuf',
      payload: encodeRequest(sinkLetterEvent),
    });
    const source = toSourceMessage(ingestLetterEvent, 'protobuf');
    const producer = await connectedProducer(clients.kafka);
    await producer.send({
      topic: `${name}.dlq`,
      acks: -1,
      messages: [
        deadLetterMessage({
          stage: 'sink:sns',
          reason: 'invalid',
          detail: 'refused by the destination',
          source: { topic: `${name}.internal`, partition: 0, offset: '0' },
          key: internal.key as string,
          value: internal.value as Buffer,
          headers: internal.headers as Record<string, string>,
        }),
        deadLetterMessage({
          stage: 'ingest',
          reason: 'invalid_protobuf',
          detail: 'a transient encoding fault upstream',
          source: { topic: `${name}.source`, partition: 0, offset: '0' },
          key: source.key,
          value: source.value,
          headers: source.headers,
        }),
      ],
    });
    await producer.disconnect();
    result = await replayDeadLetters({
      kafka: clients.kafka,
      deadLetterTopic: `${name}.dlq`,
      internalTopic: `${name}.internal`,
      groupId: `${name}-replay`,
      dryRun: false,
      logger: silentLogger(),
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('reads every letter up to the end of the topic and replays both', () => {
    expect(result).toEqual({ read: 2, replayed: 2, skipped: 0 });
  });

  it('delivers a sink letter again to that sink and an ingest letter through the whole pipeline', async () => {
    const received = await consumeSnsDeliveries(clients.sqs, sns.queueUrl, 3, 10_000);
    expect(received.map((delivery) => delivery.eventId).sort()).toEqual(
      [eventIdOf(sinkLetterEvent), eventIdOf(ingestLetterEvent)].sort(),
    );
  });

  it('does not deliver a sink letter again to the other sinks', async () => {
    const received = await consumePubSubDeliveries(pubsub, 2, 10_000);
    expect(received.map((delivery) => delivery.eventId)).toEqual([eventIdOf(ingestLetterEvent)]);
  });

  it('remembers how far it got, so a second replay sends nothing', async () => {
    const again = await replayDeadLetters({
      kafka: clients.kafka,
      deadLetterTopic: `${name}.dlq`,
      internalTopic: `${name}.internal`,
      groupId: `${name}-replay`,
      dryRun: false,
      logger: silentLogger(),
    });
    expect(again.replayed).toBe(0);
  });
});
