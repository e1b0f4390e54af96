import type { ResolvedSink } from '../config/resolve-sink.js';
import { createDurableProducer } from '../kafka/create-producer.js';
import { DeadLetterWriter } from '../kafka/dead-letter.js';
import { createPublisher } from '../sinks/create-publisher.js';
import { startSinkConsumer } from '../sinks/sink-consumer.js';
import type { AppContext } from './app-context.js';

/** Starts the router and one consumer group per sink; `only` picks a subset by name. */
export async function startSinks(
  app: AppContext,
  only: readonly string[] = [],
): Promise<ResolvedSink[]> {
  const sinks = selectSinks(app.config.sinks, only);
  const producer = createDurableProducer(app.kafka);
  await producer.connect();
  const deadLetters = new DeadLetterWriter(producer, app.config.kafka.deadLetterTopic);
  app.lifecycle.onClose('dead-letter producer', () => producer.disconnect());
  for (const sink of sinks) {
    const logger = app.logger.child({ stage: 'sink', sink: sink.name });
    const publisher = createPublisher(sink, logger);
    app.lifecycle.onClose(`publisher ${sink.name}`, () => publisher.close());
    const consumer = await startSinkConsumer({
      sink,
      kafka: app.kafka,
      internalTopic: app.config.kafka.internalTopic,
      publisher,
      deadLetters,
      metrics: app.metrics,
      health: app.health,
      logger,
      signal: app.lifecycle.signal,
      onCrash: (error) => app.lifecycle.fail(`sink ${sink.name}`, error),
    });
    app.lifecycle.onClose(`consumer ${sink.name}`, () => consumer.disconnect());
  }
  return sinks;
}

function selectSinks(sinks: readonly ResolvedSink[], only: readonly string[]): ResolvedSink[] {
  if (only.length === 0) return [...sinks];
  const unknown = only.filter((name) => !sinks.some((sink) => sink.name === name));
  if (unknown.length > 0) {
    const known = sinks.map((sink) => sink.name).join(', ') || 'none';
    throw new Error(`unknown sink ${unknown.join(', ')}; configured sinks: ${known}`);
  }
  return sinks.filter((sink) => only.includes(sink.name));
}
