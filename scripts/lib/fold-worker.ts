/**
 * Worker side of `fold-pool.ts`: holds the packed training vectors (shared memory, read-only) and trains one
 * leave-one-source-out model per request, exactly as `fitModel` does on the same examples in the same order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SparseVector } from '../../shared/detectors/injection/linear-model.ts';
import { type Example, fitModel } from '../../shared/detectors/injection/training.ts';
import type { FoldRequest, FoldResult, PackedExamples } from './fold-pool.ts';

const packed = workerData.packed as PackedExamples;
const n = packed.attack.length;
const xs: SparseVector[] = [];
for (let i = 0; i < n; i++) {
  const a = packed.offsets[i];
  const b = packed.offsets[i + 1];
  xs.push({ idx: packed.idx.subarray(a, b), val: packed.val.subarray(a, b) });
}

parentPort?.on('message', (req: FoldRequest) => {
  const train: Example[] = [];
  for (let i = 0; i < n; i++)
    if (packed.fileId[i] !== req.fold)
      train.push({ x: xs[i], attack: packed.attack[i] === 1, file: String(packed.fileId[i]), h: 0, views: [] });
  const model = fitModel(train, req.seed);
  const res: FoldResult = { fold: req.fold, bias: model.bias, weights: model.weights };
  parentPort?.postMessage(res, [model.weights.buffer as ArrayBuffer]);
});
