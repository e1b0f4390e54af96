import { expect } from 'vitest';
import type {
  DecodeFailure,
  DecodeFailureReason,
  DecodeResult,
  DecodedRequest,
} from '../../../../src/ingest/decode/index.js';

/** Asserts a successful decode and narrows to it, showing the failure if there was one. */
export function expectDecoded(result: DecodeResult): DecodedRequest {
  expect(result, result.ok ? '' : `${result.reason}: ${result.detail}`).toMatchObject({ ok: true });
  return result as DecodedRequest;
}

/** Asserts a failure with the given reason and narrows to it. */
export function expectFailure(result: DecodeResult, reason: DecodeFailureReason): DecodeFailure {
  expect(result).toMatchObject({ ok: false, reason });
  return result as DecodeFailure;
}
