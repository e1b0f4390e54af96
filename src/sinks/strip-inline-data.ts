import { decodeRequest, encodeRequest, type FlyteRequest } from '../events/flyte-request.js';
import type { EgressEvent } from '../events/internal-record.js';

/** Attribute a destination message carries when its inline literal data was removed. */
export const STRIPPED_ATTRIBUTE = { name: 'egress_stripped', value: 'inline_data' } as const;

/**
 * The event without its inline inputs and outputs (LiteralMaps), which are what
 * makes an event too large; their URIs, errors and everything else stay.
 * Undefined when there is nothing inline to remove.
 */
export function stripInlineData(event: EgressEvent): EgressEvent | undefined {
  const request = decodeRequest(event.type, event.payload);
  if (!removeInlineData(request)) return undefined;
  return { ...event, payload: encodeRequest(request), strippedInlineData: true };
}

function removeInlineData(request: FlyteRequest): boolean {
  const event = request.message.event;
  if (!event) return false;
  let removed = false;
  if (event.outputResult.oneofKind === 'outputData') {
    event.outputResult = { oneofKind: undefined };
    removed = true;
  }
  if ('inputValue' in event && event.inputValue.oneofKind === 'inputData') {
    event.inputValue = { oneofKind: undefined };
    removed = true;
  }
  return removed;
}
