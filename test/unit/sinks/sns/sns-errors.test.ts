import {
  AuthorizationErrorException,
  BatchRequestTooLongException,
  InternalErrorException,
  InvalidParameterException,
  KMSAccessDeniedException,
  KMSThrottlingException,
  NotFoundException,
  SNSServiceException,
  ThrottledException,
  TooManyEntriesInBatchRequestException,
} from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import {
  classifyFailedEntry,
  classifySnsRequestError,
} from '../../../../src/sinks/sns/sns-errors.js';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

function unmodelled(name: string, httpStatusCode: number, fault: 'client' | 'server' = 'client') {
  return new SNSServiceException({
    name,
    $fault: fault,
    message: name,
    ...metadata(httpStatusCode),
  });
}

function socketError(code: string, message: string) {
  return Object.assign(new Error(message), { code });
}

describe('classifySnsRequestError', () => {
  it.each([
    [
      'NotFoundException',
      new NotFoundException({ message: 'Topic does not exist', ...metadata(404) }),
    ],
    [
      'AuthorizationErrorException',
      new AuthorizationErrorException({ message: 'no', ...metadata(403) }),
    ],
    [
      'InvalidParameterException',
      new InvalidParameterException({ message: 'arn', ...metadata(400) }),
    ],
    [
      'KMSAccessDeniedException',
      new KMSAccessDeniedException({ message: 'kms', ...metadata(400) }),
    ],
    ['InvalidClientTokenId', unmodelled('InvalidClientTokenId', 403)],
    ['AccessDenied', unmodelled('AccessDenied', 403)],
    ['SignatureDoesNotMatch', unmodelled('SignatureDoesNotMatch', 403)],
    [
      'CredentialsProviderError',
      Object.assign(new Error('no creds'), { name: 'CredentialsProviderError' }),
    ],
    ['an unnamed 404', unmodelled('Weird', 404)],
    ['an unnamed 401', unmodelled('Weird', 401)],
  ])('reads %s as a misconfigured destination', (_, error) => {
    expect(classifySnsRequestError(error)).toBe('misconfigured');
  });

  it.each([
    ['ThrottledException', new ThrottledException({ message: 'slow', ...metadata(429) })],
    ['Throttling', unmodelled('Throttling', 400)],
    ['KMSThrottlingException', new KMSThrottlingException({ message: 'kms', ...metadata(400) })],
    ['InternalErrorException', new InternalErrorException({ message: 'oops', ...metadata(500) })],
    ['a 503 without a known name', unmodelled('ServiceUnavailableThing', 503, 'server')],
    ['a 429 without a known name', unmodelled('SomethingSlow', 429)],
    ['TimeoutError', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ['ECONNREFUSED', socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')],
    ['ECONNRESET (socket hang up)', socketError('ECONNRESET', 'socket hang up')],
    ['ETIMEDOUT', socketError('ETIMEDOUT', 'connect ETIMEDOUT')],
    [
      'an AggregateError of refused connections',
      new AggregateError([socketError('ECONNREFUSED', 'v4'), socketError('ECONNREFUSED', 'v6')]),
    ],
    ['an error the SDK marks retryable', Object.assign(new Error('x'), { $retryable: {} })],
    ['a 500 that could not even be parsed', Object.assign(new Error('XML parse'), metadata(500))],
    ['an error never seen before', new Error('something new')],
  ])('reads %s as retryable', (_, error) => {
    expect(classifySnsRequestError(error)).toBe('retry');
  });

  it('reads a request too long apart, so that entries can go alone', () => {
    const error = new BatchRequestTooLongException({ message: 'too long', ...metadata(400) });
    expect(classifySnsRequestError(error)).toBe('request_too_long');
  });

  it('reads a malformed batch as a rejection of its entries', () => {
    const error = new TooManyEntriesInBatchRequestException({ message: 'n', ...metadata(400) });
    expect(classifySnsRequestError(error)).toBe('reject');
  });

  it('does not look at the message text', () => {
    const error = unmodelled('Throttling', 400);
    error.message = 'Topic does not exist';
    expect(classifySnsRequestError(error)).toBe('retry');
  });
});

describe('classifyFailedEntry', () => {
  it('rejects an entry the sender is at fault for', () => {
    expect(classifyFailedEntry({ Id: '0', Code: 'InvalidParameter', SenderFault: true })).toBe(
      'reject',
    );
  });

  it('retries an entry the service is at fault for', () => {
    expect(classifyFailedEntry({ Id: '0', Code: 'InternalError', SenderFault: false })).toBe(
      'retry',
    );
    expect(classifyFailedEntry({ Id: '0', Code: 'Throttled', SenderFault: false })).toBe('retry');
  });

  it('retries an entry that carries no fault flag', () => {
    expect(classifyFailedEntry({ Id: '0', Code: 'Odd', SenderFault: undefined })).toBe('retry');
  });

  it('reads a topic-level code on an entry as misconfiguration', () => {
    expect(classifyFailedEntry({ Id: '0', Code: 'KMSDisabled', SenderFault: true })).toBe(
      'misconfigured',
    );
    expect(classifyFailedEntry({ Id: '0', Code: 'AuthorizationError', SenderFault: true })).toBe(
      'misconfigured',
    );
  });
});
