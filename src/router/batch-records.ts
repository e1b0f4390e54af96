import {
  asyncScheduler,
  Observable,
  type OperatorFunction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';

export interface BatchLimits<T> {
  readonly maxCount: number;
  readonly maxBytes: number;
  readonly lingerMs: number;
  /** Size of one item toward maxBytes. */
  readonly sizeOf: (item: T) => number;
}

/**
 * Groups items into batches that close on whichever comes first: maxCount
 * items, the next item not fitting in maxBytes, lingerMs after the batch's
 * first item, or the end of the source. An item larger than maxBytes travels
 * alone, so the publisher can reject it on its own.
 */
export function batchRecords<T>(
  limits: BatchLimits<T>,
  scheduler: SchedulerLike = asyncScheduler,
): OperatorFunction<T, T[]> {
  return (source) =>
    new Observable<T[]>((subscriber) => {
      let batch: T[] = [];
      let batchBytes = 0;
      let lingerTimer: Subscription | undefined;

      const flush = () => {
        lingerTimer?.unsubscribe();
        lingerTimer = undefined;
        if (batch.length === 0) return;
        const full = batch;
        batch = [];
        batchBytes = 0;
        subscriber.next(full);
      };

      const subscription = source.subscribe({
        next: (item) => {
          const size = limits.sizeOf(item);
          if (batch.length > 0 && batchBytes + size > limits.maxBytes) flush();
          batch.push(item);
          batchBytes += size;
          if (batch.length >= limits.maxCount || batchBytes >= limits.maxBytes) {
            flush();
          } else if (!lingerTimer) {
            lingerTimer = scheduler.schedule(flush, limits.lingerMs);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          flush();
          subscriber.complete();
        },
      });
      return () => {
        lingerTimer?.unsubscribe();
        subscription.unsubscribe();
      };
    });
}
