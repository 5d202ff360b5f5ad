/**
 * Format auto-detection and record dispatch. One reader handles, per file and per line:
 * - Bedrock invocation logs (JSON lines; S3 objects gzipped; CloudWatch export lines `<ISO time> <json>`);
 * - CloudWatch Logs subscription payloads (`{"awslogs":{"data": base64 gzip}}` or the decoded
 *   `{"messageType":"DATA_MESSAGE","logEvents":[...]}`; CONTROL_MESSAGE ignored) and `aws logs get/filter-log-events`
 *   output (`{"events":[{"message": ...}]}`);
 * - SageMaker endpoint data capture JSON lines;
 * - CloudTrail files (`{"Records":[...]}`), CloudTrail records as JSON lines, EventBridge "AWS API Call via CloudTrail"
 *   envelopes;
 * - pretty-printed (multi-line) JSON documents of any of the above, and JSON arrays of records.
 * A record that cannot be parsed is reported to `malformed` with a reference (uri + line / event id), never its
 * content; the rest of the stream goes on.
 */
import { gunzipSync } from 'node:zlib';
import type { InvocationRecord, RecordRef, TrailEvent } from '../domain/runtime.ts';
import { extractBedrockInvocation, isBedrockInvocation, offloadedPaths } from './bedrock.ts';
import { extractTrailEvent, isTrailEnvelope, isTrailRecord } from './cloudtrail.ts';
import { DEFAULT_MAX_LINE_BYTES, DepthScanner, LineSplitter, maybeGunzip } from './lines.ts';
import { extractSageMakerCapture, isSageMakerCapture } from './sagemaker.ts';
import { timeFromKey } from './time.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fetches an offloaded body (`inputBodyS3Path` / `outputBodyS3Path`); undefined when it cannot be read. */
export interface BodyResolver {
  resolve(s3Uri: string): Promise<unknown | undefined>;
}

export interface RecordHandler {
  invocation(rec: InvocationRecord): void;
  trail(evt: TrailEvent): void;
  malformed(ref: RecordRef, reason: string): void;
  /** Something deliberately not analyzed (control messages, non-CloudTrail events, empty lines are not reported). */
  skipped?(reason: string): void;
  /** A record was analyzed with defaulted fields (e.g. no readable timestamp). */
  defaulted?(ref: RecordRef, fields: string[]): void;
}

export interface ReadOptions {
  /** Where the stream comes from (`s3://`, `file://`, `cwl://`). */
  uri: string;
  resolver?: BodyResolver;
  accountId?: string;
  region?: string;
  /** SageMaker endpoint name when known (else read from the capture key). */
  endpointName?: string;
  maxLineBytes?: number;
  /** Max size of one multi-line document. */
  maxDocBytes?: number;
  /**
   * Rethrow read errors other than corrupt compression (e.g. a network reset on an S3 body) so the caller retries the
   * whole object; corrupt data is never retried (dead-lettered by reference instead).
   */
  rethrowReadErrors?: boolean;
  /** Called after the records of each chunk were dispatched; may return a promise (e.g. load baselines). */
  afterChunk?: () => Promise<void> | undefined;
}

export interface ReadStats {
  lines: number;
  bytes: number;
  records: number;
  malformed: number;
}

/** Max first-line length that may open a multi-line document (pretty-printed files start with a short line). */
const DOC_OPENER_MAX = 256;
const CW_EXPORT_PREFIX = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\s+(?=[[{])/;

interface Ctx {
  opts: ReadOptions;
  h: RecordHandler;
  stats: ReadStats;
  keyTime?: string;
}

/** Reads a (possibly gzipped) byte stream of any supported format and dispatches its records. */
export async function readLogStream(src: AsyncIterable<unknown>, opts: ReadOptions, h: RecordHandler): Promise<ReadStats> {
  const stats: ReadStats = { lines: 0, bytes: 0, records: 0, malformed: 0 };
  const ctx: Ctx = { opts, h: countingHandler(h, stats), stats, keyTime: timeFromKey(opts.uri) };
  const splitter = new LineSplitter(opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  const maxDoc = opts.maxDocBytes ?? DEFAULT_MAX_LINE_BYTES;
  let doc: { parts: string[]; bytes: number; scanner: DepthScanner; startLine: number } | undefined;
  let docMode = false;
  let seenContent = false;

  const onLine = (line: string | null): Promise<void> | undefined => {
    const lineNo = ++stats.lines;
    if (line === null) {
      if (doc) doc = undefined;
      ctx.h.malformed({ uri: opts.uri, line: lineNo }, 'line-too-long');
      seenContent = true;
      return;
    }
    if (doc) {
      doc.parts.push(line);
      doc.bytes += line.length + 1;
      if (doc.scanner.feed(line) <= 0) {
        const text = doc.parts.join('\n');
        const ref = { uri: opts.uri, line: doc.startLine };
        doc = undefined;
        let v: unknown;
        try {
          v = JSON.parse(text);
        } catch {
          ctx.h.malformed(ref, 'invalid-json');
          return;
        }
        return dispatchValue(v, ref, ctx, 0);
      } else if (doc.bytes > maxDoc) {
        ctx.h.malformed({ uri: opts.uri, line: doc.startLine }, 'document-too-large');
        doc = undefined;
      }
      return;
    }
    let text = line;
    let i = 0;
    while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i === text.length) return;
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      const m = CW_EXPORT_PREFIX.exec(text);
      if (m) text = text.slice(m[0].length);
    } else if (c === 0xfeff) text = text.slice(i + 1);
    const ref: RecordRef = { uri: opts.uri, line: lineNo };
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      const t = text.trim();
      if ((t.startsWith('{') || t.startsWith('[')) && (!seenContent || docMode) && t.length <= DOC_OPENER_MAX) {
        const scanner = new DepthScanner();
        if (scanner.feed(t) > 0) {
          docMode = true;
          seenContent = true;
          doc = { parts: [text], bytes: text.length, scanner, startLine: lineNo };
          return;
        }
      }
      seenContent = true;
      ctx.h.malformed(ref, 'invalid-json');
      return;
    }
    seenContent = true;
    return dispatchValue(v, ref, ctx, 0);
  };

  try {
    for await (const chunk of maybeGunzip(src)) {
      stats.bytes += chunk.length;
      const lines = splitter.push(chunk);
      for (let i = 0; i < lines.length; i++) {
        const p = onLine(lines[i]);
        if (p) await p;
      }
      const after = opts.afterChunk?.();
      if (after) await after;
    }
    for (const line of splitter.end()) {
      const p = onLine(line);
      if (p) await p;
    }
    if (doc) ctx.h.malformed({ uri: opts.uri, line: doc.startLine }, 'truncated-document');
  } catch (err) {
    const code = errorCode(err);
    if (opts.rethrowReadErrors && !code.startsWith('Z_')) throw err;
    // corrupt gzip (or a read error where retrying is not possible): what was read is kept; the rest is dead-lettered by reference
    ctx.h.malformed({ uri: opts.uri, line: stats.lines + 1 }, `stream-error:${code}`);
  }
  return stats;
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; name?: unknown };
    if (typeof e.code === 'string') return e.code;
    if (typeof e.name === 'string') return e.name;
  }
  return 'unknown';
}

function countingHandler(h: RecordHandler, stats: ReadStats): RecordHandler {
  return {
    invocation(r) {
      stats.records++;
      h.invocation(r);
    },
    trail(e) {
      stats.records++;
      h.trail(e);
    },
    malformed(ref, reason) {
      stats.malformed++;
      h.malformed(ref, reason);
    },
    skipped: (r) => h.skipped?.(r),
    defaulted: (ref, f) => h.defaulted?.(ref, f),
  };
}

/** Dispatches an already-parsed value (e.g. a Lambda event) with the same detection as `readLogStream`. */
export async function dispatchParsed(v: unknown, opts: ReadOptions, h: RecordHandler, ref?: RecordRef): Promise<ReadStats> {
  const stats: ReadStats = { lines: 0, bytes: 0, records: 0, malformed: 0 };
  const ctx: Ctx = { opts, h: countingHandler(h, stats), stats, keyTime: timeFromKey(opts.uri) };
  const p = dispatchValue(v, ref ?? { uri: opts.uri }, ctx, 0);
  if (p) await p;
  return stats;
}

function dispatchValue(v: unknown, ref: RecordRef, ctx: Ctx, depth: number): Promise<void> | undefined {
  if (depth > 4) {
    ctx.h.malformed(ref, 'nesting-too-deep');
    return;
  }
  if (Array.isArray(v)) return dispatchList(v, ref, ctx, depth, '');
  if (!isObj(v)) {
    ctx.h.malformed(ref, 'not-an-object');
    return;
  }
  const o = v;
  if (isBedrockInvocation(o)) return bedrock(o, ref, ctx);
  if (isTrailRecord(o)) {
    emitTrail(o, ref, ctx);
    return;
  }
  if (isTrailEnvelope(o)) {
    const env = {
      account: typeof o.account === 'string' ? o.account : undefined,
      region: typeof o.region === 'string' ? o.region : undefined,
      time: typeof o.time === 'string' ? o.time : undefined,
      id: typeof o.id === 'string' ? o.id : undefined,
    };
    emitTrail(o.detail as Obj, ref, ctx, env);
    return;
  }
  if (isSageMakerCapture(o)) {
    try {
      const { record, defaulted } = extractSageMakerCapture(o, ref, {
        accountId: ctx.opts.accountId,
        region: ctx.opts.region,
        endpointName: ctx.opts.endpointName,
        timestamp: ctx.keyTime,
      });
      if (defaulted.length) ctx.h.defaulted?.(ref, defaulted);
      ctx.h.invocation(record);
    } catch {
      ctx.h.malformed(ref, 'sagemaker-capture-unreadable');
    }
    return;
  }
  if (Array.isArray(o.Records)) return dispatchList(o.Records, ref, ctx, depth, 'Records');
  if (isObj(o.awslogs) && typeof o.awslogs.data === 'string') {
    let decoded: unknown;
    try {
      decoded = JSON.parse(gunzipSync(Buffer.from(o.awslogs.data, 'base64')).toString('utf8'));
    } catch {
      ctx.h.malformed(ref, 'cloudwatch-payload-undecodable');
      return;
    }
    return dispatchValue(decoded, ref, ctx, depth + 1);
  }
  if (typeof o.messageType === 'string' && Array.isArray(o.logEvents)) {
    if (o.messageType !== 'DATA_MESSAGE') {
      ctx.h.skipped?.('cloudwatch-control-message');
      return;
    }
    const uri = `cwl://${String(o.logGroup ?? '')}/${String(o.logStream ?? '')}`;
    return dispatchMessages(o.logEvents, uri, ref, ctx, depth);
  }
  if (Array.isArray(o.events) && o.events.length > 0 && isObj(o.events[0]) && typeof o.events[0].message === 'string') {
    return dispatchMessages(o.events, ref.uri, ref, ctx, depth);
  }
  if (typeof o['detail-type'] === 'string') {
    ctx.h.skipped?.('eventbridge-not-cloudtrail');
    return;
  }
  // wrappers some tools put around a record: SIEM test fixtures `{"log": {...}}`, shippers `{"message": "<json>"}`
  const inner = isObj(o.log) ? o.log : isObj(o.Log) ? o.Log : isObj(o.record) ? o.record : undefined;
  if (inner) return dispatchValue(inner, ref, ctx, depth + 1);
  if (typeof o.message === 'string' && /^\s*\{/.test(o.message)) {
    let m: unknown;
    try {
      m = JSON.parse(o.message);
    } catch {
      ctx.h.malformed(ref, 'invalid-json');
      return;
    }
    return dispatchValue(m, ref, ctx, depth + 1);
  }
  ctx.h.malformed(ref, 'unrecognized-format');
}

function dispatchList(list: unknown[], ref: RecordRef, ctx: Ctx, depth: number, label: string): Promise<void> | undefined {
  let chain: Promise<void> | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const itemRef: RecordRef = { ...ref, eventId: `${label}[${i}]` };
    if (isObj(item) && item.eventSource === 'aws:s3') {
      ctx.h.skipped?.('s3-notification');
      continue;
    }
    if (chain) {
      chain = chain.then(() => dispatchValue(item, itemRef, ctx, depth + 1));
      continue;
    }
    const p = dispatchValue(item, itemRef, ctx, depth + 1);
    if (p) chain = p;
  }
  return chain;
}

function dispatchMessages(events: unknown[], uri: string, ref: RecordRef, ctx: Ctx, depth: number): Promise<void> | undefined {
  let chain: Promise<void> | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const id = isObj(e) && typeof e.id === 'string' ? e.id : isObj(e) && typeof e.eventId === 'string' ? e.eventId : `events[${i}]`;
    const eref: RecordRef = uri === ref.uri ? { ...ref, eventId: id } : { uri, eventId: id };
    const msg = isObj(e) ? e.message : undefined;
    if (typeof msg !== 'string') {
      ctx.h.malformed(eref, 'log-event-without-message');
      continue;
    }
    let v: unknown;
    try {
      v = JSON.parse(msg);
    } catch {
      ctx.h.malformed(eref, 'invalid-json');
      continue;
    }
    if (chain) {
      chain = chain.then(() => dispatchValue(v, eref, ctx, depth + 1));
      continue;
    }
    const p = dispatchValue(v, eref, ctx, depth + 1);
    if (p) chain = p;
  }
  return chain;
}

function emitTrail(rec: Obj, ref: RecordRef, ctx: Ctx, env?: { account?: string; region?: string; time?: string; id?: string }): void {
  try {
    const { event, defaulted } = extractTrailEvent(rec, ref, env);
    if (defaulted.length) ctx.h.defaulted?.(ref, defaulted);
    ctx.h.trail(event);
  } catch {
    ctx.h.malformed(ref, 'cloudtrail-record-unreadable');
  }
}

function bedrock(o: Obj, ref: RecordRef, ctx: Ctx): Promise<void> | undefined {
  const paths = offloadedPaths(o);
  if ((paths.input || paths.output) && ctx.opts.resolver) {
    const resolver = ctx.opts.resolver;
    return (async () => {
      const offloaded: { input?: unknown; output?: unknown } = {};
      const missing: string[] = [];
      if (paths.input) {
        const body = await resolver.resolve(paths.input).catch(() => undefined);
        if (body === undefined) missing.push('inputBody');
        else offloaded.input = unwrapOffloaded(body, 'inputBodyJson');
      }
      if (paths.output) {
        const body = await resolver.resolve(paths.output).catch(() => undefined);
        if (body === undefined) missing.push('outputBody');
        else offloaded.output = unwrapOffloaded(body, 'outputBodyJson');
      }
      emitBedrock(o, ref, ctx, offloaded, missing);
    })();
  }
  emitBedrock(o, ref, ctx, {}, paths.input || paths.output ? ['offloadedBody'] : []);
  return undefined;
}

function unwrapOffloaded(body: unknown, key: string): unknown {
  return isObj(body) && key in body ? body[key] : body;
}

function emitBedrock(o: Obj, ref: RecordRef, ctx: Ctx, offloaded: { input?: unknown; output?: unknown }, missing: string[]): void {
  let res: ReturnType<typeof extractBedrockInvocation>;
  try {
    res = extractBedrockInvocation(o, ref, { timestamp: ctx.keyTime, accountId: ctx.opts.accountId, region: ctx.opts.region }, offloaded);
  } catch {
    ctx.h.malformed(ref, 'invocation-record-unreadable');
    return;
  }
  const defaulted = missing.length ? [...res.defaulted, ...missing] : res.defaulted;
  if (defaulted.length) ctx.h.defaulted?.(ref, defaulted);
  ctx.h.invocation(res.record);
}
