import { PubSub } from '@google-cloud/pubsub';
import { createServer } from 'node:net';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { EgressError } from '../../../src/errors.js';
import type { EgressEvent } from '../../../src/events/internal-record.js';
import { PubSubPublisher } from '../../../src/sinks/pubsub/pubsub-publisher.js';
import type { PubSubPublisherOptions } from '../../../src/sinks/pubsub/pubsub-options.js';
import { createTopicWithSubscription, receiveMessages } from './pubsub-destination.js';
import { largeWorkflowEvent, nodeEvent, taskEvent, workflowEvent } from './sample-events.js';
import { localServices, uniqueName } from './sink-services.js';

const logger = pino({ level: 'silent' });

describe('PubSubPublisher against the Pub/Sub emulator', () => {
  const services = localServices();
  const admin = new PubSub({
    projectId: services.pubsubProjectId,
    apiEndpoint: services.pubsubEmulatorHost,
  });
  const publishers: PubSubPublisher[] = [];

  function publisherFor(
    topicName: string,
    options: Partial<PubSubPublisherOptions> = {},
  ): PubSubPublisher {
    const publisher = new PubSubPublisher(
      {
        topicName,
        projectId: services.pubsubProjectId,
        apiEndpoint: services.pubsubEmulatorHost,
        ordering: false,
        ...options,
      },
      logger,
    );
    publishers.push(publisher);
    return publisher;
  }

  afterAll(async () => {
    await Promise.all(publishers.map((publisher) => publisher.close()));
    await admin.close();
  });

  it('sends base64 text of the payload, with key and subject set to the message name', async () => {
    const name = uniqueName('pubsub-base64');
    const subscription = await createTopicWithSubscription(admin, name);
    const events = [workflowEvent('exec-a', 1), nodeEvent('exec-a', 2), taskEvent('exec-a', 3)];

    const outcomes = await publisherFor(name).publish(events);
    expect(outcomes).toEqual(events.map(() => ({ kind: 'published' })));

    const received = await receiveMessages(subscription, events.length);
    expect(received).toHaveLength(events.length);
    for (const event of events) {
      const message = received.find((m) => m.attributes.event_id === event.eventId);
      expect(message?.attributes).toEqual({
        key: event.messageName,
        subject: event.messageName,
        event_id: event.eventId,
        event_type: event.type,
      });
      const text = message?.data.toString('ascii') ?? '';
      expect(text).toBe(Buffer.from(event.payload).toString('base64'));
      expect(new Uint8Array(Buffer.from(text, 'base64'))).toEqual(event.payload);
    }
  });

  it('sends the raw payload bytes with binary encoding', async () => {
    const name = uniqueName('pubsub-binary');
    const subscription = await createTopicWithSubscription(admin, name);
    const event = taskEvent('exec-b', 1);

    await publisherFor(name, { payloadEncoding: 'binary' }).publish([event]);

    const [message] = await receiveMessages(subscription, 1);
    expect(new Uint8Array(message?.data ?? [])).toEqual(event.payload);
    expect(message?.attributes.key).toBe('flyteidl.admin.TaskExecutionEventRequest');
  });

  it('keeps the order of one ordering key across several client batches', async () => {
    const name = uniqueName('pubsub-ordered');
    const subscription = await createTopicWithSubscription(admin, name, true);
    const events: EgressEvent[] = [];
    for (let step = 0; step < 40; step += 1) {
      events.push(taskEvent('exec-ordered', step));
      if (step % 4 === 0) events.push(workflowEvent('exec-other', step));
    }
    const publisher = publisherFor(name, {
      ordering: true,
      batching: { maxMessages: 5, maxMilliseconds: 5 },
    });

    const outcomes = await publisher.publish(events);
    expect(outcomes.every((outcome) => outcome.kind === 'published')).toBe(true);

    const received = await receiveMessages(subscription, events.length);
    for (const key of [
      'flytesnacks/development/exec-ordered',
      'flytesnacks/development/exec-other',
    ]) {
      const sent = events.filter((event) => event.executionKey === key).map((e) => e.eventId);
      const got = received.filter((message) => message.orderingKey === key);
      expect(got.map((message) => message.attributes.event_id)).toEqual(sent);
    }
  });

  it('rejects an event over 10 MB as too large and does not send it', async () => {
    const name = uniqueName('pubsub-large');
    const subscription = await createTopicWithSubscription(admin, name);
    const tooLarge = largeWorkflowEvent('exec-large', 7_600_000);
    const small = workflowEvent('exec-small', 1);
    const publisher = publisherFor(name);
    expect(publisher.messageBytes(tooLarge)).toBeGreaterThan(publisher.maxEventBytes);

    const outcomes = await publisher.publish([tooLarge, small]);
    expect(outcomes[0]).toMatchObject({ kind: 'reject', reason: 'too_large' });
    expect(outcomes[1]).toEqual({ kind: 'published' });

    const received = await receiveMessages(subscription, 1, { settleMs: 2_000 });
    expect(received.map((message) => message.attributes.event_id)).toEqual([small.eventId]);
  });

  it('rejects publish with DESTINATION_MISCONFIGURED when the topic does not exist', async () => {
    const failure = await publisherFor(uniqueName('pubsub-missing'))
      .publish([workflowEvent('exec-missing', 0)])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EgressError);
    expect(failure).toMatchObject({ code: 'DESTINATION_MISCONFIGURED' });
  });

  it('publishes an ordering key again after a failed publish paused it', async () => {
    const name = uniqueName('pubsub-resume');
    const publisher = publisherFor(name, { ordering: true });
    const first = workflowEvent('exec-resume', 0);
    await expect(publisher.publish([first])).rejects.toMatchObject({
      code: 'DESTINATION_MISCONFIGURED',
    });

    const subscription = await createTopicWithSubscription(admin, name, true);
    const events = [first, workflowEvent('exec-resume', 1), workflowEvent('exec-resume', 2)];
    const outcomes = await publisher.publish(events);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'published',
      'published',
      'published',
    ]);

    const received = await receiveMessages(subscription, events.length);
    expect(received.map((message) => message.attributes.event_id)).toEqual(
      events.map((event) => event.eventId),
    );
  });

  it('retries every event, without the client retrying for long, when the server cannot be reached', async () => {
    const closedPort = await unusedPort();
    const publisher = publisherFor('unreachable', { apiEndpoint: `127.0.0.1:${closedPort}` });
    const startedAt = Date.now();

    const outcomes = await publisher.publish([
      workflowEvent('exec-down', 0),
      nodeEvent('exec-down', 1),
    ]);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['retry', 'retry']);
    expect(Date.now() - startedAt).toBeLessThan(30_000);
  });
});

/** A loopback port nothing listens on: bound once, then released. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
