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
import type { Severity } from '../domain/severity.ts';
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
  rule: 'Injection classifier (heuristics over normalized/decoded text + linear model) verdict `attack` on a user turn of the request (newest first), labels without `jailbreak`; when no single turn is an attack, the conversation as a whole (recent user turns read together, reassembled quoted pieces, the most suspicious earlier turn read with the newest, planted triggers, refusals pressed past): label `multi-turn`, evidence `field: conversation` and the `view` that carried it, flagged turns already reported left out (`turnsLeftOut`); once per conversation (identified by all its user turns: a later request that extends it, or a sliding window that still holds the turns that carried the verdict, is judged only on the turns after those (`fromTurn`); a shorter request of it arriving late is not judged).',
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
/** Score, the ids of the signals that raised it (at most 8) and masked excerpts: the evidence every classifier verdict carries. */
function verdictEvidence(out: ClassifierOutput): { score: number; signals: string[]; excerpts: string[] } {
  return {
    score: Math.round(out.score * 1000) / 1000,
    signals: out.signals
      .filter((s) => s.weight > 0)
      .map((s) => s.id)
      .slice(0, 8),
    excerpts: masked(out),
  };
}

/** A direct (user-turn or conversation) verdict's detector and severity: jailbreak or injection, HIGH when indirect. */
function directKind(out: ClassifierOutput): { m: DetectorMetadata; severity: Severity } {
  const m = out.labels.includes('jailbreak') ? JAILBREAK : PROMPT_INJECTION;
  return { m, severity: out.labels.includes('indirect-injection') ? 'HIGH' : m.severity };
}

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

/**
 * Mixed in before each turn: outside the UTF-16 code units (0-0xFFFF) a text can hold, so no character a user sends
 * (U+0000 included) moves a turn boundary without changing the key.
 */
const TURN_SEPARATOR = 0x10000;

/** Two FNV-1a variants fed the same code units: a 64-bit hash, so distinct inputs practically never share one. */
function fnvPair(): { mix: (c: number) => void; hex: () => string } {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  return {
    mix: (c: number) => {
      a = Math.imul(a ^ c, 0x01000193) >>> 0;
      b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
    },
    hex: () => `${a.toString(36)}:${b.toString(36)}`,
  };
}

/** A turn's key: the identity and the text hashed by `fnvPair`, plus the text's length. */
function turnKey(identity: string, text: string): string {
  const h = fnvPair();
  for (let i = 0; i < identity.length; i++) h.mix(identity.charCodeAt(i));
  h.mix(TURN_SEPARATOR);
  for (let i = 0; i < text.length; i++) h.mix(text.charCodeAt(i));
  return `${h.hex()}:${text.length}`;
}

/**
 * Running keys of a request's user turns: key `i` hashes the identity and every user turn up to `i` (in order, blank
 * turns included), so two requests share key `i` only when they share their first `i + 1` user turns. Linear.
 */
function runningKeys(identity: string, turns: readonly string[]): string[] {
  const h = fnvPair();
  for (let i = 0; i < identity.length; i++) h.mix(identity.charCodeAt(i));
  const out: string[] = [];
  let len = 0;
  for (let t = 0; t < turns.length; t++) {
    const text = typeof turns[t] === 'string' ? turns[t] : '';
    h.mix(TURN_SEPARATOR);
    for (let i = 0; i < text.length; i++) h.mix(text.charCodeAt(i));
    len += text.length + 1;
    out.push(`p:${h.hex()}:${t}:${len}`);
  }
  return out;
}

/** Flagged user turns per identity already reported (bounded; the oldest are forgotten first). */
export const MAX_REMEMBERED_TURNS = 50_000;
/** Entries (running keys and carried turns) of the conversations remembered in all; the least recently seen go first. */
export const MAX_CONVERSATION_ENTRIES = 50_000;
/** Running keys kept per reported conversation: a request up to this many turns shorter is recognised as its prefix. */
export const MAX_PREFIX_KEYS = 64;
/**
 * One identity's share of each memory (flagged turns, conversation entries): beyond it, that identity's own oldest are
 * forgotten first, so one identity (a shared application role is one) cannot flush everyone else's memory.
 */
export const IDENTITY_SHARE = 0.25;
/** Reported conversations remembered per carried turn (a generic turn can carry many; the most recent are kept). */
export const MAX_CONVERSATIONS_PER_TURN = 8;

/**
 * A flagged turn already reported: the request that first carried it, that request's timestamp and, when the turn was
 * history there, its running key.
 */
interface ReportedTurn {
  identity: string;
  requestId: string;
  at: string;
  prefix?: string;
}

/**
 * Whether a request (timestamp `at`) arrived late relative to the request that reported (timestamp `reportedAt`): sent
 * no later than it. A request sent after it that repeats a shorter form of its turns is a new attempt (another user of
 * a shared application role, a day later), judged on its own. Unparseable timestamps are never late.
 */
function arrivedLate(at: string, reportedAt: string): boolean {
  const t = Date.parse(at);
  const r = Date.parse(reportedAt);
  return Number.isFinite(t) && Number.isFinite(r) && t <= r;
}

/**
 * A conversation reported at the conversation level: the running key of the request that reported it (all its user
 * turns), the running keys of its last turns (a shorter request arriving later is recognised as its prefix), the turn
 * keys of its last turns (a sliding history window is the same conversation only when its turns up to the last
 * carried one are a contiguous slice of them) and the turn keys of the turns that carried the verdict.
 */
interface ReportedConversation {
  id: string;
  identity: string;
  requestId: string;
  /** Timestamp of the request that reported it. */
  at: string;
  prefixes: string[];
  /** Turn keys of its last MAX_PREFIX_KEYS user turns ('' for a blank turn), oldest first. */
  keys: string[];
  carried: string[];
}

/**
 * Where a request's turns `0..last` sit in a reported conversation's last turns (`keys`) as a contiguous slice: the
 * index in `keys` of the request's first turn, or -1.
 */
function sliceAt(keys: readonly string[], request: readonly string[], last: number): number {
  for (let j = keys.indexOf(request[0]); j !== -1 && j + last < keys.length; j = keys.indexOf(request[0], j + 1)) {
    let k = 1;
    while (k <= last && keys[j + k] === request[k]) k++;
    if (k > last) return j;
  }
  return -1;
}

/** The classifier as content detectors (one per field family); identical inputs are classified once (memoized). */
export function injectionDetectors(rawClassify: ClassifyFn): ContentDetector[] {
  const classify = memoizeClassifier(rawClassify);
  // Conversation-level judgement over the same (memoized) per-turn classifier: the per-turn verdicts it reads again
  // are answered by the memo.
  const classifyConversation = createConversationClassifier(classify);
  // flagged turn key -> the request that first carried it (a retry of that request is reported again)
  // (each identity's keys in eviction order too: beyond its share, its own oldest go first)
  const reported = new Map<string, ReportedTurn>();
  const turnsOf = new Map<string, Set<string>>();
  const forgetTurn = (key: string) => {
    const t = reported.get(key);
    if (!t) return;
    reported.delete(key);
    const mine = turnsOf.get(t.identity);
    mine?.delete(key);
    if (mine && !mine.size) turnsOf.delete(t.identity);
  };
  const remember = (key: string, turn: ReportedTurn) => {
    const first = reported.get(key) ?? turn;
    reported.delete(key);
    reported.set(key, first);
    let mine = turnsOf.get(first.identity);
    if (!mine) {
      mine = new Set();
      turnsOf.set(first.identity, mine);
    }
    mine.delete(key);
    mine.add(key);
    if (mine.size > MAX_REMEMBERED_TURNS * IDENTITY_SHARE) forgetTurn(mine.values().next().value as string);
    if (reported.size > MAX_REMEMBERED_TURNS) forgetTurn(reported.keys().next().value as string);
  };
  // Reported conversations in eviction order (least recently reported or recognised first), and two indexes into them:
  // running key of a turn of a reported conversation -> the conversations holding it (a conversation and its reported
  // extensions share the keys of their common turns: forgetting one keeps the others'); carried turn key -> the
  // conversations it carried. Bounded by MAX_CONVERSATION_ENTRIES entries in all.
  const conversations = new Map<string, ReportedConversation>();
  const byPrefix = new Map<string, ReportedConversation[]>();
  const unindex = (index: Map<string, ReportedConversation[]>, k: string, c: ReportedConversation) => {
    const list = index.get(k)?.filter((x) => x !== c);
    if (list?.length) index.set(k, list);
    else index.delete(k);
  };
  const addIndex = (index: Map<string, ReportedConversation[]>, k: string, c: ReportedConversation) => {
    const list = (index.get(k) ?? []).filter((x) => x.id !== c.id);
    list.push(c);
    if (list.length > MAX_CONVERSATIONS_PER_TURN) list.shift();
    index.set(k, list);
  };
  const byCarried = new Map<string, ReportedConversation[]>();
  let entries = 0;
  const size = (c: ReportedConversation) => c.prefixes.length + c.keys.length + c.carried.length;
  // each identity's conversations in eviction order, and their entries
  const conversationsOf = new Map<string, { entries: number; list: Map<string, ReportedConversation> }>();
  const forget = (c: ReportedConversation) => {
    if (conversations.get(c.id) !== c) return;
    conversations.delete(c.id);
    entries -= size(c);
    const mine = conversationsOf.get(c.identity);
    if (mine) {
      mine.list.delete(c.id);
      mine.entries -= size(c);
      if (!mine.list.size) conversationsOf.delete(c.identity);
    }
    for (const k of new Set(c.prefixes)) unindex(byPrefix, k, c);
    for (const k of new Set(c.carried)) unindex(byCarried, k, c);
  };
  const touch = (c: ReportedConversation) => {
    if (conversations.get(c.id) !== c) return;
    conversations.delete(c.id);
    conversations.set(c.id, c);
    const mine = conversationsOf.get(c.identity);
    mine?.list.delete(c.id);
    mine?.list.set(c.id, c);
  };
  const rememberConversation = (c: ReportedConversation) => {
    const old = conversations.get(c.id);
    if (old) forget(old);
    conversations.set(c.id, c);
    entries += size(c);
    let mine = conversationsOf.get(c.identity);
    if (!mine) {
      mine = { entries: 0, list: new Map() };
      conversationsOf.set(c.identity, mine);
    }
    mine.list.set(c.id, c);
    mine.entries += size(c);
    for (const k of new Set(c.prefixes)) addIndex(byPrefix, k, c);
    for (const k of new Set(c.carried)) addIndex(byCarried, k, c);
    while (mine.entries > MAX_CONVERSATION_ENTRIES * IDENTITY_SHARE && mine.list.size > 1)
      forget(mine.list.values().next().value as ReportedConversation);
    while (entries > MAX_CONVERSATION_ENTRIES && conversations.size > 1)
      forget(conversations.values().next().value as ReportedConversation);
  };
  /**
   * No single turn is a new attack: the conversation as a whole may be (crescendo, split payload, planted trigger; see
   * `detectors/injection/conversation.ts`). Flagged turns already reported (`reportedTurns`) are left out of it (blanked), so
   * a known injection re-sent as a decoy neither hides nor carries anything. Reported once per conversation:
   * - a request that is a prefix of a reported conversation (the same user turns, fewer of them) sent no later than
   *   the request that reported it (it arrived late) is not judged;
   * - a request that extends a reported conversation (the same running key at that conversation's last turn), or a
   *   sliding history window of it (all the turns that carried its verdict present, and the request's turns up to the
   *   last of them a contiguous slice of its last turns), is judged with the turns that carried the reported verdict
   *   left out (blanked), and reported only when the verdict needs a turn after the reported part (`fromTurn`): an
   *   attack in the new turns, or one spanning the reported part and the new turns;
   * - the request that reported it, seen again (a retried record), is reported again: downstream, the aggregator and the
   *   finding lifecycle count a request id once.
   * A recognised conversation moves to the back of the eviction order.
   */
  const conversationDetection = (
    r: InvocationRecord,
    system: string | undefined,
    reportedTurns: readonly number[],
    flagged: number,
    prefixes: readonly string[],
  ): Detection[] => {
    const n = r.userTurns.length;
    if (r.userTurns.filter((t) => t?.trim()).length - reportedTurns.length < 2) return [];
    // a prefix of a reported conversation sent no later than it arrived late (unless this request reported one of
    // them itself: a retried record is reported again)
    const holders = byPrefix.get(prefixes[n - 1]) ?? [];
    const longer = holders.some((c) => c.requestId === r.requestId) ? undefined : holders.find((c) => arrivedLate(r.timestamp, c.at));
    if (longer) {
      touch(longer);
      return [];
    }
    const keys = r.userTurns.map((t) => (t?.trim() ? turnKey(r.identity, t) : ''));
    // `from`: the first turn after the reported part; the turns that carried a reported verdict are left out
    let from = 0;
    const carriedBefore = new Set<string>();
    const leaveOut = (c: ReportedConversation, end: number) => {
      touch(c);
      from = Math.max(from, end);
      for (const k of c.carried) carriedBefore.add(k);
    };
    for (let i = n - 2; i >= 0; i--) {
      const c = conversations.get(prefixes[i]);
      if (c && c.requestId !== r.requestId) {
        leaveOut(c, i + 1);
        break;
      }
    }
    const at = new Map<string, number>();
    keys.forEach((k, i) => {
      if (k) at.set(k, i);
    });
    for (const k of at.keys())
      for (const c of byCarried.get(k) ?? []) {
        if (c.requestId === r.requestId || !c.carried.every((x) => at.has(x))) continue;
        const last = Math.max(...c.carried.map((x) => at.get(x) as number));
        const j = sliceAt(c.keys, keys, last);
        if (j === -1) continue;
        // the reported part: as far as the request goes on matching the reported conversation's turns
        let end = last + 1;
        while (end < n && j + end < c.keys.length && keys[end] === c.keys[j + end]) end++;
        leaveOut(c, end);
      }
    if (from >= n) return [];
    const skip = new Set(reportedTurns);
    const blanked: number[] = [];
    for (let i = 0; i < from; i++) if (keys[i] && carriedBefore.has(keys[i]) && !skip.has(i)) blanked.push(i);
    for (const i of blanked) skip.add(i);
    const turns = r.userTurns.map((t, i) => (skip.has(i) ? '' : t));
    if (turns.filter((t) => t?.trim()).length < 2) return [];
    const out = classifyConversation({ turns, system, assistant: r.assistantHistory });
    if (out.verdict !== 'attack') return [];
    // the verdict must need a turn after the reported part: without those turns it must not be an attack
    if (
      from &&
      classifyConversation({ turns: turns.map((t, i) => (i < from ? t : '')), system, assistant: r.assistantHistory }).verdict === 'attack'
    )
      return [];
    const carried = [...new Set(out.turns.map((t) => keys[t - 1]).filter(Boolean))];
    rememberConversation({
      id: prefixes[n - 1],
      identity: r.identity,
      requestId: r.requestId,
      at: r.timestamp,
      prefixes: prefixes.slice(Math.max(0, n - MAX_PREFIX_KEYS)),
      keys: keys.slice(Math.max(0, n - MAX_PREFIX_KEYS)),
      // a verdict carried by one turn is not matched by that turn alone (a generic turn would match other conversations)
      carried: carried.length >= 2 ? carried : [],
    });
    const { m, severity } = directKind(out);
    return [
      detection(
        m,
        r,
        {
          ...verdictEvidence(out),
          field: 'conversation',
          view: out.view ?? 'joined',
          turn: n,
          turns: n,
          turnsFlagged: flagged,
          turnsJoined: out.turnsJoined,
          contributingTurns: out.turns,
          ...(from && { fromTurn: from + 1 }),
          ...(reportedTurns.length && { turnsLeftOut: [...reportedTurns].sort((x, y) => x - y).map((i) => i + 1) }),
          ...(blanked.length && { carriedLeftOut: blanked.map((i) => i + 1) }),
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
      const prefixes = runningKeys(r.identity, r.userTurns);
      let best: { out: ClassifierOutput; turn: number } | undefined;
      let flagged = 0;
      const reportedTurns: number[] = [];
      const keys: [string, ReportedTurn][] = [];
      for (let i = n - 1; i >= 0; i--) {
        const text = r.userTurns[i];
        if (!text?.trim()) continue;
        const o = classify({ text, system, kind: 'user' });
        if (o.verdict !== 'attack') continue;
        flagged++;
        const key = turnKey(r.identity, text);
        keys.push([key, { identity: r.identity, requestId: r.requestId, at: r.timestamp, ...(i < n - 1 && { prefix: prefixes[i] }) }]);
        const seen = reported.get(key);
        // Reported already by another request: as history (any position), or as the newest turn of a request that is
        // this one's continuation (it carried this turn as history with the same turns before it) when this request
        // was sent no later than that one (it arrived late).
        if (
          seen !== undefined &&
          seen.requestId !== r.requestId &&
          (i < n - 1 || (seen.prefix === prefixes[i] && arrivedLate(r.timestamp, seen.at)))
        ) {
          reportedTurns.push(i);
          continue;
        }
        if (!best || o.score > best.out.score) best = { out: o, turn: i };
      }
      for (const [k, t] of keys) remember(k, t);
      // No new flagged turn: the conversation as a whole, the flagged turns already reported left out of it.
      if (!best) return conversationDetection(r, system, reportedTurns, flagged, prefixes);
      const out = best.out;
      const history = best.turn < n - 1;
      const { m, severity } = directKind(out);
      return [
        detection(
          m,
          r,
          {
            ...verdictEvidence(out),
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
