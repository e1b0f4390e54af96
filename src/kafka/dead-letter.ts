import type { Message, Producer } from 'kafkajs';
import type { RecordHeaders, RecordPosition } from '../events/internal-record.js';
import { slicesBySize } from './message-slices.js';

/**
 * A dead-letter record keeps the original key, value and headers untouched
 * and adds these headers, so that `flyte-egress dlq replay` can send it back.
 */
export const DeadLetterHeader = {
  stage: 'egress-dlq-stage',
  reason: 'egress-dlq-reason',
  detail: 'egress-dlq-detail',
  sourceTopic: 'egress-dlq-source-topic',
  sourcePartition: 'egress-dlq-source-partition',
  sourceOffset: 'egress-dlq-source-offset',
  failedAt: 'egress-dlq-failed-at',
} as const;

export interface DeadLetter {
  /** `ingest` or `sink:<name>`. */
  readonly stage: string;
  readonly reason: string;
  readonly detail: string;
  readonly source: RecordPosition;
  readonly key: Buffer | string | null;
  readonly value: Buffer | Uint8Array | null;
  readonly headers: RecordHeaders;
}

const MAX_DETAIL_LENGTH = 500;

export function deadLetterMessage(letter: DeadLetter): Message {
  return {
    key: letter.key,
    value: letter.value === null ? null : Buffer.from(letter.value),
    headers: {
      ...letter.headers,
      [DeadLetterHeader.stage]: letter.stage,
      [DeadLetterHeader.reason]: letter.reason,
      [DeadLetterHeader.detail]: letter.detail.slice(0, MAX_DETAIL_LENGTH),
      [DeadLetterHeader.sourceTopic]: letter.source.topic,
      [DeadLetterHeader.sourcePartition]: String(letter.source.partition),
      [DeadLetterHeader.sourceOffset]: letter.source.offset,
      [DeadLetterHeader.failedAt]: new Date().toISOString(),
    },
  };
}

/** Writes dead letters with the same durability as the internal topic: idempotent, acks from all. */
export class DeadLetterWriter {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  async write(letters: readonly DeadLetter[]): Promise<void> {
    // Rejected events are often the large ones, so a batch of them is sent in slices.
    for (const messages of slicesBySize(letters.map(deadLetterMessage))) {
      await this.producer.send({ topic: this.topic, acks: -1, messages });
    }
  }
}
