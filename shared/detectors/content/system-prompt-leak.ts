/**
 * System-prompt leakage: does an output reproduce a substantial part of the request's system prompt?
 *
 * Statistic: text is lower-cased and split into words (runs of letters/digits; punctuation and whitespace are
 * separators, so re-wrapping, re-casing and re-punctuating do not hide a copy). Every window of `n` consecutive
 * words (a shingle, n = 6 by default) is hashed. A system-prompt word is "covered" when a shingle containing it
 * also occurs in the output; a shingle the system prompt repeats counts once, at its first occurrence (otherwise one
 * chance match of a repeated phrase would cover many words), and coverage is relative to the words the prompt's
 * distinct shingles can cover. Shingles that occur in the user turns are ignored (the user supplied that text).
 * Flag when covered >= leakMinCoveredWords (8) and covered/total >= leakMinCoverage (0.4), or covered >=
 * leakAbsoluteWords (40). System prompts shorter than leakMinCoveredWords words are never judged (use canaries).
 *
 * Shingles are hashed in one pass (no word arrays per record) and identified by two 30-bit hashes. The system prompt's
 * shingle -> positions map (with a bit filter in front of it) is memoized (bounded) because one application sends
 * the same system prompt on every request.
 */
import type { Detection, InvocationRecord } from '../../domain/runtime.ts';
import { LEAK_SYSTEM_PROMPT } from '../catalogue.ts';
import { forEachOutput, recordDetection } from '../text.ts';
import type { ContentDetector, DetectorContext } from '../types.ts';

function isWordChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c > 127 && !(c >= 0x2000 && c <= 0x206f) && c !== 0xa0 && c !== 0x3000)
  );
}

/**
 * ASCII character -> its lower-cased code when it is a word character (letter or digit), 0 otherwise: one table load
 * per character instead of a chain of range tests in the hot loop (same classes as `isWordChar`).
 */
const ASCII_WORD_LOWER = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (isWordChar(c)) ASCII_WORD_LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;

/** The code a word character contributes to its word's hash (ASCII lower-cased), 0 for a separator. */
function wordCode(c: number): number {
  if (c < 128) return ASCII_WORD_LOWER[c];
  return (c >= 0x2000 && c <= 0x206f) || c === 0xa0 || c === 0x3000 ? 0 : c;
}

const RING_MAX = 32;
const ring = new Int32Array(RING_MAX);
const P1 = 0x01000193;
const P2 = 0x5bd1e995;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The shingle hashes of the last `shingles` call, as pairs: shingle i is (`shingleBuf[2i]`, `shingleBuf[2i + 1]`).
 * One buffer for the module, grown as needed (like `ring`, so neither function is re-entrant).
 */
let shingleBuf = new Int32Array(2048);

/**
 * Computes the shingle hashes of `text` (windows of `n` lower-cased alphanumeric words) into `shingleBuf` and returns
 * how many there are, without building word arrays: each word gets a 32-bit FNV-1a hash, and two polynomial rolling
 * hashes (different bases) over the last `n` word hashes are updated in O(1) per word and finalized into two 30-bit
 * integers (small integers: no heap numbers per shingle; 60 bits against collisions). Words are read with an inner
 * loop per word and one per separator run, and the hashes land in a typed array rather than a callback per shingle:
 * this is the per-character loop of the detector, over every output.
 */
function shingles(text: string, n: number): number {
  const k = Math.min(Math.max(1, n), RING_MAX);
  let pk1 = 1; // P^(k-1) for each base
  let pk2 = 1;
  for (let j = 1; j < k; j++) {
    pk1 = Math.imul(pk1, P1);
    pk2 = Math.imul(pk2, P2);
  }
  let words = 0;
  let r1 = 0;
  let r2 = 0;
  let count = 0;
  let buf = shingleBuf;
  const len = text.length;
  let i = 0;
  while (i < len) {
    let code = wordCode(text.charCodeAt(i));
    if (code === 0) {
      i++;
      continue;
    }
    // a word: hash its characters up to the next separator (or the end of the text)
    let h = 0x811c9dc5;
    do {
      h = Math.imul(h ^ code, 0x01000193);
      i++;
      code = i < len ? wordCode(text.charCodeAt(i)) : 0;
    } while (code !== 0);
    i++; // the separator that ended the word
    const w = h;
    if (words >= k) {
      const out = ring[words % k];
      r1 = (r1 - Math.imul(out, pk1)) | 0;
      r2 = (r2 - Math.imul(out ^ 0x2545f491, pk2)) | 0;
    }
    r1 = (Math.imul(r1, P1) + w) | 0;
    r2 = (Math.imul(r2, P2) + (w ^ 0x2545f491)) | 0;
    ring[words % k] = w;
    words++;
    if (words >= k) {
      if (2 * count + 2 > buf.length) {
        const grown = new Int32Array(buf.length * 2);
        grown.set(buf);
        buf = grown;
        shingleBuf = grown;
      }
      buf[2 * count] = fmix(r1) & 0x3fffffff;
      buf[2 * count + 1] = fmix(r2 ^ 0x9e3779b9) & 0x3fffffff;
      count++;
    }
  }
  return count;
}

/** Streams the shingle hashes of `text` (see `shingles`) to `emit`, in text order. `emit` must not call back in. */
export function forEachShingle(text: string, n: number, emit: (a: number, b: number) => void): void {
  const count = shingles(text, n);
  const buf = shingleBuf;
  for (let s = 0; s < count; s++) emit(buf[2 * s], buf[2 * s + 1]);
}

/** Number of words `forEachShingle` sees in `text`. */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (isWordChar(c)) inWord = true;
    else if (inWord) {
      words++;
      inWord = false;
    }
  }
  return words;
}

interface Entry {
  /** Second hash, checked on lookup. */
  b: number;
  /** Index (of the first word) of the shingle's FIRST occurrence in the system prompt. */
  first: number;
  next?: Entry;
}

interface Prepared {
  words: number;
  shingleCount: number;
  /** First shingle hash -> entries (chained on the rare first-hash collision). */
  positions: Map<number, Entry>;
  /**
   * One bit per value of the first hash's low bits, set for the prompt's shingles: an output shingle whose bit is
   * clear is not in `positions`, so the map lookup (most of the per-shingle cost) is skipped for almost every shingle
   * of an output that does not quote the prompt. A set bit only means "look it up".
   */
  filter: Int32Array;
  /** Bit index mask of `filter` (its size in bits minus one). */
  filterMask: number;
  /** Words covered if every distinct shingle were reproduced (= words, unless the prompt repeats itself). */
  coverable: number;
}

const CACHE_MAX = 64;
/**
 * Prepared system prompts for shingles of `cacheN` words, by prompt text (a different `n` empties it: one run uses one
 * `n`). Keyed by the prompt itself, not a string built from it per record; the last prompt is checked first (one
 * string comparison; an application sends the same prompt on every request).
 */
const cache = new Map<string, Prepared>();
let cacheN = -1;
let lastSystem: string | undefined;
let lastPrepared: Prepared | undefined;

function prepare(system: string, n: number): Prepared {
  if (n !== cacheN) {
    cache.clear();
    cacheN = n;
    lastSystem = undefined;
    lastPrepared = undefined;
  }
  if (system === lastSystem && lastPrepared) return lastPrepared;
  const p = prepared(system, n);
  lastSystem = system;
  lastPrepared = p;
  return p;
}

function prepared(system: string, n: number): Prepared {
  const hit = cache.get(system);
  if (hit) return hit;
  const positions = new Map<number, Entry>();
  let idx = 0;
  forEachShingle(system, n, (a, b) => {
    let e = positions.get(a);
    while (e && e.b !== b) e = e.next;
    if (!e) positions.set(a, { b, first: idx, next: positions.get(a) });
    idx++;
  });
  const all = new Uint8Array(idx);
  for (const head of positions.values()) for (let e: Entry | undefined = head; e; e = e.next) all[e.first] = 1;
  // >= 32 bits per distinct first hash (few false "look it up"s), 4 096 to 4M bits (512 bytes to 512 KB)
  let bits = 4096;
  while (bits < positions.size * 32 && bits < 1 << 22) bits *= 2;
  const filter = new Int32Array(bits >>> 5);
  const filterMask = bits - 1;
  for (const a of positions.keys()) filter[(a & filterMask) >>> 5] |= 1 << (a & 31);
  const p = { words: countWords(system), shingleCount: idx, positions, filter, filterMask, coverable: cover(all, n).covered };
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(system, p);
  return p;
}

/** Words covered by the marked shingles, and the longest run of consecutive covered words. */
function cover(matched: Uint8Array, n: number): { covered: number; longest: number } {
  let covered = 0;
  let coveredUntil = 0; // first word index not yet counted
  let run = 0;
  let longest = 0;
  let runEnd = -1;
  for (let i = 0; i < matched.length; i++) {
    if (matched[i] !== 1) continue;
    const from = Math.max(i, coveredUntil);
    covered += i + n - from;
    coveredUntil = i + n;
    // runs of covered words: contiguous when this shingle starts at or before the previous run end
    if (i <= runEnd) run += i + n - 1 - runEnd;
    else run = n;
    runEnd = i + n - 1;
    if (run > longest) longest = run;
  }
  return { covered, longest };
}

export interface LeakMeasure {
  systemWords: number;
  /** System-prompt words reproduced; a shingle repeated inside the system prompt counts once (first occurrence). */
  coveredWords: number;
  /** coveredWords / words coverable by the prompt's distinct shingles (= its length unless it repeats itself). */
  coverage: number;
  /** Longest run of consecutive system-prompt words covered. */
  longestRunWords: number;
}

/** The prompt's entry for the shingle (a, b), if the prompt has that shingle. */
function lookup(sys: Prepared, a: number, b: number): Entry | undefined {
  if ((sys.filter[(a & sys.filterMask) >>> 5] & (1 << (a & 31))) === 0) return undefined;
  let e = sys.positions.get(a);
  while (e && e.b !== b) e = e.next;
  return e;
}

/**
 * Measures how much of `system` is reproduced in `outputs` (ignoring shingles also present in `userTurns`).
 * Cost per record: one pass over the outputs with a bit test per shingle (a map lookup only where the bit is set);
 * the user turns are only scanned when something matched.
 */
export function measureLeak(
  system: string,
  outputs: readonly string[],
  userTurns: readonly string[],
  n: number,
  maxChars = Number.POSITIVE_INFINITY,
): LeakMeasure {
  const sys = prepare(system, n);
  let matched: Uint8Array | undefined;
  if (sys.shingleCount > 0) {
    for (const o of outputs) {
      const count = shingles(o.length > maxChars ? o.slice(0, maxChars) : o, n);
      const buf = shingleBuf;
      for (let s = 0; s < count; s++) {
        const e = lookup(sys, buf[2 * s], buf[2 * s + 1]);
        if (!e) continue;
        matched ??= new Uint8Array(sys.shingleCount);
        matched[e.first] = 1;
      }
    }
    if (matched) {
      for (const u of userTurns) {
        if (typeof u !== 'string' || u.length === 0) continue;
        const count = shingles(u.length > maxChars ? u.slice(0, maxChars) : u, n);
        const buf = shingleBuf;
        for (let s = 0; s < count; s++) {
          const e = lookup(sys, buf[2 * s], buf[2 * s + 1]);
          if (e) matched[e.first] = 0;
        }
      }
    }
  }
  if (!matched) return { systemWords: sys.words, coveredWords: 0, coverage: 0, longestRunWords: 0 };
  const c = cover(matched, n);
  return {
    systemWords: sys.words,
    coveredWords: c.covered,
    coverage: sys.coverable > 0 ? c.covered / sys.coverable : 0,
    longestRunWords: c.longest,
  };
}

export const systemPromptLeakDetector: ContentDetector = {
  id: LEAK_SYSTEM_PROMPT.id,
  metadata: LEAK_SYSTEM_PROMPT,
  detect(r: InvocationRecord, ctx: DetectorContext): Detection[] {
    if (r.system.length === 0) return [];
    const t = ctx.config.content;
    const system = r.system.length === 1 ? r.system[0] : r.system.join('\n');
    if (typeof system !== 'string' || system.length === 0) return [];
    const outputs: string[] = [];
    forEachOutput(r, t.maxScanChars, (text) => {
      outputs.push(text);
    });
    if (outputs.length === 0) return [];
    const sys = system.length > t.maxScanChars ? system.slice(0, t.maxScanChars) : system;
    const m = measureLeak(sys, outputs, r.userTurns, t.leakShingleWords, t.maxScanChars);
    if (m.systemWords < t.leakMinCoveredWords || m.coveredWords < t.leakMinCoveredWords) return [];
    if (m.coverage < t.leakMinCoverage && m.coveredWords < t.leakAbsoluteWords) return [];
    const severity = m.coverage >= 0.8 ? 'CRITICAL' : 'HIGH';
    return [
      recordDetection(
        LEAK_SYSTEM_PROMPT,
        r,
        {
          systemPromptWords: m.systemWords,
          reproducedWords: m.coveredWords,
          coverage: Math.round(m.coverage * 100) / 100,
          longestReproducedRunWords: m.longestRunWords,
          shingleWords: t.leakShingleWords,
        },
        { severity, labels: ['leak:system-prompt'] },
      ),
    ];
  },
};
