/**
 * Streaming primitives with bounded memory: transparent gunzip (by magic bytes, so `.json.gz`, `.gz` and plain files
 * are all handled, incl. multi-member gzip) and a byte-level line splitter (memory bounded by the longest line, capped).
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Default cap for one line (a record or a single-line CloudTrail file); longer lines are dead-lettered. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

async function* prepend(first: Buffer, it: AsyncIterator<unknown>): AsyncGenerator<Buffer> {
  yield first;
  for (;;) {
    const n = await it.next();
    if (n.done) return;
    yield toBuffer(n.value);
  }
}

function toBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new TypeError('stream chunk is not bytes');
}

/** Yields the decompressed bytes of a gzip stream, or the bytes unchanged when the stream is not gzip. */
export async function* maybeGunzip(src: AsyncIterable<unknown>): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]();
  let first = await it.next();
  while (!first.done && toBuffer(first.value).length === 0) first = await it.next();
  if (first.done) return;
  let head = toBuffer(first.value);
  if (head.length === 1) {
    const second = await it.next();
    if (!second.done) head = Buffer.concat([head, toBuffer(second.value)]);
  }
  const rest = prepend(head, it);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    const input = Readable.from(rest);
    input.on('error', (e) => gunzip.destroy(e));
    input.pipe(gunzip);
    for await (const chunk of gunzip) yield chunk as Buffer;
    return;
  }
  yield* rest;
}

/**
 * Splits bytes into lines (LF or CRLF). A line longer than `maxLineBytes` is reported as `null` (its bytes are dropped
 * as they arrive, so memory stays bounded). Newlines never occur inside multi-byte UTF-8 sequences, so decoding per
 * line is safe.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private partLen = 0;
  private tooLong = false;

  constructor(private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES) {}

  /** Lines completed by this chunk (`null` = a line that exceeded the cap). */
  push(chunk: Buffer): (string | null)[] {
    const out: (string | null)[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      this.emit(chunk, start, nl, out);
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.length - start;
      if (this.tooLong || this.partLen + rest > this.maxLineBytes) {
        this.tooLong = true;
        this.parts = [];
        this.partLen = 0;
      } else {
        this.parts.push(start === 0 ? chunk : chunk.subarray(start));
        this.partLen += rest;
      }
    }
    return out;
  }

  /** The last line when the input does not end with a newline. */
  end(): (string | null)[] {
    const out: (string | null)[] = [];
    if (this.tooLong) out.push(null);
    else if (this.partLen > 0) out.push(stripCr(Buffer.concat(this.parts, this.partLen).toString('utf8')));
    this.parts = [];
    this.partLen = 0;
    this.tooLong = false;
    return out;
  }

  private emit(chunk: Buffer, start: number, end: number, out: (string | null)[]): void {
    if (this.tooLong) {
      out.push(null);
      this.tooLong = false;
      return;
    }
    if (this.partLen === 0) {
      if (end - start > this.maxLineBytes) out.push(null);
      else out.push(stripCr(chunk.toString('utf8', start, end)));
      return;
    }
    if (this.partLen + (end - start) > this.maxLineBytes) out.push(null);
    else {
      this.parts.push(chunk.subarray(start, end));
      out.push(stripCr(Buffer.concat(this.parts, this.partLen + (end - start)).toString('utf8')));
    }
    this.parts = [];
    this.partLen = 0;
  }
}

function stripCr(s: string): string {
  return s.length && s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}

/** Incremental JSON nesting depth over text (strings and escapes respected), for multi-line (pretty-printed) documents. */
export class DepthScanner {
  depth = 0;
  private inStr = false;
  private esc = false;

  feed(s: string): number {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.inStr) {
        if (this.esc) this.esc = false;
        else if (c === 92) this.esc = true;
        else if (c === 34) this.inStr = false;
      } else if (c === 34) this.inStr = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) this.depth--;
    }
    return this.depth;
  }
}
