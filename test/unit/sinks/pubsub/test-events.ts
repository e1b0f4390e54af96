import type { EgressEvent } from '../../../../src/events/internal-record.js';

/** An event whose payload is `payloadBytes` bytes of a pattern that covers every byte value. */
export function testEvent(
  overrides: Partial<EgressEvent> & { payloadBytes?: number } = {},
): EgressEvent {
  const { payloadBytes = 64, ...rest } = overrides;
  return {
    type: 'workflow',
    messageName: 'flyteidl.admin.WorkflowExecutionEventRequest',
    eventId: 'fedcba9876543210fedcba9876543210',
    executionKey: 'flytesnacks/staging/z9y8x7',
    payload: Uint8Array.from({ length: payloadBytes }, (_, i) => (i * 11 + 5) % 256),
    occurredAtMs: 1_700_000_000_000,
    source: { topic: 'flyte-events', partition: 2, offset: '41' },
    ...rest,
  };
}
