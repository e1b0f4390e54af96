import type { Producer, ProducerRecord, RecordMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { produceEvents } from '../../../src/produce/produce-to-kafka.js';
import { SourceFormat, toSourceMessage } from '../../../src/produce/source-formats.js';
import { generateEvents } from '../../../src/produce/synthetic-stream.js';

/** Records what produceEvents hands the producer; the batching is under test, not Kafka. */
function recordingProducer(onSend?: (record: ProducerRecord) => void) {
  const sent: ProducerRecord[] = [];
  const producer = {
    send: async (record: ProducerRecord): Promise<RecordMetadata[]> => {
      sent.push(record);
      onSend?.(record);
      return [];
    },
  } as unknown as Producer;
  return { producer, sent };
}

const EVENTS = [...generateEvents({ executions: 6, seed: 4 })];

describe('produceEvents', () => {
  it('sends full batches then the remainder, acks -1, and reports progress after each', async () => {
    const { producer, sent } = recordingProducer();
    const progress: number[] = [];
    const total = await produceEvents({
      producer,
      topic: 'flyte-events',
      events: EVENTS,
      format: SourceFormat.protobuf,
      batchSize: 100,
      onProgress: (n) => progress.push(n),
    });
    expect(total).toBe(EVENTS.length);
    const sizes = sent.map((r) => r.messages.length);
    expect(sizes.slice(0, -1).every((size) => size === 100)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(EVENTS.length);
    expect(progress).toEqual(sizes.map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b, 0)));
    for (const record of sent) {
      expect(record.topic).toBe('flyte-events');
      expect(record.acks).toBe(-1);
    }
  });

  it('sends the encoded records in the order of the events', async () => {
    const { producer, sent } = recordingProducer();
    await produceEvents({
      producer,
      topic: 't',
      events: EVENTS,
      format: SourceFormat.cloudEventV1,
      batchSize: 64,
    });
    const messages = sent.flatMap((r) => r.messages);
    expect(messages).toEqual(EVENTS.map((e) => toSourceMessage(e, SourceFormat.cloudEventV1)));
  });

  it('takes events from an async iterable', async () => {
    const { producer, sent } = recordingProducer();
    async function* events() {
      yield* EVENTS.slice(0, 7);
    }
    const total = await produceEvents({
      producer,
      topic: 't',
      events: events(),
      format: SourceFormat.protobuf,
    });
    expect(total).toBe(7);
    expect(sent).toHaveLength(1);
  });

  it('stops after the batch in flight once aborted', async () => {
    const controller = new AbortController();
    const { producer, sent } = recordingProducer(() => controller.abort());
    const total = await produceEvents({
      producer,
      topic: 't',
      events: EVENTS,
      format: SourceFormat.protobuf,
      batchSize: 10,
      signal: controller.signal,
    });
    expect(sent).toHaveLength(1);
    expect(total).toBe(10);
  });

  it('passes a failed send on to the caller', async () => {
    const producer = {
      send: async () => {
        throw new Error('broker unavailable');
      },
    } as unknown as Producer;
    await expect(
      produceEvents({ producer, topic: 't', events: EVENTS, format: SourceFormat.protobuf }),
    ).rejects.toThrow('broker unavailable');
  });
});
