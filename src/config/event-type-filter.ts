import { EVENT_TYPES, type EventType } from '../events/event-type.js';

/** Entries Flyte's `eventTypes` list accepts: `all` and `*` mean every type. */
export const EVENT_TYPE_FILTER_ENTRIES = ['all', '*', ...EVENT_TYPES] as const;
export type EventTypeFilterEntry = (typeof EVENT_TYPE_FILTER_ENTRIES)[number];

/** Turns a validated `eventTypes` list into the set of event types a sink wants. */
export function eventTypeSet(entries: readonly EventTypeFilterEntry[]): ReadonlySet<EventType> {
  if (entries.some((entry) => entry === 'all' || entry === '*')) return new Set(EVENT_TYPES);
  return new Set(entries as EventType[]);
}
