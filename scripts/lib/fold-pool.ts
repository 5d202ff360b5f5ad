/**
 * Leave-one-source-out training on all cores. Each fold (one file left out) is independent of the others and
 * trained with the same seed, so spreading the folds over worker threads gives the same logits, bit for bit, as
 * `leaveOneSourceOutLogits` (test/scripts/fold-pool.test.ts checks this). The training vectors go to the workers
 * once, in shared memory; each worker returns a fold's weights and the main thread scores the left-out file.
 *
 * Threads: AISPM_TRAIN_THREADS, else the machine's available parallelism. One thread runs the folds in-process.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LinearModel } from '../../shared/detectors/injection/linear-model.ts';
import { DEFAULT_TRAIN, HASH_BITS } from '../../shared/detectors/injection/linear-model.ts';
import { type Example, exampleLogit, leaveOneSourceOutLogits } from '../../shared/detectors/injection/training.ts';

export interface PackedExamples {
  offsets: Int32Array;
  idx: Int32Array;
  val: Float32Array;
  attack: Uint8Array;
  fileId: Int32Array;
}
export interface FoldRequest {
  fold: number;
  seed: number;
}
export interface FoldResult {
  fold: number;
  bias: number;
  weights: Float32Array;
}

function shared<T extends Int32Array | Float32Array | Uint8Array>(make: (b: SharedArrayBuffer) => T, bytes: number): T {
  return make(new SharedArrayBuffer(Math.max(bytes, 8)));
}

/** The examples' model vectors, labels and file ids in shared memory (views in workers cost no copy). */
export function packExamples(examples: Example[], files: string[]): PackedExamples {
  const n = examples.length;
  let nnz = 0;
  for (const e of examples) nnz += e.x.idx.length;
  const offsets = shared((b) => new Int32Array(b), (n + 1) * 4);
  const idx = shared((b) => new Int32Array(b), nnz * 4);
  const val = shared((b) => new Float32Array(b), nnz * 4);
  const attack = shared((b) => new Uint8Array(b), n);
  const fileId = shared((b) => new Int32Array(b), n * 4);
  const ids = new Map(files.map((f, i) => [f, i]));
  let o = 0;
  examples.forEach((e, i) => {
    offsets[i] = o;
    idx.set(e.x.idx, o);
    val.set(e.x.val, o);
    o += e.x.idx.length;
    attack[i] = e.attack ? 1 : 0;
    fileId[i] = ids.get(e.file) ?? -1;
  });
  offsets[n] = o;
  return { offsets, idx, val, attack, fileId };
}

export function trainThreads(): number {
  const env = Number(process.env.AISPM_TRAIN_THREADS);
  return Number.isInteger(env) && env > 0 ? env : availableParallelism();
}

/** `leaveOneSourceOutLogits(examples, seed)`, with the folds spread over `threads` worker threads. */
export async function leaveOneSourceOutLogitsParallel(examples: Example[], seed: number, threads = trainThreads()): Promise<Float64Array> {
  const files = [...new Set(examples.map((e) => e.file))];
  if (threads <= 1 || files.length <= 1) return leaveOneSourceOutLogits(examples, seed);
  const packed = packExamples(examples, files);
  const z = new Float64Array(examples.length);
  const entry = new URL('./fold-worker.ts', import.meta.url).href;
  const workers = Array.from(
    { length: Math.min(threads, files.length) },
    () => new Worker(new URL('./ts-worker.mjs', import.meta.url), { workerData: { entry, packed } }),
  );
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolveWorker, reject) => {
            const ask = (): void => {
              if (next < files.length) w.postMessage({ fold: next++, seed } satisfies FoldRequest);
              else resolveWorker();
            };
            w.on('message', (res: FoldResult) => {
              const model: LinearModel = { bits: HASH_BITS, bias: res.bias, weights: res.weights };
              const file = files[res.fold];
              examples.forEach((e, i) => {
                if (e.file === file) z[i] = exampleLogit(model, e);
              });
              ask();
            });
            w.on('error', reject);
            w.on('exit', (code) => {
              if (code !== 0) reject(new Error(`training worker exited with code ${code}`));
            });
            ask();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return z;
}

const TRAINER_SOURCES = ['../../shared/detectors/injection/linear-model.ts', '../../shared/detectors/injection/training.ts'];

/**
 * What leave-one-source-out logits depend on: the trainer's source, bucket count, training options, seed, and every example's file,
 * label, model vector and views, in order. Equal digests mean the same logits (training is deterministic).
 */
export function foldInputDigest(examples: Example[], seed: number): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ bits: HASH_BITS, train: DEFAULT_TRAIN, seed, n: examples.length }));
  // The trainer's own code: a change to it (update rule, pruning, class weights) is a different computation.
  for (const f of TRAINER_SOURCES) h.update(readFileSync(new URL(f, import.meta.url)));
  const bytes = (a: Int32Array | Float32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  for (const e of examples) {
    h.update(`\n${e.file}\t${e.attack ? 1 : 0}\t${e.views.length}\t${e.x.idx.length}\n`);
    for (const v of [e.x, ...e.views]) {
      h.update(bytes(v.idx));
      h.update(bytes(v.val));
    }
  }
  return h.digest('hex');
}

/**
 * Leave-one-source-out logits, reused from `cachePath` when it holds logits of exactly these inputs (same digest),
 * else computed on worker threads and written there. `npm run train` and `npm run eval`'s leave-one-author-out
 * section compute the same folds; the cache lets the evaluation after a training run skip the second computation.
 */
export async function cachedLeaveOneSourceOutLogits(
  examples: Example[],
  seed: number,
  cachePath: string,
): Promise<{ z: Float64Array; reused: boolean; digest: string }> {
  const digest = foldInputDigest(examples, seed);
  if (existsSync(cachePath)) {
    try {
      const doc = JSON.parse(readFileSync(cachePath, 'utf8')) as { digest?: string; z?: number[] };
      if (doc.digest === digest && Array.isArray(doc.z) && doc.z.length === examples.length) {
        return { z: Float64Array.from(doc.z), reused: true, digest };
      }
    } catch {
      // An unreadable cache is recomputed and overwritten.
    }
  }
  const z = await leaveOneSourceOutLogitsParallel(examples, seed);
  mkdirSync(dirname(cachePath), { recursive: true });
  writeFileSync(cachePath, `${JSON.stringify({ digest, z: Array.from(z) })}\n`);
  return { z, reused: false, digest };
}
