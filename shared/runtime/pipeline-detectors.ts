/**
 * Content detectors the ingest pipeline contributes around the detectors library:
 * - the prompt-injection classifier wired per field: every user turn (newest first), else the conversation as a whole
 *   (`detectors/injection/conversation.ts`, label `multi-turn`) -> `prompt-injection` or `jailbreak`;
 *   tool results and retrieved documents (where indirect injection lives) -> `indirect-prompt-injection`;
 * - `guardrail-intervened`: a Bedrock guardrail trace already present in the log (blocked / masked content).
 * Pure; evidence is redacted (classifier signal details are masked excerpts of at most a few dozen characters).
 */

import type { ContentDetector, DetectorContext, DetectorMetadata } from '../detectors/types.ts';
import type { Detection, InvocationRecord } from '../domain/runtime.ts';
import { type FollowedInjection, followedFrom, type ResponseView, responseView } from '../detectors/content/injection-followed.ts';
import { createConversationClassifier } from '../detectors/injection/conversation.ts';
import { oneLine } from '../findings/text.ts';

export interface ClassifierInput {
  text: string;
  system?: string;
  kind?: 'user' | 'document' | 'tool-result';
}
export interface ClassifierOutput {
  verdict: 'attack' | 'benign';
  score: number;
  labels: string[];
  signals: { id: string; weight: number; detail?: string }[];
}
export type ClassifyFn = (input: ClassifierInput) => ClassifierOutput;

const NIST = ['MEASURE 2.7', 'MANAGE 4.1'];
const ISO = ['A.6.2.6'];

export const PROMPT_INJECTION: DetectorMetadata = {
  id: 'prompt-injection',
  kind: 'content',
  title: 'Prompt injection attempt in a user turn',
  severity: 'HIGH',
  description:
    'The newest user turn (or an earlier one, or the conversation as a whole: an attack spread over several turns) tries to override the application instructions, extract the system prompt or hidden data, or smuggle instructions (classifier verdict: attack).',
  mappings: { owasp: ['LLM01', 'LLM07'], atlas: ['AML.T0051.000', 'AML.T0056'], nist: NIST, iso42001: ISO, euAiAct: ['Art. 15'] },
  types: ['TTPs/Initial Access/Prompt Injection', 'Unusual Behaviors/Application'],
  remediation:
    'Attach a Bedrock guardrail with the prompt-attack filter (HIGH) to this application; keep secrets out of system prompts; review the caller identity and its other requests.',
  rule: 'Injection classifier (heuristics over normalized/decoded text + linear model) verdict `attack` on a user turn of the request (newest first), labels without `jailbreak`; when no single turn is an attack, the conversation as a whole (recent user turns read together, reassembled quoted pieces, planted triggers, refusals pressed past): label `multi-turn`, evidence `field: conversation` and the `view` that carried it, once per conversation (a later request that still carries the newest turn it was reported with is the same conversation); the turns sent after an already reported flagged turn are judged as a conversation of their own (`fromTurn`).',
};

export const JAILBREAK: DetectorMetadata = {
  id: 'jailbreak',
  kind: 'content',
  title: 'Jailbreak attempt in a user turn',
  severity: 'MEDIUM',
  description:
    'The newest user turn (or an earlier one, or the conversation as a whole: step-by-step escalation) tries to make the model drop its safety rules (persona/DAN templates, refusal suppression, adversarial suffixes, harmful requests in a fictional frame).',
  mappings: { owasp: ['LLM01'], atlas: ['AML.T0054'], nist: NIST, iso42001: ISO, euAiAct: ['Art. 15'] },
  types: ['TTPs/Initial Access/Jailbreak', 'Unusual Behaviors/Application'],
  remediation:
    'Attach a Bedrock guardrail with content filters and the prompt-attack filter; rate-limit or block the identity if attempts repeat.',
  rule: 'Injection classifier verdict `attack` on a user turn of the request, or on the conversation as a whole (label `multi-turn`), with label `jailbreak`.',
};

export const INDIRECT_INJECTION: DetectorMetadata = {
  id: 'indirect-prompt-injection',
  kind: 'content',
  title: 'Indirect prompt injection in a tool result or retrieved document',
  severity: 'HIGH',
  description:
    'Data the application fed to the model (a tool result, a retrieved knowledge-base passage, an attached document) carries instructions addressed to the model: the classic path to data exfiltration and tool abuse.',
  mappings: { owasp: ['LLM01', 'LLM08'], atlas: ['AML.T0051.001'], nist: NIST, iso42001: ISO, euAiAct: ['Art. 15'] },
  types: ['TTPs/Initial Access/Indirect Prompt Injection', 'Effects/Data Exposure'],
  remediation:
    'Find the poisoned source (the document or tool output), remove it and restrict who can write to it; apply guardrail prompt-attack filtering to tool results / retrieved content (guardContent qualifiers), and require confirmation for tool calls with side effects.',
  rule: 'Injection classifier verdict `attack` on any tool result, retrieved passage or document embedded in the request; CRITICAL when the same response acts on it (a tool call whose input carries an e-mail address, or a data-bearing URL to a host, that only the flagged document named (not the system prompt, not a user turn; exact tokens); an answer with an image URL or a data-bearing link to such a host; or else a dangerous tool call in the response).',
};

export const GUARDRAIL_INTERVENED: DetectorMetadata = {
  id: 'guardrail-intervened',
  kind: 'content',
  title: 'Bedrock guardrail intervened',
  severity: 'LOW',
  description:
    'The invocation log carries a guardrail trace where the guardrail blocked or masked content (stopReason guardrail_intervened, amazon-bedrock-guardrailAction INTERVENED, or a policy action other than NONE).',
  mappings: { owasp: ['LLM01', 'LLM05'], atlas: ['AML.T0054'], nist: NIST, iso42001: ISO, euAiAct: ['Art. 15'] },
  types: ['Unusual Behaviors/Application'],
  remediation: 'Review the identity behind repeated interventions; the guardrail did its job, repeated hits indicate probing.',
  rule: 'A guardrail trace with an intervention in the log record (counted per identity x model x hour).',
};

function detection(
  m: DetectorMetadata,
  r: InvocationRecord,
  evidence: Detection['evidence'],
  labels: string[],
  severity = m.severity,
): Detection {
  return {
    detector: m.id,
    severity,
    title: m.title,
    description: m.description,
    identity: r.identity,
    modelId: r.modelId,
    accountId: r.accountId,
    region: r.region,
    timestamp: r.timestamp,
    requestId: r.requestId,
    evidence,
    labels,
    mappings: m.mappings,
    types: m.types,
    remediation: m.remediation,
  };
}

/**
 * The classifier's signal details (already masked excerpts), on one line, at most 120 UTF-16 code units plus `…`, cut on
 * a code-point boundary and with any lone surrogate replaced: Security Hub rejects invalid UTF-16.
 */
function masked(out: ClassifierOutput): string[] {
  const ex: string[] = [];
  for (const s of out.signals) {
    if (!s.detail || s.weight <= 0) continue;
    ex.push(oneLine(s.detail, 121));
    if (ex.length >= 3) break;
  }
  return ex;
}

/**
 * Memoizes a (pure) classifier. Agent and RAG conversations re-send the same tool results, documents and prompts on
 * every turn; identical inputs are classified once. Bounded by total cached characters (oldest entries evicted).
 */
export function memoizeClassifier(classify: ClassifyFn, maxChars = 2_000_000): ClassifyFn & { hits: number; misses: number } {
  const cache = new Map<string, ClassifierOutput>();
  let chars = 0;
  const fn = ((input: ClassifierInput) => {
    const key = `${input.kind ?? 'user'}\u0000${input.system ?? ''}\u0000${input.text}`;
    const hit = cache.get(key);
    if (hit) {
      fn.hits++;
      return hit;
    }
    fn.misses++;
    const out = classify(input);
    if (key.length <= maxChars / 4) {
      cache.set(key, out);
      chars += key.length;
      while (chars > maxChars) {
        const oldest = cache.keys().next().value as string;
        cache.delete(oldest);
        chars -= oldest.length;
      }
    }
    return out;
  }) as ClassifyFn & { hits: number; misses: number };
  fn.hits = 0;
  fn.misses = 0;
  return fn;
}

/** Two FNV-1a variants over identity and text: a 64-bit key, so distinct turns practically never share one. */
function turnKey(identity: string, text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  const mix = (c: number) => {
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  };
  for (let i = 0; i < identity.length; i++) mix(identity.charCodeAt(i));
  mix(0);
  for (let i = 0; i < text.length; i++) mix(text.charCodeAt(i));
  return `${a.toString(36)}:${b.toString(36)}:${text.length}`;
}

/** Flagged user turns per identity already reported (bounded; the oldest are forgotten first). */
const MAX_REMEMBERED_TURNS = 50_000;
/** Conversations reported per identity and opening turn, most recent kept (different conversations can open alike). */
const MAX_CONVERSATIONS_PER_OPENER = 8;

/**
 * A conversation reported at the conversation level: the position and key of its newest user turn at report time, and
 * the request that reported it. A later request is the same conversation only while it still carries that exact turn
 * at that position.
 */
interface ReportedConversation {
  at: number;
  turn: string;
  requestId: string;
}

/** The classifier as content detectors (one per field family); identical inputs are classified once (memoized). */
export function injectionDetectors(rawClassify: ClassifyFn): ContentDetector[] {
  const classify = memoizeClassifier(rawClassify);
  // Conversation-level judgement over the same (memoized) per-turn classifier: the per-turn verdicts it reads again
  // are answered by the memo.
  const classifyConversation = createConversationClassifier(classify);
  // flagged turn key -> the request that first carried it (a retry of that request is reported again)
  const reported = new Map<string, string>();
  const remember = (key: string, requestId: string) => {
    const first = reported.get(key) ?? requestId;
    reported.delete(key);
    reported.set(key, first);
    if (reported.size > MAX_REMEMBERED_TURNS) reported.delete(reported.keys().next().value as string);
  };
  // identity + opening user turn -> the conversations reported that open that way (bounded like the reported turns:
  // at most MAX_REMEMBERED_TURNS entries in all, the least recently reported opener forgotten first)
  const conversations = new Map<string, ReportedConversation[]>();
  let conversationEntries = 0;
  const rememberConversation = (opener: string, c: ReportedConversation) => {
    const list = (conversations.get(opener) ?? []).filter((x) => !(x.at === c.at && x.turn === c.turn));
    conversationEntries -= conversations.get(opener)?.length ?? 0;
    conversations.delete(opener);
    list.push(c);
    if (list.length > MAX_CONVERSATIONS_PER_OPENER) list.shift();
    conversations.set(opener, list);
    conversationEntries += list.length;
    while (conversationEntries > MAX_REMEMBERED_TURNS) {
      const [oldest, l] = conversations.entries().next().value as [string, ReportedConversation[]];
      conversations.delete(oldest);
      conversationEntries -= l.length;
    }
  };
  /**
   * No single turn is an attack (or the flagged ones were reported already and `from` is the turn after the last of
   * them): the conversation as a whole may be (crescendo, split payload, planted trigger; see
   * `detectors/injection/conversation.ts`), read from user turn `from` on. Reported once per conversation: later
   * requests re-send the same turns plus more, so a reported conversation is remembered by its opening turn and the
   * newest turn it had then (position and key); a later request that still carries that turn at that position is the
   * same conversation and is not reported (nor classified) again. A different conversation that opens the same way
   * is its own finding; the same request seen again (a retried record) is reported again: downstream, the aggregator
   * and the finding lifecycle count a request id once.
   */
  const conversationDetection = (r: InvocationRecord, system: string | undefined, from = 0, flagged = 0): Detection[] => {
    const turns = from ? r.userTurns.slice(from) : r.userTurns;
    const present = turns.flatMap((t, i) => (t?.trim() ? [i] : []));
    if (present.length < 2) return [];
    const opener = `c:${turnKey(r.identity, turns[present[0]])}`;
    const known = conversations.get(opener);
    if (known?.some((c) => c.requestId !== r.requestId && c.at < turns.length && turnKey(r.identity, turns[c.at] ?? '') === c.turn))
      return [];
    const assistant = from && r.assistantHistory.length === r.userTurns.length - 1 ? r.assistantHistory.slice(from) : r.assistantHistory;
    const out = classifyConversation({ turns, system, assistant });
    if (out.verdict !== 'attack') return [];
    const newest = present[present.length - 1];
    rememberConversation(opener, { at: newest, turn: turnKey(r.identity, turns[newest]), requestId: r.requestId });
    const m = out.labels.includes('jailbreak') ? JAILBREAK : PROMPT_INJECTION;
    const severity = out.labels.includes('indirect-injection') ? 'HIGH' : m.severity;
    return [
      detection(
        m,
        r,
        {
          score: Math.round(out.score * 1000) / 1000,
          signals: out.signals
            .filter((s) => s.weight > 0)
            .map((s) => s.id)
            .slice(0, 8),
          excerpts: masked(out),
          field: 'conversation',
          view: out.view ?? 'joined',
          turn: r.userTurns.length,
          turns: r.userTurns.length,
          turnsFlagged: flagged,
          turnsJoined: out.turnsJoined,
          contributingTurns: out.turns.map((t) => t + from),
          ...(from && { fromTurn: from + 1 }),
        },
        out.labels,
        severity,
      ),
    ];
  };
  const direct: ContentDetector = {
    id: 'prompt-injection',
    metadata: PROMPT_INJECTION,
    detect(r: InvocationRecord, _ctx: DetectorContext): Detection[] {
      const n = r.userTurns.length;
      if (!n) return [];
      // Every user turn the request carries, newest first: the model reads the whole history, and a client calling
      // the API directly writes that history itself (an injection in turn 1 of a fabricated conversation, then an
      // innocent "continue"). In a real conversation the earlier turns were classified when they were newest, so the
      // memo answers them. The strongest verdict is reported; on equal scores, the newest turn. A flagged earlier turn
      // that was already reported for this identity (when it was newest, or in an earlier request of the conversation)
      // is not reported again: one injection re-sent with every later request would otherwise count once per request.
      // The request that first carried it, seen again (a retried record), is reported again: a request id counts once
      // downstream, and remembering during detection must not lose the finding when storing it failed.
      const system = r.system.length ? r.system.join('\n') : undefined;
      let best: { out: ClassifierOutput; turn: number } | undefined;
      let flagged = 0;
      let lastFlagged = -1;
      const keys: string[] = [];
      for (let i = n - 1; i >= 0; i--) {
        const text = r.userTurns[i];
        if (!text?.trim()) continue;
        const o = classify({ text, system, kind: 'user' });
        if (o.verdict !== 'attack') continue;
        flagged++;
        lastFlagged = Math.max(lastFlagged, i);
        const key = turnKey(r.identity, text);
        keys.push(key);
        const seenIn = reported.get(key);
        if (i < n - 1 && seenIn !== undefined && seenIn !== r.requestId) continue;
        if (!best || o.score > best.out.score) best = { out: o, turn: i };
      }
      for (const k of keys) remember(k, r.requestId);
      // No new flagged turn: the conversation as a whole, or (when earlier flagged turns were reported already) the
      // turns sent after the last of them, read as a conversation of their own.
      if (!best) return conversationDetection(r, system, lastFlagged + 1, flagged);
      const out = best.out;
      const history = best.turn < n - 1;
      const isJailbreak = out.labels.includes('jailbreak');
      const m = isJailbreak ? JAILBREAK : PROMPT_INJECTION;
      const severity = out.labels.includes('indirect-injection') ? 'HIGH' : m.severity;
      return [
        detection(
          m,
          r,
          {
            score: Math.round(out.score * 1000) / 1000,
            signals: out.signals
              .filter((s) => s.weight > 0)
              .map((s) => s.id)
              .slice(0, 8),
            excerpts: masked(out),
            field: history ? 'user-history' : 'user',
            turn: best.turn + 1,
            turns: n,
            turnsFlagged: flagged,
          },
          out.labels,
          severity,
        ),
      ];
    },
  };
  const indirect: ContentDetector = {
    id: 'indirect-prompt-injection',
    metadata: INDIRECT_INJECTION,
    detect(r: InvocationRecord): Detection[] {
      if (!r.documents.length) return [];
      let best: { out: ClassifierOutput; kind: string } | undefined;
      let hits = 0;
      let followed: (FollowedInjection & { field: string }) | undefined;
      let view: ResponseView | undefined;
      const acts = r.toolUses.length > 0 || r.outputs.length > 0;
      for (const d of r.documents) {
        if (!d.text?.trim()) continue;
        const out = classify({ text: d.text, kind: d.kind === 'tool-result' ? 'tool-result' : 'document' });
        if (out.verdict !== 'attack') continue;
        hits++;
        if (!best || out.score > best.out.score) best = { out, kind: d.kind };
        if (!followed && acts) {
          view ??= responseView(r);
          const f = followedFrom(view, d.text);
          if (f) followed = { ...f, field: d.kind };
        }
      }
      if (!best) return [];
      return [
        detection(
          INDIRECT_INJECTION,
          r,
          {
            score: Math.round(best.out.score * 1000) / 1000,
            field: best.kind,
            documentsFlagged: hits,
            documents: r.documents.length,
            responseToolCalls: r.toolUses.length,
            ...(followed && {
              followedBy: followed.by,
              followedTarget: followed.target,
              followedField: followed.field,
              ...(followed.tool !== undefined && { followedTool: followed.tool }),
            }),
            signals: best.out.signals
              .filter((s) => s.weight > 0)
              .map((s) => s.id)
              .slice(0, 8),
            excerpts: masked(best.out),
          },
          followed ? [...best.out.labels, 'injection-followed'] : best.out.labels,
          followed ? 'CRITICAL' : INDIRECT_INJECTION.severity,
        ),
      ];
    },
  };
  return [direct, indirect];
}

export const guardrailInterventionDetector: ContentDetector = {
  id: 'guardrail-intervened',
  metadata: GUARDRAIL_INTERVENED,
  detect(r: InvocationRecord): Detection[] {
    const g = r.guardrail;
    if (!g?.intervened) return [];
    return [
      detection(
        GUARDRAIL_INTERVENED,
        r,
        { action: g.action ?? 'INTERVENED', policies: g.policies ?? [], stopReason: r.stopReason ?? null },
        ['guardrail'],
      ),
    ];
  },
};
