import { PublishBatchCommand, type PublishBatchCommandOutput } from '@aws-sdk/client-sns';
import type { Logger } from 'pino';
import type { EgressEvent } from '../../events/internal-record.js';
import type { Publisher, PublishOutcome } from '../publisher.js';
import {
  asError,
  destinationMisconfigured,
  DestinationFailure,
  rejectOutcome,
  retryOutcome,
} from '../retry-classification.js';
import { splitIntoRequests } from './sns-batches.js';
import { buildSnsEntry, SNS_MAX_REQUEST_BYTES, snsEntryBytes } from './sns-entry.js';
import { classifySnsRequestError } from './sns-errors.js';
import {
  createSnsClient,
  resolveSnsOptions,
  type ResolvedSnsOptions,
  type SnsPublisherOptions,
} from './sns-options.js';
import { entryResultsOf, type SnsEntryResult } from './sns-results.js';

/** The part of SNSClient the publisher uses. */
export interface SnsBatchClient {
  send(command: PublishBatchCommand): Promise<PublishBatchCommandOutput>;
  destroy(): void;
}

/** Publishes events to one SNS topic with PublishBatch, in FlyteAdmin's message format. */
export class SnsPublisher implements Publisher {
  readonly maxEventBytes = SNS_MAX_REQUEST_BYTES;
  private readonly settings: ResolvedSnsOptions;
  private readonly client: SnsBatchClient;
  private readonly logger: Logger;

  constructor(options: SnsPublisherOptions, logger: Logger, client?: SnsBatchClient) {
    this.settings = resolveSnsOptions(options);
    this.client = client ?? createSnsClient(options);
    this.logger = logger.child({ destination: 'sns', topicArn: options.topicArn });
  }

  /** Bytes the event counts toward SNS's limit; compare with `maxEventBytes`. */
  entryBytes(event: EgressEvent): number {
    return snsEntryBytes(event);
  }

  async publish(events: readonly EgressEvent[]): Promise<PublishOutcome[]> {
    const outcomes: PublishOutcome[] = new Array(events.length);
    const sendable: number[] = [];
    events.forEach((event, index) => {
      const bytes = snsEntryBytes(event);
      if (bytes > this.maxEventBytes) outcomes[index] = rejectOutcome('too_large', tooLarge(bytes));
      else sendable.push(index);
    });
    const sendableEvents = sendable.map((index) => events[index]);
    const requests = splitIntoRequests(
      sendableEvents.map(snsEntryBytes),
      this.settings.maxBatchBytes,
    );
    const sent = await this.sendRequests(sendableEvents, requests);
    sent.forEach((outcome, position) => (outcomes[sendable[position]] = outcome));
    return outcomes;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  /**
   * Sends requests given as positions in `events`; outcomes are aligned with
   * `events`. Requests to a standard topic go out together, those to a FIFO
   * topic one at a time.
   */
  private async sendRequests(
    events: readonly EgressEvent[],
    requests: readonly number[][],
  ): Promise<PublishOutcome[]> {
    const outcomes: PublishOutcome[] = new Array(events.length);
    const record = (positions: readonly number[], results: readonly PublishOutcome[]) =>
      positions.forEach((position, i) => (outcomes[position] = results[i]));
    if (this.settings.fifo) {
      await this.sendInGroupOrder(events, requests, record);
    } else {
      const eventsAt = (positions: readonly number[]) => positions.map((p) => events[p]);
      const results = await Promise.all(requests.map((r) => this.sendRequest(eventsAt(r))));
      requests.forEach((request, i) => record(request, results[i]));
    }
    return outcomes;
  }

  /**
   * Once an event of a message group must be retried, the group's later events
   * are held back for a retry too, so that the retry cannot be overtaken.
   */
  private async sendInGroupOrder(
    events: readonly EgressEvent[],
    requests: readonly number[][],
    record: (positions: readonly number[], results: readonly PublishOutcome[]) => void,
  ): Promise<void> {
    const blockedGroups = new Set<string>();
    const isBlocked = (position: number) => blockedGroups.has(events[position].executionKey);
    for (const request of requests) {
      const held = request.filter(isBlocked);
      const ready = request.filter((position) => !isBlocked(position));
      record(
        held,
        held.map(() => retryOutcome(heldBack())),
      );
      const results = await this.sendRequest(ready.map((position) => events[position]));
      record(ready, results);
      results.forEach((outcome, i) => {
        if (outcome.kind === 'retry') blockedGroups.add(events[ready[i]].executionKey);
      });
    }
  }

  private async sendRequest(events: readonly EgressEvent[]): Promise<PublishOutcome[]> {
    if (events.length === 0) return [];
    const { topicArn, fifo } = this.settings;
    const entries = events.map((event, position) => buildSnsEntry(event, String(position), fifo));
    let output: PublishBatchCommandOutput;
    try {
      const command = new PublishBatchCommand({
        TopicArn: topicArn,
        PublishBatchRequestEntries: entries,
      });
      output = await this.client.send(command);
    } catch (error) {
      return this.outcomesOfFailedRequest(events, error);
    }
    return this.outcomesOfAnsweredRequest(entryResultsOf(output, events.length));
  }

  private outcomesOfAnsweredRequest(results: readonly SnsEntryResult[]): PublishOutcome[] {
    const outcomes = results.map((result) => {
      if (result.kind === 'misconfigured') throw this.misconfigured(result.error);
      return result;
    });
    const failed = outcomes.filter((outcome) => outcome.kind !== 'published');
    if (failed.length > 0) {
      const codes = [...new Set(failed.map((outcome) => codeOf(outcome)))];
      this.logger.warn(
        { entries: outcomes.length, failed: failed.length, codes },
        'sns entries failed',
      );
    }
    return outcomes;
  }

  private async outcomesOfFailedRequest(
    events: readonly EgressEvent[],
    error: unknown,
  ): Promise<PublishOutcome[]> {
    const failure = classifySnsRequestError(error);
    const cause = asError(error);
    const context = {
      entries: events.length,
      failure,
      errorName: cause.name,
      errorMessage: cause.message,
    };
    switch (failure) {
      case 'misconfigured':
        throw this.misconfigured(error);
      case 'retry':
        this.logger.warn(context, 'sns request failed, entries will be retried');
        return events.map(() => retryOutcome(cause));
      case 'reject':
        this.logger.error(context, 'sns refused the request as malformed');
        return events.map(() => rejectOutcome('invalid', cause));
      case 'request_too_long':
        if (events.length === 1) return [rejectOutcome('too_large', cause)];
        this.logger.warn(context, 'sns request too long, sending its entries one at a time');
        return this.sendRequests(
          events,
          events.map((_, position) => [position]),
        );
    }
  }

  private misconfigured(cause: unknown) {
    return destinationMisconfigured(`SNS topic ${this.settings.topicArn}`, cause);
  }
}

function codeOf(outcome: PublishOutcome): string {
  if (outcome.kind === 'published') return 'published';
  return outcome.error instanceof DestinationFailure ? outcome.error.code : outcome.error.name;
}

function tooLarge(bytes: number): DestinationFailure {
  return new DestinationFailure(
    'TooLarge',
    `entry counts ${bytes} bytes, more than the ${SNS_MAX_REQUEST_BYTES} SNS accepts`,
  );
}

function heldBack(): DestinationFailure {
  return new DestinationFailure(
    'HeldBack',
    'an earlier event of the same message group must be retried first',
  );
}
