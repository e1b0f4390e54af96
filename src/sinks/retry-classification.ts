import { EgressError, ErrorCode } from '../errors.js';
import type { PublishOutcome, RejectReason } from './publisher.js';

/**
 * What a destination failure means for the events it touched:
 * - retry: transient, send the same events again later;
 * - reject: these events will never be accepted, dead-letter them;
 * - misconfigured: the destination itself is unusable, the events are not at fault.
 */
export const FailureClass = {
  retry: 'retry',
  reject: 'reject',
  misconfigured: 'misconfigured',
} as const;
export type FailureClass = (typeof FailureClass)[keyof typeof FailureClass];

/** A failure reported by a destination, keeping the destination's own code beside its message. */
export class DestinationFailure extends Error {
  readonly code: string;

  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(`${code}: ${message}`, { cause: options.cause });
    this.name = 'DestinationFailure';
    this.code = code;
  }
}

/**
 * Node's socket-level error codes that mean the connection was lost or never made.
 * ENOTFOUND and EAI_AGAIN are DNS answers, which are transient far more often than
 * they are a typo in an endpoint; a typo shows up as retries in the sink's metrics.
 */
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

export function isNetworkError(error: unknown): boolean {
  const code = stringProperty(error, 'code');
  if (code !== undefined && NETWORK_ERROR_CODES.has(code)) return true;
  // Node 20 reports a failed connection to every address of a host as an AggregateError.
  return error instanceof AggregateError && error.errors.some((inner) => isNetworkError(inner));
}

export function retryOutcome(error: Error): PublishOutcome {
  return { kind: 'retry', error };
}

export function rejectOutcome(reason: RejectReason, error: Error): PublishOutcome {
  return { kind: 'reject', reason, error };
}

export function destinationMisconfigured(destination: string, cause: unknown): EgressError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new EgressError(
    ErrorCode.destinationMisconfigured,
    `${destination} is unusable: ${detail}`,
    {
      cause,
    },
  );
}

export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

export function stringProperty(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const property = (value as Record<string, unknown>)[key];
  return typeof property === 'string' ? property : undefined;
}
