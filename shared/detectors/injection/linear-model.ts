/**
 * The learned layer: hashed character 3-5-grams and word 1-2-grams of the folded text, log-scaled and
 * L2-normalized, scored by a logistic-regression model. Feature extraction allocates nothing per n-gram
 * (FNV-1a hashes computed in place into a reused buffer), so a prompt costs well under a millisecond.
 *
 * The trainer lives here too (pure, deterministic given its seed) so the training script and the
 * cross-validation in the evaluation script use exactly the runtime feature code.
 */

import { deflateRawSync, inflateRawSync } from 'node:zlib';

export const HASH_BITS = 21;
const DIM = 1 << HASH_BITS;
const MASK = DIM - 1;
/** Longest text featurized: head and tail (the model only needs the gist; heuristics scan everything). */
const MAX_FEATURE_CHARS = 12_000;

export interface LinearModel {
  bits: number;
  bias: number;
  weights: Float32Array;
}

export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

/** Per hashed feature: its count in the current text (at most ~48k for a 12k-character text: fits 16 bits). */
const counts = new Uint16Array(DIM);
/** Features in first-touch order (the order the vector lists them, and the summation order of norm and logit). */
const touched = new Int32Array(1 << 16);
/**
 * Texts up to SMALL_MAX_CHARS characters (nearly all) count into a small open-addressing table instead of `counts`:
 * it stays in the processor cache, where the 2^18-entry table costs a cache miss per n-gram. Same counts, same
 * first-touch order. A text of n characters has at most ~4n features; the part of the table in use (2^13 slots up
 * to 1,000 characters, 2^15 up to 4,000) is never more than half full.
 */
const SMALL_BITS = 15;
const SMALL_MAX_CHARS = 4000;
let smallShift = 32 - SMALL_BITS;
let smallMask = (1 << SMALL_BITS) - 1;
const smallKeys = new Int32Array(1 << SMALL_BITS).fill(-1);
const smallCounts = new Uint16Array(1 << SMALL_BITS);
/** Small-table slot of each touched feature. */
const smallSlot = new Int32Array(1 << 16);
let useSmall = false;
/** log1p of small counts, precomputed (the same doubles `Math.log1p` returns). */
const LOG1P = Float64Array.from({ length: 256 }, (_, i) => Math.log1p(i));

/** Counts one occurrence of feature `f` (a masked hash); returns the new number of touched features. */
function addFeature(f: number, nTouched: number, small: boolean): number {
  if (small) {
    let slot = Math.imul(f, 0x9e3779b1) >>> smallShift;
    for (;;) {
      const k = smallKeys[slot];
      if (k === f) {
        smallCounts[slot] += 1;
        return nTouched;
      }
      if (k === -1) {
        smallKeys[slot] = f;
        smallCounts[slot] = 1;
        smallSlot[nTouched] = slot;
        touched[nTouched] = f;
        return nTouched + 1;
      }
      slot = (slot + 1) & smallMask;
    }
  }
  if (counts[f] === 0) {
    if (nTouched >= touched.length) return nTouched;
    touched[nTouched++] = f;
  }
  counts[f] += 1;
  return nTouched;
}
/** Whitespace-collapsed, space-padded characters of the current text. */
let chars = new Uint16Array(MAX_FEATURE_CHARS + 16);
/** log1p of each touched count, stored as in the vector (float32). */
const values = new Float32Array(1 << 16);

const FNV_OFFSET = 0x811c9dc5;
const fnvStep = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193) >>> 0;
const C3 = fnvStep(FNV_OFFSET, 0x63);

/**
 * Counts the hashed n-grams of `text` into `counts`/`touched`; returns how many distinct features were touched.
 * Allocates nothing (the character buffer only grows for inputs longer than the feature window).
 */
function countFeatures(folded: string): number {
  const text = folded.length > MAX_FEATURE_CHARS ? `${folded.slice(0, 9000)} ${folded.slice(-3000)}` : folded;
  let nTouched = 0;
  const small = text.length <= SMALL_MAX_CHARS;
  useSmall = small;
  const bits = text.length <= 1000 ? 13 : text.length <= 2000 ? 14 : 15;
  smallShift = 32 - bits;
  smallMask = (1 << bits) - 1;
  // Character n-grams over the text with whitespace runs collapsed to one space, padded with spaces.
  if (chars.length < text.length + 2) chars = new Uint16Array(text.length + 16);
  let len = 0;
  chars[len++] = 32;
  let prevSpace = true;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 13 || c === 9;
    if (space) {
      if (prevSpace) continue;
      c = 32;
    }
    prevSpace = space;
    chars[len++] = c;
  }
  if (!prevSpace) chars[len++] = 32;
  for (let i = 0; i + 2 < len; i++) {
    let h = fnvStep(C3, chars[i]);
    h = fnvStep(h, chars[i + 1]);
    const kmax = Math.min(5, len - i);
    for (let k = 2; k < kmax; k++) {
      h = fnvStep(h, chars[i + k]);
      nTouched = addFeature(fnvStep(h, k) & MASK, nTouched, small);
    }
  }
  // Word unigrams and bigrams (letters and digits; any script).
  let prev = 0;
  let h = FNV_OFFSET;
  let inWord = false;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    const isWordChar =
      i < n &&
      ((c >= 97 && c <= 122) ||
        (c >= 48 && c <= 57) ||
        c === 39 ||
        (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f)));
    if (isWordChar) {
      if (!inWord) h = FNV_OFFSET;
      h = fnvStep(h, c);
      inWord = true;
    } else if (inWord) {
      const uni = fnvStep(h, 0x77);
      nTouched = addFeature(uni & MASK, nTouched, small);
      if (prev !== 0) nTouched = addFeature(fnvStep(Math.imul(prev, 31) ^ uni, 0x62) & MASK, nTouched, small);
      prev = uni;
      inWord = false;
    }
  }
  return nTouched;
}

/** Turns the counts into log-scaled values (in `values`), clears the counts, and returns the L2 norm. */
function takeValues(nTouched: number): number {
  let norm = 0;
  const small = useSmall;
  for (let j = 0; j < nTouched; j++) {
    let count: number;
    if (small) {
      const slot = smallSlot[j];
      count = smallCounts[slot];
      smallKeys[slot] = -1;
    } else {
      const i = touched[j];
      count = counts[i];
      counts[i] = 0;
    }
    const v = count < 256 ? LOG1P[count] : Math.log1p(count);
    values[j] = v;
    norm += v * v;
  }
  return Math.sqrt(norm) || 1;
}

/** Sparse, L2-normalized feature vector of a folded text. */
export function featurize(folded: string): SparseVector {
  const nTouched = countFeatures(folded);
  const norm = takeValues(nTouched);
  const idx = touched.slice(0, nTouched);
  const val = values.slice(0, nTouched);
  for (let j = 0; j < nTouched; j++) val[j] /= norm;
  return { idx, val };
}

export function logit(model: LinearModel, x: SparseVector): number {
  let z = model.bias;
  const w = model.weights;
  for (let j = 0; j < x.idx.length; j++) z += w[x.idx[j]] * x.val[j];
  return z;
}

/**
 * The int8 weights a deserialized model was built from, keyed by its weights array: each float weight is exactly
 * `fround(q[i] * scale)`, and the int8 array is a quarter of the size (fewer cache misses when scoring). Models
 * from `deserializeModel` are treated as read-only.
 */
const quantized = new WeakMap<Float32Array, { q: Int8Array; scale: number }>();

/** `logit(model, featurize(folded))`, bit for bit, without building the vector. */
export function scoreText(model: LinearModel, folded: string): number {
  const nTouched = countFeatures(folded);
  const norm = takeValues(nTouched);
  let z = model.bias;
  const qw = quantized.get(model.weights);
  if (qw) {
    const { q, scale } = qw;
    for (let j = 0; j < nTouched; j++) z += Math.fround(q[touched[j]] * scale) * Math.fround(values[j] / norm);
    return z;
  }
  const w = model.weights;
  for (let j = 0; j < nTouched; j++) z += w[touched[j]] * Math.fround(values[j] / norm);
  return z;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Mulberry32: small seeded PRNG so training is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TrainOptions {
  epochs: number;
  /** L2 penalty per example. */
  l2: number;
  learningRate: number;
  seed: number;
}

export const DEFAULT_TRAIN: TrainOptions = { epochs: 12, l2: 1e-5, learningRate: 0.5, seed: 20261125 };

/**
 * Logistic regression by AdaGrad SGD with class-balanced example weights and lazy L2.
 * Deterministic: the example order comes from the seeded PRNG.
 */
export function trainLinear(xs: SparseVector[], ys: number[], opts: TrainOptions = DEFAULT_TRAIN): LinearModel {
  const w = new Float32Array(DIM);
  const g2 = new Float32Array(DIM).fill(1e-6);
  let bias = 0;
  let bg2 = 1e-6;
  const pos = ys.filter((y) => y === 1).length;
  const neg = ys.length - pos;
  const wPos = pos ? ys.length / (2 * pos) : 1;
  const wNeg = neg ? ys.length / (2 * neg) : 1;
  const order = xs.map((_, i) => i);
  const rand = rng(opts.seed);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const n of order) {
      const x = xs[n];
      let z = bias;
      for (let j = 0; j < x.idx.length; j++) z += w[x.idx[j]] * x.val[j];
      const p = sigmoid(z);
      const cw = ys[n] === 1 ? wPos : wNeg;
      const g = (p - ys[n]) * cw;
      for (let j = 0; j < x.idx.length; j++) {
        const i = x.idx[j];
        const gi = g * x.val[j] + opts.l2 * w[i];
        g2[i] += gi * gi;
        w[i] -= (opts.learningRate * gi) / Math.sqrt(g2[i]);
      }
      bg2 += g * g;
      bias -= (opts.learningRate * g) / Math.sqrt(bg2);
    }
  }
  return { bits: HASH_BITS, bias, weights: w };
}

/**
 * Compact serialization. Format `/2` (written): int8-quantized weights, raw-deflated, base64 (most buckets are
 * zero or near it, so the table deflates to a fraction of its size). Format `/1` (still read): int8, base64.
 */
export interface SerializedModel {
  format: 'aispm-injection-linear/1' | 'aispm-injection-linear/2';
  bits: number;
  bias: number;
  scale: number;
  weights: string;
}

export function serializeModel(m: LinearModel): SerializedModel {
  let max = 0;
  for (let i = 0; i < m.weights.length; i++) max = Math.max(max, Math.abs(m.weights[i]));
  const scale = max / 127 || 1;
  const q = new Int8Array(m.weights.length);
  for (let i = 0; i < m.weights.length; i++) q[i] = Math.round(m.weights[i] / scale);
  const packed = deflateRawSync(new Uint8Array(q.buffer), { level: 9 });
  return { format: 'aispm-injection-linear/2', bits: m.bits, bias: m.bias, scale, weights: packed.toString('base64') };
}

export function deserializeModel(s: SerializedModel): LinearModel {
  if ((s.format !== 'aispm-injection-linear/1' && s.format !== 'aispm-injection-linear/2') || s.bits !== HASH_BITS) {
    throw new Error(`unsupported model format ${s.format}/${s.bits}`);
  }
  const raw = Buffer.from(s.weights, 'base64');
  // A table one byte longer than expected is enough to refuse it: the inflater never writes more than that.
  const buf = s.format === 'aispm-injection-linear/2' ? inflateRawSync(raw, { maxOutputLength: (1 << s.bits) + 1 }) : raw;
  const q = new Int8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  if (q.length !== 1 << s.bits) throw new Error('model weights have the wrong length');
  const weights = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) weights[i] = q[i] * s.scale;
  quantized.set(weights, { q: Int8Array.from(q), scale: s.scale });
  return { bits: s.bits, bias: s.bias, weights };
}
