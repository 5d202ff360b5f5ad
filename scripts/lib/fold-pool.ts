/**
 * Leave-one-source-out training on all cores. Each fold (one file left out) is independent of the others and
 * trained with the same seed, so spreading the folds over worker threads gives the same logits, bit for bit, as
 * `leaveOneSourceOutLogits` (test/scripts/fold-pool.test.ts checks this). The training vectors go to the workers
 * once, in shared memory; each worker returns a fold's weights and the main thread scores the left-out file.
 *
 * Threads: AISPM_TRAIN_THREADS, else the machine's available parallelism. One thread runs the folds in-process.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LinearModel } from '../../shared/detectors/injection/linear-model.ts';
import { HASH_BITS } from '../../shared/detectors/injection/linear-model.ts';
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
