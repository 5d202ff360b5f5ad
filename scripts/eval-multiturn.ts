/**
 * `npm run eval:multiturn [-- <file.jsonl>]`: measures conversation-level (multi-turn) detection on labelled
 * conversations, one JSON object a line: {"label": "attack"|"benign", "group": "...", "messages": [{"role", "text"}]}.
 * Default file: test/fixtures/injection/multiturn-dev.jsonl (the development set the multi-turn mechanisms were tuned
 * on: its figures are dev figures, not a blind measurement).
 *
 * Per group, TPR / FPR / balanced accuracy of:
 * - last turn: the per-turn classifier on the newest user turn alone;
 * - any turn: any user turn flagged on its own (what the runtime detector reported before multi-turn detection);
 * - conversation: `classifyConversation` alone;
 * - detector: what the `prompt-injection` detector reports now (any single turn, else the conversation), per
 *   conversation as one request: it does not model the runtime's once-per-conversation suppression (later requests
 *   of a reported conversation, turns already reported) nor its reading of the turns after a reported flagged turn.
 * Then the gate (the share of conversations whose joined view is classified at all) and the time per conversation.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyConversation, classifyPrompt, createConversationClassifier } from '../shared/detectors/injection/index.ts';
import { memoizeClassifier } from '../shared/runtime/pipeline-detectors.ts';
import { add, type Counts, empty } from './lib/counts.ts';

interface Conversation {
  label: 'attack' | 'benign';
  group: string;
  messages: { role: 'user' | 'assistant'; text: string }[];
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? resolve(root, 'test/fixtures/injection/multiturn-dev.jsonl');
const out = (s = ''): void => {
  process.stdout.write(`${s}\n`);
};

const fmt = (x: number): string => (Number.isNaN(x) ? '    -' : x.toFixed(3));
function cells(c: Counts): string {
  const tpr = c.pos ? c.tp / c.pos : Number.NaN;
  const fpr = c.neg ? c.fp / c.neg : Number.NaN;
  const ba = c.pos && c.neg ? (tpr + 1 - fpr) / 2 : Number.NaN;
  return `${fmt(tpr)} ${fmt(fpr)} ${fmt(ba)}`;
}

const METHODS = ['last turn', 'any turn', 'conversation', 'detector'] as const;
type Method = (typeof METHODS)[number];

function main(): number {
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Conversation);
  const groups = new Map<string, Record<Method, Counts>>();
  const all = Object.fromEntries(METHODS.map((m) => [m, empty()])) as Record<Method, Counts>;
  const gated = { attack: 0, benign: 0 };
  const n = { attack: 0, benign: 0 };
  let convMs = 0;
  let convCalls = 0;
  // As in the runtime detector: the per-turn verdicts come from a memo, so the conversation's extra cost is its views.
  const memo = memoizeClassifier(classifyPrompt);
  const memoConversation = createConversationClassifier(memo);
  const marginal = { attack: 0, benign: 0 };
  const caughtOnlyByConversation = { attack: 0, benign: 0 };
  const missedByTurns = { attack: 0, benign: 0 };
  for (const r of rows) {
    const turns = r.messages.filter((m) => m.role === 'user').map((m) => m.text);
    const assistant = r.messages.filter((m) => m.role === 'assistant').map((m) => m.text);
    const per = turns.map((text) => memo({ text, kind: 'user' }));
    const last = per[per.length - 1]?.verdict === 'attack';
    const any = per.some((c) => c.verdict === 'attack');
    const t0 = performance.now();
    const conv = classifyConversation({ turns, assistant });
    convMs += performance.now() - t0;
    convCalls++;
    const t1 = performance.now();
    memoConversation({ turns, assistant });
    marginal[r.label] += performance.now() - t1;
    const attack = r.label === 'attack';
    if (!any) {
      missedByTurns[r.label]++;
      if (conv.verdict === 'attack') caughtOnlyByConversation[r.label]++;
    }
    n[r.label]++;
    if (conv.gated) gated[r.label]++;
    const flags: Record<Method, boolean> = {
      'last turn': last,
      'any turn': any,
      conversation: conv.verdict === 'attack',
      detector: any || (turns.length >= 2 && conv.verdict === 'attack'),
    };
    const key = `${r.label}/${r.group}`;
    const g = groups.get(key) ?? (Object.fromEntries(METHODS.map((m) => [m, empty()])) as Record<Method, Counts>);
    for (const m of METHODS) {
      add(g[m], attack, flags[m]);
      add(all[m], attack, flags[m]);
    }
    groups.set(key, g);
  }
  out(`Multi-turn detection on ${file.startsWith(root) ? file.slice(root.length + 1) : file} (${rows.length} conversations)`);
  out(`${'group'.padEnd(26)} ${'n'.padStart(4)}  ${METHODS.map((m) => m.padEnd(17)).join(' ')}`);
  out(`${''.padEnd(26)} ${''.padStart(4)}  ${METHODS.map(() => 'TPR   FPR   BalAcc').join(' ')}`);
  for (const [k, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const size = g['last turn'].pos + g['last turn'].neg;
    out(`${k.padEnd(26)} ${String(size).padStart(4)}  ${METHODS.map((m) => cells(g[m])).join(' ')}`);
  }
  out(`${'OVERALL'.padEnd(26)} ${String(rows.length).padStart(4)}  ${METHODS.map((m) => cells(all[m])).join(' ')}`);
  out();
  out(
    `Gate: the joined view was classified for ${gated.attack} of ${n.attack} attack and ${gated.benign} of ${n.benign} benign conversations (${fmt(n.benign ? gated.benign / n.benign : Number.NaN)} of benign)`,
  );
  out(
    `Conversations no single turn flagged: ${missedByTurns.attack} attack, ${missedByTurns.benign} benign; flagged at conversation level: ${caughtOnlyByConversation.attack} attack, ${caughtOnlyByConversation.benign} benign`,
  );
  out(`Time: ${(convMs / Math.max(1, convCalls)).toFixed(2)} ms per conversation for classifyConversation (per-turn verdicts included)`);
  out(
    `      with the per-turn verdicts memoized (as in the runtime detector): ${(marginal.benign / Math.max(1, n.benign)).toFixed(2)} ms per benign, ${(marginal.attack / Math.max(1, n.attack)).toFixed(2)} ms per attack conversation`,
  );
  return 0;
}

process.exitCode = main();
