import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfigFile, loadConfigText } from '../../../src/config/load-config.js';

const brokersEnv = { FLYTE_EGRESS_KAFKA__BROKERS: 'broker-a:9092,broker-b:9092' };

function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    loadConfigText(text, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((problem) => `${problem.path}: ${problem.message}`);
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfigFile', () => {
  it('turns the AWS SNS block from Flyte documentation into one SNS sink', () => {
    const config = loadConfigFile('examples/flyte-aws-sns.yaml', brokersEnv);
    expect(config.kafka.brokers).toEqual(['broker-a:9092', 'broker-b:9092']);
    expect(config.sinks).toHaveLength(1);
    const [sink] = config.sinks;
    expect(sink).toMatchObject({
      name: 'cloud-events',
      type: 'aws',
      region: 'us-east-2',
      topicName: 'arn:aws:sns:us-east-2:123456:123-my-topic',
      fifo: false,
      batch: { maxCount: 10, maxBytes: 262_144 },
    });
    expect([...(sink?.wants ?? [])].sort()).toEqual(['node', 'task', 'workflow']);
  });

  it('turns the GCP Pub/Sub block from Flyte documentation into one Pub/Sub sink', () => {
    const config = loadConfigFile('examples/flyte-gcp-pubsub.yaml', {
      ...brokersEnv,
      PUBSUB_PROJECT_ID: 'my-project',
    });
    expect(config.sinks[0]).toMatchObject({
      type: 'gcp',
      topicName: 'my-topic',
      projectId: 'my-project',
      payloadEncoding: 'base64',
    });
  });

  it('accepts the older externalEvents key', () => {
    const text = readFileSync('examples/flyte-aws-sns.yaml', 'utf8').replace(
      'cloudEvents:',
      'externalEvents:',
    );
    const config = loadConfigText(text, brokersEnv);
    expect(config.sinks.map((sink) => sink.name)).toEqual(['external-events']);
  });

  it('reads the SNS endpoint override from AWS_ENDPOINT_URL_SNS', () => {
    const config = loadConfigFile('examples/flyte-aws-sns.yaml', {
      ...brokersEnv,
      AWS_ENDPOINT_URL_SNS: 'http://127.0.0.1:5000',
    });
    expect(config.sinks[0]).toMatchObject({ endpoint: 'http://127.0.0.1:5000' });
  });

  it('reads a single broker from the environment as a list of one', () => {
    const config = loadConfigFile('examples/flyte-aws-sns.yaml', {
      FLYTE_EGRESS_KAFKA__BROKERS: 'localhost:9092',
    });
    expect(config.kafka.brokers).toEqual(['localhost:9092']);
  });

  it('detects a FIFO topic from its name', () => {
    const text = `
kafka: { brokers: ['k:9092'] }
sinks:
  - { name: fifo, type: aws, topicName: 'arn:aws:sns:us-east-1:1:t.fifo', aws: { region: us-east-1 } }
`;
    expect(loadConfigText(text, {}).sinks[0]).toMatchObject({ fifo: true });
  });

  it('lets an environment variable override a nested field', () => {
    const text = `
kafka: { brokers: ['k:9092'], internalTopic: from-file }
sinks:
  - { name: a, type: gcp, topicName: t, eventTypes: [task] }
`;
    const config = loadConfigText(text, {
      FLYTE_EGRESS_KAFKA__INTERNAL_TOPIC: 'from-env',
      FLYTE_EGRESS_SINKS__0__EVENT_TYPES: 'task,node',
    });
    expect(config.kafka.internalTopic).toBe('from-env');
    expect([...(config.sinks[0]?.wants ?? [])].sort()).toEqual(['node', 'task']);
  });
});

describe('loadConfigText rejects', () => {
  it('an unknown eventTypes entry, naming the field and the accepted values', () => {
    const problems = problemsOf(`
kafka: { brokers: ['k:9092'] }
sinks:
  - { name: a, type: gcp, topicName: t, eventTypes: [task, tasks] }
`);
    expect(problems).toEqual([
      expect.stringMatching(/^sinks\[0\]\.eventTypes\[1\]: .*"all".*"workflow".*got "tasks"/),
    ]);
  });

  it('an unknown sink type', () => {
    const problems = problemsOf(`
kafka: { brokers: ['k:9092'] }
sinks: [{ name: a, type: sqs, topicName: t }]
`);
    expect(problems).toEqual(['sinks[0].type: expected aws or gcp (got "sqs")']);
  });

  it('a missing Kafka section', () => {
    expect(problemsOf('sinks: []')).toEqual([expect.stringMatching(/^kafka: /)]);
  });

  it('a broker address without a port', () => {
    expect(problemsOf("kafka: { brokers: ['k'] }")).toEqual([
      'kafka.brokers[0]: expected host:port (got "k")',
    ]);
  });

  it('an unknown key', () => {
    expect(problemsOf("kafka: { brokers: ['k:1'] }\nsinkz: []")).toEqual([
      expect.stringContaining('sinkz'),
    ]);
  });

  it('an SNS batch larger than PublishBatch allows', () => {
    const problems = problemsOf(`
kafka: { brokers: ['k:9092'] }
sinks:
  - { name: a, type: aws, topicName: t, aws: { region: r }, batch: { maxCount: 11 } }
`);
    expect(problems).toEqual([expect.stringMatching(/^sinks\.a\.batch: expected maxCount <= 10/)]);
  });

  it('two sinks of one name', () => {
    const problems = problemsOf(`
kafka: { brokers: ['k:9092'] }
sinks:
  - { name: a, type: gcp, topicName: t }
  - { name: a, type: gcp, topicName: u }
`);
    expect(problems).toEqual([expect.stringMatching(/^sinks\[1\]\.name: expected a unique name/)]);
  });

  it('an enabled Flyte block without eventsPublisher', () => {
    expect(
      problemsOf(
        "kafka: { brokers: ['k:1'] }\ncloudEvents: { enable: true, type: aws, aws: { region: r } }",
      ),
    ).toEqual(['cloudEvents.eventsPublisher: expected topicName and eventTypes']);
  });

  it('YAML that does not parse', () => {
    expect(problemsOf('kafka: [')).toEqual([expect.stringMatching(/^\(yaml\): /)]);
  });
});
