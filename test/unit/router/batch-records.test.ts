import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { batchRecords } from '../../../src/router/batch-records.js';

function scheduler() {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const sizeOfLength = (item: string) => item.length;

describe('batchRecords', () => {
  it('closes a batch when it reaches maxCount', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('abcde|');
      const batched = source.pipe(
        batchRecords({ maxCount: 2, maxBytes: 1_000, lingerMs: 100, sizeOf: sizeOfLength }),
      );
      expectObservable(batched).toBe('-x-y-(z|)', { x: ['a', 'b'], y: ['c', 'd'], z: ['e'] });
    });
  });

  it('closes a batch lingerMs after its first item', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 5ms b 20ms c 30ms |');
      const batched = source.pipe(
        batchRecords({ maxCount: 10, maxBytes: 1_000, lingerMs: 10, sizeOf: sizeOfLength }),
      );
      expectObservable(batched).toBe('10ms x 26ms y 20ms |', { x: ['a', 'b'], y: ['c'] });
    });
  });

  it('starts a new batch when the next item would exceed maxBytes', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('(abc|)', { a: 'xxxx', b: 'yyyy', c: 'zz' });
      const batched = source.pipe(
        batchRecords({ maxCount: 10, maxBytes: 6, lingerMs: 10, sizeOf: sizeOfLength }),
      );
      expectObservable(batched).toBe('(xy|)', { x: ['xxxx'], y: ['yyyy', 'zz'] });
    });
  });

  it('sends an item larger than maxBytes in a batch of its own', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('(abc|)', { a: 'x', b: 'yyyyyyyy', c: 'z' });
      const batched = source.pipe(
        batchRecords({ maxCount: 10, maxBytes: 4, lingerMs: 10, sizeOf: sizeOfLength }),
      );
      expectObservable(batched).toBe('(pqr|)', { p: ['x'], q: ['yyyyyyyy'], r: ['z'] });
    });
  });

  it('flushes what it holds when the source completes', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const batched = cold('ab|').pipe(
        batchRecords({ maxCount: 10, maxBytes: 100, lingerMs: 50, sizeOf: sizeOfLength }),
      );
      expectObservable(batched).toBe('--(x|)', { x: ['a', 'b'] });
    });
  });

  it('passes errors through', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const batched = cold('a#').pipe(
        batchRecords({ maxCount: 10, maxBytes: 100, lingerMs: 50, sizeOf: sizeOfLength }),
      );
      expectObservable(batched).toBe('-#');
    });
  });
});
