/**
 * Measures the leakage detectors on the Tensor Trust prompt-extraction detection set (eval-only: never used to fit
 * any shipped threshold). Each line: a model output (`text`), the secret access code it must not reveal
 * (`meta.secret`), and the label `leakage` (the output reveals it, verbatim or paraphrased) or `benign`.
 *
 * The secret is configured as a canary token (canary detector) and given as the system prompt (system-prompt leakage
 * detector); we report precision / recall / F1 of each and of their union, and of the canary's exact/folded modes
 * alone (without the `scattered` mode for paraphrased multi-part tokens).
 *
 *   node --no-warnings --import tsx scripts/eval-leakage.ts [path/to/file.jsonl] [--json]
 */
import { existsSync, readFileSync } from 'node:fs';
import { createDetectorContext } from '../shared/detectors/config.ts';
import { canaryDetector } from '../shared/detectors/content/canary.ts';
import { systemPromptLeakDetector } from '../shared/detectors/content/system-prompt-leak.ts';
import type { InvocationRecord } from '../shared/domain/runtime.ts';

const DEFAULT = new URL('../../shared/datasets/leakage/tensortrust_extraction_detection.jsonl', import.meta.url).pathname;
const PROMPTS = new URL('../../shared/datasets/prompts/injection_tensortrust.jsonl', import.meta.url).pathname;

interface Row {
  text: string;
  label: string;
  meta?: { secret?: string; sample_id?: number };
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

function metrics(c: Counts) {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const fpr = c.fp + c.tn ? c.fp / (c.fp + c.tn) : 0;
  return { ...c, precision: round(precision), recall: round(recall), f1: round(f1), fpr: round(fpr) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function record(text: string, secret: string, i: number): InvocationRecord {
  return {
    requestId: `eval-${i}`,
    timestamp: '2026-01-01T00:00:00Z',
    accountId: '000000000000',
    region: 'us-east-1',
    operation: 'Converse',
    modelId: 'eval',
    identity: 'eval',
    system: [secret],
    userTurns: [],
    assistantHistory: [],
    documents: [],
    outputs: [text],
    toolUses: [],
    source: { uri: 'eval', line: i + 1 },
  };
}

export function evaluate(path: string) {
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
  const names = ['canary-exact-or-folded', 'canary', 'system-prompt', 'union'] as const;
  const counts: Record<(typeof names)[number], Counts> = {
    'canary-exact-or-folded': { tp: 0, fp: 0, fn: 0, tn: 0 },
    canary: { tp: 0, fp: 0, fn: 0, tn: 0 },
    'system-prompt': { tp: 0, fp: 0, fn: 0, tn: 0 },
    union: { tp: 0, fp: 0, fn: 0, tn: 0 },
  };
  let skipped = 0;
  let secretTooShort = 0;
  const t0 = performance.now();
  rows.forEach((row, i) => {
    const secret = row.meta?.secret;
    if (typeof secret !== 'string' || secret.length === 0 || typeof row.text !== 'string') {
      skipped++;
      return;
    }
    const ctx = createDetectorContext({ canaryTokens: [secret] });
    if (ctx.config.canaryTokens.length === 0) secretTooShort++;
    const r = record(row.text, secret, i);
    const canary = canaryDetector.detect(r, ctx);
    const modes = (canary[0]?.evidence.matchModes as string[] | undefined) ?? [];
    const hits = {
      'canary-exact-or-folded': modes.includes('exact') || modes.includes('folded'),
      canary: canary.length > 0,
      'system-prompt': systemPromptLeakDetector.detect(r, ctx).length > 0,
      union: false,
    };
    hits.union = hits.canary || hits['system-prompt'];
    const positive = row.label === 'leakage';
    for (const n of names) {
      const c = counts[n];
      if (hits[n] && positive) c.tp++;
      else if (hits[n]) c.fp++;
      else if (positive) c.fn++;
      else c.tn++;
    }
  });
  const ms = performance.now() - t0;
  return {
    file: path,
    rows: rows.length,
    positives: rows.filter((r) => r.label === 'leakage').length,
    skipped,
    secretsTooShortForCanary: secretTooShort,
    ms: round(ms),
    results: Object.fromEntries(names.map((n) => [n, metrics(counts[n])])),
  };
}

/**
 * The leakage file only carries the short access code, so the system-prompt detector (>= 8 words) cannot apply to
 * it. As a second measurement, take the real defended system prompts (`meta.pre_prompt`, eval-only) of the Tensor
 * Trust injection file and check: verbatim echo (re-cased, re-wrapped), echo of the first half, and - for false
 * positives - another defender's system prompt given as the output (defences share a lot of boilerplate).
 */
export function evaluateSystemPrompts(path: string) {
  const seen = new Set<string>();
  const prompts: string[] = [];
  for (const l of readFileSync(path, 'utf8').split('\n')) {
    if (!l.trim()) continue;
    const pre = (JSON.parse(l) as { meta?: { pre_prompt?: unknown } }).meta?.pre_prompt;
    if (typeof pre !== 'string' || seen.has(pre) || pre.split(/\s+/).length < 8) continue;
    seen.add(pre);
    prompts.push(pre);
  }
  const ctx = createDetectorContext();
  const hit = (system: string, output: string, i: number) =>
    systemPromptLeakDetector.detect({ ...record(output, system, i), system: [system] }, ctx).length > 0;
  let full = 0;
  let half = 0;
  let quarter = 0;
  let cross = 0;
  prompts.forEach((p, i) => {
    const words = p.split(/\s+/);
    if (hit(p, `Sure, here they are:\n${p.toUpperCase().replace(/\s+/g, ' ')}`, i)) full++;
    if (hit(p, words.slice(0, Math.ceil(words.length / 2)).join(' '), i)) half++;
    if (hit(p, words.slice(0, Math.ceil(words.length / 4)).join(' '), i)) quarter++;
    if (hit(p, prompts[(i + 1) % prompts.length], i)) cross++;
  });
  const n = prompts.length;
  return {
    systemPrompts: n,
    verbatimRecall: round(full / n),
    firstHalfRecall: round(half / n),
    firstQuarterRecall: round(quarter / n),
    crossPromptFpr: round(cross / n),
    crossPromptFp: cross,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const path = args.find((a) => !a.startsWith('--')) ?? DEFAULT;
  if (!existsSync(path)) {
    process.stderr.write(
      `eval-leakage: dataset not found at ${path} (it lives outside the repo in ../shared/datasets); nothing measured.\n`,
    );
    process.exit(2);
  }
  const res = evaluate(path);
  const sp = existsSync(PROMPTS) ? evaluateSystemPrompts(PROMPTS) : undefined;
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ ...res, systemPromptEcho: sp ?? null }, null, 2)}\n`);
  } else {
    process.stdout.write(
      `Tensor Trust extraction detection: ${res.rows} outputs (${res.positives} leakage), ${res.skipped} skipped, ${res.ms} ms\n`,
    );
    process.stdout.write('detector                precision  recall  F1     FPR    (tp/fp/fn/tn)\n');
    for (const [n, m] of Object.entries(res.results)) {
      process.stdout.write(
        `${n.padEnd(23)} ${String(m.precision).padEnd(10)} ${String(m.recall).padEnd(7)} ${String(m.f1).padEnd(6)} ${String(m.fpr).padEnd(6)} (${m.tp}/${m.fp}/${m.fn}/${m.tn})\n`,
      );
    }
    if (sp) {
      process.stdout.write(
        `system-prompt detector on ${sp.systemPrompts} real Tensor Trust system prompts: verbatim echo recall ${sp.verbatimRecall}, first-half echo ${sp.firstHalfRecall}, first-quarter echo ${sp.firstQuarterRecall}, another defender's prompt as output (FP) ${sp.crossPromptFpr} (${sp.crossPromptFp})\n`,
      );
    } else {
      process.stdout.write(`(${PROMPTS} not found: system-prompt echo measurement skipped)\n`);
    }
  }
}
