import { createHash } from 'node:crypto';
import { MESSAGE_TYPES } from './event-type.js';
import type { FlyteRequest } from './flyte-request.js';

/**
 * A stable id for one event: the hash of its message name and the canonical
 * encoding of the inner event. The request id is left out on purpose, since a
 * producer that retries may send the same event under a new request id.
 */
export function eventIdOf(request: FlyteRequest): string {
  const hash = createHash('sha256');
  hash.update(request.type);
  hash.update(innerEventBytes(request));
  return hash.digest('hex').slice(0, 32);
}

function innerEventBytes(request: FlyteRequest): Uint8Array {
  switch (request.type) {
    case 'workflow':
      return MESSAGE_TYPES.workflow.toBinary({ ...request.message, requestId: '' });
    case 'node':
      return MESSAGE_TYPES.node.toBinary({ ...request.message, requestId: '' });
    case 'task':
      return MESSAGE_TYPES.task.toBinary({ ...request.message, requestId: '' });
  }
}
