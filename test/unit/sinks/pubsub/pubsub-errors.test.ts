import { describe, expect, it } from 'vitest';
import { classifyPubSubError, GrpcStatus } from '../../../../src/sinks/pubsub/pubsub-errors.js';

const grpcError = (code: number) => Object.assign(new Error(`${code} status`), { code });

describe('classifyPubSubError', () => {
  it.each([
    ['UNAVAILABLE', GrpcStatus.unavailable],
    ['DEADLINE_EXCEEDED', GrpcStatus.deadlineExceeded],
    ['RESOURCE_EXHAUSTED', GrpcStatus.resourceExhausted],
    ['ABORTED', GrpcStatus.aborted],
    ['INTERNAL', GrpcStatus.internal],
    ['UNKNOWN', GrpcStatus.unknown],
    ['CANCELLED', GrpcStatus.cancelled],
  ])('retries %s', (_, code) => {
    expect(classifyPubSubError(grpcError(code))).toBe('retry');
  });

  it('rejects INVALID_ARGUMENT as an invalid message', () => {
    expect(classifyPubSubError(grpcError(GrpcStatus.invalidArgument))).toBe('reject');
  });

  it.each([
    ['NOT_FOUND', GrpcStatus.notFound],
    ['PERMISSION_DENIED', GrpcStatus.permissionDenied],
    ['UNAUTHENTICATED', GrpcStatus.unauthenticated],
    ['FAILED_PRECONDITION', GrpcStatus.failedPrecondition],
    ['UNIMPLEMENTED', GrpcStatus.unimplemented],
  ])('reads %s as a misconfigured destination', (_, code) => {
    expect(classifyPubSubError(grpcError(code))).toBe('misconfigured');
  });

  it('retries errors without a gRPC status, such as a refused socket', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyPubSubError(refused)).toBe('retry');
    expect(classifyPubSubError(new Error('plain'))).toBe('retry');
    expect(classifyPubSubError(grpcError(99))).toBe('retry');
  });

  it('classifies by code, not by message text', () => {
    const error = Object.assign(new Error('5 NOT_FOUND: Topic not found'), {
      code: GrpcStatus.unavailable,
    });
    expect(classifyPubSubError(error)).toBe('retry');
  });
});
