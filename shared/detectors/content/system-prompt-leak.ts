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
 * Shingles are streamed (no word or shingle arrays per record) and identified by two 30-bit hashes. The system prompt's shingle -> positions map is memoized (bounded) because one application sends
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
 * Streams the shingle hashes of `text` (windows of `n` lower-cased alphanumeric words) to `emit`, without building
 * word or shingle arrays: each word gets a 32-bit FNV-1a hash, and two polynomial rolling hashes (different bases)
 * over the last `n` word hashes are updated in O(1) per word and finalized into two 30-bit integers (small integers:
 * no heap numbers per shingle; 60 bits against collisions).
 */
export function forEachShingle(text: string, n: number, emit: (a: number, b: number) => void): void {
  const k = Math.min(Math.max(1, n), RING_MAX);
  let pk1 = 1; // P^(k-1) for each base
  let pk2 = 1;
  for (let j = 1; j < k; j++) {
    pk1 = Math.imul(pk1, P1);
    pk2 = Math.imul(pk2, P2);
  }
  let h = 0x811c9dc5;
  let inWord = false;
  let words = 0;
  let r1 = 0;
  let r2 = 0;
  const len = text.length;
  for (let i = 0; i <= len; i++) {
    let c = i < len ? text.charCodeAt(i) : 32;
    if (
      (c >= 97 && c <= 122) ||
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c > 127 && !(c >= 0x2000 && c <= 0x206f) && c !== 0xa0 && c !== 0x3000)
    ) {
      if (c >= 65 && c <= 90) c += 32;
      h = Math.imul(h ^ c, 0x01000193);
      inWord = true;
      continue;
    }
    if (!inWord) continue;
    const w = h | 0;
    h = 0x811c9dc5;
    inWord = false;
    if (words >= k) {
      const out = ring[words % k];
      r1 = (r1 - Math.imul(out, pk1)) | 0;
      r2 = (r2 - Math.imul(out ^ 0x2545f491, pk2)) | 0;
    }
    r1 = (Math.imul(r1, P1) + w) | 0;
    r2 = (Math.imul(r2, P2) + (w ^ 0x2545f491)) | 0;
    ring[words % k] = w;
    words++;
    if (words >= k) emit(fmix(r1) & 0x3fffffff, fmix(r2 ^ 0x9e3779b9) & 0x3fffffff);
  }
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
  /** Words covered if every distinct shingle were reproduced (= words, unless the prompt repeats itself). */
  coverable: number;
}

const CACHE_MAX = 64;
const cache = new Map<string, Prepared>();

function prepare(system: string, n: number): Prepared {
  const key = `${n}\u0000${system}`;
  const hit = cache.get(key);
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
  const p = { words: countWords(system), shingleCount: idx, positions, coverable: cover(all, n).covered };
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, p);
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

/**
 * Measures how much of `system` is reproduced in `outputs` (ignoring shingles also present in `userTurns`).
 * Cost per record: one streaming pass over the outputs with a map lookup per shingle; the user turns are only
 * scanned when something matched.
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
    const mark = (a: number, b: number, v: 0 | 1) => {
      let e = sys.positions.get(a);
      while (e && e.b !== b) e = e.next;
      if (!e) return;
      if (v === 1) matched ??= new Uint8Array(sys.shingleCount);
      if (!matched) return;
      matched[e.first] = v;
    };
    const set = (a: number, b: number) => mark(a, b, 1);
    const unset = (a: number, b: number) => mark(a, b, 0);
    for (const o of outputs) forEachShingle(o.length > maxChars ? o.slice(0, maxChars) : o, n, set);
    if (matched) {
      for (const u of userTurns) {
        if (typeof u === 'string' && u.length > 0) forEachShingle(u.length > maxChars ? u.slice(0, maxChars) : u, n, unset);
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
