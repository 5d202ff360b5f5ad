/**
 * `npm run eval`: measures the injection detector on the dev data in ../shared/datasets/prompts.
 *
 * - Training files: 5-fold cross-validation and leave-one-source-out (the learned layer is re-trained without
 *   the fold / the file; heuristics and calibration are fixed).
 * - Eval-only files: scored by the shipped detector (never fitted on them).
 * - Ablations (heuristics only, model only) and timing (single core, in-process).
 * Skips with a message and exit code 0 when the dataset folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyPrompt, shippedCalibration } from '../shared/detectors/injection/index.ts';
import {
  combined,
  crossValidatedLogits,
  EVAL_ONLY_FILES,
  type Example,
  PROJECT_TRAIN_FILES,
  parseProjectSet,
  prepare,
  TRAIN_FILES,
} from '../shared/detectors/injection/training.ts';
import { cachedLeaveOneSourceOutLogits, leaveOneSourceOutLogitsParallel } from './lib/fold-pool.ts';
import { add, type Counts, empty } from './lib/counts.ts';

const SEED = 20261125;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.AISPM_PROMPTS_DIR ?? resolve(root, '../shared/datasets/prompts');
const out = (s = ''): void => {
  process.stdout.write(`${s}\n`);
};

const pct = (x: number): string => (Number.isNaN(x) ? '    -' : x.toFixed(3));
function row(name: string, c: Counts): string {
  const tpr = c.pos ? c.tp / c.pos : Number.NaN;
  const fpr = c.neg ? c.fp / c.neg : Number.NaN;
  const ba = c.pos && c.neg ? (tpr + 1 - fpr) / 2 : Number.NaN;
  return `${name.padEnd(46)} ${String(c.pos).padStart(5)} ${String(c.neg).padStart(5)}  ${pct(tpr)}  ${pct(fpr)}  ${pct(ba)}`;
}
const header = (title: string): void => {
  out();
  out(title);
  out(`${'file'.padEnd(46)} ${'atk'.padStart(5)} ${'ben'.padStart(5)}  TPR    FPR    BalAcc`);
};

function readJsonl(file: string): { text: string; label: string }[] {
  return readFileSync(join(dataDir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; label: string });
}

/** Per-file table plus pooled totals; returns the pooled counts. */
function table(
  title: string,
  files: readonly string[],
  flagged: (file: string, i: number) => boolean,
  byFile: Map<string, Example[]>,
): Counts {
  header(title);
  const total = empty();
  for (const f of files) {
    const ex = byFile.get(f) ?? [];
    const c = empty();
    ex.forEach((e, i) => {
      const fl = flagged(f, i);
      add(c, e.attack, fl);
      add(total, e.attack, fl);
    });
    out(row(f, c));
  }
  out(row('OVERALL (pooled)', total));
  return total;
}

/**
 * Balanced accuracy of each project training set on arrival, scored by the detector of the day before anything was
 * fitted or written from it (recorded when it arrived; the red-team sets' first looks are in the notes below).
 */
const FIRST_LOOK: Record<string, string> = {
  'redteam-holdout.jsonl': '0.717',
  'redteam-final.jsonl': '0.791',
  'training/direct.jsonl': '0.806',
  'training/indirect.jsonl': '0.828',
  'training/multilingual.jsonl': '0.794',
  'training/persuasion.jsonl': '0.597',
  'training/persuasion-extraction.jsonl': '0.694',
  'training/multilingual-2.jsonl': '0.606',
  'training/documents-overrides.jsonl': '0.719',
  'training/contrast.jsonl': '0.835',
  'training/persuasion-suffix.jsonl': '0.616',
  'training/multilingual-3.jsonl': '0.581',
  'training/indirect-2.jsonl': '0.753',
  'training/persuasion-3.jsonl': '0.603',
  'training/app-context.jsonl': '0.737',
  'training/override-extraction.jsonl': '0.768',
  'training/multilingual-4.jsonl': '0.553',
  'training/roleplay.jsonl': '0.794',
  'training/short-chat.jsonl': '0.733',
  'training/extraction-2.jsonl': '0.706',
  'training/hard-benign-2.jsonl': 'FPR 0.072',
  'training/persuasion-multilingual.jsonl': '0.512',
  'training/agentic-indirect.jsonl': '0.722',
  'training/persuasion-4.jsonl': '0.534',
  'training/override-paraphrase.jsonl': '0.759',
  'training/persona-multilingual.jsonl': '0.591',
  'training/indirect-multilingual.jsonl': '0.559',
  'training/persuasion-5.jsonl': '0.594',
  'training/mixed-traffic.jsonl': '0.831',
  'training/multilingual-5.jsonl': '0.631',
  'training/templates-fresh.jsonl': '0.841',
  'training/app-traffic-2.jsonl': '0.753',
  'training/persuasion-6.jsonl': '0.666',
  'training/obfuscation-2.jsonl': '0.703',
  'training/indirect-multilingual-3.jsonl': '0.634',
  'training/persona-multilingual-2.jsonl': '0.628',
  'training/long-context.jsonl': '0.656',
  'training/extraction-3.jsonl': '0.628',
  'training/hard-benign-3.jsonl': 'FPR 0.022',
  'training/persona-3.jsonl': '0.809',
  'training/persuasion-7.jsonl': '0.553',
  'training/agentic-indirect-3.jsonl': '0.787',
  'training/short-lines.jsonl': '0.703',
  'training/persuasion-8.jsonl': '0.503',
  'training/persuasion-9.jsonl': '0.509',
  'training/multilingual-6.jsonl': '0.550',
  'training/indirect-multilingual-4.jsonl': '0.516',
  'training/extraction-4.jsonl': '0.781',
  'training/persuasion-10.jsonl': '0.747',
  'training/indirect-unaddressed.jsonl': '0.613',
  'training/multilingual-7.jsonl': '0.634',
  'training/persuasion-multilingual-2.jsonl': '0.575',
  'training/ai-docs.jsonl': '0.825 (FPR 0.100)',
  'training/extraction-multilingual-5.jsonl': '0.575',
  'training/multilingual-8.jsonl': '0.740',
  'training/override-obfuscation-3.jsonl': '0.870',
  'training/persuasion-multilingual-3.jsonl': '0.600',
  // Session 8, rounds 11-13: scored by the session-7 detector; round 14 by the round-13 model (0.75% budget).
  'training/extraction-5.jsonl': '0.860',
  'training/override-5.jsonl': '0.830',
  'training/persona-4.jsonl': '0.895',
  'training/obfuscation-4.jsonl': '0.895',
  'training/persuasion-11.jsonl': '0.715',
  'training/indirect-5.jsonl': '0.880',
  'training/persuasion-12.jsonl': '0.520',
  'training/persuasion-multilingual-4.jsonl': '0.570',
  'training/extraction-6.jsonl': '0.780',
  'training/persona-5.jsonl': '0.805',
  'training/mixed-9.jsonl': '0.912',
  'training/persuasion-13.jsonl': '0.560',
  'training/persuasion-14.jsonl': '0.715',
  'training/extraction-multilingual-7.jsonl': '0.730',
  'training/override-6.jsonl': '0.690',
  'training/override-7.jsonl': '0.745 (FPR 0.010)',
  'training/extraction-8.jsonl': '0.770',
  'training/persona-6.jsonl': '0.855',
  'training/persuasion-15.jsonl': '0.610',
  'training/persuasion-multilingual-5.jsonl': '0.540',
  'training/obfuscation-5.jsonl': '0.815 (FPR 0.030)',
  // Session 9, rounds 15-16: scored by the session-8 model (from extraction-10 on with the session-9 decoders).
  'training/override-8.jsonl': '0.825',
  'training/extraction-9.jsonl': '0.870 (FPR 0.010)',
  'training/persuasion-16.jsonl': '0.650',
  'training/indirect-6.jsonl': '0.865 (FPR 0.020)',
  'training/multilingual-9.jsonl': '0.905',
  'training/persuasion-multilingual-6.jsonl': '0.630',
  'training/extraction-10.jsonl': '0.800 (FPR 0.020)',
  'training/persuasion-17.jsonl': '0.685',
  'training/persuasion-multilingual-7.jsonl': '0.705',
  'training/indirect-7.jsonl': '0.675 (FPR 0.010)',
  'training/hard-benign-4.jsonl': 'FPR 0.030',
  'training/override-9.jsonl': '0.850',
  // Round 17 by the session-8 model with the session-9 decoders (the second decoder commit was then drawn from obfuscation-6).
  'training/persuasion-18.jsonl': '0.600',
  'training/persuasion-19.jsonl': '0.875',
  'training/persuasion-multilingual-8.jsonl': '0.525',
  'training/persuasion-multilingual-9.jsonl': '0.535 (FPR 0.010)',
  'training/obfuscation-6.jsonl': '0.820 (FPR 0.010)',
  // Round 18 by the session-8 model with the session-9 decoders; round 19 by the round-17 model (6dbe77e).
  'training/persuasion-multilingual-10.jsonl': '0.500',
  'training/persuasion-multilingual-11.jsonl': '0.510',
  'training/persuasion-20.jsonl': '0.635 (FPR 0.010)',
  'training/indirect-8.jsonl': '0.610',
  'training/extraction-11.jsonl': '0.860',
  'training/multilingual-10.jsonl': '0.730',
  'training/indirect-9.jsonl': '0.590 (FPR 0.010)',
  'training/persuasion-21.jsonl': '0.690',
  'training/override-10.jsonl': '0.835 (FPR 0.020)',
  'training/extraction-12.jsonl': '0.730 (FPR 0.030)',
  'training/mixed-10.jsonl': '0.740 (FPR 0.010)',
  'training/hard-benign-5.jsonl': 'FPR 0.055',
  // Session 17: the detail-demand benign sets (first looks with the session-12 model) and the thirteen red-team sets
  // that were the independent measures until then (first looks as recorded on arrival)
  'training/hard-benign-6.jsonl': 'FPR 0.095',
  'training/hard-benign-7.jsonl': 'FPR 0.070',
  'training/hard-benign-8.jsonl': 'FPR 0.035',
  'training/hard-benign-9.jsonl': 'FPR 0.010',
  'training/hard-benign-10.jsonl': 'FPR 0.035',
  'training/hard-benign-11.jsonl': 'FPR 0.070',
  'redteam-blind.jsonl': '0.759',
  'redteam-blind2.jsonl': '0.857',
  'redteam-blind3.jsonl': '0.888',
  'redteam-blind4.jsonl': '0.824',
  'redteam-blind5.jsonl': '0.856',
  'redteam-blind6.jsonl': '0.891',
  'redteam-blind7.jsonl': '0.929',
  'redteam-blind8.jsonl': '0.935',
  'redteam-blind9.jsonl': '0.889',
  'redteam-blind10.jsonl': '0.869',
  'redteam-blind11.jsonl': '0.909',
  'redteam-blind12.jsonl': '0.920',
  'redteam-blind13.jsonl': '0.920',
  // Session 17, experiment O: the six red-team sets written earlier in the session (first looks, session-12 model)
  'redteam-blind14.jsonl': '0.903',
  'redteam-blind15.jsonl': '0.889',
  'redteam-blind16.jsonl': '0.909',
  'redteam-blind17.jsonl': '0.889',
  'redteam-blind18.jsonl': '0.891',
  'redteam-blind19.jsonl': '0.894',
  // Session 18, experiment Q: four red-team sets written as P's measures and eight sets written as training data
  // (first looks with the session-17 model, experiment O)
  'redteam-blind24.jsonl': '0.934',
  'redteam-blind25.jsonl': '0.951',
  'redteam-blind26.jsonl': '0.855 (FPR 0.017)',
  'redteam-blind27.jsonl': '0.932 (FPR 0.017)',
  'training/redteam-q1.jsonl': '0.754',
  'training/redteam-q2.jsonl': '0.763',
  'training/redteam-q3.jsonl': '0.743',
  'training/redteam-q4.jsonl': '0.874',
  'training/redteam-q5.jsonl': '0.889',
  'training/redteam-q6.jsonl': '0.913 (FPR 0.008)',
  'training/redteam-q7.jsonl': '0.923',
  'training/redteam-q8.jsonl': '0.946',
};

async function main(): Promise<number> {
  if (!existsSync(dataDir)) {
    out(`eval: dataset folder ${dataDir} is absent; skipping the evaluation.`);
    return 0;
  }
  const present = [...TRAIN_FILES, ...EVAL_ONLY_FILES].filter((f) => existsSync(join(dataDir, f)));
  out(`Injection detector evaluation on ${dataDir}`);
  out(
    `Shipped calibration: alpha=${shippedCalibration.alpha} floor=${shippedCalibration.floor} bias=${shippedCalibration.bias}; attack = injection or jailbreak`,
  );

  const raw = new Map(present.map((f) => [f, readJsonl(f)]));
  const trainFiles = TRAIN_FILES.filter((f) => raw.has(f));
  const evalFiles = EVAL_ONLY_FILES.filter((f) => raw.has(f));
  const byFile = new Map<string, Example[]>();
  for (const [f, rows] of raw) byFile.set(f, prepare(f, rows));

  // Training files: out-of-fold and leave-one-source-out model logits.
  const trainEx = trainFiles.flatMap((f) => byFile.get(f) ?? []);
  const offsets = new Map<string, number>();
  let o = 0;
  for (const f of trainFiles) {
    offsets.set(f, o);
    o += byFile.get(f)?.length ?? 0;
  }
  const zCv = crossValidatedLogits(trainEx, 5, SEED);
  const zLoso = await leaveOneSourceOutLogitsParallel(trainEx, SEED);
  const at = (f: string, i: number): number => (offsets.get(f) ?? 0) + i;

  const cal = shippedCalibration;
  const cv = table(
    'A. Training files, 5-fold cross-validation (learned layer out-of-fold)',
    trainFiles,
    (f, i) => combined(trainEx[at(f, i)], zCv[at(f, i)], cal) >= 0,
    byFile,
  );
  const loso = table(
    'B. Training files, leave-one-source-out (learned layer trained without the file)',
    trainFiles,
    (f, i) => combined(trainEx[at(f, i)], zLoso[at(f, i)], cal) >= 0,
    byFile,
  );

  // Eval-only files: the shipped detector, end to end.
  const verdicts = new Map<string, boolean[]>();
  let n = 0;
  let chars = 0;
  const t0 = performance.now();
  for (const f of present) {
    const rows = raw.get(f) ?? [];
    verdicts.set(
      f,
      rows.map((r) => {
        n++;
        chars += r.text.length;
        return classifyPrompt({ text: r.text }).verdict === 'attack';
      }),
    );
  }
  const ms = performance.now() - t0;
  const evalOnly = table('C. Eval-only files (never fitted), shipped detector', evalFiles, (f, i) => verdicts.get(f)?.[i] ?? false, byFile);

  const honest = empty();
  for (const c of [loso, evalOnly]) {
    honest.pos += c.pos;
    honest.tp += c.tp;
    honest.neg += c.neg;
    honest.fp += c.fp;
  }
  out();
  out('D. Generalization summary (leave-one-source-out on training files + eval-only files)');
  out(`${'set'.padEnd(46)} ${'atk'.padStart(5)} ${'ben'.padStart(5)}  TPR    FPR    BalAcc`);
  out(row('LOSO (train files)', loso));
  out(row('eval-only files', evalOnly));
  out(row('LOSO + eval-only (pooled)', honest));
  out(row('5-fold CV (train files, in-distribution)', cv));

  // Ablations on the same splits.
  const heurOnly = (e: Example): boolean => cal.bias + e.h >= 0;
  table('E1. Ablation: heuristics only (no learned layer), all files', present, (f, i) => heurOnly((byFile.get(f) ?? [])[i]), byFile);
  table('E2. Ablation: learned layer only (LOSO logit >= 0), training files', trainFiles, (f, i) => zLoso[at(f, i)] >= 0, byFile);
  const shippedAll = table(
    'E3. Shipped detector end to end (trained on all training files: optimistic on them), all files',
    present,
    (f, i) => verdicts.get(f)?.[i] ?? false,
    byFile,
  );
  void shippedAll;

  // Project-written sets: the challenge set (written while developing the rules) and the red-team sets (written by
  // separate authors who never saw the rules, the data sets or each other's files). Each was measured on arrival;
  // dev, holdout and final were then used to revise the rules and train the learned layer; blind to blind19 train it
  // since session 17 and blind24 to blind27 since session 18 (their first looks are in the leave-one-author-out
  // section); blind20 to blind23 and blind28 to blind47 never have.
  const fixtureSets: [string, string][] = [
    ['challenge.jsonl', 'written while developing the rules; trains the learned layer: coverage, NOT an independent measure'],
    ['redteam-dev.jsonl', 'independent author; rules revised on it, trains the learned layer: NOT an independent measure'],
    ['redteam-holdout.jsonl', 'independent author; first look 0.717, then rules revised on it and it trains the learned layer'],
    ['redteam-final.jsonl', 'independent author; first look 0.791, then rules revised on it and it trains the learned layer'],
    [
      'detail-benign-c.jsonl',
      "benign only: the same brief, a third author (session 16); first look FPR 0.105 (21 of 200) with the session-12 model; never trained on (the first two authors' sets train the learned layer since session 17)",
    ],
    [
      'detail-benign-d.jsonl',
      'benign only: the same brief, a fourth author (session 16); first look FPR 0.065 (13 of 200) with the session-12 model; never trained on',
    ],
    [
      'detail-benign-e.jsonl',
      'benign only: the same brief, a fifth author (session 17); first look FPR 0.080 (16 of 200) with the session-12 model; never trained on',
    ],
    [
      'detail-benign-f.jsonl',
      'benign only: the same brief, a sixth author (session 17); first look FPR 0.080 (16 of 200) with the session-12 model; never trained on',
    ],
    [
      'detail-benign-g.jsonl',
      'benign only: the same brief, a seventh author (session 17, after the session-17 model shipped); first look FPR 0.005 (1 of 200) with it (experiment N), 0 with experiment O that replaced it; never trained on',
    ],
    [
      'detail-benign-h.jsonl',
      'benign only: the same brief, an eighth author (session 17, after the session-17 model shipped); first look FPR 0 with it (experiment N) and with experiment O; never trained on',
    ],
    [
      'redteam-blind47.jsonl',
      'fiftieth independent author (session 19: international NGOs and UN agencies; many low-resource languages); first look 0.951 (TPR 0.903, FPR 0) with experiment T (shipped since session 19), 0.949 with experiment V; decided experiment V (not adopted); never trained on',
    ],
    [
      'redteam-blind46.jsonl',
      'forty-ninth independent author (session 19: East-Asian e-commerce, games and fan communities; Japanese, Korean, Chinese varieties, Southeast-Asian languages); first look 0.904 (TPR 0.817, FPR 0.008) with experiment T (shipped since session 19), 0.902 with experiment V; decided experiment V (not adopted); never trained on',
    ],
    [
      'redteam-blind45.jsonl',
      'forty-eighth independent author (session 19: the Middle East and the Gulf; Arabic dialects, Arabizi, Persian, Kurdish, Hebrew, Balochi); first look 0.956 (TPR 0.920, FPR 0.008) with experiment T (shipped since session 19), 0.942 with experiment V; decided experiment V (not adopted); never trained on',
    ],
    [
      'redteam-blind44.jsonl',
      'forty-seventh independent author (session 19: Central and Eastern Europe and the Balkans; minority languages such as Romani, Sorbian, Kashubian, Rusyn, Aromanian); first look 0.929 (TPR 0.857, FPR 0) with experiment T (shipped since session 19), 0.931 with experiment V; decided experiment V (not adopted); never trained on',
    ],
    [
      'redteam-blind43.jsonl',
      'forty-sixth independent author (session 19: Latin America and the Caribbean; Quechua, Aymara, Guarani, Mayan languages, creoles); first look 0.922 (TPR 0.851, FPR 0.008) with experiment Q (session 18), 0.922 with experiment T (shipped since session 19; this set decided it and experiment U, not adopted); never trained on',
    ],
    [
      'redteam-blind42.jsonl',
      'forty-fifth independent author (session 19: United States health insurers, hospitals, pharmacies, telehealth); first look 0.940 (TPR 0.880, FPR 0) with experiment Q (session 18), 0.951 with experiment T (shipped since session 19; this set decided it and experiment U, not adopted); never trained on',
    ],
    [
      'redteam-blind41.jsonl',
      'forty-fourth independent author (session 19: South and Southeast Asia outside the capitals; Odia, Assamese, Sindhi, Khmer, Lao, Shan, Cebuano and other low-resource languages); first look 0.943 (TPR 0.886, FPR 0) with experiment Q (session 18), 0.954 with experiment T (shipped since session 19; this set decided it and experiment U, not adopted); never trained on',
    ],
    [
      'redteam-blind40.jsonl',
      'forty-third independent author (session 19: West and Central African mobile money, microfinance, cooperatives, ministries; West and Central African languages); first look 0.931 (TPR 0.863, FPR 0) with experiment Q (session 18), 0.943 with experiment T (shipped since session 19; this set decided it and experiment U, not adopted); never trained on',
    ],
    [
      'redteam-blind39.jsonl',
      'forty-second independent author (session 18: manufacturing, energy and critical-infrastructure operators, OT maintenance copilots); first look 0.944 (TPR 0.897, FPR 0.008) with experiment Q (the session-17 model 0.930); decided experiment S (not adopted); never trained on',
    ],
    [
      'redteam-blind38.jsonl',
      'forty-first independent author (session 18: travel, hospitality and transport worldwide); first look 0.934 (TPR 0.869, FPR 0) with experiment Q (the session-17 model 0.926); decided experiment S (not adopted); never trained on',
    ],
    [
      'redteam-blind37.jsonl',
      'fortieth independent author (session 18: Central Asia, Mongolia, Siberia; Turkic, Mongolic and other low-resource languages); first look 0.880 (TPR 0.760, FPR 0) with experiment Q (the session-17 model 0.877); decided experiment S (not adopted); never trained on',
    ],
    [
      'redteam-blind36.jsonl',
      'thirty-ninth independent author (session 18: French, Belgian, Swiss, Italian and Greek organisations; regional languages of those countries); first look 0.937 (TPR 0.874, FPR 0) with experiment Q (the session-17 model 0.920); decided experiment S (not adopted); never trained on',
    ],
    [
      'redteam-blind35.jsonl',
      'thirty-eighth independent author (session 18, written after experiment Q was adopted: cybersecurity, cloud and AI vendors and platform teams); first look 0.966 (TPR 0.931, FPR 0) with experiment Q (the session-17 model 0.957); decided experiment R (not adopted); never trained on',
    ],
    [
      'redteam-blind34.jsonl',
      'thirty-seventh independent author (session 18, written after experiment Q was adopted: Indian-subcontinent and Himalayan enterprises and governments; their languages); first look 0.893 (TPR 0.794, FPR 0.008) with experiment Q (the session-17 model 0.883); decided experiment R (not adopted); never trained on',
    ],
    [
      'redteam-blind33.jsonl',
      "thirty-sixth independent author (session 18, written after experiment Q was adopted: North Africa and the Horn of Africa; Darija, Tamazight, Ge'ez-script and Cushitic languages); first look 0.903 (TPR 0.806, FPR 0) with experiment Q (the session-17 model 0.903); decided experiment R (not adopted); never trained on",
    ],
    [
      'redteam-blind32.jsonl',
      'thirty-fifth independent author (session 18, written after experiment Q was adopted: US and Canadian retailers, property managers, carriers, credit unions, counties); first look 0.954 (TPR 0.909, FPR 0) with experiment Q (the session-17 model 0.946); decided experiment R (not adopted); never trained on',
    ],
    [
      'redteam-blind31.jsonl',
      'thirty-fourth independent author (session 18: European healthcare and public services); first look 0.913 (TPR 0.834, FPR 0.008) with the session-17 model, 0.929 with experiment Q (shipped in session 18; this set decided it); never trained on',
    ],
    [
      'redteam-blind30.jsonl',
      'thirty-third independent author (session 18: East and Southeast-Asian manufacturers, banks, super-apps, hospitals); first look 0.942 (TPR 0.891, FPR 0.008) with the session-17 model, 0.950 with experiment Q (shipped in session 18; this set decided it); never trained on',
    ],
    [
      'redteam-blind29.jsonl',
      'thirty-second independent author (session 18: Latin-American retailers, utilities, tax agencies, universities); first look 0.897 (TPR 0.811, FPR 0.017) with the session-17 model, 0.917 with experiment Q (shipped in session 18; this set decided it); never trained on',
    ],
    [
      'redteam-blind28.jsonl',
      'thirty-first independent author (session 18: West-African fintech, telecoms, ports, universities; West-African languages); first look 0.897 (TPR 0.794, FPR 0) with the session-17 model, 0.903 with experiment Q (shipped in session 18; this set decided it); never trained on',
    ],
    [
      'redteam-blind23.jsonl',
      'twenty-sixth independent author (session 17: developer tools and automation agents); first look 0.943 (TPR 0.886, FPR 0) with experiment N (shipped first in session 17), 0.954 with experiment O (session 17; this set decided it), 0.960 with experiment Q (shipped in session 18); never trained on',
    ],
    [
      'redteam-blind22.jsonl',
      'twenty-fifth independent author (session 17: public sector, education and utilities in Francophone and Lusophone Africa, the Caribbean, Central America, the Pacific); first look 0.876 (TPR 0.760, FPR 0.008) with experiment N (shipped first in session 17), 0.887 with experiment O (session 17; this set decided it), 0.914 with experiment Q (shipped in session 18); never trained on',
    ],
    [
      'redteam-blind21.jsonl',
      'twenty-fourth independent author (session 17: healthcare and life sciences); first look 0.949 (TPR 0.897, FPR 0) with experiment N (shipped first in session 17), 0.946 with experiment O (session 17; this set decided it), 0.954 with experiment Q (shipped in session 18); never trained on',
    ],
    [
      'redteam-blind20.jsonl',
      'twenty-third independent author (session 17: North-American and British fintech, insurtech, HR and legal tech); first look 0.926 (TPR 0.851, FPR 0) with experiment N (shipped first in session 17), 0.934 with experiment O (session 17; this set decided it), 0.951 with experiment Q (shipped in session 18); never trained on',
    ],
  ];
  // Section names run G..Z, then AA, AB, ... (spreadsheet columns), so a growing list of sets stays readable.
  const nextSection = (s: string): string => {
    const last = s.charCodeAt(s.length - 1);
    if (last < 90) return s.slice(0, -1) + String.fromCharCode(last + 1);
    return s.length === 1 ? 'AA' : `${nextSection(s.slice(0, -1))}A`;
  };
  let letter = 'G';
  const blindPooled = empty();
  let blindFiles = 0;
  for (const [file, note] of fixtureSets) {
    const path = join(root, 'test/fixtures/injection', file);
    if (!existsSync(path)) continue;
    out();
    out(`${letter}. Project-written set test/fixtures/injection/${file} (${note})`);
    letter = nextSection(letter);
    out(`${'group'.padEnd(46)} ${'atk'.padStart(5)} ${'ben'.padStart(5)}  TPR    FPR    BalAcc`);
    const groups = new Map<string, Counts>();
    const all = empty();
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { text: string; label: string; group: string; kind?: 'user' | 'document' | 'tool-result' };
      const flagged = classifyPrompt({ text: r.text, kind: r.kind }).verdict === 'attack';
      const key = `${r.label === 'attack' ? 'attack' : 'benign'} ${r.group}`;
      const g = groups.get(key) ?? empty();
      add(g, r.label === 'attack', flagged);
      add(all, r.label === 'attack', flagged);
      groups.set(key, g);
    }
    for (const [g, c] of [...groups].sort(([a], [b]) => a.localeCompare(b))) out(row(g, c));
    out(row('OVERALL', all));
    if (file.startsWith('redteam-blind')) {
      blindFiles++;
      for (const k of ['pos', 'tp', 'neg', 'fp'] as const) blindPooled[k] += all[k];
    }
  }
  if (blindFiles > 1) {
    out();
    out(`${letter}. The ${blindFiles} independent red-team sets (redteam-blind*.jsonl, never trained on), pooled`);
    letter = nextSection(letter);
    out(row('OVERALL (pooled)', blindPooled));
  }

  // Leave one author out: each project-written training set scored by a learned layer trained on everything else
  // (dataset train files + the other project sets), with the shipped calibration. This is what a new author's
  // prompts meet; the rules were revised on some of these sets (see the notes above), so it flatters them a little.
  if (!process.argv.includes('--quick')) {
    const projEx: Example[] = [...trainEx];
    const projFiles = PROJECT_TRAIN_FILES.filter((f) => existsSync(join(root, 'test/fixtures/injection', f)));
    for (const f of projFiles) projEx.push(...prepare(f, parseProjectSet(readFileSync(join(root, 'test/fixtures/injection', f), 'utf8'))));
    const { z: zAuthor, reused } = await cachedLeaveOneSourceOutLogits(projEx, SEED, join(root, '.cache/injection-loso-logits.json'));
    out();
    out(`${letter}. Leave one author out: each project training set scored by a learned layer trained without it (shipped calibration)`);
    letter = nextSection(letter);
    if (reused) out('(learned-layer logits of the last `npm run train`, whose folds are these: same inputs, checked by digest)');
    out(`${'file'.padEnd(46)} ${'atk'.padStart(5)} ${'ben'.padStart(5)}  TPR    FPR    BalAcc  first look`);
    const pooled = empty();
    for (const f of projFiles) {
      const c = empty();
      projEx.forEach((e, i) => {
        if (e.file === f) add(c, e.attack, combined(e, zAuthor[i], cal) >= 0);
      });
      for (const k of ['pos', 'tp', 'neg', 'fp'] as const) pooled[k] += c[k];
      out(`${row(f, c)}  ${FIRST_LOOK[f] ?? '-'}`);
    }
    out(row('OVERALL (pooled)', pooled));
  }

  // Baseline measured in the same run: Unicode normalization + lower-casing of the same texts (the cheapest
  // possible "look at every character" pass), so the ratio is comparable across machines and load.
  const texts = [...raw.values()].flat().map((r) => r.text);
  let sink = 0;
  const b0 = performance.now();
  for (const t of texts) sink += t.normalize('NFKC').toLowerCase().length;
  const baseMs = performance.now() - b0;
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const t of texts) classifyPrompt({ text: t });
  const cpu = process.cpuUsage(cpu0);
  const ms2 = performance.now() - t1;
  out();
  out(`${letter}. Speed: ${n} prompts (${(chars / n).toFixed(0)} chars on average), single thread, in-process (checksum ${sink % 997})`);
  out(
    `   first pass (cold JIT): ${(ms / n).toFixed(3)} ms/prompt; second pass: ${(ms2 / n).toFixed(3)} ms/prompt, ${Math.round((n * 1000) / ms2)} prompts/s`,
  );
  out(
    `   CPU time (user+system, second pass): ${((cpu.user + cpu.system) / 1000 / texts.length).toFixed(3)} ms/prompt (wall time grows when the machine is shared)`,
  );
  out(`   baseline NFKC+lower-case pass: ${(baseMs / n).toFixed(4)} ms/prompt; detector / baseline = ${(ms2 / baseMs).toFixed(0)}x`);
  return 0;
}

process.exitCode = await main();
