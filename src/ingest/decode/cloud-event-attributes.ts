import { DecodeFailureReason, decodeFailure, type DecodeFailure } from './decode-result.js';

/** The required context attributes of a CloudEvent, version 1.0. */
export interface CloudEventAttributes {
  readonly specversion: string;
  readonly id: string;
  readonly source: string;
  readonly type: string;
}

type RequiredAttribute = keyof CloudEventAttributes;
export const requiredAttributeNames: readonly RequiredAttribute[] = [
  'specversion',
  'id',
  'source',
  'type',
];

const supportedSpecVersion = '1.0';

/**
 * Reads the required attributes through `read`; `label` says how an attribute
 * appears on the wire (`ce_id`, `ce-id`, `id`) so that the failure names what to fix.
 */
export function readRequiredAttributes(
  read: (attribute: RequiredAttribute) => unknown,
  label: (attribute: RequiredAttribute) => string,
): CloudEventAttributes | DecodeFailure {
  for (const attribute of requiredAttributeNames) {
    const problem = problemOf(read(attribute));
    if (problem !== undefined) {
      return decodeFailure(DecodeFailureReason.invalidCloudEvent, `${label(attribute)} ${problem}`);
    }
  }
  const specversion = String(read('specversion'));
  if (specversion !== supportedSpecVersion) {
    return decodeFailure(
      DecodeFailureReason.invalidCloudEvent,
      `${label('specversion')} "${specversion}" is not ${supportedSpecVersion}`,
    );
  }
  return {
    specversion,
    id: String(read('id')),
    source: String(read('source')),
    type: String(read('type')),
  };
}

function problemOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return 'is missing';
  if (typeof value !== 'string') return 'is not a string';
  return undefined;
}
