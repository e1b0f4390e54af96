import { describe, expect, it } from 'vitest';
import {
  buildPubSubMessage,
  PUBSUB_MAX_MESSAGE_BYTES,
  pubsubMessageBytes,
} from '../../../../src/sinks/pubsub/pubsub-message.js';
import { testEvent } from './test-events.js';

describe('buildPubSubMessage', () => {
  it('carries the base64 text of the payload as data by default', () => {
    for (const payloadBytes of [0, 1, 2, 3, 100]) {
      const event = testEvent({ payloadBytes });
      const { data } = buildPubSubMessage(event, 'base64', false);
      const text = data.toString('ascii');
      expect(text).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
      expect(new Uint8Array(Buffer.from(text, 'base64'))).toEqual(event.payload);
    }
  });

  it('carries the raw payload bytes with binary encoding', () => {
    const event = testEvent({ payloadBytes: 300 });
    expect(new Uint8Array(buildPubSubMessage(event, 'binary', false).data)).toEqual(event.payload);
  });

  it('uses only the bytes of a payload that is a view into a larger buffer', () => {
    const backing = Uint8Array.of(9, 1, 2, 3, 9);
    const event = testEvent({ payload: backing.subarray(1, 4) });
    expect([...buildPubSubMessage(event, 'binary', false).data]).toEqual([1, 2, 3]);
    expect(buildPubSubMessage(event, 'base64', false).data.toString()).toBe('AQID');
  });

  it('sets key and subject to the message name, beside event id and type', () => {
    const event = testEvent();
    expect(buildPubSubMessage(event, 'base64', false).attributes).toEqual({
      key: 'flyteidl.admin.WorkflowExecutionEventRequest',
      subject: 'flyteidl.admin.WorkflowExecutionEventRequest',
      event_id: event.eventId,
      event_type: 'workflow',
    });
  });

  it('sets the execution identity as ordering key only when ordering is on', () => {
    const event = testEvent();
    expect(buildPubSubMessage(event, 'base64', true).orderingKey).toBe(
      'flytesnacks/staging/z9y8x7',
    );
    expect(buildPubSubMessage(event, 'base64', false)).not.toHaveProperty('orderingKey');
  });
});

describe('pubsubMessageBytes', () => {
  it('counts data, attribute names and values, and the ordering key', () => {
    for (const [encoding, ordering] of [
      ['base64', false],
      ['base64', true],
      ['binary', false],
      ['binary', true],
    ] as const) {
      const event = testEvent({ payloadBytes: 1001 });
      const message = buildPubSubMessage(event, encoding, ordering);
      const attributes = Object.entries(message.attributes).reduce(
        (sum, [name, value]) => sum + name.length + value.length,
        0,
      );
      const expected = message.data.length + attributes + (message.orderingKey?.length ?? 0);
      expect(pubsubMessageBytes(event, encoding, ordering)).toBe(expected);
    }
  });

  it('puts the limit at 10 MB, so base64 text of 7.5 MB of payload is near it', () => {
    const event = testEvent({ payloadBytes: 7_500_000 });
    expect(pubsubMessageBytes(event, 'base64', false)).toBeGreaterThan(PUBSUB_MAX_MESSAGE_BYTES);
    expect(pubsubMessageBytes(event, 'binary', false)).toBeLessThan(PUBSUB_MAX_MESSAGE_BYTES);
  });
});
