import type { BatchResultErrorEntry } from '@aws-sdk/client-sns';
import { FailureClass, isNetworkError, stringProperty } from '../retry-classification.js';

/**
 * What a thrown PublishBatch error means. `requestTooLong` is apart because the
 * events may well fit one request each, so the remedy is to send them alone.
 */
export const SnsRequestFailure = {
  ...FailureClass,
  requestTooLong: 'request_too_long',
} as const;
export type SnsRequestFailure = (typeof SnsRequestFailure)[keyof typeof SnsRequestFailure];

// The SDK names a modelled error after its class (NotFoundException) and any
// other service error after the code on the wire (InvalidClientTokenId); both
// spellings are listed as they reach us. Errors raised inside the SDK itself
// (TimeoutError, CredentialsProviderError) are named likewise.

const TRANSIENT_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestThrottled',
  'KMSThrottlingException',
  'InternalErrorException',
  'InternalFailure',
  'ServiceUnavailable',
  'ConcurrentAccessException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  // A skewed clock: the SDK corrects its offset from the failed response's date.
  'RequestExpired',
  'RequestTimeTooSkewed',
  'RequestInTheFuture',
  // Temporary credentials that ran out; the credential chain fetches new ones.
  'ExpiredToken',
  'ExpiredTokenException',
]);

/** The topic, its key or the credentials are wrong: no event can get through. */
const MISCONFIGURATION_ERROR_NAMES: ReadonlySet<string> = new Set([
  'NotFoundException',
  'ResourceNotFoundException',
  'AuthorizationErrorException',
  'InvalidSecurityException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'MissingAuthenticationToken',
  'IncompleteSignature',
  'AccessDenied',
  'AccessDeniedException',
  'OptInRequired',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'KMSOptInRequired',
  'EndpointDisabledException',
  'PlatformApplicationDisabledException',
  'CredentialsProviderError',
  // Entries are well-formed by construction (fixed attributes, an ASCII subject),
  // so an invalid parameter on the whole request points at the topic ARN or at a
  // FIFO setting that does not match the topic.
  'InvalidParameterException',
  'InvalidParameterValueException',
]);

/** The request itself is malformed; entries built here never are, so these are bugs. */
const MALFORMED_REQUEST_ERROR_NAMES: ReadonlySet<string> = new Set([
  'BatchEntryIdsNotDistinctException',
  'InvalidBatchEntryIdException',
  'EmptyBatchRequestException',
  'TooManyEntriesInBatchRequestException',
  'ValidationException',
]);

const REQUEST_TOO_LONG_ERROR_NAME = 'BatchRequestTooLongException';

/** Classifies an error thrown for a whole PublishBatch request. */
export function classifySnsRequestError(error: unknown): SnsRequestFailure {
  const name = stringProperty(error, 'name') ?? '';
  if (name === REQUEST_TOO_LONG_ERROR_NAME) return SnsRequestFailure.requestTooLong;
  if (TRANSIENT_ERROR_NAMES.has(name)) return SnsRequestFailure.retry;
  if (MISCONFIGURATION_ERROR_NAMES.has(name)) return SnsRequestFailure.misconfigured;
  if (MALFORMED_REQUEST_ERROR_NAMES.has(name)) return SnsRequestFailure.reject;
  return classifyByTransport(error);
}

/** For errors no name tells apart: the SDK's retryable mark, the socket, the HTTP status. */
function classifyByTransport(error: unknown): SnsRequestFailure {
  if (hasRetryableMark(error) || isNetworkError(error)) return SnsRequestFailure.retry;
  const status = httpStatusOf(error);
  if (status === 401 || status === 403 || status === 404) return SnsRequestFailure.misconfigured;
  // Anything else (429, 5xx, or an error never seen before) keeps the events for
  // another attempt: retries are visible in the sink's metrics, a loss is not.
  return SnsRequestFailure.retry;
}

function hasRetryableMark(error: unknown): boolean {
  const mark = (error as { $retryable?: unknown } | null)?.$retryable;
  return typeof mark === 'object' && mark !== null;
}

function httpStatusOf(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata;
  const status = metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Codes of a failed entry that say the topic is unusable rather than the entry bad. */
const MISCONFIGURATION_ENTRY_CODES: ReadonlySet<string> = new Set([
  'NotFound',
  'AuthorizationError',
  'InvalidSecurity',
  'KMSAccessDenied',
  'KMSDisabled',
  'KMSInvalidState',
  'KMSNotFound',
  'KMSOptInRequired',
]);

/** Classifies one entry of PublishBatch's `Failed` list. */
export function classifyFailedEntry(entry: BatchResultErrorEntry): FailureClass {
  if (entry.Code !== undefined && MISCONFIGURATION_ENTRY_CODES.has(entry.Code)) {
    return FailureClass.misconfigured;
  }
  // A missing fault flag is read as the service's side, which keeps the event.
  return entry.SenderFault === true ? FailureClass.reject : FailureClass.retry;
}
