import { describe, expect, it } from 'vitest';
import { EgressError } from '../../../../src/errors.js';
import { createSnsClient, resolveSnsOptions } from '../../../../src/sinks/sns/sns-options.js';

const base = { topicArn: 'arn:aws:sns:us-east-2:123456:events', region: 'us-east-2' };

describe('resolveSnsOptions', () => {
  it('takes a topic for FIFO when its ARN ends with .fifo', () => {
    expect(resolveSnsOptions({ ...base, topicArn: `${base.topicArn}.fifo` }).fifo).toBe(true);
    expect(resolveSnsOptions(base).fifo).toBe(false);
  });

  it('lets an explicit fifo flag win over the ARN', () => {
    expect(resolveSnsOptions({ ...base, fifo: true }).fifo).toBe(true);
  });

  it('defaults the batch limit to 256 KiB', () => {
    expect(resolveSnsOptions(base).maxBatchBytes).toBe(262_144);
  });

  it.each([0, -1, 262_145, 1.5])('refuses a batch limit of %s', (maxBatchBytes) => {
    expect(() => resolveSnsOptions({ ...base, maxBatchBytes })).toThrow(EgressError);
  });
});

describe('createSnsClient', () => {
  it('turns the SDK retries off and applies the endpoint override', async () => {
    const client = createSnsClient({ ...base, endpoint: 'http://127.0.0.1:4566' });
    try {
      expect(await client.config.maxAttempts()).toBe(1);
      expect(await client.config.region()).toBe('us-east-2');
      const endpoint = await client.config.endpoint?.();
      expect(endpoint?.hostname).toBe('127.0.0.1');
      expect(endpoint?.port).toBe(4566);
    } finally {
      client.destroy();
    }
  });
});
