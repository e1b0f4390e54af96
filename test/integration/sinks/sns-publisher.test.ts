import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createServer } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressError } from '../../../src/errors.js';
import type { EgressEvent } from '../../../src/events/internal-record.js';
import { decodeRequest, executionKeyOf } from '../../../src/events/flyte-request.js';
import { snsEntryBytes } from '../../../src/sinks/sns/sns-entry.js';
import { SnsPublisher } from '../../../src/sinks/sns/sns-publisher.js';
import { largeWorkflowEvent, nodeEvent, taskEvent, workflowEvent } from './sample-events.js';
import { localAwsCredentials, localServices, uniqueName } from './sink-services.js';
import {
  createTopicWithQueue,
  receiveNotifications,
  type QueuedNotification,
} from './sns-destination.js';

const logger = pino({ level: 'silent' });

describe('SnsPublisher against a local SNS server', () => {
  const services = localServices();
  const clientOptions = {
    endpoint: services.snsEndpoint,
    region: services.awsRegion,
    credentials: localAwsCredentials,
  };
  const sns = new SNSClient(clientOptions);
  const sqs = new SQSClient(clientOptions);
  const publishers: SnsPublisher[] = [];

  function publisherFor(topicArn: string, endpoint = services.snsEndpoint): SnsPublisher {
    const publisher = new SnsPublisher(
      { topicArn, region: services.awsRegion, endpoint, credentials: localAwsCredentials },
      logger,
    );
    publishers.push(publisher);
    return publisher;
  }

  afterAll(async () => {
    await Promise.all(publishers.map((publisher) => publisher.close()));
    sns.destroy();
    sqs.destroy();
  });

  describe('to a standard topic', () => {
    let destination: { topicArn: string; queueUrl: string };
    beforeAll(async () => {
      destination = await createTopicWithQueue(sns, sqs, uniqueName('sns-standard'));
    });

    it('delivers an envelope whose Subject is the message name and whose Message is the base64 payload', async () => {
      const events = [workflowEvent('exec-a', 1), nodeEvent('exec-a', 2), taskEvent('exec-a', 3)];
      const outcomes = await publisherFor(destination.topicArn).publish(events);
      expect(outcomes).toEqual(events.map(() => ({ kind: 'published' })));

      const received = await receiveNotifications(sqs, destination.queueUrl, events.length);
      expect(received).toHaveLength(events.length);
      for (const event of events) {
        const notification = findByEventId(received, event.eventId);
        expect(notification.envelope.Type).toBe('Notification');
        expect(notification.envelope.TopicArn).toBe(destination.topicArn);
        expect(notification.envelope.Subject).toBe(event.messageName);
        expect(notification.envelope.Message).toBe(Buffer.from(event.payload).toString('base64'));
        const bytes = Buffer.from(notification.envelope.Message, 'base64');
        expect(new Uint8Array(bytes)).toEqual(event.payload);
        expect(executionKeyOf(decodeRequest(event.type, bytes))).toBe(
          'flytesnacks/development/exec-a',
        );
        expect(notification.envelope.MessageAttributes?.event_type).toEqual({
          Type: 'String',
          Value: event.type,
        });
      }
    });

    it('splits 25 events into several requests and delivers every one', async () => {
      const events = Array.from({ length: 25 }, (_, step) => taskEvent('exec-many', step));
      const outcomes = await publisherFor(destination.topicArn).publish(events);
      expect(outcomes.every((outcome) => outcome.kind === 'published')).toBe(true);

      const received = await receiveNotifications(sqs, destination.queueUrl, 25);
      const ids = received.map((n) => n.envelope.MessageAttributes?.event_id?.Value).sort();
      expect(ids).toEqual(events.map((event) => event.eventId).sort());
    });

    it('delivers an event of exactly 256 KiB and rejects one over the limit without sending it', async () => {
      const atLimit = sizedEvent('exec-edge', 262_144);
      const overLimit = largeWorkflowEvent('exec-edge-over', 200_000);
      expect(snsEntryBytes(atLimit)).toBe(262_144);
      expect(snsEntryBytes(overLimit)).toBeGreaterThan(262_144);

      const outcomes = await publisherFor(destination.topicArn).publish([overLimit, atLimit]);
      expect(outcomes[0]).toMatchObject({ kind: 'reject', reason: 'too_large' });
      expect(outcomes[1]).toEqual({ kind: 'published' });

      const received = await receiveNotifications(sqs, destination.queueUrl, 2, 3_000);
      expect(received).toHaveLength(1);
      expect(received[0]?.envelope.Message).toBe(Buffer.from(atLimit.payload).toString('base64'));
    });
  });

  describe('to a FIFO topic with a FIFO queue', () => {
    let destination: { topicArn: string; queueUrl: string };
    beforeAll(async () => {
      destination = await createTopicWithQueue(sns, sqs, uniqueName('sns-fifo'), true);
    });

    it('keeps the order of each execution and carries group and deduplication ids', async () => {
      const events: EgressEvent[] = [];
      for (let step = 0; step < 12; step += 1) {
        events.push(taskEvent('exec-one', step), workflowEvent('exec-two', step));
      }
      const publisher = publisherFor(destination.topicArn);
      const outcomes = await publisher.publish(events);
      expect(outcomes.every((outcome) => outcome.kind === 'published')).toBe(true);

      const received = await receiveNotifications(sqs, destination.queueUrl, events.length);
      expect(received).toHaveLength(events.length);
      for (const key of ['flytesnacks/development/exec-one', 'flytesnacks/development/exec-two']) {
        const sent = events.filter((event) => event.executionKey === key);
        const got = received.filter((n) => n.system.MessageGroupId === key);
        expect(got.map((n) => n.envelope.MessageAttributes?.event_id?.Value)).toEqual(
          sent.map((event) => event.eventId),
        );
        expect(got.map((n) => n.system.MessageDeduplicationId)).toEqual(
          sent.map((event) => event.eventId),
        );
      }
    });
  });

  it('rejects publish with DESTINATION_MISCONFIGURED when the topic does not exist', async () => {
    const missing = `arn:aws:sns:${services.awsRegion}:123456:${uniqueName('missing')}`;
    const failure = await publisherFor(missing)
      .publish([workflowEvent('exec-missing', 0)])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EgressError);
    expect(failure).toMatchObject({ code: 'DESTINATION_MISCONFIGURED' });
  });

  it('retries every event when the server cannot be reached', async () => {
    const closedPort = await unusedPort();
    const publisher = publisherFor(
      `arn:aws:sns:${services.awsRegion}:123456:unreachable`,
      `http://127.0.0.1:${closedPort}`,
    );
    const outcomes = await publisher.publish([
      workflowEvent('exec-down', 0),
      nodeEvent('exec-down', 1),
    ]);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['retry', 'retry']);
  });
});

function findByEventId(received: QueuedNotification[], eventId: string): QueuedNotification {
  const found = received.find((n) => n.envelope.MessageAttributes?.event_id?.Value === eventId);
  if (!found) throw new Error(`no notification carries event id ${eventId}`);
  return found;
}

/**
 * A real workflow event grown until its SNS entry counts exactly `entryBytes`.
 * Base64 grows in steps of four, so the event id gets up to three extra
 * characters to land the rest of the entry on a step.
 */
function sizedEvent(name: string, entryBytes: number): EgressEvent {
  for (let extra = 0; extra < 4; extra += 1) {
    for (
      let producerBytes = entryBytes * 0.75 - 200;
      producerBytes < entryBytes;
      producerBytes += 1
    ) {
      const event = largeWorkflowEvent(name, producerBytes);
      const padded = { ...event, eventId: `${event.eventId}${'x'.repeat(extra)}` };
      const bytes = snsEntryBytes(padded);
      if (bytes === entryBytes) return padded;
      if (bytes > entryBytes) break;
    }
  }
  throw new Error(`cannot size an event to ${entryBytes} bytes`);
}

/** A loopback port nothing listens on: bound once, then released. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
