import type { KafkaMessage } from 'kafkajs';
import { map, type OperatorFunction } from 'rxjs';
import type { EventType } from '../events/event-type.js';
import { InternalRecordError, parseInternalRecord } from '../events/internal-record.js';
import { headersToStrings } from '../kafka/headers.js';
import type { RoutedRecord } from './routed-record.js';

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
}

/** Classifies each internal record (workflow, node, task) and applies one sink's eventTypes. */
export function routeToSink(wants: ReadonlySet<EventType>): OperatorFunction<ConsumedRecord, RoutedRecord> {
  return map((record) => classify(record, wants));
}

export function classify(record: ConsumedRecord, wants: ReadonlySet<EventType>): RoutedRecord {
  const { message } = record;
  const source = { topic: record.topic, partition: record.partition, offset: message.offset };
  const headers = headersToStrings(message.headers);
  try {
    const event = parseInternalRecord(message.key, message.value, headers, source);
    return wants.has(event.type) ? { kind: 'publish', event } : { kind: 'skip', event };
  } catch (error) {
    if (!(error instanceof InternalRecordError)) throw error;
    return { kind: 'malformed', source, detail: error.message, key: message.key, value: message.value, headers };
  }
}
