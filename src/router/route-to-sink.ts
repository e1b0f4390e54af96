import type { KafkaMessage } from 'kafkajs';
import { map, type OperatorFunction } from 'rxjs';
import type { EventType } from '../events/event-type.js';
import { InternalRecordError, parseInternalRecord } from '../events/internal-record.js';
import { REPLAY_SINK_HEADER } from '../kafka/dead-letter-replay.js';
import { headersToStrings } from '../kafka/headers.js';
import type { RoutedRecord } from './routed-record.js';

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
}

/** Classifies each internal record (workflow, node, task) and applies one sink's eventTypes. */
export function routeToSink(
  sinkName: string,
  wants: ReadonlySet<EventType>,
): OperatorFunction<ConsumedRecord, RoutedRecord> {
  return map((record) => classify(record, sinkName, wants));
}

/**
 * A replayed dead letter carries the name of the one sink that failed it, so
 * that the sinks which delivered it the first time do not deliver it again.
 */
export function classify(
  record: ConsumedRecord,
  sinkName: string,
  wants: ReadonlySet<EventType>,
): RoutedRecord {
  const { message } = record;
  const source = { topic: record.topic, partition: record.partition, offset: message.offset };
  const headers = headersToStrings(message.headers);
  try {
    const event = parseInternalRecord(message.key, message.value, headers, source);
    const replayedFor = headers[REPLAY_SINK_HEADER];
    const wanted = wants.has(event.type) && (replayedFor === undefined || replayedFor === sinkName);
    return wanted ? { kind: 'publish', event } : { kind: 'skip', event };
  } catch (error) {
    if (!(error instanceof InternalRecordError)) throw error;
    return {
      kind: 'malformed',
      source,
      detail: error.message,
      key: message.key,
      value: message.value,
      headers,
    };
  }
}
