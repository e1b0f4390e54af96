import { eventIdOf } from '../../../src/events/event-id.js';
import {
  encodeRequest,
  executionKeyOf,
  messageNameOf,
  type FlyteRequest,
} from '../../../src/events/flyte-request.js';
import type { EventType } from '../../../src/events/event-type.js';

/** What a destination should receive for one produced event. */
export interface ExpectedDelivery {
  readonly eventId: string;
  readonly messageName: string;
  readonly type: EventType;
  readonly executionKey: string;
  readonly base64: string;
}

export function expectedDeliveries(
  events: readonly FlyteRequest[],
  wants?: ReadonlySet<EventType>,
): ExpectedDelivery[] {
  return events
    .filter((event) => !wants || wants.has(event.type))
    .map((event) => ({
      eventId: eventIdOf(event),
      messageName: messageNameOf(event),
      type: event.type,
      executionKey: executionKeyOf(event) ?? '',
      base64: Buffer.from(encodeRequest(event)).toString('base64'),
    }));
}

/** Event ids in order, per execution. */
export function orderPerExecution(
  deliveries: readonly { executionKey: string; eventId: string }[],
) {
  const order = new Map<string, string[]>();
  for (const delivery of deliveries) {
    const list = order.get(delivery.executionKey) ?? [];
    list.push(delivery.eventId);
    order.set(delivery.executionKey, list);
  }
  return Object.fromEntries([...order.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => key(a).localeCompare(key(b)));
}
