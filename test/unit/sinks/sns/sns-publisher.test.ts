import {
  BatchRequestTooLongException,
  NotFoundException,
  type PublishBatchCommand,
  type PublishBatchCommandOutput,
  type PublishBatchRequestEntry,
} from '@aws-sdk/client-sns';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { EgressError } from '../../../../src/errors.js';
import type { EgressEvent } from '../../../../src/events/internal-record.js';
import { SnsPublisher, type SnsBatchClient } from '../../../../src/sinks/sns/sns-publisher.js';
import { eventWithEntryBytes, testEvent } from './test-events.js';

type Answer = (entries: PublishBatchRequestEntry[]) => Promise<Partial<PublishBatchCommandOutput>>;

/** Records every request and answers it with `answer`, every entry succeeding by default. */
function fakeClient(
  answer: Answer = async (entries) => ({ Successful: entries.map(({ Id }) => ({ Id })) }),
) {
  const requests: PublishBatchRequestEntry[][] = [];
  const client: SnsBatchClient = {
    async send(command: PublishBatchCommand) {
      const entries = command.input.PublishBatchRequestEntries ?? [];
      requests.push(entries);
      return { $metadata: {}, ...(await answer(entries)) };
    },
    destroy() {},
  };
  return { client, requests };
}

const logger = pino({ level: 'silent' });
const topicArn = 'arn:aws:sns:us-east-2:123456:events';

function publisher(
  client: SnsBatchClient,
  options: { fifo?: boolean; maxBatchBytes?: number } = {},
) {
  return new SnsPublisher({ topicArn, region: 'us-east-2', ...options }, logger, client);
}

function events(count: number, make: (i: number) => Partial<EgressEvent> = () => ({})) {
  return Array.from({ length: count }, (_, i) => testEvent({ eventId: `event-${i}`, ...make(i) }));
}

const ids = (entries: PublishBatchRequestEntry[]) =>
  entries.map((e) => e.MessageAttributes?.event_id?.StringValue);

describe('SnsPublisher.publish', () => {
  it('splits 23 events into requests of 10, 10 and 3 with ids unique per request', async () => {
    const { client, requests } = fakeClient();
    const outcomes = await publisher(client).publish(events(23));
    expect(requests.map((r) => r.length)).toEqual([10, 10, 3]);
    expect(requests[0]?.map((e) => e.Id)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
    expect(outcomes).toHaveLength(23);
    expect(outcomes.every((o) => o.kind === 'published')).toBe(true);
  });

  it('splits by bytes so that no request passes 256 KiB', async () => {
    const { client, requests } = fakeClient();
    const big = [100_000, 100_000, 100_000].map((bytes) => eventWithEntryBytes(bytes));
    await publisher(client).publish(big);
    expect(requests.map((r) => r.length)).toEqual([2, 1]);
  });

  it('sends an event of exactly 256 KiB and rejects one of a byte more without sending it', async () => {
    const { client, requests } = fakeClient();
    const atLimit = eventWithEntryBytes(262_144);
    const overLimit = eventWithEntryBytes(262_145);
    const outcomes = await publisher(client).publish([overLimit, atLimit]);
    expect(outcomes[0]).toMatchObject({ kind: 'reject', reason: 'too_large' });
    expect(outcomes[1]).toEqual({ kind: 'published' });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.[0]?.MessageAttributes?.event_id?.StringValue).toBe(atLimit.eventId);
  });

  it('honours a smaller maxBatchBytes', async () => {
    const { client, requests } = fakeClient();
    await publisher(client, { maxBatchBytes: 50_000 }).publish(
      [30_000, 30_000, 30_000].map((bytes) => eventWithEntryBytes(bytes)),
    );
    expect(requests.map((r) => r.length)).toEqual([1, 1, 1]);
  });

  it('maps a partial failure entry by entry, keeping input order across requests', async () => {
    const { client } = fakeClient(async (entries) => ({
      Successful: entries.filter((e) => !['3', '4'].includes(e.Id ?? '')).map(({ Id }) => ({ Id })),
      Failed: [
        { Id: '3', Code: 'InvalidParameter', Message: 'bad', SenderFault: true },
        { Id: '4', Code: 'InternalError', Message: 'later', SenderFault: false },
      ],
    }));
    const outcomes = await publisher(client).publish(events(15));
    const kinds = outcomes.map((o) => o.kind);
    expect(kinds[3]).toBe('reject');
    expect(kinds[4]).toBe('retry');
    expect(kinds[13]).toBe('reject');
    expect(kinds[14]).toBe('retry');
    expect(kinds.filter((k) => k === 'published')).toHaveLength(11);
  });

  it('retries every entry of a request that failed as a whole with a transient error', async () => {
    let call = 0;
    const { client } = fakeClient(async (entries) => {
      call += 1;
      if (call === 2) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      return { Successful: entries.map(({ Id }) => ({ Id })) };
    });
    const outcomes = await publisher(client, { fifo: true }).publish(
      events(12, (i) => ({ executionKey: `x/y/${i}` })),
    );
    expect(outcomes.slice(0, 10).every((o) => o.kind === 'published')).toBe(true);
    expect(outcomes.slice(10).map((o) => o.kind)).toEqual(['retry', 'retry']);
  });

  it('rejects the whole publish with DESTINATION_MISCONFIGURED for a missing topic', async () => {
    const { client } = fakeClient(async () => {
      throw new NotFoundException({
        message: 'Topic does not exist',
        $metadata: { httpStatusCode: 404 },
      });
    });
    const failure = await publisher(client)
      .publish(events(3))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EgressError);
    expect(failure).toMatchObject({ code: 'DESTINATION_MISCONFIGURED', retryable: false });
    expect((failure as EgressError).cause).toBeInstanceOf(NotFoundException);
  });

  it('rejects the whole publish when an entry fails with a topic-level code', async () => {
    const { client } = fakeClient(async (entries) => ({
      Failed: entries.map(({ Id }) => ({
        Id,
        Code: 'KMSDisabled',
        Message: 'key off',
        SenderFault: true,
      })),
    }));
    await expect(publisher(client).publish(events(2))).rejects.toMatchObject({
      code: 'DESTINATION_MISCONFIGURED',
    });
  });

  it('resends the entries of a request SNS found too long one at a time', async () => {
    const { client, requests } = fakeClient(async (entries) => {
      if (entries.length > 1) {
        throw new BatchRequestTooLongException({
          message: 'too long',
          $metadata: { httpStatusCode: 400 },
        });
      }
      return { Successful: [{ Id: entries[0]?.Id }] };
    });
    const outcomes = await publisher(client).publish(events(3));
    expect(requests.map((r) => r.length)).toEqual([3, 1, 1, 1]);
    expect(outcomes.every((o) => o.kind === 'published')).toBe(true);
  });

  it('rejects as too large an entry SNS finds too long even alone', async () => {
    const { client } = fakeClient(async () => {
      throw new BatchRequestTooLongException({
        message: 'too long',
        $metadata: { httpStatusCode: 400 },
      });
    });
    const outcomes = await publisher(client).publish(events(2));
    expect(outcomes.map((o) => (o.kind === 'reject' ? o.reason : o.kind))).toEqual([
      'too_large',
      'too_large',
    ]);
  });

  it('returns no outcomes and sends nothing for no events', async () => {
    const { client, requests } = fakeClient();
    expect(await publisher(client).publish([])).toEqual([]);
    expect(requests).toHaveLength(0);
  });
});

describe('SnsPublisher.publish to a FIFO topic', () => {
  it('sends requests one at a time, in input order', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const { client, requests } = fakeClient(async (entries) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return { Successful: entries.map(({ Id }) => ({ Id })) };
    });
    await publisher(client, { fifo: true }).publish(events(30));
    expect(mostInFlight).toBe(1);
    expect(requests.flatMap(ids)).toEqual(events(30).map((e) => e.eventId));
  });

  it('holds back the later events of a group whose event must be retried', async () => {
    const isEvent1 = (e: PublishBatchRequestEntry) => ids([e])[0] === 'event-1';
    const { client, requests } = fakeClient(async (entries) => ({
      Successful: entries.filter((e) => !isEvent1(e)).map(({ Id }) => ({ Id })),
      Failed: entries
        .filter(isEvent1)
        .map(({ Id }) => ({ Id, Code: 'Throttled', Message: 'slow', SenderFault: false })),
    }));
    // Ten events fill the first request; event 1 (group a) fails there, so the
    // group-a events of the second request must not be sent.
    const batch = events(14, (i) => ({ executionKey: i % 2 === 0 ? 'p/d/b' : 'p/d/a' }));
    const outcomes = await publisher(client, { fifo: true }).publish(batch);
    expect(outcomes[1]?.kind).toBe('retry');
    expect(outcomes.slice(10).map((o) => o.kind)).toEqual([
      'published',
      'retry',
      'published',
      'retry',
    ]);
    expect(ids(requests[1] ?? [])).toEqual(['event-10', 'event-12']);
    expect(requests[1]?.map((e) => e.MessageGroupId)).toEqual(['p/d/b', 'p/d/b']);
  });

  it('carries group and deduplication ids', async () => {
    const { client, requests } = fakeClient();
    await publisher(client, { fifo: true }).publish([
      testEvent({ eventId: 'dedup-1', executionKey: 'p/d/e' }),
    ]);
    expect(requests[0]?.[0]).toMatchObject({
      MessageGroupId: 'p/d/e',
      MessageDeduplicationId: 'dedup-1',
    });
  });
});
