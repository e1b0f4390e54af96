import { FailureClass } from '../retry-classification.js';

/** gRPC status codes, as the Pub/Sub client reports them in an error's `code`. */
export const GrpcStatus = {
  ok: 0,
  cancelled: 1,
  unknown: 2,
  invalidArgument: 3,
  deadlineExceeded: 4,
  notFound: 5,
  alreadyExists: 6,
  permissionDenied: 7,
  resourceExhausted: 8,
  failedPrecondition: 9,
  aborted: 10,
  outOfRange: 11,
  unimplemented: 12,
  internal: 13,
  unavailable: 14,
  dataLoss: 15,
  unauthenticated: 16,
} as const;
export type GrpcStatus = (typeof GrpcStatus)[keyof typeof GrpcStatus];

const CLASS_BY_STATUS: Readonly<Record<GrpcStatus, FailureClass>> = {
  [GrpcStatus.ok]: FailureClass.retry,
  [GrpcStatus.cancelled]: FailureClass.retry,
  [GrpcStatus.unknown]: FailureClass.retry,
  [GrpcStatus.deadlineExceeded]: FailureClass.retry,
  [GrpcStatus.resourceExhausted]: FailureClass.retry,
  [GrpcStatus.aborted]: FailureClass.retry,
  [GrpcStatus.internal]: FailureClass.retry,
  [GrpcStatus.unavailable]: FailureClass.retry,
  [GrpcStatus.dataLoss]: FailureClass.retry,
  // Neither can come back from a publish; if one does, the events are kept.
  [GrpcStatus.alreadyExists]: FailureClass.retry,
  [GrpcStatus.outOfRange]: FailureClass.retry,
  [GrpcStatus.invalidArgument]: FailureClass.reject,
  [GrpcStatus.notFound]: FailureClass.misconfigured,
  [GrpcStatus.permissionDenied]: FailureClass.misconfigured,
  [GrpcStatus.unauthenticated]: FailureClass.misconfigured,
  // The endpoint does not serve Pub/Sub's publish call.
  [GrpcStatus.unimplemented]: FailureClass.misconfigured,
  // What publish reports when the topic's encryption key is disabled or destroyed.
  [GrpcStatus.failedPrecondition]: FailureClass.misconfigured,
};

/**
 * Classifies a failed publish by its gRPC status. An error without one comes
 * from below gRPC (a socket) or from the client itself; its events are kept.
 */
export function classifyPubSubError(error: unknown): FailureClass {
  const status = grpcStatusOf(error);
  return status === undefined ? FailureClass.retry : CLASS_BY_STATUS[status];
}

export function grpcStatusOf(error: unknown): GrpcStatus | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const known = typeof code === 'number' && Number.isInteger(code) && code >= 0 && code <= 16;
  return known ? (code as GrpcStatus) : undefined;
}
