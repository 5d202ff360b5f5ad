import { describe, expect, it } from 'vitest';
import { objectsFromMessage } from '../../../shared/runtime/events.ts';

describe('objectsFromMessage', () => {
  it('EventBridge Object Created, classic S3 notifications (URL-encoded keys, SNS-wrapped), test events', () => {
    expect(
      objectsFromMessage(
        JSON.stringify({
          source: 'aws.s3',
          'detail-type': 'Object Created',
          detail: { bucket: { name: 'b' }, object: { key: 'a/b c.json.gz', size: 3, etag: 'e', sequencer: 's' } },
        }),
      ),
    ).toEqual([{ bucket: 'b', key: 'a/b c.json.gz', size: 3, etag: 'e', sequencer: 's' }]);
    expect(objectsFromMessage(JSON.stringify({ source: 'aws.s3', 'detail-type': 'Object Deleted', detail: {} }))).toEqual([]);
    const classic = {
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'b' }, object: { key: 'x/my+file%3D1.json.gz', size: 9, eTag: 't' } },
        },
      ],
    };
    expect(objectsFromMessage(JSON.stringify(classic))).toEqual([
      { bucket: 'b', key: 'x/my file=1.json.gz', size: 9, etag: 't', sequencer: undefined },
    ]);
    expect(objectsFromMessage(JSON.stringify({ Type: 'Notification', Message: JSON.stringify(classic) }))).toHaveLength(1);
    expect(objectsFromMessage(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }))).toEqual([]);
  });
  it('throws (without echoing the body) on anything else', () => {
    expect(() => objectsFromMessage('SECRET not json')).toThrow('message body is not JSON');
    expect(() => objectsFromMessage('{"hello":1}')).toThrow('not an S3 Object Created event');
    expect(() => objectsFromMessage(JSON.stringify({ source: 'aws.s3', 'detail-type': 'Object Created', detail: { bucket: {} } }))).toThrow(
      /bucket\/key/,
    );
  });
});
