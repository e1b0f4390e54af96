import { eventTypeOfMessageName, type EventType } from '../../events/event-type.js';
import { DecodeFailureReason, decodeFailure, type DecodeFailure } from './decode-result.js';

/** A message name as a record declares it, and where it was found (for the failure detail). */
export interface DeclaredName {
  readonly name: string;
  readonly source: string;
}

export function eventTypeOfDeclaredName(
  declared: DeclaredName | undefined,
): EventType | DecodeFailure {
  if (declared === undefined) {
    return decodeFailure(
      DecodeFailureReason.missingMessageName,
      'no message name header, path or content-type parameter',
    );
  }
  const type = eventTypeOfMessageName(declared.name.trim());
  if (type !== undefined) return type;
  return decodeFailure(
    DecodeFailureReason.unknownMessageName,
    `${declared.source} names unhandled message "${declared.name}"`,
  );
}
