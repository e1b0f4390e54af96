import { describe, expect, it } from 'vitest';
import type { EgressEvent } from '../../../../src/events/internal-record.js';
import {
  attemptOfFailure,
  retryRefusedAlone,
  type Attempt,
} from '../../../../src/sinks/pubsub/pubsub-attempt.js';
import { GrpcStatus } from '../../../../src/sinks/pubsub/pubsub-errors.js';
import { testEvent } from './test-events.js';

const grpcError = (code: number) => Object.assign(new Error(`status ${code}`), { code });
const published: Attempt = { kind: 'published' };
const refused = () => attemptOfFailure(grpcError(GrpcStatus.invalidArgument));
const unavailable = () => attemptOfFailure(grpcError(GrpcStatus.unavailable));

function eventsOf(keys: string[]): EgressEvent[] {
  return keys.map((executionKey, i) => testEvent({ eventId: `e${i}`, executionKey }));
}

/** Answers each lone publish from a table keyed by event id, recording the order asked. */
function answering(answers: Record<string, Attempt>) {
  const asked: string[] = [];
  const publishAlone = async (event: EgressEvent) => {
    asked.push(event.eventId);
    return answers[event.eventId] ?? published;
  };
  return { asked, publishAlone };
}

const kinds = (attempts: Attempt[]) =>
  attempts.map((a) => (a.kind === 'reject' ? `reject:${a.reason}` : a.kind));

describe('attemptOfFailure', () => {
  it('maps gRPC statuses to retry, invalid and misconfigured', () => {
    expect(
      kinds([unavailable(), refused(), attemptOfFailure(grpcError(GrpcStatus.notFound))]),
    ).toEqual(['retry', 'reject:invalid', 'misconfigured']);
  });
});

describe('retryRefusedAlone', () => {
  it('publishes each refused event alone and keeps only the refusals that stand', async () => {
    const events = eventsOf(['a', 'b', 'c', 'd']);
    const { asked, publishAlone } = answering({ e2: refused() });
    const results = await retryRefusedAlone(
      events,
      [published, refused(), refused(), refused()],
      publishAlone,
      false,
    );
    expect(asked).toEqual(['e1', 'e2', 'e3']);
    expect(kinds(results)).toEqual(['published', 'published', 'reject:invalid', 'published']);
  });

  it('leaves published, retried and too-large outcomes as they were', async () => {
    const events = eventsOf(['a', 'b', 'c']);
    const tooLarge: Attempt = { kind: 'reject', reason: 'too_large', error: new Error('big') };
    const { asked, publishAlone } = answering({});
    const results = await retryRefusedAlone(
      events,
      [published, unavailable(), tooLarge],
      publishAlone,
      true,
    );
    expect(asked).toEqual([]);
    expect(kinds(results)).toEqual(['published', 'retry', 'reject:too_large']);
  });

  it('holds back the later events of an ordering key once one of them must be retried', async () => {
    const events = eventsOf(['k', 'k', 'other', 'k']);
    const { asked, publishAlone } = answering({ e0: unavailable() });
    const results = await retryRefusedAlone(
      events,
      [refused(), refused(), refused(), refused()],
      publishAlone,
      true,
    );
    expect(asked).toEqual(['e0', 'e2']);
    expect(kinds(results)).toEqual(['retry', 'retry', 'published', 'retry']);
    expect((results[1] as { error: Error }).error.message).toMatch(/^HeldBack/);
  });

  it('does not hold events back when ordering is off', async () => {
    const events = eventsOf(['k', 'k']);
    const { asked, publishAlone } = answering({ e0: unavailable() });
    const results = await retryRefusedAlone(events, [refused(), refused()], publishAlone, false);
    expect(asked).toEqual(['e0', 'e1']);
    expect(kinds(results)).toEqual(['retry', 'published']);
  });

  it('lets a key go on after an event of it is rejected on its own', async () => {
    const events = eventsOf(['k', 'k']);
    const { publishAlone } = answering({ e0: refused() });
    const results = await retryRefusedAlone(events, [refused(), refused()], publishAlone, true);
    expect(kinds(results)).toEqual(['reject:invalid', 'published']);
  });

  it('stops at the first lone publish that finds the topic misconfigured', async () => {
    const events = eventsOf(['a', 'b']);
    const { asked, publishAlone } = answering({
      e0: attemptOfFailure(grpcError(GrpcStatus.permissionDenied)),
    });
    const results = await retryRefusedAlone(events, [refused(), refused()], publishAlone, false);
    expect(asked).toEqual(['e0']);
    expect(results[0]?.kind).toBe('misconfigured');
  });
});
