import type { EgressEvent } from '../../../../src/events/internal-record.js';
import { snsEntryBytes } from '../../../../src/sinks/sns/sns-entry.js';

/** An event whose payload is `payloadBytes` bytes of a pattern that covers every byte value. */
export function testEvent(
  overrides: Partial<EgressEvent> & { payloadBytes?: number } = {},
): EgressEvent {
  const { payloadBytes = 64, ...rest } = overrides;
  return {
    type: 'task',
    messageName: 'flyteidl.admin.TaskExecutionEventRequest',
    eventId: '0123456789abcdef0123456789abcdef',
    executionKey: 'flytesnacks/development/a1b2c3',
    payload: Uint8Array.from({ length: payloadBytes }, (_, i) => (i * 7 + 3) % 256),
    occurredAtMs: 1_700_000_000_000,
    source: { topic: 'flyte-events', partition: 0, offset: '0' },
    ...rest,
  };
}

/**
 * An event whose SNS entry counts exactly `entryBytes`. Base64 text grows in
 * steps of four, so the event id is lengthened until the rest lands on a step.
 */
export function eventWithEntryBytes(entryBytes: number, executionKey?: string): EgressEvent {
  for (let extra = 0; extra < 4; extra += 1) {
    const eventId = `${'e'.repeat(32 + extra)}`;
    const overhead = snsEntryBytes(testEvent({ eventId, payloadBytes: 0 }));
    const messageBytes = entryBytes - overhead;
    if (messageBytes % 4 === 0) {
      const payloadBytes = (messageBytes / 4) * 3;
      return testEvent({ eventId, payloadBytes, ...(executionKey ? { executionKey } : {}) });
    }
  }
  throw new Error('unreachable: one of four lengths aligns');
}
