import type { Message } from 'kafkajs';

/**
 * A full fetch from a source partition (1 MiB by default) grows past the broker's 1 MiB
 * message.max.bytes once headers are added, and the broker refuses such a request for
 * good; so records are sent in slices well under that, one after another, which keeps
 * their order.
 */
const MAX_SLICE_BYTES = 256 * 1024;
const RECORD_OVERHEAD_BYTES = 64;

export function slicesBySize(messages: readonly Message[]): Message[][] {
  const slices: Message[][] = [];
  let current: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = approximateSize(message);
    if (current.length > 0 && bytes + size > MAX_SLICE_BYTES) {
      slices.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) slices.push(current);
  return slices;
}

function approximateSize(message: Message): number {
  let size = RECORD_OVERHEAD_BYTES + byteLength(message.key) + byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    size +=
      Buffer.byteLength(name) +
      (Array.isArray(value) ? value : [value]).reduce(
        (sum: number, item) => sum + byteLength(item as Buffer | string | undefined),
        0,
      );
  }
  return size;
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
