/**
 * CloudTrail record (from S3 `{"Records": [...]}` files, JSON lines, or the `detail` of an EventBridge
 * "AWS API Call via CloudTrail" event) -> `TrailEvent`. Real data carries values no schema promises (anonymised or
 * unknown regions, missing fields, error records): a record is normalized as far as it can be, never rejected for a
 * missing optional field.
 */
import type { RecordRef, TrailEvent } from '../domain/runtime.ts';
import { normalizeTime } from './time.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export function isTrailRecord(o: Obj): boolean {
  if (typeof o.eventSource !== 'string' || typeof o.eventName !== 'string' || o.eventSource.startsWith('aws:')) return false;
  return o.eventSource.endsWith('.amazonaws.com') || 'eventTime' in o || 'eventID' in o || 'userIdentity' in o;
}

/** EventBridge envelope carrying a CloudTrail record in `detail` ("AWS API Call via CloudTrail" and China's "Amazon ..."). */
export function isTrailEnvelope(o: Obj): boolean {
  return typeof o['detail-type'] === 'string' && isObj(o.detail) && isTrailRecord(o.detail);
}

/** The caller identity of a CloudTrail record: the ARN (assumed-role session ARNs keep the session name). */
export function trailIdentity(ui: unknown): { identity: string; type?: string; accountId?: string } {
  if (!isObj(ui)) return { identity: 'unknown' };
  const type = str(ui.type);
  const sc = isObj(ui.sessionContext) ? ui.sessionContext : undefined;
  const issuer = sc && isObj(sc.sessionIssuer) ? sc.sessionIssuer : undefined;
  const identity =
    str(ui.arn) ??
    (issuer ? str(issuer.arn) : undefined) ??
    (type === 'AWSService' ? str(ui.invokedBy) : undefined) ??
    (str(ui.principalId) ? `${type ?? 'principal'}:${ui.principalId}` : undefined) ??
    (type ? `${type}:${str(ui.invokedBy) ?? 'unknown'}` : 'unknown');
  return { identity, type, accountId: str(ui.accountId) };
}

/**
 * The account a CloudTrail call was made in (the finding's account): `recipientAccountId`, else the envelope's
 * `account` (EventBridge sets it to the account whose bus received the event, kept when forwarded), not the caller's
 * (`userIdentity.accountId` differs for cross-account callers), which is only the last resort.
 */
export function trailAccountId(rec: Obj, envelopeAccount?: string): string {
  return str(rec.recipientAccountId) ?? str(envelopeAccount) ?? trailIdentity(rec.userIdentity).accountId ?? '';
}

export function extractTrailEvent(
  rec: Obj,
  source: RecordRef,
  envelope?: { account?: string; region?: string; time?: string; id?: string },
): { event: TrailEvent; defaulted: string[] } {
  const defaulted: string[] = [];
  const who = trailIdentity(rec.userIdentity);
  let eventTime = normalizeTime(rec.eventTime) ?? normalizeTime(envelope?.time);
  if (!eventTime) {
    defaulted.push('eventTime');
    eventTime = new Date(0).toISOString();
  }
  let eventId = str(rec.eventID) ?? envelope?.id;
  if (!eventId) {
    defaulted.push('eventId');
    eventId = `${source.uri}#${source.line ?? 0}`;
  }
  const region = str(rec.awsRegion) ?? envelope?.region ?? 'unknown';
  const accountId = str(rec.recipientAccountId) ?? str(envelope?.account) ?? who.accountId ?? '';
  const event: TrailEvent = {
    eventId,
    eventTime,
    eventSource: String(rec.eventSource),
    eventName: String(rec.eventName),
    region,
    accountId,
    identity: who.identity,
    source,
  };
  if (who.type) event.identityType = who.type;
  const ip = str(rec.sourceIPAddress);
  if (ip) event.sourceIp = ip;
  const ua = str(rec.userAgent);
  if (ua) event.userAgent = ua;
  const err = str(rec.errorCode);
  if (err) event.errorCode = err;
  if (typeof rec.readOnly === 'boolean') event.readOnly = rec.readOnly;
  else if (rec.readOnly === 'true' || rec.readOnly === 'false') event.readOnly = rec.readOnly === 'true';
  if (isObj(rec.requestParameters)) event.requestParameters = rec.requestParameters;
  if (isObj(rec.responseElements)) event.responseElements = rec.responseElements;
  return { event, defaulted };
}
