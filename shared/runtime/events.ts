/**
 * Trigger messages of the log-analysis function: S3 "Object Created" events delivered by EventBridge (via SQS), and
 * classic S3 event notifications (via SQS, keys URL-encoded). Pure parsing; a message that is not one of these is
 * reported as malformed (by message id only, never its body).
 */

export interface ObjectRef {
  bucket: string;
  key: string;
  etag?: string;
  size?: number;
  sequencer?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects named by one SQS message body; `[]` for messages to ignore (S3 test events). Throws on anything else. */
export function objectsFromMessage(body: string): ObjectRef[] {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    throw new Error('message body is not JSON');
  }
  if (!isObj(v)) throw new Error('message body is not an object');
  // EventBridge envelope (S3 -> EventBridge -> SQS)
  if (v.source === 'aws.s3' && isObj(v.detail)) {
    if (v['detail-type'] !== 'Object Created') return [];
    const d = v.detail;
    const bucket = isObj(d.bucket) ? d.bucket.name : undefined;
    const o = isObj(d.object) ? d.object : undefined;
    if (typeof bucket !== 'string' || !o || typeof o.key !== 'string') throw new Error('Object Created event without bucket/key');
    return [{ bucket, key: o.key, etag: str(o.etag), size: typeof o.size === 'number' ? o.size : undefined, sequencer: str(o.sequencer) }];
  }
  // S3 test event sent when a notification is configured
  if (v.Event === 's3:TestEvent') return [];
  // classic S3 notification (S3 -> SQS), possibly wrapped by SNS
  const inner = typeof v.Message === 'string' && v.Type === 'Notification' ? safeParse(v.Message) : v;
  if (isObj(inner) && Array.isArray(inner.Records)) {
    const out: ObjectRef[] = [];
    for (const r of inner.Records) {
      if (!isObj(r) || r.eventSource !== 'aws:s3' || !String(r.eventName ?? '').startsWith('ObjectCreated')) continue;
      const s3 = isObj(r.s3) ? r.s3 : undefined;
      const bucket = s3 && isObj(s3.bucket) ? s3.bucket.name : undefined;
      const o = s3 && isObj(s3.object) ? s3.object : undefined;
      if (typeof bucket !== 'string' || !o || typeof o.key !== 'string') throw new Error('S3 notification without bucket/key');
      out.push({
        bucket,
        key: decodeURIComponent(o.key.replace(/\+/g, ' ')),
        etag: str(o.eTag),
        size: typeof o.size === 'number' ? o.size : undefined,
        sequencer: str(o.sequencer),
      });
    }
    return out;
  }
  throw new Error('not an S3 Object Created event');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
