/**
 * System-prompt leakage: does an output reproduce a substantial part of the request's system prompt?
 *
 * Statistic: text is lower-cased and split into words (runs of letters/digits; punctuation and whitespace are
 * separators, so re-wrapping, re-casing and re-punctuating do not hide a copy). Every window of `n` consecutive
 * words (a shingle, n = 6 by default) is hashed. A system-prompt word is "covered" when a shingle containing it
 * also occurs in the output. Shingles that occur in the user turns are ignored (the user supplied that text).
 * Flag when covered >= leakMinCoveredWords (8) and covered/total >= leakMinCoverage (0.4), or covered >=
 * leakAbsoluteWords (40). System prompts shorter than leakMinCoveredWords words are never judged (use canaries).
 *
 * Hashes are two 32-bit FNV-style hashes packed into one double (53 bits), so no strings are built per shingle.
 * The prepared system prompt is memoized (bounded map) because one application sends the same one on every request.
 */
import type { Detection, InvocationRecord } from '../../domain/runtime.ts';
import { LEAK_SYSTEM_PROMPT } from '../catalogue.ts';
import { forEachOutput, recordDetection } from '../text.ts';
import type { ContentDetector, DetectorContext } from '../types.ts';

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c > 127 && !(c >= 0x2000 && c <= 0x206f) && c !== 0xa0 && c !== 0x3000);
}

/** Word hashes of `text` (lower-cased, alphanumeric runs), appended to `out` as pairs [h1, h2]. */
export function wordHashes(text: string, out: number[] = []): number[] {
  let h1 = 0x811c9dc5;
  let h2 = 0x1505;
  let inWord = false;
  for (let i = 0; i <= text.length; i++) {
    let c = i < text.length ? text.charCodeAt(i) : 32;
    if (isWordChar(c)) {
      if (c >= 65 && c <= 90) c += 32;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = (Math.imul(h2, 33) + c) | 0;
      inWord = true;
    } else if (inWord) {
      out.push(h1 >>> 0, h2 >>> 0);
      h1 = 0x811c9dc5;
      h2 = 0x1505;
      inWord = false;
    }
  }
  return out;
}

/** Shingle hashes (one number per window of `n` words) from word-hash pairs. */
export function shingles(words: number[], n: number): Float64Array {
  const count = words.length / 2 - n + 1;
  if (count <= 0) return new Float64Array(0);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let a = 0x9e3779b9;
    let b = 0x7f4a7c15;
    for (let k = 0; k < n; k++) {
      a = Math.imul(a ^ words[2 * (i + k)], 0x85ebca6b);
      a ^= a >>> 13;
      b = Math.imul(b ^ words[2 * (i + k) + 1], 0xc2b2ae35);
      b ^= b >>> 16;
    }
    out[i] = (a >>> 0) * 2097152 + ((b >>> 0) & 0x1fffff);
  }
  return out;
}

interface Prepared {
  words: number;
  shingles: Float64Array;
}

const CACHE_MAX = 64;
const cache = new Map<string, Prepared>();

function prepare(system: string, n: number): Prepared {
  const key = `${n}\u0000${system}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const w = wordHashes(system);
  const p = { words: w.length / 2, shingles: shingles(w, n) };
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, p);
  return p;
}

export interface LeakMeasure {
  systemWords: number;
  coveredWords: number;
  coverage: number;
  /** Longest run of consecutive system-prompt words covered. */
  longestRunWords: number;
}

/** Measures how much of `system` is reproduced in `outputs` (ignoring text present in `userTurns`). */
export function measureLeak(system: string, outputs: readonly string[], userTurns: readonly string[], n: number, maxChars = Number.POSITIVE_INFINITY): LeakMeasure {
  const sys = prepare(system, n);
  const none = { systemWords: sys.words, coveredWords: 0, coverage: 0, longestRunWords: 0 };
  if (sys.shingles.length === 0) return none;
  const outSet = new Set<number>();
  for (const o of outputs) {
    const t = o.length > maxChars ? o.slice(0, maxChars) : o;
    for (const s of shingles(wordHashes(t), n)) outSet.add(s);
  }
  if (outSet.size === 0) return none;
  let userSet: Set<number> | undefined;
  for (const u of userTurns) {
    if (typeof u !== 'string' || u.length === 0) continue;
    userSet ??= new Set<number>();
    for (const s of shingles(wordHashes(u.length > maxChars ? u.slice(0, maxChars) : u), n)) userSet.add(s);
  }
  let covered = 0;
  let coveredUntil = 0; // first word index not yet counted
  let run = 0;
  let longest = 0;
  let runEnd = -1;
  for (let i = 0; i < sys.shingles.length; i++) {
    const s = sys.shingles[i];
    if (!outSet.has(s) || userSet?.has(s)) continue;
    const from = Math.max(i, coveredUntil);
    covered += i + n - from;
    coveredUntil = i + n;
    // runs of covered words: contiguous when this shingle starts at or before the previous run end
    if (i <= runEnd) run += i + n - 1 - runEnd;
    else run = n;
    runEnd = i + n - 1;
    if (run > longest) longest = run;
  }
  return { systemWords: sys.words, coveredWords: covered, coverage: covered / sys.words, longestRunWords: longest };
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
