import { describe, expect, it } from 'vitest';
import {
  buildSnsEntry,
  encodeSnsMessage,
  SNS_MAX_REQUEST_BYTES,
  snsEntryBytes,
} from '../../../../src/sinks/sns/sns-entry.js';
import { eventWithEntryBytes, testEvent } from './test-events.js';

describe('buildSnsEntry', () => {
  it('encodes the payload as padded standard base64 that decodes to the same bytes', () => {
    for (const payloadBytes of [0, 1, 2, 3, 4, 5, 255, 256, 1000]) {
      const event = testEvent({ payloadBytes });
      const message = buildSnsEntry(event, '0', false).Message ?? '';
      expect(message).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
      expect(message.length % 4).toBe(0);
      expect(new Uint8Array(Buffer.from(message, 'base64'))).toEqual(event.payload);
    }
  });

  it('uses the standard alphabet, not the URL-safe one', () => {
    expect(encodeSnsMessage(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe('+/+/');
    expect(encodeSnsMessage(Uint8Array.of(0xff))).toBe('/w==');
  });

  it('encodes a payload that is a view into a larger buffer by its own bytes only', () => {
    const backing = Uint8Array.of(9, 9, 1, 2, 3, 9);
    expect(encodeSnsMessage(backing.subarray(2, 5))).toBe(
      Buffer.from([1, 2, 3]).toString('base64'),
    );
  });

  it('sets the subject to the message name and carries event id and type as string attributes', () => {
    const event = testEvent({
      type: 'node',
      messageName: 'flyteidl.admin.NodeExecutionEventRequest',
    });
    const entry = buildSnsEntry(event, '7', false);
    expect(entry.Id).toBe('7');
    expect(entry.Subject).toBe('flyteidl.admin.NodeExecutionEventRequest');
    expect(entry.MessageAttributes).toEqual({
      event_id: { DataType: 'String', StringValue: event.eventId },
      event_type: { DataType: 'String', StringValue: 'node' },
    });
  });

  it('sets group and deduplication ids only for a FIFO topic', () => {
    const event = testEvent();
    const fifo = buildSnsEntry(event, '0', true);
    expect(fifo.MessageGroupId).toBe('flytesnacks/development/a1b2c3');
    expect(fifo.MessageDeduplicationId).toBe(event.eventId);
    const standard = buildSnsEntry(event, '0', false);
    expect(standard).not.toHaveProperty('MessageGroupId');
    expect(standard).not.toHaveProperty('MessageDeduplicationId');
  });
});

describe('snsEntryBytes', () => {
  it('counts message, subject and attribute names, types and values as built', () => {
    for (const payloadBytes of [0, 1, 2, 3, 1234]) {
      const event = testEvent({ payloadBytes });
      const entry = buildSnsEntry(event, '0', true);
      const attributes = Object.entries(entry.MessageAttributes ?? {}).reduce(
        (sum, [name, value]) =>
          sum + name.length + (value.DataType?.length ?? 0) + (value.StringValue?.length ?? 0),
        0,
      );
      const expected = (entry.Message ?? '').length + (entry.Subject ?? '').length + attributes;
      expect(snsEntryBytes(event)).toBe(expected);
    }
  });

  it('counts multi-byte characters by their UTF-8 length', () => {
    const ascii = snsEntryBytes(testEvent({ eventId: 'ab' }));
    expect(snsEntryBytes(testEvent({ eventId: 'aé' }))).toBe(ascii + 1);
  });

  it('can build events right at the request limit for the edge cases below', () => {
    expect(snsEntryBytes(eventWithEntryBytes(SNS_MAX_REQUEST_BYTES))).toBe(SNS_MAX_REQUEST_BYTES);
    expect(snsEntryBytes(eventWithEntryBytes(SNS_MAX_REQUEST_BYTES + 1))).toBe(
      SNS_MAX_REQUEST_BYTES + 1,
    );
  });
});
