/**
 * The combined detector: normalization -> heuristics over the folded text and every decoded payload ->
 * structural detectors -> learned linear model -> one calibrated log-odds score.
 *
 * score = sigmoid(bias + sum over categories of the heuristic weights + alpha * model logit)
 * verdict = attack when score >= 0.5. `bias` and `alpha` are calibrated by `scripts/train-injection.ts` on
 * out-of-fold scores of the training files so that the benign false-positive rate stays under 1%.
 */
import { type ConceptHit, conceptHits } from './concepts.ts';
import { englishGloss } from './gloss.ts';
import { detectAffirmativeSoup } from './rules-intent.ts';
import { type Category, detectFlood, detectSuffix, type Hit, type Rule, runRules, STRUCTURAL_RULES } from './heuristics.ts';
import { type LinearModel, scoreText, sigmoid } from './linear-model.ts';
import { type Normalized, normalize, type Obfuscation } from './normalize.ts';
import { truncate } from '../../findings/text.ts';

export type PromptKind = 'user' | 'document' | 'tool-result';

export interface ClassifyInput {
  text: string;
  system?: string;
  kind?: PromptKind;
}

export interface Signal {
  id: string;
  weight: number;
  detail?: string;
}

export interface Classification {
  verdict: 'attack' | 'benign';
  score: number;
  labels: string[];
  signals: Signal[];
}

export interface Calibration {
  /** Intercept of the combined log-odds. */
  bias: number;
  /** Multiplier of the learned model's logit. */
  alpha: number;
  /** Lowest model logit used: a confident "benign" from the model cannot cancel strong heuristic evidence. */
  floor: number;
}

export interface ClassifierConfig {
  model?: LinearModel | null;
  calibration: Calibration;
}

/** Weight of obfuscation by itself (hidden tag-character text is never legitimate). */
const OBFUSCATION_WEIGHT: Partial<Record<Obfuscation, number>> = {
  'tag-chars': 3,
  'invisible-chars': 1,
  'bidi-controls': 1,
  homoglyphs: 1.5,
  leetspeak: 1,
  'spaced-letters': 0.5,
};

/** Categories whose hits, when they sit inside embedded data, make the finding an indirect injection. */
const INSTRUCTION_CATEGORIES = new Set<Category>([
  'instruction-override',
  'new-instructions',
  'system-prompt-extraction',
  'addressed-to-ai',
  'exfiltration',
  'chat-template',
  'fake-tool-trace',
  'payload-splitting',
]);

/**
 * Categories not read from the gloss. Notes addressed to an AI are recognized by their form (speaker labels, "AI:",
 * a colon after the addressee), which word-for-word glossing distorts, and documents about AI assistants (policies,
 * minutes, job ads) are common benign text in every language: leaving this category out of the gloss raised
 * leave-one-author-out accuracy from 0.7412 to 0.7489.
 */
const GLOSS_SKIP = new Set<Category>(['addressed-to-ai']);

/** Turns of a chat transcript: lines that start with a person's speaker label, and with the assistant's. */
const HUMAN_TURN_RE =
  /(?:^|\n)[^\S\n]*(?:user|customer|client|human|caller|patient|visitor|guest|member|student|employee|me|q|kunde|kundin|cliente|usuario|usuaria|utilisateur|benutzer|utente|klant|klient)[^\S\n]*:/g;
const AI_TURN_RE = /(?:^|\n)[^\S\n]*(?:ai[ -]?)?(?:assistant|assistente|asistente|assistent|bot|chatbot|ai|a)[^\S\n]*:/g;
/** At a hit's index: the assistant's speaker label at the start of a line. */
const AI_TURN_AT = /^\s*(?:ai[ -]?)?(?:assistant|assistente|asistente|assistent|bot|chatbot|ai|a)[^\S\n]*:/;
/** Signals that read "Assistant:" as a note addressed to the model. */
const SPEAKER_LABEL_HITS = new Set(['addressed.dear-ai', 'concept.ai-directive', 'concept.ai-addressee']);

/** At least two turns of a person and two of the assistant. */
function isTranscript(folded: string): boolean {
  const count = (re: RegExp): number => {
    re.lastIndex = 0;
    let n = 0;
    while (n < 2 && re.exec(folded) !== null) n++;
    return n;
  };
  return count(HUMAN_TURN_RE) >= 2 && count(AI_TURN_RE) >= 2;
}

/** Where quoted data (an email, a table, code, a pasted document) starts inside a user turn. */
const EMBEDDED_DATA_RE =
  /^[ \t]*[{[][ \t\n]*["{[]|<(?:figure|img|span|section|header|footer|h[1-6]|ul|ol|li|a|meta|!--)\b|(?:^|\n)[ \t]*(?:#{1,3}|\/\/|--|;)[ \t]*[a-z][^\n]*\n|(?:^|\n)[ \t]*\[#?[\w.-]{1,30}\][ \t]*[\w.-]{1,30}:|(?:^|\n)[ \t]*q:[^\n]*\n[ \t]*a:|\b[a-z_]\w{0,40}\([^()\n]{0,200}\)[ \t]*(?:->|=>|returned|:[ \t]*\n)|(?:^|\n)[ \t]*(?:subject|from|to|cc|date|sent|reply-to)[ \t]*:[^\n]*\n|(?:^|\n)[ \t]*\|[^\n|]*\|[^\n]*\|[ \t]*\n|```|<(?:html|body|div|p|table|article|email|document)\b|\b(?:here is|here's|below is|the following|summari[sz]e|translate|review|analy[sz]e|classify|proofread|check|read)\b[^\n.]{0,40}?\b(?:email|e-mail|document|article|text|message|review|code|table|data|web ?page|page|file|passage|paragraph|transcript|comment|report|letter|csv|json|log)s?\b[^\n]{0,20}?[:\n]/i;

/** Short, redacted excerpt of a match: enough to say why, never the prompt. */
export function redact(s: string, max = 32): string {
  let noControls = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    noControls += c < 0x20 || (c >= 0x7f && c <= 0x9f) ? ' ' : s[i];
  }
  const flat = noControls.replace(/\s+/g, ' ').trim();
  // at most `max` UTF-16 code units, cut on a code-point boundary (a split surrogate pair is invalid text downstream)
  return flat.length > max ? `${truncate(flat, max, '')}…` : flat;
}

interface ScoredHit {
  id: string;
  category: Category;
  weight: number;
  labels: readonly string[];
  index: number;
  matchLength?: number;
  detail: string;
  fromDecoded?: Obfuscation;
  /** Found in the English gloss of a text in another language (`gloss.ts`). */
  fromGloss?: boolean;
}

/** Whether a match sits inside quotation marks on its line. */
function isQuoted(text: string, index: number, length: number): boolean {
  if (length <= 0) return false;
  const before = text.slice(Math.max(0, index - 40), index);
  const after = text.slice(index + length, index + length + 60);
  const open = before.search(/["'`«„][^"'`«»„\n]*$/);
  return open !== -1 && /^[^"'`«»\n]*["'`»]/.test(after);
}

function toScored(h: Hit, prefix = '', fromDecoded?: Obfuscation): ScoredHit {
  return {
    matchLength: h.match.length,
    id: prefix + h.rule.id,
    category: h.rule.category,
    weight: h.weight,
    labels: h.rule.labels,
    index: h.index,
    detail: `${h.rule.description}: "${redact(h.match)}"`,
    fromDecoded,
  };
}

/** A concept hit as a scored signal, at its document weight when it sits in data. */
function conceptScored(c: ConceptHit, asDoc: boolean): ScoredHit {
  return {
    id: c.id,
    category: c.category,
    weight: asDoc ? c.docWeight : c.weight,
    labels: c.labels,
    index: c.index,
    detail: c.description,
  };
}

function structuralHit(rule: Rule, index: number, detail: string): ScoredHit {
  return { id: rule.id, category: rule.category, weight: rule.weight, labels: rule.labels, index, detail };
}

export interface HeuristicResult {
  hits: ScoredHit[];
  /** Sum of category scores (log-odds units). */
  total: number;
  normalized: Normalized;
  /** The English gloss of a text in another language (`gloss.ts`), when it was read. */
  gloss?: string;
}

/** Heuristic layer alone (no model): used by the classifier and by the evaluation script's ablations. */
export function scoreHeuristics(input: ClassifyInput): HeuristicResult {
  const kind = input.kind ?? 'user';
  const n = normalize(input.text);
  const hits: ScoredHit[] = runRules(n.folded, kind, n.squashed).map((h) => toScored(h));
  // Quoted data inside a user turn (an email, a table, code, "summarize the following …") is read with the
  // document weights: an imperative to the assistant there is an indirect injection, not the user speaking.
  if (kind === 'user') {
    const m = EMBEDDED_DATA_RE.exec(n.folded);
    if (m) {
      const start = m.index + m[0].length;
      for (const h of runRules(n.folded.slice(start), 'document')) {
        const existing = hits.find((x) => x.id === h.rule.id);
        if (existing && existing.weight >= h.weight) continue;
        const scored = toScored(h);
        scored.index += start;
        if (existing) hits.splice(hits.indexOf(existing), 1, scored);
        else hits.push(scored);
      }
    }
  }

  // Concept co-occurrences (any order, ~20 languages); inside quoted data of a user turn, document weights apply.
  const embedAt = kind === 'user' ? EMBEDDED_DATA_RE.exec(n.folded)?.index : undefined;
  for (const c of conceptHits(n.folded, kind !== 'user' || embedAt !== undefined))
    hits.push(conceptScored(c, kind !== 'user' || (embedAt !== undefined && c.index >= embedAt)));

  // Text in another language: the English rules and concepts also read its word-for-word English gloss
  // (`gloss.ts`). A signal found only there is added as a signal of its own ("… (in the English gloss)"); one the text
  // already raised is not counted twice.
  const glossed = englishGloss(n.folded);
  if (glossed !== undefined) {
    const have = new Set(hits.map((h) => h.id));
    const data = kind !== 'user';
    const found: ScoredHit[] = runRules(glossed, kind).map((h) => toScored(h));
    for (const c of conceptHits(glossed, data)) found.push(conceptScored(c, data));
    for (const h of found) {
      if (have.has(h.id) || GLOSS_SKIP.has(h.category)) continue;
      have.add(h.id);
      // Quoted in the gloss (the source's quotation marks are kept): talked about, not used, as in plain text.
      const quoted = isQuoted(glossed, h.index, h.matchLength ?? 0);
      hits.push({
        ...h,
        weight: h.weight * (quoted ? 0.5 : 1),
        index: 0,
        matchLength: undefined,
        fromGloss: true,
        detail: `${h.detail} (in the English gloss)`,
      });
    }
  }

  const suffix = detectSuffix(n.clean);
  if (suffix) {
    const hit = structuralHit(
      STRUCTURAL_RULES[0],
      suffix.index,
      `${STRUCTURAL_RULES[0].description} (${Math.round(suffix.ratio * 100)}% odd ${suffix.weak ? 'symbols' : 'tokens'})`,
    );
    if (suffix.weak) hit.weight = 2;
    hits.push(hit);
  }
  const soup = detectAffirmativeSoup(n.clean);
  if (soup >= 0)
    hits.push({
      id: 'suffix.affirmative-soup',
      category: 'adversarial-suffix',
      weight: 2.5,
      labels: ['jailbreak', 'adversarial-suffix'],
      index: soup,
      detail: 'affirmative ("Sure, here") inside a dense symbol tail (adversarial suffix)',
    });
  const flood = detectFlood(n.folded);
  if (flood) hits.push(structuralHit(STRUCTURAL_RULES[1], flood.index, `${STRUCTURAL_RULES[1].description} (${flood.count} repeats)`));

  // Decoded payloads: each runs through the rules once. A hidden attack signal is worth more than the same words in
  // plain sight; a harmful goal inside an encoded payload is an obfuscated jailbreak, whatever its plain weight.
  let hiddenHarm: Obfuscation | undefined;
  for (const payload of n.decoded) {
    const payloadHits = runRules(payload.text, kind);
    for (const h of payloadHits) {
      if (h.weight <= 0) continue;
      const s = toScored(h, `decoded.${payload.encoding}.`, payload.encoding);
      s.weight += 1;
      hits.push(s);
    }
    if (
      !hiddenHarm &&
      (payloadHits.some((h) => h.rule.id.startsWith('harm.topic')) ||
        conceptHits(payload.text).some((c) => c.id === 'concept.harmful-framed' || c.id === 'concept.harmful-detail'))
    )
      hiddenHarm = payload.encoding;
  }
  if (hiddenHarm)
    hits.push({
      id: `decoded.${hiddenHarm}.harmful-goal`,
      category: 'obfuscation',
      weight: 3,
      labels: ['jailbreak', 'obfuscated'],
      index: 0,
      detail: `harmful request hidden with ${hiddenHarm}`,
      fromDecoded: hiddenHarm,
    });

  for (const o of n.obfuscations) {
    const w = OBFUSCATION_WEIGHT[o];
    if (w)
      hits.push({
        id: `obfuscation.${o}`,
        category: 'obfuscation',
        weight: w,
        labels: ['obfuscated'],
        index: 0,
        detail: `text disguised with ${o}`,
      });
  }

  // Harmful request inside a fictional / persuasive / persona frame: a jailbreak even without DAN vocabulary.
  const hasTopic = hits.some(
    (h) => h.id === 'harm.topic' || h.id === 'harm.topic-process' || h.id === 'harm.topic-operational' || h.id === 'concept.harmful-detail',
  );
  const hasFrame = hits.some(
    (h) =>
      h.id === 'harm.framing' ||
      h.id === 'harm.frame-persuasion' ||
      h.category === 'persona-hijack' ||
      h.category === 'refusal-suppression' ||
      h.category === 'adversarial-suffix',
  );
  const suffixOnSensitive =
    hits.some((h) => h.id === 'harm.broad' || h.id === 'harm.topic-operational') &&
    hits.some(
      (h) =>
        h.category === 'adversarial-suffix' ||
        (h.category === 'refusal-suppression' && h.weight >= 2.5) ||
        (h.category === 'restriction-removal' && h.weight >= 3),
    );
  if ((hasTopic && hasFrame) || suffixOnSensitive) {
    hits.push({
      id: 'harm.persuasion',
      category: 'harmful-framing',
      weight: 3,
      labels: ['jailbreak'],
      index: 0,
      detail: 'harmful request wrapped in a fictional, hypothetical or authority frame',
    });
  }

  // The application's system prompt replayed inside the user turn: a fake continuation of the system turn.
  if (input.system && input.system.length >= 40 && kind === 'user') {
    const head = input.system.slice(0, 40).toLowerCase();
    if (n.folded.includes(head))
      hits.push({
        id: 'template.system-replay',
        category: 'chat-template',
        weight: 2,
        labels: ['injection'],
        index: 0,
        detail: 'user text replays the system prompt',
      });
  }

  // A chat transcript inside data ("Customer: …" / "Assistant: …" turns): a line that starts with the assistant's
  // speaker label is a turn of the conversation, not a note addressed to the model reading it.
  if ((kind !== 'user' || embedAt !== undefined) && isTranscript(n.folded)) {
    for (let i = hits.length - 1; i >= 0; i--) {
      const h = hits[i];
      if (!h.fromGloss && SPEAKER_LABEL_HITS.has(h.id) && AI_TURN_AT.test(n.folded.slice(h.index, h.index + 40))) hits.splice(i, 1);
    }
  }
  // The letters-only view only adds evidence when the normal view found nothing in that category.
  for (let i = hits.length - 1; i >= 0; i--) {
    const h = hits[i];
    if (h.id === 'override.squashed' && hits.some((o) => o !== h && o.category === h.category && !o.fromDecoded)) hits.splice(i, 1);
  }
  // Quoted attack phrases are usually talked about, not used: they count half, and a third next to a question
  // about attacks.
  const discussing = hits.some((h) => h.category === 'meta-discussion');
  for (const h of hits) {
    if (h.weight > 0 && !h.fromDecoded && !h.fromGloss && isQuoted(n.folded, h.index, h.matchLength ?? 0))
      h.weight *= discussing ? 0.35 : 0.5;
  }

  // Per category: strongest hit plus a damped share of the others (independent evidence adds up; several rules
  // matching the same words, or the same rule in a decoded copy, do not).
  const byCat = new Map<Category, ScoredHit[]>();
  for (const h of hits) {
    const arr = byCat.get(h.category) ?? [];
    arr.push(h);
    byCat.set(h.category, arr);
  }
  let total = 0;
  for (const [cat, hs] of byCat) {
    if (cat === 'meta-discussion') {
      total += Math.min(...hs.map((h) => h.weight));
      continue;
    }
    hs.sort((a, b) => b.weight - a.weight);
    const spans: [number, number][] = [];
    let rest = 0;
    hs.forEach((h, i) => {
      const len = h.matchLength ?? 0;
      const overlaps = len > 0 && !h.fromDecoded && spans.some(([a, b]) => h.index < b && h.index + len > a);
      if (len > 0 && !h.fromDecoded) spans.push([h.index, h.index + len]);
      if (i > 0 && !overlaps) rest += h.weight;
    });
    total += hs[0].weight + Math.min(1.5, 0.35 * rest);
  }
  return { hits, total, normalized: n, gloss: glossed };
}

function labelsFor(h: HeuristicResult, kind: PromptKind, modelOnly: boolean, textLength: number): string[] {
  const labels = new Set<string>();
  for (const hit of h.hits) {
    if (hit.weight < 1) continue;
    for (const l of hit.labels) labels.add(l);
    if (hit.fromDecoded) labels.add('obfuscated');
  }
  if (modelOnly && !labels.has('injection') && !labels.has('jailbreak')) {
    // The learned layer alone flagged it: long persona templates are jailbreaks, short commands injections.
    labels.add(textLength > 400 ? 'jailbreak' : 'injection');
  }
  if (!labels.has('injection') && !labels.has('jailbreak') && labels.has('obfuscated')) labels.add('injection');
  if (kind !== 'user') labels.add('indirect-injection');
  else {
    const m = EMBEDDED_DATA_RE.exec(h.normalized.folded);
    if (m && h.hits.some((x) => INSTRUCTION_CATEGORIES.has(x.category) && x.weight >= 1 && x.index > m.index))
      labels.add('indirect-injection');
  }
  return [...labels].sort();
}

/**
 * The texts the learned layer scores besides the whole folded text: each decoded payload (an instruction hidden
 * with base64, a cipher or Morse is what the model would act on). The classifier keeps the highest logit; training
 * scores examples the same way (`training.ts`). Overlapping windows of long texts were tried as views too and
 * lowered leave-one-author-out accuracy (0.768 -> 0.758), so they are not used.
 */
export function modelViews(n: Normalized): string[] {
  const views: string[] = [];
  for (const d of n.decoded) if (d.text.length >= MIN_DECODED_FOR_MODEL) views.push(d.text);
  return views;
}
/** Shorter decoded payloads (an id, a word) say too little for the learned layer. */
const MIN_DECODED_FOR_MODEL = 12;

/**
 * The text the learned layer reads: the folded text, followed by its English gloss when one was read. The model's
 * n-grams of English attacks, learned from many authors, then also apply to the same words in another language
 * ("ignore ang all previous instructions"); training featurizes examples the same way (`training.ts`). Measured on
 * leave-one-author-out logits of the project sets (session 7): 0.7526 -> 0.7662 with the calibration the training
 * script chooses, every multilingual set up (`multilingual-2` TPR 0.669 -> 0.819, `multilingual-7` 0.394 -> 0.531).
 * Scoring the gloss as a separate view (the highest logit of the two, session 6) gained far less: the model had
 * never seen a gloss.
 */
export function modelText(n: Normalized, gloss: string | undefined): string {
  return gloss === undefined ? n.folded : `${n.folded}\n${gloss}`;
}

/** The learned layer's logit: the highest over the text (with its gloss, `modelText`) and its `modelViews`. */
export function modelLogit(model: LinearModel, n: Normalized, gloss?: string): number {
  let z = scoreText(model, modelText(n, gloss));
  for (const v of modelViews(n)) z = Math.max(z, scoreText(model, v));
  return z;
}

/** Builds a classifier from a model and a calibration (the evaluation script builds one per fold). */
export function createClassifier(config: ClassifierConfig): (input: ClassifyInput) => Classification {
  const { model, calibration } = config;
  return (input: ClassifyInput): Classification => {
    if (typeof input?.text !== 'string') throw new TypeError('input.text must be a string');
    const kind: PromptKind = input.kind ?? 'user';
    const h = scoreHeuristics(input);
    const z = model ? modelLogit(model, h.normalized, h.gloss) : 0;
    const modelPart = calibration.alpha * Math.max(z, calibration.floor);
    const total = calibration.bias + h.total + modelPart;
    const score = sigmoid(total);
    const verdict = score >= 0.5 ? 'attack' : 'benign';
    const signals: Signal[] = h.hits
      .map((x) => ({ id: x.id, weight: round(x.weight), detail: x.detail }))
      .sort((a, b) => b.weight - a.weight);
    if (model) signals.push({ id: 'model.linear', weight: round(modelPart), detail: 'hashed n-gram logistic regression' });
    const heuristicWeight = h.hits.reduce((s, x) => s + (x.weight >= 1 ? x.weight : 0), 0);
    const modelOnly = verdict === 'attack' && heuristicWeight < 1;
    return {
      verdict,
      score: round(score, 4),
      labels: verdict === 'attack' ? labelsFor(h, kind, modelOnly, input.text.length) : [],
      signals,
    };
  };
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
