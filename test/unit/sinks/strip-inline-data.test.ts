import { describe, expect, it } from 'vitest';
import { MessageName } from '../../../src/events/event-type.js';
import { decodeRequest, encodeRequest } from '../../../src/events/flyte-request.js';
import type { EgressEvent } from '../../../src/events/internal-record.js';
import { stripInlineData } from '../../../src/sinks/strip-inline-data.js';
import { sampleTaskRequest } from '../../fixtures/flyte-events.js';
import { inlineStringOutput } from '../../fixtures/inline-data.js';

function bigOutputEvent(): EgressEvent {
  const request = sampleTaskRequest({ event: { outputResult: inlineStringOutput(300_000) } });
  return {
    type: 'task',
    messageName: MessageName.task,
    eventId: 'id',
    executionKey: 'p/d/e',
    payload: encodeRequest({ type: 'task', message: request }),
    occurredAtMs: undefined,
    source: { topic: 't', partition: 0, offset: '0' },
  };
}

describe('stripInlineData', () => {
  it('removes inline output data and keeps the rest of the event', () => {
    const event = bigOutputEvent();
    const stripped = stripInlineData(event);
    expect(stripped?.strippedInlineData).toBe(true);
    expect(stripped?.payload.length).toBeLessThan(10_000);
    const before = decodeRequest('task', event.payload);
    const after = decodeRequest('task', stripped?.payload ?? new Uint8Array());
    expect(after.message.event?.outputResult.oneofKind).toBeUndefined();
    expect(after.type === 'task' && after.message.event?.taskId).toEqual(
      before.type === 'task' && before.message.event?.taskId,
    );
    expect(after.message.event?.phase).toEqual(before.message.event?.phase);
  });

  it('returns undefined when the event has no inline data', () => {
    const event = {
      ...bigOutputEvent(),
      payload: encodeRequest({ type: 'task', message: sampleTaskRequest() }),
    };
    expect(stripInlineData(event)).toBeUndefined();
  });
});
