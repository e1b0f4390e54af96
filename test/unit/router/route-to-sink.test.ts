import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { InternalHeader } from '../../../src/events/internal-record.js';
import { classify } from '../../../src/router/route-to-sink.js';

function internalMessage(
  headers: Record<string, string>,
  value: Buffer | null = Buffer.from([1, 2]),
): KafkaMessage {
  return {
    key: Buffer.from('p/d/e'),
    value,
    headers,
    offset: '7',
    timestamp: '0',
    attributes: 0,
    size: 0,
  } as unknown as KafkaMessage;
}

const taskHeaders = {
  [InternalHeader.messageName]: 'flyteidl.admin.TaskExecutionEventRequest',
  [InternalHeader.eventId]: 'abc',
  [InternalHeader.occurredAtMs]: '1700000000000',
};

describe('classify', () => {
  it('passes an event the sink wants, with its key, id and position', () => {
    const routed = classify(
      { topic: 'internal', partition: 2, message: internalMessage(taskHeaders) },
      'sink-a',
      new Set(['task']),
    );
    expect(routed).toMatchObject({
      kind: 'publish',
      event: {
        type: 'task',
        eventId: 'abc',
        executionKey: 'p/d/e',
        occurredAtMs: 1_700_000_000_000,
        source: { topic: 'internal', partition: 2, offset: '7' },
      },
    });
  });

  it('skips an event type the sink does not want', () => {
    const routed = classify(
      { topic: 'internal', partition: 0, message: internalMessage(taskHeaders) },
      'sink-a',
      new Set(['workflow', 'node']),
    );
    expect(routed.kind).toBe('skip');
  });

  it('publishes a replayed dead letter only in the sink it is addressed to', () => {
    const headers = { ...taskHeaders, 'egress-replay-sink': 'sink-b' };
    const message = internalMessage(headers);
    expect(
      classify({ topic: 'internal', partition: 0, message }, 'sink-a', new Set(['task'])).kind,
    ).toBe('skip');
    expect(
      classify({ topic: 'internal', partition: 0, message }, 'sink-b', new Set(['task'])).kind,
    ).toBe('publish');
  });

  it('marks a record without a known message name as malformed', () => {
    const headers = { ...taskHeaders, [InternalHeader.messageName]: 'flyteidl.admin.Other' };
    const routed = classify(
      { topic: 'internal', partition: 0, message: internalMessage(headers) },
      'sink-a',
      new Set(['task']),
    );
    expect(routed).toMatchObject({ kind: 'malformed', source: { offset: '7' } });
  });

  it('marks a record without a value as malformed', () => {
    const routed = classify(
      { topic: 'internal', partition: 0, message: internalMessage(taskHeaders, null) },
      'sink-a',
      new Set(['task']),
    );
    expect(routed).toMatchObject({ kind: 'malformed', detail: 'record has no value' });
  });
});
