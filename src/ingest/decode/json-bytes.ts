import {
  DecodeFailureReason,
  decodeFailure,
  errorMessageOf,
  type DecodeFailure,
} from './decode-result.js';

export type JsonParse = { readonly ok: true; readonly value: unknown } | DecodeFailure;

// Fatal decoding so that bytes which are not UTF-8 fail here rather than turning into
// replacement characters inside a field value. A leading BOM is dropped by default.
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseJsonBytes(bytes: Uint8Array): JsonParse {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return decodeFailure(DecodeFailureReason.invalidJson, 'body is not UTF-8 text');
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return decodeFailure(DecodeFailureReason.invalidJson, errorMessageOf(error));
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
