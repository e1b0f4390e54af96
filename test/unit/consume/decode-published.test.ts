import { describe, expect, it } from 'vitest';
import { decodePublished } from '../../../src/consume/decode-published.js';
import { encodeRequest } from '../../../src/events/flyte-request.js';
import { sampleFlyteRequest } from '../../fixtures/flyte-events.js';

const task = sampleFlyteRequest('task');
const base64 = Buffer.from(encodeRequest(task)).toString('base64');

describe('decodePublished', () => {
  it('reads the SNS envelope an SQS queue holds', () => {
    const body = JSON.stringify({
      Type: 'Notification',
      Subject: 'flyteidl.admin.TaskExecutionEventRequest',
      Message: base64,
      MessageAttributes: { event_id: { Type: 'String', Value: 'abc' } },
    });
    const decoded = decodePublished(body);
    expect(decoded).toMatchObject({ eventType: 'task', eventId: 'abc' });
    expect(decoded.request).toMatchObject({
      event: { taskId: { name: task.type === 'task' ? task.message.event?.taskId?.name : '' } },
    });
  });

  it('reads a Pub/Sub message whose data is base64 text, shown base64-encoded again', () => {
    const message = {
      message: {
        data: Buffer.from(base64).toString('base64'),
        attributes: { key: 'flyteidl.admin.TaskExecutionEventRequest', event_id: 'x' },
      },
    };
    expect(decodePublished(JSON.stringify(message))).toMatchObject({
      eventType: 'task',
      eventId: 'x',
    });
  });

  it('reads a bare base64 message given its subject', () => {
    expect(decodePublished(base64, 'flyteidl.admin.TaskExecutionEventRequest').eventType).toBe(
      'task',
    );
  });

  it('refuses an unknown message name', () => {
    expect(() => decodePublished(base64, 'flyteidl.admin.Other')).toThrow(/unknown message name/);
  });
});
