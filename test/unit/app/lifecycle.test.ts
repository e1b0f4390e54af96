import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../../../src/app/lifecycle.js';
import { silentLogger } from '../../../src/observability/logger.js';

describe('Lifecycle', () => {
  it('closes components in reverse order of registration, once', async () => {
    const closed: string[] = [];
    const lifecycle = new Lifecycle(silentLogger(), 1_000, () => undefined);
    lifecycle.onClose('metrics', async () => void closed.push('metrics'));
    lifecycle.onClose('producer', async () => void closed.push('producer'));
    lifecycle.onClose('consumer', async () => void closed.push('consumer'));
    await Promise.all([lifecycle.shutdown(), lifecycle.shutdown()]);
    expect(closed).toEqual(['consumer', 'producer', 'metrics']);
  });

  it('aborts its signal once shutdown is over', async () => {
    const lifecycle = new Lifecycle(silentLogger(), 1_000, () => undefined);
    expect(lifecycle.signal.aborted).toBe(false);
    await lifecycle.shutdown();
    expect(lifecycle.signal.aborted).toBe(true);
  });

  it('aborts its signal halfway through a shutdown that hangs, and gives up at the timeout', async () => {
    const lifecycle = new Lifecycle(silentLogger(), 200, () => undefined);
    let abortedWhileClosing = false;
    lifecycle.onClose('stuck', async () => {
      await new Promise<void>((resolve) =>
        lifecycle.signal.addEventListener('abort', () => resolve()),
      );
      abortedWhileClosing = true;
      await new Promise(() => undefined);
    });
    const started = Date.now();
    await lifecycle.shutdown();
    expect(abortedWhileClosing).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('exits with code 1 when a component fails for good', async () => {
    const exits: number[] = [];
    const lifecycle = new Lifecycle(silentLogger(), 1_000, (code) => exits.push(code));
    lifecycle.fail('consumer', new Error('crashed'));
    await lifecycle.shutdown();
    await new Promise((resolve) => setImmediate(resolve));
    expect(exits).toEqual([1]);
  });
});
