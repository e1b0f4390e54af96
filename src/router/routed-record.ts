import type { EgressEvent, RecordHeaders, RecordPosition } from '../events/internal-record.js';

/** An internal-topic record as it leaves the router for one sink. */
export type RoutedRecord =
  /** The sink wants this event: batch and publish it. */
  | { readonly kind: 'publish'; readonly event: EgressEvent }
  /** The sink's eventTypes do not want it; its offset is done. */
  | { readonly kind: 'skip'; readonly event: EgressEvent }
  /** Not a valid internal record; it goes to the dead-letter topic. */
  | {
      readonly kind: 'malformed';
      readonly source: RecordPosition;
      readonly detail: string;
      readonly key: Buffer | null;
      readonly value: Buffer | null;
      readonly headers: RecordHeaders;
    };

export function positionOf(record: RoutedRecord): RecordPosition {
  return record.kind === 'malformed' ? record.source : record.event.source;
}
