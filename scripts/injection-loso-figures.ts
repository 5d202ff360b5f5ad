/**
 * The figures a pre-registered training experiment is decided on (docs/injection-detector.md, sessions 12-16): the
 * leave-one-source-out logits of the last `npm run train` (`.cache/injection-loso-logits.json`) scored at the
 * calibration that run wrote to `model.json` (the one that ships), for the first N project training files (default
 * 109: the project sets before session 16's experiments), the dataset files, and every later project file alone.
 * Usage: `node --import tsx scripts/injection-loso-figures.ts [N]` after `npm run train`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scoreHeuristics } from '../shared/detectors/injection/classify.ts';
import { PROJECT_TRAIN_FILES, parseProjectSet, TRAIN_FILES } from '../shared/detectors/injection/training.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const earlier = Number(process.argv[2] ?? 109);
const doc = JSON.parse(readFileSync(join(root, 'shared/detectors/injection/model.json'), 'utf8'));
const cal = doc.calibration as { alpha: number; floor: number; bias: number };
type Item = { file: string; attack: boolean; h: number };
const items: Item[] = [];
for (const f of TRAIN_FILES)
  for (const l of readFileSync(join(root, '../shared/datasets/prompts', f), 'utf8').split('\n')) {
    if (!l.trim()) continue;
    const r = JSON.parse(l) as { text: string; label: string };
    items.push({ file: f, attack: r.label !== 'benign', h: scoreHeuristics({ text: r.text }).total });
  }
for (const f of PROJECT_TRAIN_FILES)
  for (const r of parseProjectSet(readFileSync(join(root, 'test/fixtures/injection', f), 'utf8')))
    items.push({ file: f, attack: r.label !== 'benign', h: scoreHeuristics({ text: r.text, kind: r.kind }).total });
const z = JSON.parse(readFileSync(join(root, '.cache/injection-loso-logits.json'), 'utf8')).z as number[];
if (z.length !== items.length)
  throw new Error(`the cached logits (${z.length}) are not this composition's (${items.length}): run npm run train`);
const flag = (i: number) => cal.bias + items[i].h + cal.alpha * Math.max(z[i], cal.floor) >= 0;
function figures(sel: (x: Item) => boolean): string {
  let tp = 0;
  let p = 0;
  let fp = 0;
  let n = 0;
  items.forEach((x, i) => {
    if (!sel(x)) return;
    if (x.attack) {
      p++;
      if (flag(i)) tp++;
    } else {
      n++;
      if (flag(i)) fp++;
    }
  });
  const tpr = p ? tp / p : Number.NaN;
  const ba = p && n ? ((tpr + 1 - fp / n) / 2).toFixed(4) : '-';
  return `${ba} (TPR ${p ? tpr.toFixed(4) : '-'}, FPR ${n ? (fp / n).toFixed(4) : '-'}, ${fp}/${n} benign flagged)`;
}
const first = new Set<string>(PROJECT_TRAIN_FILES.slice(0, earlier));
console.log(`calibration: alpha ${cal.alpha}, floor ${cal.floor}, bias ${cal.bias}`);
console.log(`first ${earlier} project files: ${figures((x) => first.has(x.file))}`);
console.log(`dataset files: ${figures((x) => (TRAIN_FILES as readonly string[]).includes(x.file))}`);
for (const f of PROJECT_TRAIN_FILES.slice(earlier)) console.log(`${f}: ${figures((x) => x.file === f)}`);
