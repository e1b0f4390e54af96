import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, MessageName } from '../../../../src/events/event-type.js';
import { encodeRequest, executionKeyOf } from '../../../../src/events/flyte-request.js';
import {
  decodeHttpRequest,
  decodeKafkaRecord,
  type DecodeResult,
} from '../../../../src/ingest/decode/index.js';
import {
  cloudEventData,
  flyteAdminV1CloudEvents,
  kafkaCloudEventHeaders,
} from '../../../fixtures/flyteadmin-cloud-events.js';
import { sampleExecutionStory } from '../../../fixtures/flyte-events.js';

const runs = 1000;

/** A small seeded generator (mulberry32), so that a failing case can be replayed. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomInt(random: () => number, below: number): number {
  return Math.floor(random() * below);
}

function randomBytes(random: () => number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) bytes[i] = randomInt(random, 256);
  return bytes;
}

/** The framings garbage can arrive in: named protobuf of each type, cloud events of each mode. */
const framings: ReadonlyArray<(value: Buffer) => DecodeResult> = [
  ...EVENT_TYPES.map(
    (type) => (value: Buffer) =>
      decodeKafkaRecord(value, { 'flyte-message-name': MessageName[type] }),
  ),
  (value) =>
    decodeKafkaRecord(value, {
      ...kafkaCloudEventHeaders(flyteAdminV1CloudEvents.task),
      'content-type': 'application/protobuf',
    }),
  (value) => decodeKafkaRecord(value, kafkaCloudEventHeaders(flyteAdminV1CloudEvents.node)),
  (value) => decodeKafkaRecord(value, { 'content-type': 'application/cloudevents+json' }),
  (value) => decodeHttpRequest({ path: '/v1/events/workflow', headers: {}, body: value }),
];

/** An accepted request must carry an event with an execution identity. */
function expectSound(result: DecodeResult): void {
  if (!result.ok) return;
  expect(result.request.message.event).toBeDefined();
  expect(executionKeyOf(result.request)).toMatch(/^[^/]+\/[^/]+\/[^/]+$/);
}

const story = sampleExecutionStory().map((request) => ({
  request,
  bytes: Buffer.from(encodeRequest(request)),
}));

describe('decodeKafkaRecord and decodeHttpRequest on hostile input', () => {
  it(`decodeKafkaRecord never throws on, and never accepts, ${runs} random garbage buffers`, () => {
    const random = randomSource(0x5eed);
    const accepted: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const value = randomBytes(random, 1 + randomInt(random, 512));
      const decode = framings[run % framings.length]!;
      const result = decode(value);
      expectSound(result);
      if (result.ok) accepted.push(run);
    }
    expect(accepted).toEqual([]);
  });

  it(`decodeKafkaRecord never throws on, and never accepts, ${runs} truncations of valid protobuf`, () => {
    const random = randomSource(0x7a11);
    for (let run = 0; run < runs; run += 1) {
      const { request, bytes } = story[randomInt(random, story.length)]!;
      const cut = randomInt(random, bytes.length);
      const headers = { 'flyte-message-name': MessageName[request.type] };
      const result = decodeKafkaRecord(bytes.subarray(0, cut), headers);
      expectSound(result);
      expect(result.ok, `prefix of ${cut} of ${bytes.length} bytes`).toBe(false);
    }
  });

  it(`decodeKafkaRecord never throws on, and never accepts, ${runs} truncations of jsonpb data`, () => {
    const random = randomSource(0xc0de);
    const samples = Object.values(flyteAdminV1CloudEvents);
    for (let run = 0; run < runs; run += 1) {
      const sample = samples[randomInt(random, samples.length)]!;
      const data = cloudEventData(sample);
      // Trailing whitespace would leave the document whole; cut inside the object.
      const cut = randomInt(random, data.toString('utf8').trimEnd().length);
      const result = decodeKafkaRecord(data.subarray(0, cut), kafkaCloudEventHeaders(sample));
      expectSound(result);
      expect(result.ok, `prefix of ${cut} bytes of ${sample.file}`).toBe(false);
    }
  });

  it(`decodeKafkaRecord never throws on ${runs} single-byte corruptions and accepts only keyed events`, () => {
    const random = randomSource(0xb17e);
    for (let run = 0; run < runs; run += 1) {
      const { request, bytes } = story[randomInt(random, story.length)]!;
      const corrupted = Buffer.from(bytes);
      corrupted[randomInt(random, corrupted.length)] = randomInt(random, 256);
      const headers = { 'flyte-message-name': MessageName[request.type] };
      expectSound(decodeKafkaRecord(corrupted, headers));
    }
  });
});
