/**
 * A rough word-for-word English gloss of text in other languages, so that the English rules and concept layer can
 * read it: "ignora todas las instrucciones anteriores" -> "ignore all instructions previous" (word order stays the
 * source's; the concept layer looks for co-occurrence within a sentence, not for phrases).
 *
 * The glossary (`gloss-lexicon.json`, built by `scripts/build-gloss-lexicon.ts` from word lists that helper sessions
 * wrote without seeing data or code) maps foreign forms to the English words the rules know. Entries are one or more
 * words; a word ending in `*` is a stem (any word starting with it). Scripts written without spaces (Chinese,
 * Japanese, Thai, Lao, Burmese, Khmer) are matched anywhere in a run, longest entry first. Korean entries of two syllables or more match
 * the start of a word (particles attach to nouns and endings to verbs).
 *
 * Words the glossary does not know are kept as they are; punctuation and line breaks are kept, so sentences stay
 * sentences. Pure; the glossary is indexed once at module load.
 */

import glossLexicon from './gloss-lexicon.json' with { type: 'json' };
import { entryWords } from './gloss-words.ts';

interface Entry {
  /** Words of the foreign form (lower-case); `stems[i]` says word i is a prefix. */
  words: string[];
  stems: boolean[];
  /** Total characters (longer entries win). */
  chars: number;
  english: string;
  /** Language number (its position in the glossary; 0 when the glossary has no languages). */
  lang: number;
}

export interface GlossResult {
  /** The glossed text: known words replaced by their English, everything else kept. */
  text: string;
  /** Glossary entries matched. */
  translated: number;
  /** Words in the text (no-space scripts: characters / 2). */
  words: number;
}

/** Letters, marks and digits of any script. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const isHangul = (w: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = w.charCodeAt(i);
    if (c < 0xac00 || c > 0xd7a3) return false;
  }
  return true;
};
/** Stems shorter than this (in characters before the `*`) are ignored: too many unrelated words start that way. */
const MIN_STEM = 4;
const STEM_KEY = MIN_STEM;

/** Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, kana, CJK ideographs. */
const isNoSpace = (code: number): boolean =>
  code >= 0x0e00 &&
  (code <= 0x0eff ||
    (code >= 0x1000 && code <= 0x109f) ||
    (code >= 0x1780 && code <= 0x17ff) ||
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff));

/** Per code unit outside ASCII: 0 not yet known, 1 a letter, mark or digit, 2 anything else (filled lazily). */
const WORD_TABLE = new Uint8Array(65536);

function isWordCode(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  let t = WORD_TABLE[code];
  if (t === 0) {
    t = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2;
    WORD_TABLE[code] = t;
  }
  return t === 1;
}

/** FNV-1a over the code units of `text[start, end)`: the index key (no string is sliced per word). */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Word spans of the text being glossed (reused between calls; grown on demand). */
let spanStart = new Int32Array(1024);
let spanEnd = new Int32Array(1024);
/** 1: a no-space-script run; 0: a word. */
let spanRun = new Uint8Array(1024);
/** Span i and span i + 1 are words separated by spaces, hyphens or an apostrophe only (one phrase). */
let spanJoins = new Uint8Array(1024);
/** Per word: the hash of the whole word and of its first STEM_KEY characters (computed once, in the scan). */
let spanHash = new Uint32Array(1024);
let spanHashKey = new Uint32Array(1024);

function growSpans(): void {
  const grow = <T extends Int32Array | Uint8Array | Uint32Array>(a: T): T => {
    const b = new (a.constructor as { new (n: number): T })(a.length * 2);
    b.set(a);
    return b;
  };
  spanStart = grow(spanStart);
  spanEnd = grow(spanEnd);
  spanRun = grow(spanRun);
  spanJoins = grow(spanJoins);
  spanHash = grow(spanHash);
  spanHashKey = grow(spanHashKey);
}

/** The key of a phrase's first two words, from the hashes of each. */
const pairKey = (h1: number, h2: number): number => (Math.imul(h1, 0x9e3779b1) ^ h2) >>> 0;

/** Index tables: single words and phrases whose second word is a stem (by the first word), first word a stem (by its first four characters), Korean short stems (by two
 * syllables), no-space scripts (by two characters), one-character entries of no-space scripts. */
const T_FIRST = 0;
const T_STEM = 1;
const T_SHORT_STEM = 2;
const T_RUN2 = 3;
const T_RUN1 = 4;
/** Phrases whose first two words are exact, by those two words (a phrase starting with "a" or "de" is not looked at
 * for every "a" of a text). */
const T_PAIR = 5;
const TABLES = 6;
/** An index value is `key * SLOT + entry number`: one sortable number per entry (keys are 32-bit hashes). */
const SLOT = 2 ** 17;

/** Most languages a glossary may have. */
const MAX_LANGS = 256;
/** Per language: matches in the text being glossed (voting pass), the last position it was counted at, allowed. */
const votes = new Int32Array(MAX_LANGS);
const votedAt = new Int32Array(MAX_LANGS);
const allowedLang = new Uint8Array(MAX_LANGS);
/** Languages voted for in the current text (the only entries of the arrays above to reset). */
const voters = new Int32Array(MAX_LANGS);
let voterCount = 0;

/**
 * Glossary entries as they are shipped: per language, per English target, the forms joined by "|" (or, for a list of
 * pairs, one form per string). Each entry is a slice of one of these strings, so no string is made per entry at load.
 */
interface Sources {
  strings: string[];
  english: string[];
  /** Per entry: its string, start and end in it, its English (index into `english`) and its language. */
  src: number[];
  start: number[];
  end: number[];
  en: number[];
  lang: number[];
}

export class Glossary {
  private readonly strings: string[];
  private readonly englishOf: string[];
  private readonly srcOf: Int32Array;
  private readonly startOf: Int32Array;
  private readonly endOf: Int32Array;
  private readonly enOf: Int32Array;
  private readonly langOf: Uint8Array;
  /** Voting pass: matches count a vote for their language instead of being glossed. */
  private voting = false;
  /** Position being voted on (a language votes once per position). */
  private stamp = 0;
  /** Entries parsed on first use (`null`: not a valid entry). */
  private readonly parsed: (Entry | null | undefined)[];
  /** Per table, the sorted `key * SLOT + entry number` of its entries. */
  private readonly index: Float64Array[] = [];
  /** Per table, where each key's entries start in `index` (an open-addressing hash table). */
  private readonly heads: Heads[] = [];
  readonly size: number;

  /** A glossary from [foreign, english, language number?] pairs, normalized here (`entryWords`). */
  constructor(pairs: Iterable<readonly [string, string, number?]>);
  /** @internal the shipped glossary, already in the scanner's form. */
  constructor(pairs: Sources);
  /**
   * Indexing only hashes each entry's first word (entries are parsed when a text first reaches them), so module load
   * stays short.
   */
  constructor(pairs: Iterable<readonly [string, string, number?]> | Sources) {
    const sources = 'strings' in pairs ? pairs : fromPairs(pairs);
    this.strings = sources.strings;
    this.englishOf = sources.english;
    this.srcOf = Int32Array.from(sources.src);
    this.startOf = Int32Array.from(sources.start);
    this.endOf = Int32Array.from(sources.end);
    this.enOf = Int32Array.from(sources.en);
    this.langOf = Uint8Array.from(sources.lang);
    const n = this.srcOf.length;
    if (n >= SLOT) throw new RangeError(`at most ${SLOT - 1} glossary entries`);
    // A packed array (assigning far indexes of an empty one would turn it into a slow dictionary).
    this.parsed = new Array<Entry | null | undefined>(n).fill(undefined);
    const tables = Array.from({ length: TABLES }, () => new Float64Array(n));
    const fill = new Int32Array(TABLES);
    let size = 0;
    for (let i = 0; i < n; i++) {
      const f = this.strings[this.srcOf[i]];
      const from = this.startOf[i];
      const to = this.endOf[i];
      const c0 = f.charCodeAt(from);
      let table: number;
      let key: number;
      if (isNoSpace(c0)) {
        table = to - from >= 2 ? T_RUN2 : T_RUN1;
        key = to - from >= 2 ? hashOf(f, from, from + 2) : c0;
      } else {
        const sp = f.indexOf(' ', from);
        const firstEnd = sp < 0 || sp > to ? to : sp;
        const star = f.charCodeAt(firstEnd - 1) === 42;
        const len = (star ? firstEnd - 1 : firstEnd) - from;
        if (star && len < MIN_STEM) continue;
        const stem = star || (firstEnd === to && len >= 2 && isHangul(f, from, from + len));
        const sp2 = firstEnd < to ? f.indexOf(' ', firstEnd + 1) : -1;
        const secondEnd = sp2 < 0 || sp2 > to ? to : sp2;
        if (!stem && firstEnd < to && f.charCodeAt(secondEnd - 1) !== 42) {
          table = T_PAIR;
          key = pairKey(hashOf(f, from, firstEnd), hashOf(f, firstEnd + 1, secondEnd));
        } else if (!stem) {
          table = T_FIRST;
          key = hashOf(f, from, firstEnd);
        } else if (len >= STEM_KEY) {
          table = T_STEM;
          key = hashOf(f, from, from + STEM_KEY);
        } else {
          table = T_SHORT_STEM;
          key = hashOf(f, from, from + 2);
        }
      }
      tables[table][fill[table]++] = key * SLOT + i;
      size++;
    }
    for (let t = 0; t < TABLES; t++) {
      const sorted = tables[t].slice(0, fill[t]).sort();
      this.index.push(sorted);
      this.heads.push(buildHeads(sorted));
    }
    this.size = size;
  }

  /** Entry `i`, parsed on first use. */
  private entry(i: number): Entry | null {
    const known = this.parsed[i];
    if (known !== undefined) return known;
    const f = this.strings[this.srcOf[i]].slice(this.startOf[i], this.endOf[i]);
    const english = this.englishOf[this.enOf[i]];
    const lang = this.langOf[i];
    let e: Entry | null = null;
    if (isNoSpace(f.charCodeAt(0))) {
      let all = true;
      for (let k = 1; k < f.length && all; k++) all = isNoSpace(f.charCodeAt(k));
      if (all) e = { words: [f], stems: [false], chars: f.length, english, lang };
    } else {
      const raw = f.split(' ');
      const words: string[] = [];
      const stems: boolean[] = [];
      let ok = true;
      for (const w of raw) {
        const star = w.endsWith('*');
        const word = star ? w.replace(/\*+$/, '') : w;
        if (!word || word.includes('*') || (star && word.length < MIN_STEM)) ok = false;
        words.push(word);
        stems.push(star || (raw.length === 1 && word.length >= 2 && isHangul(word, 0, word.length)));
      }
      if (ok) e = { words, stems, chars: raw.length === 1 ? words[0].length : words.join(' ').length, english, lang };
    }
    this.parsed[i] = e;
    return e;
  }

  /**
   * The gloss of `text` (lower-cased, NFKC-folded: the classifier's folded view). Known words are replaced by their
   * English, everything else is kept; when nothing is known, `text` itself is returned.
   */
  gloss(text: string): GlossResult {
    const n = text.length;
    // 1. Spans: words of spaced scripts and runs of no-space scripts, in order.
    let spans = 0;
    let wordCount = 0;
    for (let i = 0; i < n; ) {
      const code = text.charCodeAt(i);
      const run = isNoSpace(code);
      if (!run && !isWordCode(text, i)) {
        i++;
        continue;
      }
      let j = i + 1;
      let h = 0;
      let hKey = 0;
      if (run) while (j < n && isNoSpace(text.charCodeAt(j))) j++;
      else {
        h = Math.imul(0x811c9dc5 ^ code, 0x01000193);
        while (j < n && isWordCode(text, j) && !isNoSpace(text.charCodeAt(j))) {
          if (j - i === STEM_KEY) hKey = h;
          h = Math.imul(h ^ text.charCodeAt(j), 0x01000193);
          j++;
        }
        if (j - i === STEM_KEY) hKey = h;
      }
      if (spans === spanStart.length) growSpans();
      spanHash[spans] = h >>> 0;
      spanHashKey[spans] = hKey >>> 0;
      if (spans > 0) spanJoins[spans - 1] = !run && spanRun[spans - 1] === 0 && isPhraseGap(text, spanEnd[spans - 1], i) ? 1 : 0;
      spanStart[spans] = i;
      spanEnd[spans] = j;
      spanRun[spans] = run ? 1 : 0;
      spanJoins[spans] = 0;
      spans++;
      wordCount += run ? Math.ceil((j - i) / 2) : 1;
      i = j;
    }
    // 2. Which language: every entry matching at a position votes for its language (once per position); only the
    // languages with the most votes are read. A form of one language is often a word of another (Danish "dit", your;
    // Afrikaans "dit", it), and the glossary holds dozens of languages.
    if (!this.vote(text, spans)) return { text, translated: 0, words: wordCount };
    // 3. Matches, left to right: the longest entry at each word; inside runs, the longest entry at each character.
    const reps: { start: number; end: number; english: string; pad: boolean }[] = [];
    for (let s = 0; s < spans; ) {
      if (spanRun[s] === 1) {
        this.glossRun(text, spanStart[s], spanEnd[s], reps);
        s++;
        continue;
      }
      const e = this.matchAt(text, s, spans);
      if (!e) {
        s++;
        continue;
      }
      reps.push({ start: spanStart[s], end: spanEnd[s + e.words.length - 1], english: e.english, pad: false });
      s += e.words.length;
    }
    if (!reps.length) return { text, translated: 0, words: wordCount };
    let out = '';
    let pos = 0;
    for (const r of reps) {
      out += text.slice(pos, r.start) + (r.pad ? ` ${r.english} ` : r.english);
      pos = r.end;
    }
    out += text.slice(pos);
    return { text: out, translated: reps.length, words: wordCount };
  }

  /** The voting pass; sets `allowedLang` to the languages with the most votes. False when nothing matched. */
  private vote(text: string, spans: number): boolean {
    for (let v = 0; v < voterCount; v++) {
      const l = voters[v];
      votes[l] = 0;
      votedAt[l] = 0;
      allowedLang[l] = 0;
    }
    voterCount = 0;
    this.stamp = 0;
    this.voting = true;
    for (let s = 0; s < spans; s++) {
      if (spanRun[s] === 0) {
        this.stamp++;
        this.matchAt(text, s, spans);
        continue;
      }
      for (let p = spanStart[s]; p < spanEnd[s]; p++) {
        this.stamp++;
        this.runEntryAt(text, p, spanEnd[s]);
      }
    }
    this.voting = false;
    let max = 0;
    for (let v = 0; v < voterCount; v++) if (votes[voters[v]] > max) max = votes[voters[v]];
    for (let v = 0; v < voterCount; v++) allowedLang[voters[v]] = votes[voters[v]] === max ? 1 : 0;
    return max > 0;
  }

  /** Voting pass: a matching entry counts for its language (once per position). */
  private counted(e: Entry): void {
    if (votedAt[e.lang] === this.stamp) return;
    if (votes[e.lang] === 0) voters[voterCount++] = e.lang;
    votedAt[e.lang] = this.stamp;
    votes[e.lang]++;
  }

  private matchAt(text: string, s: number, spans: number): Entry | undefined {
    const start = spanStart[s];
    const len = spanEnd[s] - start;
    let best = this.longest(T_FIRST, spanHash[s], text, s, spans, undefined);
    if (s + 1 < spans && spanJoins[s] === 1) best = this.longest(T_PAIR, pairKey(spanHash[s], spanHash[s + 1]), text, s, spans, best);
    if (len >= STEM_KEY) best = this.longest(T_STEM, spanHashKey[s], text, s, spans, best);
    const c = text.charCodeAt(start);
    if (len >= 2 && c >= 0xac00 && c <= 0xd7a3) best = this.longest(T_SHORT_STEM, hashOf(text, start, start + 2), text, s, spans, best);
    return best;
  }

  /** The longest entry of `table` under `key` matching the words from span `s`, if longer than `best`. */
  private longest(t: number, key: number, text: string, s: number, spans: number, best: Entry | undefined): Entry | undefined {
    const table = this.index[t];
    const base = key * SLOT;
    for (let p = headOf(this.heads[t], key); p >= 0 && p < table.length && table[p] < base + SLOT; p++) {
      const e = this.entry(table[p] - base);
      if (!e || (!this.voting && allowedLang[e.lang] === 0)) continue;
      if (best && (e.words.length < best.words.length || (e.words.length === best.words.length && e.chars <= best.chars))) continue;
      if (s + e.words.length > spans) continue;
      let ok = true;
      for (let k = 0; k < e.words.length && ok; k++) {
        const at = s + k;
        const w = e.words[k];
        const wl = spanEnd[at] - spanStart[at];
        ok =
          spanRun[at] === 0 &&
          (k === 0 || spanJoins[at - 1] === 1) &&
          (e.stems[k] ? wl >= w.length : wl === w.length) &&
          text.startsWith(w, spanStart[at]);
      }
      if (ok && this.voting) this.counted(e);
      else if (ok) best = e;
    }
    return best;
  }

  private glossRun(text: string, from: number, to: number, reps: { start: number; end: number; english: string; pad: boolean }[]): void {
    for (let p = from; p < to; ) {
      const hit = this.runEntryAt(text, p, to);
      if (!hit) {
        p++;
        continue;
      }
      reps.push({ start: p, end: p + hit.chars, english: hit.english, pad: true });
      p += hit.chars;
    }
  }

  /** The longest entry (one word of a no-space script) at `p` of a run ending at `to`. */
  private runEntryAt(text: string, p: number, to: number): Entry | undefined {
    const hit = p + 2 <= to ? this.longestAt(T_RUN2, hashOf(text, p, p + 2), text, p, to, undefined) : undefined;
    return this.longestAt(T_RUN1, text.charCodeAt(p), text, p, to, hit);
  }

  /** The longest entry of `table` under `key` (one word of a no-space script) at `p`, if longer than `hit`. */
  private longestAt(t: number, key: number, text: string, p: number, to: number, hit: Entry | undefined): Entry | undefined {
    const table = this.index[t];
    const base = key * SLOT;
    for (let q = headOf(this.heads[t], key); q >= 0 && q < table.length && table[q] < base + SLOT; q++) {
      const e = this.entry(table[q] - base);
      if (!e || (!this.voting && allowedLang[e.lang] === 0) || (hit && e.chars <= hit.chars)) continue;
      if (p + e.chars > to || !text.startsWith(e.words[0], p)) continue;
      if (this.voting) this.counted(e);
      else hit = e;
    }
    return hit;
  }
}

/** Open-addressing table from a key to the position of its first entry in a sorted index. */
interface Heads {
  /** One bit per 20-bit key prefix (128 kB, stays in the processor cache): most words of a text are in no table, and
   * are turned away here without touching the larger tables. */
  present: Uint8Array;
  keys: Uint32Array;
  /** Position + 1 (0: empty slot). */
  starts: Int32Array;
  shift: number;
}

function buildHeads(sorted: Float64Array): Heads {
  let distinct = 0;
  for (let p = 0; p < sorted.length; p++) if (p === 0 || Math.floor(sorted[p] / SLOT) !== Math.floor(sorted[p - 1] / SLOT)) distinct++;
  let bits = 4;
  while (1 << bits < distinct * 2) bits++;
  const heads: Heads = {
    present: new Uint8Array(1 << 17),
    keys: new Uint32Array(1 << bits),
    starts: new Int32Array(1 << bits),
    shift: 32 - bits,
  };
  const mask = (1 << bits) - 1;
  for (let p = 0; p < sorted.length; p++) {
    const key = Math.floor(sorted[p] / SLOT);
    if (p > 0 && key === Math.floor(sorted[p - 1] / SLOT)) continue;
    let slot = Math.imul(key, 0x9e3779b1) >>> heads.shift;
    while (heads.starts[slot] !== 0) slot = (slot + 1) & mask;
    heads.keys[slot] = key;
    heads.starts[slot] = p + 1;
    heads.present[key >>> 15] |= 1 << ((key >>> 12) & 7);
  }
  return heads;
}

/** Position of `key`'s first entry in its sorted index, or -1. */
function headOf(heads: Heads, key: number): number {
  if ((heads.present[key >>> 15] & (1 << ((key >>> 12) & 7))) === 0) return -1;
  const mask = heads.keys.length - 1;
  for (let slot = Math.imul(key, 0x9e3779b1) >>> heads.shift; ; slot = (slot + 1) & mask) {
    const start = heads.starts[slot];
    if (start === 0) return -1;
    if (heads.keys[slot] === key) return start - 1;
  }
}

/** Only spaces, hyphens and apostrophes between `from` and `to`. */
function isPhraseGap(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 45 && c !== 39 && c !== 0x2019 && c !== 9) return false;
  }
  return true;
}

/**
 * A list of pairs in the shipped file's shape: each form normalized (`entryWords`), once per language. Language numbers
 * only tell languages apart (the vote), so their renumbering by position in `shippedSources` changes nothing.
 */
function fromPairs(pairs: Iterable<readonly [string, string, number?]>): Sources {
  const glossary: Record<string, Record<string, string>> = {};
  const seen = new Set<string>();
  for (const [foreign, english, lang = 0] of pairs) {
    if (lang < 0 || lang >= MAX_LANGS) throw new RangeError(`language number ${lang} out of range`);
    const f = entryWords(foreign).join(' ');
    const en = english.toLowerCase().trim();
    const key = `${lang}\u0000${f}`;
    if (!f || !en || seen.has(key)) continue;
    seen.add(key);
    glossary[lang] ??= {};
    const byEnglish = glossary[lang];
    byEnglish[en] = byEnglish[en] === undefined ? f : `${byEnglish[en]}|${f}`;
  }
  return shippedSources({ glossary });
}

/**
 * Sources from the shipped file: per language, per English target, its forms joined by "|", already in the scanner's
 * form (`scripts/build-gloss-lexicon.ts` writes them so); the language number is the language's position.
 */
function shippedSources(doc: { glossary: Record<string, Record<string, string>> }): Sources {
  const out: Sources = { strings: [], english: [], src: [], start: [], end: [], en: [], lang: [] };
  const englishIndex = new Map<string, number>();
  let lang = 0;
  for (const byEnglish of Object.values(doc.glossary)) {
    for (const english in byEnglish) {
      let e = englishIndex.get(english);
      if (e === undefined) {
        e = out.english.length;
        out.english.push(english);
        englishIndex.set(english, e);
      }
      const joined = byEnglish[english];
      const src = out.strings.length;
      out.strings.push(joined);
      for (let from = 0; from < joined.length; ) {
        let to = joined.indexOf('|', from);
        if (to < 0) to = joined.length;
        if (to > from) {
          out.src.push(src);
          out.start.push(from);
          out.end.push(to);
          out.en.push(e);
          out.lang.push(lang);
        }
        from = to + 1;
      }
    }
    lang++;
  }
  return out;
}

/** Every language in one index. */
export const GLOSSARY = new Glossary(shippedSources(glossLexicon as unknown as { glossary: Record<string, Record<string, string>> }));

/** A gloss is worth reading when it translated at least this many entries … */
const MIN_TRANSLATED = 2;
/** … making up at least this share of the words. */
const MIN_SHARE = 0.1;

/** The English gloss of a folded text, or undefined when too little of it was translated to be worth reading. */
export function englishGloss(folded: string, glossary: Glossary = GLOSSARY): string | undefined {
  const g = glossary.gloss(folded);
  if (g.translated < MIN_TRANSLATED || g.translated < MIN_SHARE * g.words) return undefined;
  return g.text;
}
