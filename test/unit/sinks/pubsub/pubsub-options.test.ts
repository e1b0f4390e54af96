import { describe, expect, it } from 'vitest';
import { EgressError } from '../../../../src/errors.js';
import {
  checkTopicName,
  publishSettings,
  resolveProjectId,
} from '../../../../src/sinks/pubsub/pubsub-options.js';

describe('resolveProjectId', () => {
  it('prefers the configured project id', () => {
    const env = { PUBSUB_PROJECT_ID: 'from-env' };
    expect(resolveProjectId({ projectId: 'configured', topicName: 't' }, env)).toBe('configured');
  });

  it('falls back to PUBSUB_PROJECT_ID, then GOOGLE_CLOUD_PROJECT', () => {
    const both = { PUBSUB_PROJECT_ID: 'emulator', GOOGLE_CLOUD_PROJECT: 'cloud' };
    expect(resolveProjectId({ topicName: 't' }, both)).toBe('emulator');
    expect(resolveProjectId({ topicName: 't' }, { GOOGLE_CLOUD_PROJECT: 'cloud' })).toBe('cloud');
  });

  it('takes the project from a full topic path when nothing else names one', () => {
    expect(resolveProjectId({ topicName: 'projects/p-1/topics/events' }, {})).toBe('p-1');
  });

  it('leaves detection to the client when nothing names a project', () => {
    expect(resolveProjectId({ topicName: 'events' }, {})).toBeUndefined();
  });
});

describe('publishSettings', () => {
  it('passes batching and ordering through and makes one attempt per batch', () => {
    const batching = { maxMessages: 50, maxBytes: 1_000_000, maxMilliseconds: 20 };
    expect(publishSettings({ ordering: true, batching })).toEqual({
      messageOrdering: true,
      batching,
      gaxOpts: { maxRetries: 1 },
    });
  });

  it('leaves the client batching defaults alone when none are given', () => {
    expect(publishSettings({ ordering: false })).not.toHaveProperty('batching');
  });
});

describe('checkTopicName', () => {
  it.each(['flyte-events', 'Events_v1.2~x+y%z', 'projects/my-project/topics/flyte-events'])(
    'accepts %s',
    (name) => {
      expect(() => checkTopicName(name)).not.toThrow();
    },
  );

  it.each([
    't1',
    '1events',
    'goog-events',
    'flyte/events',
    'projects/p/topics/',
    'projects/p/subs/x',
  ])('refuses %s as a configuration error', (name) => {
    expect(() => checkTopicName(name)).toThrow(EgressError);
  });
});
