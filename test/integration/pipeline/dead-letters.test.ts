import { request as httpRequest } from 'node:http';
import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSnsTopicWithQueue,
  type SnsWithQueue,
} from '../../../src/consume/local-destinations.js';
import { encodeRequest } from '../../../src/events/flyte-request.js';
import { DeadLetterHeader } from '../../../src/kafka/dead-letter.js';
import { toSourceMessage } from '../../../src/produce/source-formats.js';
import { generateEvents } from '../../../src/produce/synthetic-stream.js';
import { consumeSnsDeliveries } from '../support/destinations.js';
import {
  connectedProducer,
  localClients,
  startPipeline,
  uniqueName,
  type RunningPipeline,
} from '../support/pipeline.js';
import { readTopic } from '../support/read-topic.js';

const taskName = 'flyteidl.admin.TaskExecutionEventRequest';

function malformedRecords(): { message: Message; reason: string }[] {
  const valid = [...generateEvents({ executions: 1, seed: 3 })].find(
    (event) => event.type === 'task',
  );
  if (!valid) throw new Error('the generator made no task event');
  const bytes = Buffer.from(encodeRequest(valid));
  return [
    {
      message: {
        value: Buffer.from('not a protobuf at all \u0000\u00ff'),
        headers: { 'flyte-message-name': taskName },
      },
      reason: 'invalid_protobuf',
    },
    {
      message: {
        value: bytes.subarray(0, Math.floor(bytes.length / 2)),
        headers: { 'flyte-message-name': taskName },
      },
      reason: 'invalid_protobuf',
    },
    {
      message: { value: bytes, headers: { 'flyte-message-name': 'flyteidl.admin.SomethingElse' } },
      reason: 'unknown_message_name',
    },
    {
      message: {
        value: Buffer.from('{"event": '),
        headers: {
          ce_specversion: '1.0',
          ce_type: `com.flyte.resource.${taskName}`,
          ce_id: '1',
          ce_source: 's',
          'content-type': 'application/json',
        },
      },
      reason: 'invalid_json',
    },
    { message: { value: bytes }, reason: 'missing_message_name' },
  ];
}

describe('undecodable records', () => {
  const clients = localClients();
  const name = uniqueName('dlq');
  const bad = malformedRecords();
  const good = [...generateEvents({ executions: 2, seed: 8 })];
  let pipeline: RunningPipeline;
  let sns: SnsWithQueue;

  beforeAll(async () => {
    const { services } = clients;
    sns = await createSnsTopicWithQueue(clients.sns, clients.sqs, name);
    pipeline = await startPipeline(
      {
        kafka: { internalTopic: `${name}.internal`, deadLetterTopic: `${name}.dlq` },
        ingest: {
          sourceTopics: [`${name}.source`],
          consumerGroup: `${name}-ingest`,
          http: { maxBodyBytes: 2_048 },
        },
        sinks: [
          {
            name: 'sns',
            type: 'aws',
            topicName: sns.topicArn,
            aws: { region: services.awsRegion, endpoint: services.snsEndpoint },
          },
        ],
      },
      { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    );
    const producer = await connectedProducer(clients.kafka);
    const messages = [
      ...good.map((event) => toSourceMessage(event, 'protobuf')),
      ...bad.map((entry) => entry.message),
    ];
    await producer.send({ topic: `${name}.source`, acks: -1, messages });
    await producer.disconnect();
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('go to the dead-letter topic with their reason, original bytes and source position', async () => {
    const letters = await readTopic(clients.kafka, `${name}.dlq`, bad.length);
    expect(letters).toHaveLength(bad.length);
    const reasons = letters
      .map((letter) => letter.headers?.[DeadLetterHeader.reason]?.toString())
      .sort();
    expect(reasons).toEqual(bad.map((entry) => entry.reason).sort());
    for (const letter of letters) {
      expect(letter.headers?.[DeadLetterHeader.sourceTopic]?.toString()).toBe(`${name}.source`);
      expect(letter.headers?.[DeadLetterHeader.stage]?.toString()).toBe('ingest');
      const original = bad.find(
        (entry) =>
          Buffer.compare(entry.message.value as Buffer, letter.value ?? Buffer.alloc(0)) === 0,
      );
      expect(original).toBeDefined();
    }
  });

  it('do not stop the good records around them', async () => {
    const received = await consumeSnsDeliveries(clients.sqs, sns.queueUrl, good.length);
    expect(received).toHaveLength(good.length);
  });

  it('are counted per reason in the metrics', async () => {
    const text = await pipeline.app.metrics.registry.metrics();
    expect(text).toMatch(
      /flyte_egress_ingest_rejected_total\{source="kafka",reason="invalid_protobuf"\} 2/,
    );
    expect(text).toMatch(
      /flyte_egress_ingest_rejected_total\{source="kafka",reason="unknown_message_name"\} 1/,
    );
  });

  it.each([
    {
      label: 'garbage protobuf',
      headers: { 'content-type': 'application/x-protobuf' },
      path: '/v1/events/task',
      body: Buffer.from('\u00ff\u00ff\u00ff'),
      status: 400,
    },
    {
      label: 'an unsupported content type',
      headers: { 'content-type': 'text/plain' },
      path: '/v1/events/task',
      body: Buffer.from('hello'),
      status: 415,
    },
    {
      label: 'a body over the limit',
      headers: { 'content-type': 'application/x-protobuf' },
      path: '/v1/events/task',
      body: Buffer.alloc(4_096, 1),
      status: 413,
    },
    {
      label: 'an unknown path',
      headers: { 'content-type': 'application/x-protobuf' },
      path: '/v2/nothing',
      body: Buffer.alloc(1),
      status: 404,
    },
  ])('over HTTP get a status and a reason: $label', async ({ headers, path, body, status }) => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port: pipeline.httpPort, path, method: 'POST', headers },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body)).toMatchObject({
      reason: expect.any(String),
      message: expect.any(String),
    });
  });
});
