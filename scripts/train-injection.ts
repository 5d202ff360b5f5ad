/**
 * Trains the learned layer of the injection detector and calibrates the combined score.
 * `npm run train` -> shared/detectors/injection/model.json
 *
 * Reproducible: fixed seed, deterministic example order, files read in a fixed order, no timestamps in the output.
 * Reads the dataset files marked **train** in ../shared/datasets/README.md and the project's own red-team sets
 * (PROJECT_TRAIN_FILES in test/fixtures/injection/; `redteam-blind` to `-19` since session 17, never `redteam-blind20`
 * and later, the independent measures).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeModel } from '../shared/detectors/injection/linear-model.ts';
import {
  calibrate,
  type Example,
  fitModel,
  PROJECT_TRAIN_FILES,
  parseProjectSet,
  prepare,
  TARGET_FPR,
  TRAIN_FILES,
} from '../shared/detectors/injection/training.ts';
import { cachedLeaveOneSourceOutLogits, trainThreads } from './lib/fold-pool.ts';

const SEED = 20261125;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.AISPM_PROMPTS_DIR ?? resolve(root, '../shared/datasets/prompts');
const out = join(root, 'shared/detectors/injection/model.json');
/** Leave-one-source-out logits of this run, for `npm run eval` (same folds) and re-runs on unchanged inputs. */
const LOSO_CACHE = join(root, '.cache/injection-loso-logits.json');

async function main(): Promise<number> {
  if (!existsSync(dataDir)) {
    process.stderr.write(`train: dataset folder ${dataDir} is absent; nothing trained (the shipped model.json is unchanged)\n`);
    return 1;
  }
  const t0 = performance.now();
  const examples: Example[] = [];
  const counts: Record<string, { attack: number; benign: number }> = {};
  for (const file of TRAIN_FILES) {
    const path = join(dataDir, file);
    if (!existsSync(path)) throw new Error(`training file missing: ${file}`);
    const records = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { text: string; label: string });
    const ex = prepare(file, records);
    counts[file] = { attack: ex.filter((e) => e.attack).length, benign: ex.filter((e) => !e.attack).length };
    examples.push(...ex);
  }
  for (const file of PROJECT_TRAIN_FILES) {
    const ex = prepare(file, parseProjectSet(readFileSync(join(root, 'test/fixtures/injection', file), 'utf8')));
    counts[file] = { attack: ex.filter((e) => e.attack).length, benign: ex.filter((e) => !e.attack).length };
    examples.push(...ex);
  }
  process.stderr.write(
    `train: ${examples.length} examples from ${TRAIN_FILES.length + PROJECT_TRAIN_FILES.length} files; ${trainThreads()} training thread(s)\n`,
  );
  const { z: zLoso, reused } = await cachedLeaveOneSourceOutLogits(examples, SEED, LOSO_CACHE);
  if (reused) process.stderr.write(`train: leave-one-source-out logits reused from ${LOSO_CACHE} (same inputs)\n`);
  const { calibration, macroTpr, fpr } = calibrate(examples, zLoso);
  process.stderr.write(
    `train: calibration alpha=${calibration.alpha} floor=${calibration.floor} bias=${calibration.bias.toFixed(3)} (LOSO macro TPR ${macroTpr.toFixed(3)}, benign FPR ${fpr.toFixed(4)})\n`,
  );
  const model = fitModel(examples, SEED);
  const serialized = serializeModel(model);
  const doc = {
    ...serialized,
    calibration: { alpha: calibration.alpha, floor: calibration.floor, bias: Number(calibration.bias.toFixed(4)) },
    training: {
      seed: SEED,
      files: counts,
      selection: `leave-one-source-out over train files and project red-team sets; benign FPR <= ${TARGET_FPR * 100}%`,
    },
  };
  writeFileSync(out, `${JSON.stringify(doc)}\n`);
  process.stderr.write(
    `train: wrote ${out} (${(JSON.stringify(doc).length / 1024).toFixed(0)} kB) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  return 0;
}

process.exitCode = await main();
