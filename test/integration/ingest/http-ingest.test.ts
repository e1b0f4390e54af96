import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBroker } from '../../../src/devstack/kafka-broker.js';
import { eventIdOf } from '../../../src/events/event-id.js';
import { InternalHeader } from '../../../src/events/internal-record.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { uniqueName } from '../support/pipeline.js';
import { readTopic } from '../support/read-topic.js';
import {
  post,
  protobufPost,
  startIngestStage,
  taskEvents,
  type HttpAnswer,
  type HttpPost,
  type RunningIngest,
} from './ingest-stage.js';

const maxBodyBytes = 16 * 1024;

/** Sum of the high watermarks: it grows only once a record is acknowledged by the broker. */
async function committedRecords(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** POSTs until the answer is `status`, for a pipeline that comes back at its own pace. */
async function postUntil(
  port: number,
  message: () => HttpPost,
  status: number,
  attempts: number,
): Promise<HttpAnswer> {
  let answer: HttpAnswer = { status: 0, body: '' };
  for (let attempt = 0; attempt < attempts && answer.status !== status; attempt++) {
    answer = await post(port, message()).catch(() => ({ status: 0, body: '' }));
    if (answer.status !== status) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return answer;
}

// Its own broker: these tests kill it, which the shared one must never see.
describe('HTTP ingest', () => {
  let broker: KafkaBroker;
  let ingest: RunningIngest;
  let kafka: Kafka;
  let secretsDir: string;
  let token: string;
  const internalTopic = uniqueName('http-ingest');
  const events = taskEvents(4, 31);

  beforeAll(async () => {
    broker = await KafkaBroker.start();
    secretsDir = await mkdtemp(join(tmpdir(), 'http-ingest-'));
    token = randomBytes(24).toString('hex');
    const tokenFile = join(secretsDir, 'token');
    await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
    ingest = await startIngestStage(
      {
        kafka: { brokers: broker.brokers, internalTopic },
        ingest: { http: { maxBodyBytes, bearerTokenFile: tokenFile } },
      },
      silentLogger(),
    );
    kafka = new Kafka({
      clientId: 'http-ingest-test',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
    });
  });

  afterAll(async () => {
    await ingest?.stop();
    await broker?.dispose();
    if (secretsDir) await rm(secretsDir, { recursive: true, force: true });
  });

  const authorized = () => ({ authorization: `Bearer ${token}` });

  it('answers 202 only once the record is on the internal topic', async () => {
    const event = events[0]!;
    const before = await committedRecords(kafka, internalTopic);
    const answer = await post(ingest.httpPort, protobufPost(event, authorized()));
    const after = await committedRecords(kafka, internalTopic);
    expect(answer.status).toBe(202);
    expect(after).toBe(before + 1);
    const [record] = await readTopic(kafka, internalTopic, 1);
    expect(record?.headers?.[InternalHeader.eventId]?.toString()).toBe(eventIdOf(event));
    expect(JSON.parse(answer.body)).toMatchObject({ eventId: eventIdOf(event) });
  });

  it.each<{ label: string; headers: Record<string, string> }>([
    { label: 'no Authorization header', headers: {} },
    { label: 'a wrong token', headers: { authorization: 'Bearer not-the-token' } },
    { label: 'another scheme', headers: { authorization: 'Basic dXNlcjpwYXNz' } },
  ])('answers 401 to $label and writes nothing', async ({ headers }) => {
    const before = await committedRecords(kafka, internalTopic);
    const answer = await post(ingest.httpPort, protobufPost(events[1]!, headers));
    expect(answer.status).toBe(401);
    expect(answer.body).not.toContain(token);
    expect(await committedRecords(kafka, internalTopic)).toBe(before);
  });

  it.each([
    { label: 'a declared Content-Length', body: Buffer.alloc(maxBodyBytes + 1, 7) },
    {
      label: 'a chunked body',
      body: Array.from({ length: 5 }, () => Buffer.alloc(maxBodyBytes / 2, 7)),
    },
  ])('answers 413 to a body over the limit with $label', async ({ body }) => {
    const answer = await post(ingest.httpPort, {
      path: '/v1/events/task',
      headers: { 'content-type': 'application/x-protobuf', ...authorized() },
      body,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ reason: 'body_too_large' });
  });

  it.each(['text/plain', 'application/xml', 'multipart/form-data; boundary=x'])(
    'answers 415 to Content-Type %s',
    async (contentType) => {
      const message = protobufPost(events[1]!, { ...authorized(), 'content-type': contentType });
      const answer = await post(ingest.httpPort, message);
      expect(answer.status).toBe(415);
    },
  );

  it('answers 503 while Kafka is down and 202 again once it is back', async () => {
    await broker.kill();
    const whileDown = await post(ingest.httpPort, protobufPost(events[2]!, authorized()));
    expect(whileDown.status).toBe(503);
    expect(JSON.parse(whileDown.body)).toMatchObject({ reason: 'kafka_unavailable' });

    await broker.start();
    const afterRestart = await postUntil(
      ingest.httpPort,
      () => protobufPost(events[3]!, authorized()),
      202,
      30,
    );
    expect(afterRestart.status).toBe(202);
    // The event answered 503 may still land, as its send went on retrying: read up to three.
    const records = await readTopic(kafka, internalTopic, 3, 10_000);
    const ids = records.map((record) => record.headers?.[InternalHeader.eventId]?.toString());
    expect(ids).toContain(eventIdOf(events[3]!));
  }, 300_000);
});
