/** Closed set of error codes; retry logic reads `retryable`, never the message. */
export const ErrorCode = {
  config: 'CONFIG',
  decode: 'DECODE',
  destinationUnavailable: 'DESTINATION_UNAVAILABLE',
  destinationMisconfigured: 'DESTINATION_MISCONFIGURED',
  kafka: 'KAFKA',
  shutdown: 'SHUTDOWN',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class EgressError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'EgressError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}
