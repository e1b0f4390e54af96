import { createServer, type Server } from 'node:http';
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allFailedResponseXml,
  errorResponseXml,
  isPublishBatch,
  parseBatchRequest,
  successfulCount,
  withFailedEntries,
  withoutEntries,
  type EntryFailure,
} from '../../../src/devstack/sns-fault-proxy.js';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:events';

function batchBody(ids: readonly string[]): string {
  const form = new URLSearchParams({ Action: 'PublishBatch', Version: '2010-03-31' });
  form.set('TopicArn', TOPIC_ARN);
  ids.forEach((id, position) => {
    const prefix = `PublishBatchRequestEntries.member.${position + 1}`;
    form.set(`${prefix}.Id`, id);
    form.set(`${prefix}.Message`, `message ${id}`);
    form.set(`${prefix}.Subject`, 'flyteidl.admin.TaskExecutionEventRequest');
    form.set(`${prefix}.MessageAttributes.entry.1.Name`, 'event_id');
    form.set(`${prefix}.MessageAttributes.entry.1.Value.DataType`, 'String');
    form.set(`${prefix}.MessageAttributes.entry.1.Value.StringValue`, `event-${id}`);
  });
  return form.toString();
}

function successResponse(ids: readonly string[], failed: string): string {
  const members = ids.map((id) => `<member><Id>${id}</Id><MessageId>m-${id}</MessageId></member>`);
  return (
    '<PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishBatchResult>' +
    `<Successful>${members.join('')}</Successful>${failed}</PublishBatchResult>` +
    '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishBatchResponse>'
  );
}

describe('parseBatchRequest', () => {
  it('reads entries in member order with their string attributes', () => {
    const view = parseBatchRequest(batchBody(['0', '1', '2']), 7);
    expect(view.number).toBe(7);
    expect(view.topicArn).toBe(TOPIC_ARN);
    expect(view.entries.map((entry) => entry.id)).toEqual(['0', '1', '2']);
    expect(view.entries[1]).toEqual({
      id: '1',
      message: 'message 1',
      subject: 'flyteidl.admin.TaskExecutionEventRequest',
      attributes: { event_id: 'event-1' },
    });
  });

  it('tells PublishBatch from other actions', () => {
    expect(isPublishBatch(batchBody(['0']))).toBe(true);
    expect(isPublishBatch('Action=Publish&TopicArn=x')).toBe(false);
  });
});

describe('withoutEntries', () => {
  it('removes the entries and numbers the rest from 1 without gaps', () => {
    const body = withoutEntries(batchBody(['0', '1', '2', '3']), new Set(['0', '2']));
    const form = new URLSearchParams(body);
    expect(form.get('Action')).toBe('PublishBatch');
    expect(form.get('TopicArn')).toBe(TOPIC_ARN);
    expect(form.get('PublishBatchRequestEntries.member.1.Id')).toBe('1');
    expect(form.get('PublishBatchRequestEntries.member.2.Id')).toBe('3');
    expect(form.get('PublishBatchRequestEntries.member.2.Message')).toBe('message 3');
    expect(form.has('PublishBatchRequestEntries.member.3.Id')).toBe(false);
    expect(parseBatchRequest(body, 1).entries.map((entry) => entry.attributes.event_id)).toEqual([
      'event-1',
      'event-3',
    ]);
  });
});

describe('withFailedEntries', () => {
  const failures: EntryFailure[] = [
    { id: '1', code: 'InternalFailure', senderFault: false },
    { id: '3', code: 'InvalidParameter', senderFault: true, message: 'a <bad> entry' },
  ];

  it.each([
    { form: 'an empty element', failed: '<Failed/>' },
    { form: 'an open and a close tag', failed: '<Failed></Failed>' },
    { form: 'no element', failed: '' },
  ])('adds Failed members to a response whose Failed list is $form', ({ failed }) => {
    const xml = withFailedEntries(successResponse(['0', '2'], failed), failures);
    expect(xml.match(/<Failed>/g)).toHaveLength(1);
    expect(xml).toContain(
      '<member><Id>1</Id><Code>InternalFailure</Code><Message>injected InternalFailure</Message>' +
        '<SenderFault>false</SenderFault></member>',
    );
    expect(xml).toContain('<Message>a &lt;bad&gt; entry</Message>');
    expect(successfulCount(xml)).toBe(2);
  });
});

/** A server that answers every request with one canned response, to see what the SDK reads. */
describe('the SNS client reads the XML the proxy writes', () => {
  let server: Server;
  let answer = { status: 200, body: '' };
  let client: SNSClient;

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () =>
        response.writeHead(answer.status, { 'content-type': 'text/xml' }).end(answer.body),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    client = new SNSClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const publish = () =>
    client.send(
      new PublishBatchCommand({
        TopicArn: TOPIC_ARN,
        PublishBatchRequestEntries: [{ Id: '0', Message: 'm' }],
      }),
    );

  it('as Successful and Failed entries with their fault flags', async () => {
    const failures: EntryFailure[] = [
      { id: '1', code: 'InternalFailure', senderFault: false },
      { id: '2', code: 'InvalidParameter', senderFault: true },
    ];
    answer = {
      status: 200,
      body: withFailedEntries(successResponse(['0'], '<Failed/>'), failures),
    };
    const output = await publish();
    expect(output.Successful).toEqual([{ Id: '0', MessageId: 'm-0' }]);
    expect(output.Failed).toEqual([
      {
        Id: '1',
        Code: 'InternalFailure',
        Message: 'injected InternalFailure',
        SenderFault: false,
      },
      {
        Id: '2',
        Code: 'InvalidParameter',
        Message: 'injected InvalidParameter',
        SenderFault: true,
      },
    ]);
  });

  it('as a request whose every entry failed', async () => {
    answer = {
      status: 200,
      body: allFailedResponseXml([{ id: '0', code: 'InternalFailure', senderFault: false }]),
    };
    const output = await publish();
    expect(output.Successful ?? []).toEqual([]);
    expect(output.Failed?.map((entry) => entry.Id)).toEqual(['0']);
  });

  it.each([
    { code: 'Throttling', status: 400, sender: true, name: 'Throttling' },
    { code: 'InternalError', status: 500, sender: false, name: 'InternalErrorException' },
    { code: 'ServiceUnavailable', status: 503, sender: false, name: 'ServiceUnavailable' },
    { code: 'AuthorizationError', status: 403, sender: true, name: 'AuthorizationErrorException' },
    { code: 'NotFound', status: 404, sender: true, name: 'NotFoundException' },
  ])('as the service error $name for code $code', async ({ code, status, sender, name }) => {
    answer = { status, body: errorResponseXml(code, 'injected', sender) };
    const error = await publish().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({
      name,
      message: 'injected',
      $fault: sender ? 'client' : 'server',
      $metadata: { httpStatusCode: status },
    });
  });
});
