/**
 * Where log bytes come from: local files and folders (incl. the S3 layout copied to disk and CloudWatch exports),
 * S3 objects (GetObject body streams, client injected), and offloaded bodies (`inputBodyS3Path`/`outputBodyS3Path`).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { maybeGunzip } from './lines.ts';
import type { BodyResolver } from './reader.ts';

export const PERMISSION_CHECK_MARKER = 'amazon-bedrock-logs-permission-check';
const LOG_EXT = /\.(json\.gz|jsonl\.gz|ndjson\.gz|log\.gz|gz|json|jsonl|ndjson|log)$/i;
/** Largest offloaded body read into memory (bodies are JSON documents of a single request/response). */
export const MAX_OFFLOADED_BODY_BYTES = 32 * 1024 * 1024;

/** Keys/paths that are not invocation-log batches: the permission-check marker and offloaded bodies under `data/`. */
export function isLogBatchKey(key: string): boolean {
  const k = key.replace(/\\/g, '/');
  if (k.endsWith(PERMISSION_CHECK_MARKER)) return false;
  if (/\/BedrockModelInvocationLogs\/(?:.*\/)?data\//.test(k) || k.startsWith('data/')) return false;
  return true;
}

export interface LocalFile {
  path: string;
  uri: string;
  size: number;
}

/**
 * Expands files and folders (recursively) into the log files to read, sorted, de-duplicated by real path. Folders
 * contribute files with a log extension, minus the permission-check marker and offloaded bodies; files named
 * explicitly are always read (except the marker). Missing paths are returned in `missing`.
 */
export async function expandLocalInputs(inputs: string[]): Promise<{ files: LocalFile[]; missing: string[] }> {
  const files: LocalFile[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = async (p: string, size: number) => {
    const real = await realpath(p);
    if (seen.has(real)) return;
    seen.add(real);
    files.push({ path: real, uri: pathToFileURL(real).href, size });
  };
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        await walk(p);
      } else if (e.isFile() && LOG_EXT.test(e.name) && isLogBatchKey(p)) {
        const s = await stat(p);
        if (s.size > 0) await add(p, s.size);
      }
    }
  };
  for (const input of inputs) {
    const p = resolve(input);
    let s: Awaited<ReturnType<typeof stat>>;
    try {
      s = await stat(p);
    } catch {
      missing.push(input);
      continue;
    }
    if (s.isDirectory()) await walk(p);
    else if (s.isFile() && !p.endsWith(PERMISSION_CHECK_MARKER)) await add(p, s.size);
  }
  return { files, missing };
}

/** Bytes of a local file, streamed in 1 MB chunks. */
export function localFileStream(path: string, size?: number): AsyncIterable<Buffer> {
  const hwm = size === undefined ? 1024 * 1024 : Math.min(1024 * 1024, Math.max(16 * 1024, size));
  return createReadStream(path, { highWaterMark: hwm });
}

/** Cheap identity of a local file's content (size + first and last 1 MB), to skip re-delivered copies. */
export async function localContentKey(path: string, size: number): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const h = createHash('sha256').update(String(size));
    if (size <= 2 * 1024 * 1024) {
      h.update(await fh.readFile());
    } else {
      const n = 1024 * 1024;
      const buf = Buffer.allocUnsafe(n);
      await fh.read(buf, 0, n, 0);
      h.update(buf);
      await fh.read(buf, 0, n, size - n);
      h.update(buf);
    }
    return h.digest('hex').slice(0, 32);
  } finally {
    await fh.close();
  }
}

async function readJsonBody(src: AsyncIterable<unknown>): Promise<unknown | undefined> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of maybeGunzip(src)) {
    n += chunk.length;
    if (n > MAX_OFFLOADED_BODY_BYTES) return undefined;
    parts.push(chunk);
  }
  const text = Buffer.concat(parts, n).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return m ? { bucket: m[1], key: m[2] } : undefined;
}

/**
 * Resolves offloaded bodies of a local copy of the S3 layout: `s3://bucket/<prefix>/AWSLogs/...` maps to
 * `<root>/AWSLogs/...`, where `<root>` is the folder holding `AWSLogs/` for the file being read.
 */
export function localBodyResolver(filePath: string): BodyResolver | undefined {
  const marker = `${sep}AWSLogs${sep}`;
  const i = filePath.indexOf(marker);
  if (i < 0) return undefined;
  const root = filePath.slice(0, i);
  return {
    async resolve(s3Uri: string) {
      const u = parseS3Uri(s3Uri);
      if (!u) return undefined;
      const j = u.key.indexOf('AWSLogs/');
      if (j < 0) return undefined;
      const rel = u.key.slice(j).split('/');
      if (rel.some((p) => p === '..' || p === '')) return undefined;
      const p = join(root, ...rel);
      try {
        const s = await stat(p);
        if (!s.isFile() || s.size > MAX_OFFLOADED_BODY_BYTES) return undefined;
      } catch {
        return undefined;
      }
      return readJsonBody(localFileStream(p));
    },
  };
}

/** The part of `S3Client` the readers use (GetObject with a streaming body). */
export interface S3Getter {
  send(cmd: unknown): Promise<{ Body?: unknown; ETag?: string; ContentLength?: number }>;
}

/** Builds a GetObject command lazily so this module does not force the S3 SDK on callers that read local files. */
export type GetObjectFactory = (input: { Bucket: string; Key: string }) => unknown;

function bodyStream(body: unknown): AsyncIterable<unknown> {
  if (body && typeof body === 'object' && Symbol.asyncIterator in body) return body as AsyncIterable<unknown>;
  if (body && typeof body === 'object' && 'transformToWebStream' in body) {
    const web = (body as { transformToWebStream(): ReadableStream<Uint8Array> }).transformToWebStream();
    return web as unknown as AsyncIterable<unknown>;
  }
  throw new TypeError('S3 object body is not a stream');
}

/** Streams an S3 object's bytes (never buffered whole). */
export async function s3ObjectStream(
  s3: S3Getter,
  getObject: GetObjectFactory,
  bucket: string,
  key: string,
): Promise<{ body: AsyncIterable<unknown>; etag?: string }> {
  const res = await s3.send(getObject({ Bucket: bucket, Key: key }));
  return { body: bodyStream(res.Body), etag: res.ETag };
}

/** Resolves offloaded bodies with S3 GetObject (same account and Region as the logs). */
export function s3BodyResolver(s3: S3Getter, getObject: GetObjectFactory): BodyResolver {
  return {
    async resolve(s3Uri: string) {
      const u = parseS3Uri(s3Uri);
      if (!u) return undefined;
      const { body } = await s3ObjectStream(s3, getObject, u.bucket, u.key);
      return readJsonBody(body);
    },
  };
}
