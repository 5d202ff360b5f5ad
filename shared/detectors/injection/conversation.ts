/**
 * Conversation-level (multi-turn) judgement: attacks spread over several user turns so that no single turn looks like
 * one (crescendo escalation, a payload split into named pieces and combined later, a rule or trigger word planted
 * early and used later, a system prompt extracted piece by piece).
 *
 * Pure: the per-turn classifier is passed in (the runtime detector passes its memoized one, so the per-turn verdicts
 * it already computed are free). Views read by the classifier:
 * - `joined`: the most recent user turns (at most `maxTurns`, each at most `maxTurnChars`, together at most
 *   `maxChars`, oldest dropped first), joined with blank lines: a harmful topic introduced early and an "exact steps
 *   with quantities" demand later end up in one text.
 * - `fragments`: the quoted pieces of those turns (in order) followed by the newest turn, when pieces sit in two or
 *   more earlier turns, or in one and the newest turn combines named pieces (`A + B`, "words 1-4", "put them
 *   together"): the reassembled payload.
 * The views are read only past a gate (a near-miss turn, a rule hit, a cross-turn cue or quoted pieces): most
 * conversations cost a few regular-expression checks and memo look-ups.
 * Cross-turn signals add log-odds to the strongest of the views and of the turns they link:
 * - `conversation.planted-trigger`: an earlier turn defines a word or phrase that switches behaviour ("whenever I say
 *   'sync' …", "typing 'X' switches you"), and a later turn uses it;
 * - `conversation.planted-rule`: an earlier turn lays down a standing rule for the session and a later turn invokes it;
 * - `conversation.refusal-persisted`: an assistant turn of the history refused and the user pressed on.
 * These only raise a conversation whose own text already leans towards an attack; none flags alone.
 * The result never carries raw text: signal details are at most a few words of a matched cue, redacted.
 */
import { type Classification, type ClassifyInput, redact, type Signal } from './classify.ts';

export interface ConversationInput {
  /** The user turns, oldest first (the last one is the newest). */
  turns: string[];
  system?: string;
  /** Assistant turns of the history, oldest first (optional: used only to notice refusals the user pressed past). */
  assistant?: string[];
}

export interface ConversationClassification extends Classification {
  /** 1-based indices (into `turns`) of the user turns that carried the verdict; empty when benign. */
  turns: number[];
  /** User turns read by the joined view (0 when the gate kept the conversation out of the classifier). */
  turnsJoined: number;
  /** Whether the joined view was classified (the gate let the conversation through). */
  gated: boolean;
}

export interface ConversationOptions {
  /** Most recent user turns read (default 6). */
  maxTurns?: number;
  /** Characters kept of each turn (its start and end; default 1,500). */
  maxTurnChars?: number;
  /** Characters of the joined view (default 4,000; older turns are dropped first). */
  maxChars?: number;
  /**
   * Gate: the joined view is classified only when some turn in the window scored at least this much on its own, or
   * carried a heuristic signal (see `gateSignal`), or a cross-turn cue or quoted pieces were found (default 0.1).
   */
  gateScore?: number;
  /** Gate: or a heuristic signal of at least this weight in some turn of the window (default 1). */
  gateSignal?: number;
}

type ClassifyFn = (input: ClassifyInput) => Classification;

const DEFAULTS: Required<ConversationOptions> = { maxTurns: 6, maxTurnChars: 1_500, maxChars: 4_000, gateScore: 0.1, gateSignal: 1 };

/** Log-odds each cross-turn signal adds to the strongest view or linked turn (chosen on the multi-turn dev set). */
export const CROSS_TURN_WEIGHTS = {
  'conversation.planted-trigger': 0.75,
  'conversation.planted-rule': 0.75,
  'conversation.refusal-persisted': 1,
} as const;

/**
 * Quoted pieces: straight (not an apostrophe inside a word), curly, angle and CJK quotes, backticks; 1-200 characters.
 */
const QUOTED_RE =
  /(?<![\p{L}\p{N}])'([^'\n]{1,200}?)'(?![\p{L}\p{N}])|"([^"\n]{1,200})"|‘([^’\n]{1,200})’|“([^”\n]{1,200})”|«([^»\n]{1,200})»|`([^`\n]{1,200})`|「([^」\n]{1,200})」|„([^“”\n]{1,200})[“”]/gu;

/**
 * A later turn that combines or evaluates named pieces: `A + B`, `A1 & B1`, "words 1-4", "put them together",
 * "concatenate", "the resulting question", "fill in the blanks", "the phrase formed by …".
 */
const COMBINE_RE =
  /(?:(?:^|[^\p{L}\p{N}_])[\p{L}\p{N}_)\]]{1,12}\s*[+&]\s*['"‘“]?\s*[\p{L}\p{N}_(['"‘“]|\b(?:combin\w*|concatenat\w*|join(?:ed|ing)?|assembl\w*|merg\w*|put (?:\w+ ){0,2}together|stitch\w*|glue\w*|reassembl\w*|in (?:that |the same )?order|formed by|fill(?:ed|ing)? in|evaluat\w*|execut\w*|resulting|the (?:whole|full|complete|entire) (?:phrase|sentence|string|question|match|request|message|text|prompt))\b|\b(?:words?|parts?|items?|pieces?|blanks?|cells?|groups?|fragments?|strings?|variables?|translations?|halves|letters?|lines?|steps?)\s*#?\d\s*(?:-|–|to|through|and)\s*#?\d)/iu;

/**
 * Turns that define a trigger: a word or phrase (quoted, or an all-caps token) that is to switch behaviour.
 * Groups 1-4 capture the trigger. Case-sensitive only where the trigger is an all-caps token.
 */
const TRIGGER_DEF_RE =
  /\b(?:[Ww]henever|[Ww]hen|[Ii]f|[Ee]very time|[Ee]ach time|[Oo]nce|[Aa]fter|[Aa]s soon as)\s+(?:[Ii]|you see me|u)\s+(?:say|type|write|send|use|enter|add|put|start (?:a message )?with|prefix (?:a message )?with)\s+(?:the (?:word|phrase|code(?: ?word)?|keyword|tag|command)\s+)?(?:['"‘“`]([^'"’”`\n]{1,40})['"’”`]|([A-Z][A-Z0-9_-]{2,20}(?: [A-Z0-9_-]{2,10})?)\b)|\b(?:[Tt]yping|[Ss]aying|[Ww]riting|[Ss]ending)\s+(?:['"‘“`]([^'"’”`\n]{1,40})['"’”`]|([A-Z][A-Z0-9_-]{2,20}(?: [A-Z0-9_-]{2,10})?)\b)\s+(?:will\s+)?(?:switch|activat|unlock|enabl|turn|mean|put|make|start|trigger)/;
/** The same triggers written as "the code word / password / keyword is 'X'" or "'X' means / activates …". */
const TRIGGER_DEF_RE2 =
  /\b(?:code ?word|trigger(?: word| phrase)?|keyword|magic word|safe ?word|pass ?word|passphrase)\s+(?:is|will be|=)\s+['"‘“`]?([^'"’”`\n.,;]{1,40})|['"‘“`]([^'"’”`\n]{1,40})['"’”`]\s+(?:means|switches|activates|unlocks|enables|turns on|puts you)/i;

/** A standing rule for the rest of the session (defined in one turn, meant to apply to later ones). */
const RULE_DEF_RE =
  /\b(?:from now on|from this point(?: on(?:ward)?)?|for (?:the rest of |the remainder of )?(?:this|our|the) (?:session|conversation|chat)|in this (?:session|conversation|chat)|standing (?:instruction|order|rule)|new (?:rule|mode)|(?:permanent|persistent|global) (?:rule|instruction|setting)|(?:remember|save|store|keep) (?:this|the|that|these) (?:rule|instruction|setting|code)s?|rule for (?:the|this|our) (?:game|session|chat))\b/i;
/** A later turn invoking the rule laid down earlier. */
const RULE_USE_RE =
  /\b(?:remember (?:the|our|my) (?:\w+ )?(?:rule|instruction|agreement|deal|mode)|(?:as|like) (?:we )?agreed|per (?:the|our) (?:\w+ )?(?:rule|agreement)|(?:the|our) rule (?:says|applies)|(?:follow|apply|use) (?:the|our|my) (?:\w+ )?(?:rule|mode)|in (?:[A-Z][A-Z0-9_-]{2,20}|\w+ mode)\b)/;

/**
 * An assistant turn that declines, in the languages the injection word lists cover most (English first; the first
 * person "I can't / won't / would rather not" of a refusal).
 */
const REFUSAL_RE = new RegExp(
  [
    "\\bi (?:can(?:no|')t|cannot|won't|will not|am not able to|'m not able to|am unable to|'m unable to|'m not going to|am not going to|'d rather not|would rather not|must decline|have to decline)\\b",
    "\\bi(?:'m| am) not comfortable\\b",
    '\\bsorry, (?:but )?i can',
    '\\bje (?:ne (?:peux|vais|pourrai) pas|préfère ne pas|refuse de)',
    '\\b(?:no (?:puedo|voy a|podré)|prefiero no)\\b',
    '\\b(?:non (?:posso|potrò|ti aiuterò)|preferisco non)\\b',
    '\\b(?:não (?:posso|vou)|prefiro não)\\b',
    '\\b(?:ich (?:kann|werde|darf) (?:\\S+ ){0,3}?nicht|das kann ich nicht)\\b',
    '\\b(?:ik kan (?:\\S+ ){0,3}?niet|dat kan ik niet)\\b',
    '\\bnie (?:mogę|pomogę)\\b',
    '(?:не могу|не смогу|не буду|не стану)',
    '(?:我不能|我无法|我不会|無法|不能帮|不会回答)',
    '(?:できません|お答えできません|控えます)',
    '(?:할 수 없|도와드릴 수 없|드릴 수 없)',
    '\\b(?:tidak (?:bisa|dapat|akan)|saya tidak)\\b',
    '\\b(?:không thể|mình không|tôi không)\\b',
    '\\b(?:yardımcı olamam|yapamam)',
    '(?:לא אוכל|אני לא יכול|אני לא אכנס)',
    '(?:لا أستطيع|لا يمكنني|لن أساعد)',
  ].join('|'),
  'iu',
);

const STRAIGHT = /[’‘]/g;

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil(max * 0.6);
  return `${text.slice(0, head)}\n${text.slice(text.length - (max - head))}`;
}

function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.log(q / (1 - q));
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Escapes a string for use inside a regular expression. */
function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The trigger words or phrases a turn defines (lower-cased), if any. */
export function definedTriggers(text: string): string[] {
  const t = text.replace(STRAIGHT, "'");
  const out: string[] = [];
  for (const re of [TRIGGER_DEF_RE, TRIGGER_DEF_RE2]) {
    const m = re.exec(t);
    if (!m) continue;
    const w = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim().toLowerCase();
    if (w.length >= 2 && !out.includes(w)) out.push(w);
  }
  return out;
}

/** Whether `text` uses `trigger` as a word or phrase of its own. */
function usesTrigger(text: string, trigger: string): boolean {
  return new RegExp(`(?:^|[^\\p{L}\\p{N}_])${escapeRe(trigger)}(?:$|[^\\p{L}\\p{N}_])`, 'iu').test(text.replace(STRAIGHT, "'"));
}

/** The quoted pieces of a text, in order. */
export function quotedPieces(text: string): string[] {
  const out: string[] = [];
  QUOTED_RE.lastIndex = 0;
  for (let m = QUOTED_RE.exec(text); m !== null; m = QUOTED_RE.exec(text)) {
    const piece = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6] ?? m[7] ?? m[8] ?? '').trim();
    if (piece) out.push(piece);
  }
  return out;
}

interface CrossTurn {
  signals: Signal[];
  /** 0-based window indices of the turns a cross-turn signal links. */
  turns: Set<number>;
}

function crossTurnSignals(window: string[], idx: readonly number[], assistant: readonly string[], aligned: boolean): CrossTurn {
  const signals: Signal[] = [];
  const turns = new Set<number>();
  const last = window.length - 1;
  // Planted trigger: defined in an earlier turn, used in a later one.
  trigger: for (let i = 0; i < last; i++) {
    for (const trig of definedTriggers(window[i])) {
      for (let j = i + 1; j <= last; j++) {
        if (!usesTrigger(window[j], trig)) continue;
        signals.push({
          id: 'conversation.planted-trigger',
          weight: CROSS_TURN_WEIGHTS['conversation.planted-trigger'],
          detail: `trigger defined in turn ${idx[i] + 1}, used in turn ${idx[j] + 1}: "${redact(trig, 16)}"`,
        });
        turns.add(i).add(j);
        break trigger;
      }
    }
  }
  // Standing rule: laid down in an earlier turn, invoked in the newest.
  for (let i = 0; i < last; i++) {
    if (!RULE_DEF_RE.test(window[i])) continue;
    if (RULE_USE_RE.test(window[last])) {
      signals.push({
        id: 'conversation.planted-rule',
        weight: CROSS_TURN_WEIGHTS['conversation.planted-rule'],
        detail: `standing rule set in turn ${idx[i] + 1}, invoked in the newest turn`,
      });
      turns.add(i).add(last);
    }
    break;
  }
  // The assistant declined earlier in the conversation and the user pressed on: the refused turn and the turns after
  // it (when the history alternates, assistant turn k answered user turn k; otherwise only the newest turn counts).
  const refused = assistant.findIndex((a) => REFUSAL_RE.test(a.replace(STRAIGHT, "'")));
  if (refused >= 0) {
    const after = aligned ? idx.findIndex((i) => i >= refused) : -1;
    const from = after >= 0 ? after : last;
    signals.push({
      id: 'conversation.refusal-persisted',
      weight: CROSS_TURN_WEIGHTS['conversation.refusal-persisted'],
      detail: 'an assistant turn of the history declined, and the user pressed on',
    });
    for (let j = from; j <= last; j++) turns.add(j);
  }
  return { signals, turns };
}

/** The reassembled payload: quoted pieces of the window's turns followed by the newest turn, when it combines pieces. */
function fragmentsView(window: string[]): string | undefined {
  const last = window.length - 1;
  const pieces: string[] = [];
  let turnsWithPieces = 0;
  for (let i = 0; i < last; i++) {
    const p = quotedPieces(window[i]);
    if (p.length) turnsWithPieces++;
    pieces.push(...p);
  }
  // Pieces spread over two or more earlier turns, or a newest turn that combines named pieces (any language:
  // "A+B" is read as such; the worded cues are English).
  if (turnsWithPieces < 2 && !(turnsWithPieces === 1 && COMBINE_RE.test(window[last]))) return undefined;
  pieces.push(...quotedPieces(window[last]));
  if (pieces.length < 2) return undefined;
  return `${pieces.join(' ')}\n\n${window[last]}`;
}

const BENIGN: Omit<ConversationClassification, 'turnsJoined' | 'gated'> = {
  verdict: 'benign',
  score: 0,
  labels: [],
  signals: [],
  turns: [],
};

/**
 * Builds a conversation classifier over a per-turn classifier (`classifyPrompt`, or the runtime's memoized one).
 * The returned function classifies the conversation as a whole; it does not repeat the per-turn verdicts (the caller
 * decides what to do when a single turn is already an attack).
 */
export function createConversationClassifier(
  classify: ClassifyFn,
  options: ConversationOptions = {},
): (input: ConversationInput) => ConversationClassification {
  const o = { ...DEFAULTS, ...options };
  return (input: ConversationInput): ConversationClassification => {
    if (!Array.isArray(input?.turns)) throw new TypeError('input.turns must be an array of strings');
    // The window: the most recent non-empty user turns, each clipped, oldest dropped while over the character budget.
    const idx: number[] = [];
    for (let i = input.turns.length - 1; i >= 0 && idx.length < o.maxTurns; i--) {
      const t = input.turns[i];
      if (typeof t === 'string' && t.trim()) idx.unshift(i);
    }
    if (idx.length < 2) return { ...BENIGN, turnsJoined: 0, gated: false };
    let window = idx.map((i) => clip(input.turns[i], o.maxTurnChars));
    let total = window.reduce((s, t) => s + t.length + 2, 0);
    while (window.length > 2 && total > o.maxChars) {
      total -= window[0].length + 2;
      window = window.slice(1);
      idx.shift();
    }
    const system = input.system;
    // Per-turn verdicts on the turns as sent (not clipped): the same inputs the per-turn detector classified, so a
    // memoized classifier answers them.
    const per = idx.map((i) => classify({ text: input.turns[i], system, kind: 'user' }));
    const assistant = input.assistant ?? [];
    // Alternating history: one assistant turn between each two user turns (Converse, Messages API).
    const aligned = assistant.length === input.turns.length - 1 && idx.length > 0;
    const cross = crossTurnSignals(window, idx, assistant, aligned);
    const frag = fragmentsView(window);
    const suspicious = per.some(
      (c) => c.score >= o.gateScore || c.signals.some((s) => s.id !== 'model.linear' && s.weight >= o.gateSignal),
    );
    if (!suspicious && !cross.signals.length && frag === undefined) return { ...BENIGN, turnsJoined: 0, gated: false };

    const joined = classify({ text: window.join('\n\n'), system, kind: 'user' });
    // The strongest evidence: a view, or (with cross-turn signals) one of the turns those signals link (a near-miss
    // turn right after a refusal, the turn that defines a trigger or the one that uses it).
    type Source = { view: 'joined' | 'fragments' | 'turn'; out: Classification; turn?: number };
    let best: Source = { view: 'joined', out: joined };
    if (frag !== undefined) {
      const f = classify({ text: frag, system, kind: 'user' });
      if (f.score > best.out.score) best = { view: 'fragments', out: f };
    }
    for (const k of cross.turns) if (per[k].score > best.out.score) best = { view: 'turn', out: per[k], turn: k };
    const extra = cross.signals.reduce((sum, x) => sum + x.weight, 0);
    const score = sigmoid(logit(best.out.score) + extra);
    const verdict = score >= 0.5 ? 'attack' : 'benign';
    const signals: Signal[] = [
      {
        id: `conversation.${best.view}`,
        weight: round(logit(best.out.score), 3),
        detail:
          best.view === 'joined'
            ? `the last ${window.length} user turns read together`
            : best.view === 'fragments'
              ? 'quoted pieces of earlier turns reassembled with the newest turn'
              : `turn ${idx[best.turn ?? 0] + 1} read on its own, raised by the cross-turn signals`,
      },
      ...cross.signals,
      ...best.out.signals,
    ];
    if (verdict === 'benign')
      return { verdict, score: round(score), labels: [], signals, turns: [], turnsJoined: window.length, gated: true };

    // Which turns carried it (only on the rare attack path): for the joined view, each turn left out in turn (one that
    // lowers the score by 0.05 or more contributed); for the reassembled payload, the turns holding pieces; and the
    // turns the cross-turn signals link.
    const contributed = new Set<number>(cross.turns);
    if (best.view === 'joined')
      for (let k = 0; k < window.length; k++) {
        const without = classify({ text: window.filter((_, i) => i !== k).join('\n\n'), system, kind: 'user' });
        if (joined.score - without.score >= 0.05) contributed.add(k);
      }
    if (best.view === 'fragments') for (let k = 0; k < window.length; k++) if (quotedPieces(window[k]).length) contributed.add(k);
    if (best.turn !== undefined) contributed.add(best.turn);
    contributed.add(window.length - 1);
    // Labels: the strongest view's, else by what linked the turns (a planted trigger or rule steers the application:
    // injection; pressing past a refusal: jailbreak).
    const planted = cross.signals.some((x) => x.id !== 'conversation.refusal-persisted');
    const labels = new Set(best.out.labels.length ? best.out.labels : [planted ? 'injection' : 'jailbreak']);
    labels.add('multi-turn');
    return {
      verdict,
      score: round(score),
      labels: [...labels].sort(),
      signals,
      turns: [...contributed].sort((x, y) => x - y).map((k) => idx[k] + 1),
      turnsJoined: window.length,
      gated: true,
    };
  };
}
