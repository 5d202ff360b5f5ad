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
 * - `peak`: the earlier user turn of the window that scored highest on its own, followed by the newest turn (three or
 *   more turns): the step where a crescendo named its goal read with the demand that ends it, without the turns in
 *   between that dilute it in the joined view.
 * The views are read only past a gate (a near-miss turn, a rule hit, a cross-turn cue or quoted pieces): most
 * conversations cost a few regular-expression checks and memo look-ups.
 * Cross-turn signals add log-odds to the strongest of the views and of the turns they link:
 * - `conversation.planted-trigger`: an earlier turn defines a word or phrase that switches behaviour ("whenever I say
 *   'sync' …", "typing 'X' switches you"), and a later turn uses it;
 * - `conversation.planted-rule`: an earlier turn lays down a standing rule for the session and a later turn invokes it;
 * - `conversation.refusal-persisted`: the assistant turn directly before a turn of the window declined the request (read
 *   on its opening, only past the gate) and the user pressed on with a turn that carries more than a generic demand for
 *   detail ("the exact steps", "step by step": removed, then read again), or the joined view does. A turn that moves on
 *   after a decline ("… instead", "never mind", no "it" / "that" pointing back) earns no raise: the user accepted the
 *   decline. Nothing is left out of the joined view because of a decline (the caller writes the assistant history).
 * These only raise a conversation whose own text already leans towards an attack; none flags alone.
 * The result adds no text of the conversation: its own details name turn numbers and a trigger's first character and
 * length; the strongest view's signals are passed on as the per-turn classifier wrote them (masked excerpts).
 */
import { truncate } from '../../findings/text.ts';
import { type Classification, type ClassifyInput, round, type Signal } from './classify.ts';
import { sigmoid } from './linear-model.ts';

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
  /**
   * The view that carried the score (when gated): the joined turns, the reassembled pieces, the most suspicious earlier
   * turn with the newest one, or one linked turn.
   */
  view?: 'joined' | 'fragments' | 'peak' | 'turn';
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
/**
 * The same triggers written as "the code word / keyword is 'X'" or "'X' means / activates …". Not "the password /
 * passphrase is X": that is a credential, not a trigger, and must not be read as one.
 */
const TRIGGER_DEF_RE2 =
  /\b(?:code ?word|trigger(?: word| phrase)?|keyword|magic word|safe ?word)\s+(?:is|will be|=)\s+['"‘“`]?([^'"’”`\n.,;]{1,40})|['"‘“`]([^'"’”`\n]{1,40})['"’”`]\s+(?:means|switches|activates|unlocks|enables|turns on|puts you)/i;

/** A standing rule for the rest of the session (defined in one turn, meant to apply to later ones). */
const RULE_DEF_RE =
  /\b(?:from now on|from this point(?: on(?:ward)?)?|for (?:the rest of |the remainder of )?(?:this|our|the) (?:session|conversation|chat)|in this (?:session|conversation|chat)|standing (?:instruction|order|rule)|new (?:rule|mode)|(?:permanent|persistent|global) (?:rule|instruction|setting)|(?:remember|save|store|keep) (?:this|the|that|these) (?:rule|instruction|setting|code)s?|rule for (?:the|this|our) (?:game|session|chat))\b/i;
/** A later turn invoking the rule laid down earlier. */
const RULE_USE_RE =
  /\b(?:remember (?:the|our|my) (?:\w+ )?(?:rule|instruction|agreement|deal|mode)|(?:as|like) (?:we )?agreed|per (?:the|our) (?:\w+ )?(?:rule|agreement)|(?:the|our) rule (?:says|applies)|(?:follow|apply|use) (?:the|our|my) (?:\w+ )?(?:rule|mode)|in \w+ mode)\b/;
/** "in LIBRE": an all-caps name, a rule invocation only when the rule turn defined that name ("in JSON", "in AWS" are not). */
const RULE_NAME_USE_RE = /\bin ([A-Z][A-Z0-9_-]{2,20})\b/g;

/** Whether the newest turn invokes the standing rule laid down in `ruleTurn`. */
function invokesRule(ruleTurn: string, newest: string): boolean {
  if (RULE_USE_RE.test(newest)) return true;
  for (const m of newest.matchAll(RULE_NAME_USE_RE))
    if (new RegExp(`(?:^|[^\\p{L}\\p{N}_])${escapeRe(m[1])}(?:$|[^\\p{L}\\p{N}_])`, 'u').test(ruleTurn)) return true;
  return false;
}

const STRAIGHT = /[’‘]/g;

/**
 * An assistant turn that declines the request, in the languages the injection word lists cover most (English first):
 * a first-person decline aimed at the request ("I can't help / assist / provide / share / create / give …", "I won't
 * …", "I must decline", "I'd rather not"). Not a capability statement ("I cannot see your repository", "no puedo ver
 * tu clúster"), an emphasis ("I can't stress enough") or a hedge ("I'm not sure", "không chắc", "tidak yakin"): those
 * name no decline verb. Read on the opening of a reply only (`REFUSAL_HEAD`).
 */
const REFUSAL_RE = new RegExp(
  [
    "\\bi(?: can(?:no|')t| cannot| won't| will not| am not able to|'m not able to| am unable to|'m unable to| won't be able to| will not be able to|'m not going to| am not going to| must not| shouldn't| should not) (?:(?:really|actually|personally|directly|fully|in good conscience|ethically|safely|responsibly) )?(?:help(?! but)|assist|provide|share|create|give|write|generate|produce|supply|offer|explain|describe|detail|comply|fulfil|complete|engage|answer|support|continue|discuss|do (?:that|this|so|it)|walk you through|go into|disclose|reveal|participate|facilitate|pretend|role-?play|(?:ignore|bypass|override|disable|switch off|turn off|drop|set aside) (?:my|these|those|the|your) (?:\\w+ )?(?:guidelines|rules|safety|instructions|policies|principles))\\b",
    "\\bi(?:'d| would) rather not\\b|\\bi (?:must|have to|need to) (?:respectfully )?decline\\b|\\bi(?:'m| am) not comfortable (?:helping|providing|sharing|writing|creating|giving|with (?:this|that))\\b",
    '\\bnot something i (?:can|will|am able to) (?:help|assist)',
    "\\bje (?:ne (?:peux|pourrai|vais) pas|refuse d[e']) ?(?:vous |t'|te |l'|les )?(?:aider|fournir|donner|partager|créer|écrire|expliquer|répondre|assister|faire (?:ça|cela))|\\bje préfère ne pas",
    '\\bno (?:puedo|podré|voy a) (?:ayudar|proporcionar|dar|facilitar|compartir|crear|escribir|explicar|detallar|responder|asistir|brindar|ofrecer|colaborar|hacer (?:eso|esto))|\\bprefiero no\\b',
    '\\bnon (?:posso|potrò) (?:aiutar|fornir|dar|condivider|crear|scriver|spiegar|dettagliar|risponder|assister)|\\bnon ti aiuterò|\\bpreferisco non\\b',
    '\\bnão (?:posso|vou|poderei) (?:ajudar|fornecer|dar|compartilhar|criar|escrever|explicar|detalhar|responder|auxiliar)|\\bprefiro não\\b',
    '\\bich (?:kann|werde|darf) (?:\\S+ ){0,3}?nicht (?:weiter)?(?:helfen|bereitstellen|geben|liefern|erstellen|schreiben|erklären|beantworten|weitergeben|unterstützen|tun|teilen)|\\b(?:dabei|damit|hierbei|das) (?:kann|werde|darf) ich (?:\\S+ ){0,2}?nicht (?:weiter)?(?:helfen|tun|machen|beantworten)',
    '\\bik kan (?:\\S+ ){0,3}?niet (?:mee |bij )?(?:helpen|geven|verstrekken|delen|maken|schrijven|uitleggen|doen)|\\bdaar kan ik (?:\\S+ ){0,2}?niet (?:mee |bij )?helpen|\\bdat kan ik niet (?:doen|geven|maken)',
    '\\bnie (?:mogę|moge) (?:pomóc|podać|udostępnić|dać|stworzyć|napisać|wyjaśnić|udzielić)|\\bnie pomogę|\\bnie będę (?:pomagać|podawać|omawiać|udostępniać|pisać|wyjaśniać|tworzyć)',
    'не (?:могу|смогу|буду|стану) (?:\\S+ )?(?:помо|предостав|дать|давать|подел|созда|напис|объясн|ответ|расска|сообщ)',
    '(?:不能|无法|無法|不会|不會|不可以)(?:为你|為你|给你|給你|向你|为您|為您|向您)?(?:帮|幫|提供|协助|協助|回答|分享|告诉|告訴|创作|創作|编写|編寫|生成)',
    '(?:お手伝い|提供|お答え|回答|協力|お教え|共有|作成|お伝え|ご案内)(?:することは|することが|は)?できません|控えさせて|控えます',
    '(?:도와 ?드릴|도와 ?줄|도움을 드릴|제공할|제공해 ?드릴|답변할|답변 ?드릴|알려 ?드릴|알려 ?줄|작성할|작성해 ?드릴|공유할|드릴) 수 없',
    '\\b(?:tidak|tak) (?:bisa|dapat|akan) (?:membantu|memberikan|memberi|menyediakan|berbagi|membagikan|membuat|menulis|menjelaskan|menjawab)\\b',
    '\\b(?:không thể|sẽ không|không được phép) (?:giúp|cung cấp|hỗ trợ|chia sẻ|tạo|viết|đưa|trả lời|hướng dẫn|giải thích)|\\b(?:tôi|mình|em) không (?:giúp|cung cấp|hỗ trợ|chia sẻ|hướng dẫn)',
    '(?:yardımcı olamam|yardım edemem|sağlayamam|veremem|paylaşamam|bunu yapamam|yazamam|oluşturamam)',
    '(?:לא אוכל|אני לא יכול(?:ה)?|אינני יכול(?:ה)?) (?:לעזור|לספק|לתת|לשתף|לכתוב|ליצור|להסביר)|אני לא אכנס',
    '(?:لا أستطيع|لا يمكنني|لن أستطيع|لن) (?:المساعدة|مساعدتك|تقديم|مشاركة|إعطاء|كتابة|إنشاء|شرح|أساعد)',
  ].join('|'),
  'iu',
);

/** Characters of an assistant turn read for a refusal: a refusal opens a reply (and a log line can be megabytes). */
const REFUSAL_HEAD = 300;

/** Whether an assistant turn opens with a decline of the request (`REFUSAL_RE` on its first `REFUSAL_HEAD` characters). */
export function isRefusal(reply: string): boolean {
  if (typeof reply !== 'string') return false;
  const head = reply.slice(0, REFUSAL_HEAD);
  return head.trim() !== '' && REFUSAL_RE.test(head.replace(STRAIGHT, "'"));
}

/** The start and the end of a long text (cut on code-point boundaries). */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil(max * 0.6);
  let from = text.length - (max - head);
  const c = text.charCodeAt(from);
  if (c >= 0xdc00 && c <= 0xdfff) from++;
  return `${truncate(text, head, '')}\n${text.slice(from)}`;
}

function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.log(q / (1 - q));
}

/**
 * A trigger as it may appear in a signal detail: its first character and its length in characters, never the text
 * ("m… (16 chars)"): a trigger can be anything the user typed.
 */
export function maskTrigger(trigger: string): string {
  const chars = [...trigger];
  return `${chars[0] ?? ''}… (${chars.length} chars)`;
}

/** Escapes a string for use inside a regular expression. */
function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Text around a would-be trigger that makes it a credential being entered, not a switch. */
const CREDENTIAL_CONTEXT_RE =
  /\b(?:pass(?:word|phrase|code)|pwd|api[ _-]?keys?|keys?|tokens?|pins?|credentials?|client[ _-]?secret|secret[ _-]?(?:key|value|token)s?|(?:the|my|our) secret is|login|sign[ -]?in|otp|2fa|mfa)\b/i;
/** A value shaped like a secret: digits next to ASCII symbols (not `-` or `_`), or a well-known key prefix. */
const SECRET_SHAPE_RE = /^(?:sk|pk|rk)[-_](?:live|test|proj|ant)?|^(?:AKIA|ASIA|ghp_|gho_|github_pat_|xox[abpr]-|glpat-|AIza)/i;
function looksLikeSecret(value: string): boolean {
  return (/\d/.test(value) && /[!"#$%&'()*+,./:;<=>?@[\\\]^`{|}~]/.test(value)) || SECRET_SHAPE_RE.test(value);
}

/**
 * What a trigger is made to do that goes beyond a credential being entered: sending, moving, deleting or revealing
 * something, setting instructions or safeguards aside, or an address to send to.
 */
const TRIGGER_ACTION_RE =
  /\b(?:forward|send|e-?mail|post|upload|transfer|wire|pay|delete|erase|wipe|export|share|reveal|print|disclose|leak|dump|ignore|bypass|disable|override|exfiltrat|copy|grant|approve|refund|bcc|cc)\w*\b|https?:\/\/|[\w.+-]+@[\w-]+\.[\w.-]+/i;

/**
 * The trigger words or phrases a turn defines (lower-cased), if any. Not a password, API key, token or PIN being typed
 * ("when I enter 'Winter2024!' as the password"): skipped when the text around it names a credential or the value
 * looks like a secret, unless the turn instructs the assistant beyond the definition (`instructs`: the caller's
 * per-turn evidence; or the text after the trigger sends, moves, deletes or reveals something, or names an address).
 * A trigger kept this way is still masked in evidence.
 */
export function definedTriggers(text: string, instructs = false): string[] {
  const t = text.replace(STRAIGHT, "'");
  const out: string[] = [];
  for (const re of [TRIGGER_DEF_RE, TRIGGER_DEF_RE2]) {
    const m = re.exec(t);
    if (!m) continue;
    const raw = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim();
    const around = t.slice(Math.max(0, m.index - 60), m.index + m[0].length + 60);
    const acts = instructs || TRIGGER_ACTION_RE.test(t.slice(m.index + m[0].length, m.index + m[0].length + 300));
    if (!acts && (looksLikeSecret(raw) || CREDENTIAL_CONTEXT_RE.test(around))) continue;
    const w = raw.toLowerCase();
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

/** Planted triggers and standing rules (the cues that open the gate); refusals are read after the gate (`declines`). */
function crossTurnSignals(window: string[], idx: readonly number[], instructs: (i: number) => boolean): CrossTurn {
  const signals: Signal[] = [];
  const turns = new Set<number>();
  const last = window.length - 1;
  // Planted trigger: defined in an earlier turn, used in a later one.
  trigger: for (let i = 0; i < last; i++) {
    for (const trig of definedTriggers(window[i], instructs(i))) {
      for (let j = i + 1; j <= last; j++) {
        if (!usesTrigger(window[j], trig)) continue;
        signals.push({
          id: 'conversation.planted-trigger',
          weight: CROSS_TURN_WEIGHTS['conversation.planted-trigger'],
          detail: `trigger defined in turn ${idx[i] + 1}, used in turn ${idx[j] + 1}: ${maskTrigger(trig)}`,
        });
        turns.add(i).add(j);
        break trigger;
      }
    }
  }
  // Standing rule: laid down in an earlier turn, invoked in the newest.
  for (let i = 0; i < last; i++) {
    if (!RULE_DEF_RE.test(window[i])) continue;
    if (invokesRule(window[i], window[last])) {
      signals.push({
        id: 'conversation.planted-rule',
        weight: CROSS_TURN_WEIGHTS['conversation.planted-rule'],
        detail: `standing rule set in turn ${idx[i] + 1}, invoked in the newest turn`,
      });
      turns.add(i).add(last);
    }
    break;
  }
  return { signals, turns };
}

/**
 * A generic demand for detail ("the exact steps", "step by step", "walk me through", "in detail"): on its own no harmful
 * topic and no attack. Removed before asking whether a turn pressed past a decline carries evidence of its own.
 */
const DETAIL_DEMAND_RE =
  /\b(?:step[- ]by[- ]step|(?:the |a )?(?:exact|precise|specific|detailed|complete|full)(?: \w+)?? (?:steps|recipe|quantities|amounts|measurements|ingredients|instructions|procedure|commands|numbers|dose|statements|guide|tutorial|walkthrough)|walk me through|in (?:great |full |explicit |precise )?detail|Schritt für Schritt|paso a paso|étape par étape|passo a passo)\b/giu;
/** Signals that name no harmful topic or attack by themselves: a sensitive word, a demand for detail, the model score. */
const GENERIC_SIGNALS = new Set(['model.linear', 'harm.broad', 'harm.detail', 'harm.detail-demand']);

/**
 * A turn that moves on after a decline: it asks for something else ("… instead", "rather", "never mind") and does not
 * point back at the declined request ("it", "that", "those").
 */
const PIVOT_RE =
  /\b(?:instead|alternatively|never ?mind|forget (?:it|that|about it)|let'?s (?:switch|move on|change))\b|\b(?:stattdessen|en su lugar|en cambio|à la place|plutôt|invece|em vez disso)\b/iu;
const ANAPHORA_RE = /\b(?:it|that|this|them|those|these|the same|anyway|anyhow|just tell|come on)\b/i;

interface Declines {
  /** Window indices of the turns sent right after an assistant turn that declined. */
  pressed: number[];
  /** Window indices of the turns a decline answered, when the next turn moved on (that next turn earns no raise). */
  accepted: Set<number>;
}

/**
 * The assistant declined inside the window: only the assistant turn directly before each window turn is read (when the
 * history alternates, assistant turn k answered user turn k); without alternation, only the last assistant turn (and
 * only the newest user turn is linked). Whitespace-only turns are skipped. Read after the gate: a decline alone opens
 * nothing.
 */
function declines(window: string[], idx: readonly number[], assistant: readonly string[], aligned: boolean): Declines {
  const pressed: number[] = [];
  const accepted = new Set<number>();
  const last = window.length - 1;
  if (aligned) {
    for (let p = 1; p <= last; p++) {
      const a = idx[p] - 1;
      if (!isRefusal(assistant[a])) continue;
      pressed.push(p);
      if (idx[p - 1] === a && PIVOT_RE.test(window[p]) && !ANAPHORA_RE.test(window[p])) accepted.add(p - 1);
    }
  } else if (isRefusal(assistant[assistant.length - 1])) pressed.push(last);
  return { pressed, accepted };
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
    // a turn that instructs the assistant on its own (past the gate, or a positive signal beyond the generic ones)
    const instructs = (k: number) => per[k].score >= o.gateScore || per[k].signals.some((x) => x.weight > 0 && !GENERIC_SIGNALS.has(x.id));
    const cross = crossTurnSignals(window, idx, instructs);
    const frag = fragmentsView(window);
    const suspicious = per.some(
      (c) => c.score >= o.gateScore || c.signals.some((s) => s.id !== 'model.linear' && s.weight >= o.gateSignal),
    );
    if (!suspicious && !cross.signals.length && frag === undefined) return { ...BENIGN, turnsJoined: 0, gated: false };

    // Declines (read only now): a turn pressed past one raises the conversation only when it, or the joined view,
    // carries harmful-topic or attack evidence beyond a generic demand for detail. A turn that moved on after one
    // (the user accepted the decline) earns no such raise, but nothing is left out of the joined view because of a
    // decline: the assistant history is written by the caller, so a faked refusal must not hide a turn.
    const dec = declines(window, idx, assistant, aligned);
    const kept = window;
    const joined = classify({ text: kept.join('\n\n'), system, kind: 'user' });
    // Evidence beyond a generic demand for detail: the text with such demands removed still scores past the gate, or
    // carries a signal other than a sensitive word or the model score.
    const evidence = (text: string, as: Classification): boolean => {
      const stripped = text.replace(DETAIL_DEMAND_RE, ' ');
      const c = stripped === text ? as : classify({ text: stripped, system, kind: 'user' });
      return c.score >= o.gateScore || c.signals.some((x) => x.weight > 0 && !GENERIC_SIGNALS.has(x.id));
    };
    let joinedEvidence: boolean | undefined;
    const joinedHasEvidence = (): boolean => {
      if (joinedEvidence === undefined) joinedEvidence = evidence(kept.join('\n\n'), joined);
      return joinedEvidence;
    };
    // A turn that moved on is raised only on evidence of its own: the declined request's evidence in the joined view
    // does not count for it.
    // (the turn as sent, with its own per-turn verdict: the same input on both sides of the comparison)
    const pressed = dec.pressed.filter((p) => evidence(input.turns[idx[p]], per[p]) || (!dec.accepted.has(p - 1) && joinedHasEvidence()));
    // How much the joined view loses when turn k is left out (memoized: also read for the turns that carried it).
    const loss = new Map<number, number>();
    const lossWithout = (k: number): number => {
      let l = loss.get(k);
      if (l === undefined) {
        l = joined.score - classify({ text: window.filter((_, i) => i !== k).join('\n\n'), system, kind: 'user' }).score;
        loss.set(k, l);
      }
      return l;
    };
    if (pressed.length) {
      cross.signals.push({
        id: 'conversation.refusal-persisted',
        weight: CROSS_TURN_WEIGHTS['conversation.refusal-persisted'],
        detail: `an assistant turn declined, and the user pressed on in turn ${idx[pressed[0]] + 1}`,
      });
      for (const p of pressed) cross.turns.add(p);
      // later turns of a conversation pressed past a refusal count only when the conversation as a whole is a near miss,
      // and only those that carry some of it (left out, the joined view loses 0.05 or more; not a "Thanks" or "Hello?")
      if (joined.score >= o.gateScore) for (let p = pressed[0] + 1; p < window.length; p++) if (lossWithout(p) >= 0.05) cross.turns.add(p);
    }
    // The strongest evidence: a view, or (with cross-turn signals) one of the turns those signals link (a near-miss
    // turn right after a refusal, the turn that defines a trigger or the one that uses it).
    type Source = { view: 'joined' | 'fragments' | 'peak' | 'turn'; out: Classification; turn?: number };
    let best: Source = { view: 'joined', out: joined };
    if (frag !== undefined) {
      const f = classify({ text: frag, system, kind: 'user' });
      if (f.score > best.out.score) best = { view: 'fragments', out: f };
    }
    // The most suspicious earlier turn read with the newest one (with two turns that is the joined view already).
    const last = window.length - 1;
    let peak = 0;
    for (let k = 1; k < last; k++) if (per[k].score > per[peak].score) peak = k;
    if (last >= 2) {
      const p = classify({ text: `${window[peak]}\n\n${window[last]}`, system, kind: 'user' });
      if (p.score > best.out.score) best = { view: 'peak', out: p, turn: peak };
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
            ? `the last ${kept.length} user turns read together`
            : best.view === 'fragments'
              ? 'quoted pieces of earlier turns reassembled with the newest turn'
              : best.view === 'peak'
                ? `turn ${idx[peak] + 1} (the most suspicious earlier turn) read with the newest turn`
                : `turn ${idx[best.turn ?? 0] + 1} read on its own, raised by the cross-turn signals`,
      },
      ...cross.signals,
      ...best.out.signals,
    ];
    if (verdict === 'benign')
      return { verdict, score: round(score, 4), labels: [], signals, turns: [], turnsJoined: kept.length, gated: true, view: best.view };

    // Which turns carried it (only on the rare attack path): for the joined view, each turn left out in turn (one that
    // lowers the score by 0.05 or more contributed); for the reassembled payload, the turns holding pieces; and the
    // turns the cross-turn signals link.
    const contributed = new Set<number>(cross.turns);
    if (best.view === 'joined') for (let k = 0; k < window.length; k++) if (lossWithout(k) >= 0.05) contributed.add(k);
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
      score: round(score, 4),
      labels: [...labels].sort(),
      signals,
      turns: [...contributed].sort((x, y) => x - y).map((k) => idx[k] + 1),
      turnsJoined: kept.length,
      gated: true,
      view: best.view,
    };
  };
}
