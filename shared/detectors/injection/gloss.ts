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
 * sentences. Pure (the index is built on first use, one script group at a time: see `groupOf`).
 *
 * What loading costs (the log analyzer's cold start): the file holds one string per language, a line per English
 * target ("english=form|form"): 75 long strings (117 since session 19) parsed several times faster than 31,000 small
 * properties did, as JSON and as the object literal a bundle makes of the file. Importing the module indexes nothing;
 * English text indexes the Latin-1 part of the glossary on its first call (half of it until session 18, two thirds
 * since session 19), other scripts when a text first uses them.
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
/** `tableAndKey` of an entry that is not indexed (a stem shorter than MIN_STEM). */
const NOT_INDEXED = TABLES;

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
 * Glossary entries as they are shipped: per language, one string of lines "english=form|form|…" (the build script
 * writes forms in the scanner's form). Each entry is a slice of its language's string, so no string is made per entry;
 * entries are numbered in file order (language, line, form), which breaks ties between equally long matches.
 */
interface Sources {
  languages: string[];
}

const SPACE = 32;
const STAR = 42;

/**
 * Entries are indexed by script group, the first time a text has a word (or a run character) in the group: a word can
 * only match entries that start with its own first character, so the entries of other groups are never looked at.
 * English text builds the tables of Latin-1 only (half the glossary); the rest is built when a text needs it.
 * A group is a block of 256 code units (block 0: ASCII and Latin-1), except that the blocks of the scripts without
 * spaces form one group (a run is matched at every character, in any of them) and so do the Hangul syllables. A table
 * lookup, not a chain of range tests: the file goes language by language, and every new script taking a branch the
 * optimized code had not seen would throw it back to the interpreter.
 */
const GROUP_OF_BLOCK = new Uint8Array(256).map((_, block) => block);
const G_NO_SPACE = 0x4e;
for (let code = 0; code < 0x10000; code += 0x80) if (isNoSpace(code)) GROUP_OF_BLOCK[code >>> 8] = G_NO_SPACE;
for (let block = 0xac; block <= 0xd7; block++) GROUP_OF_BLOCK[block] = 0xac;
const GROUPS = 256;
const groupOf = (code: number): number => GROUP_OF_BLOCK[code >>> 8];

export class Glossary {
  /** Per language, its string of the shipped file. */
  private readonly languages: string[];
  /** Per entry (filled on first use, `listEntries`): its language, where its form starts in that language's string
   * and how long it is. */
  private langOf = new Uint8Array(0);
  private startOf = new Int32Array(0);
  private lengthOf = new Uint16Array(0);
  private entries = -1;
  /** The entry numbers by group, ascending within each (group g: `byGroup[groupStart[g]]` to `byGroup[groupStart[g + 1]]`). */
  private byGroup = new Int32Array(0);
  private readonly groupStart = new Int32Array(GROUPS + 1);
  /** Voting pass: matches count a vote for their language instead of being glossed. */
  private voting = false;
  /** Position being voted on (a language votes once per position). */
  private stamp = 0;
  /** Entries parsed on first use (`null`: not a valid entry). */
  private parsed: (Entry | null | undefined)[] = [];
  /** Per group, its index (undefined: not built yet). */
  private readonly groups: (GroupIndex | undefined)[] = new Array<GroupIndex | undefined>(GROUPS).fill(undefined);
  /** Entries indexed so far. */
  private indexedCount = 0;

  /** A glossary from [foreign, english, language number?] pairs, normalized here (`entryWords`). */
  constructor(pairs: Iterable<readonly [string, string, number?]>);
  /** @internal the shipped glossary, already in the scanner's form. */
  constructor(pairs: Sources);
  /** Nothing is indexed here (see GROUPS): importing the module costs no more than parsing the file. */
  constructor(pairs: Iterable<readonly [string, string, number?]> | Sources) {
    const sources = 'languages' in pairs ? pairs : fromPairs(pairs);
    if (sources.languages.length > MAX_LANGS) throw new RangeError(`at most ${MAX_LANGS} languages`);
    this.languages = sources.languages;
  }

  /** Entries in the index (every group is built). */
  get size(): number {
    this.listEntries();
    for (let g = 0; g < GROUPS; g++) this.index(g);
    return this.indexedCount;
  }

  /** @internal entries indexed so far (the groups texts have needed). */
  get indexed(): number {
    return this.indexedCount;
  }

  /**
   * Numbers the entries in file order, with `indexOf` over the language strings and typed arrays (no array or string
   * per entry).
   */
  private listEntries(): void {
    if (this.entries >= 0) return;
    let cap = 1024;
    let langOf = new Uint8Array(cap);
    let startOf = new Int32Array(cap);
    let lengthOf = new Uint16Array(cap);
    let groupOfEntry = new Uint16Array(cap);
    let n = 0;
    const languages = this.languages;
    for (let lang = 0; lang < languages.length; lang++) {
      const f = languages[lang];
      for (let line = 0; line < f.length; ) {
        let lineEnd = f.indexOf('\n', line);
        if (lineEnd < 0) lineEnd = f.length;
        const eq = f.indexOf('=', line);
        for (let from = eq < 0 || eq > lineEnd ? lineEnd : eq + 1; from < lineEnd; ) {
          let to = f.indexOf('|', from);
          if (to < 0 || to > lineEnd) to = lineEnd;
          if (to > from) {
            if (to - from > 0xffff) throw new RangeError('a glossary form of more than 65535 characters');
            if (n === cap) {
              cap *= 2;
              langOf = grown(langOf, cap);
              startOf = grown(startOf, cap);
              lengthOf = grown(lengthOf, cap);
              groupOfEntry = grown(groupOfEntry, cap);
            }
            langOf[n] = lang;
            startOf[n] = from;
            lengthOf[n] = to - from;
            groupOfEntry[n] = groupOf(f.charCodeAt(from));
            n++;
          }
          from = to + 1;
        }
        line = lineEnd + 1;
      }
    }
    this.langOf = langOf.slice(0, n);
    this.startOf = startOf.slice(0, n);
    this.lengthOf = lengthOf.slice(0, n);
    // Entries by group: counted, then placed in order.
    const next = new Int32Array(GROUPS + 1);
    for (let i = 0; i < n; i++) next[groupOfEntry[i] + 1]++;
    for (let g = 0; g < GROUPS; g++) next[g + 1] += next[g];
    this.groupStart.set(next);
    const byGroup = new Int32Array(n);
    for (let i = 0; i < n; i++) byGroup[next[groupOfEntry[i]]++] = i;
    this.byGroup = byGroup;
    // A packed array (assigning far indexes of an empty one would turn it into a slow dictionary).
    this.parsed = new Array<Entry | null | undefined>(n).fill(undefined);
    this.entries = n;
  }

  /**
   * The index of group `g`, built on first use: one open-addressing hash table for all its tables (a key is a table and
   * a hash), filled in one pass over the entries (`tableAndKey`), then each key's entries counted into place (no sort).
   * Few loops, each over plain typed arrays: this runs once, mostly before the optimizing compiler has caught up.
   */
  private index(g: number): GroupIndex {
    const known = this.groups[g];
    if (known !== undefined) return known;
    this.listEntries();
    const from = this.groupStart[g];
    const m = this.groupStart[g + 1] - from;
    let bits = 4;
    while (1 << bits < m * 2) bits++;
    let presentBits = 10;
    while (presentBits < 20 && 1 << presentBits < m * 16) presentBits++;
    const size = 1 << bits;
    const mask = size - 1;
    const shift = 32 - bits;
    const presentShift = 32 - presentBits;
    const keys = new Uint32Array(size);
    const tableOfSlot = new Uint8Array(size);
    const starts = new Int32Array(size);
    const present = new Uint8Array(1 << (presentBits - 3));
    // 1. Each entry's slot (its table and key placed), and per slot how many entries share it.
    const { byGroup, languages, langOf, startOf, lengthOf } = this;
    const slotOf = new Int32Array(m);
    let indexed = 0;
    for (let j = 0; j < m; j++) {
      const i = byGroup[from + j];
      const start = startOf[i];
      const t = tableAndKey(languages[langOf[i]], start, start + lengthOf[i]);
      if (t === NOT_INDEXED) {
        slotOf[j] = -1;
        continue;
      }
      const key = tableKey;
      const mixed = (key ^ TABLE_SALT[t]) >>> 0;
      let slot = Math.imul(mixed, 0x9e3779b1) >>> shift;
      while (starts[slot] !== 0 && (keys[slot] !== key || tableOfSlot[slot] !== t)) slot = (slot + 1) & mask;
      keys[slot] = key;
      tableOfSlot[slot] = t;
      starts[slot]++;
      slotOf[j] = slot;
      const bit = mixed >>> presentShift;
      present[bit >>> 3] |= 1 << (bit & 7);
      indexed++;
    }
    // 2. Each slot's run in the list (its entries, then -1); `starts` counted entries, it now holds run start + 1.
    const fill = new Int32Array(size);
    let end = 0;
    for (let slot = 0; slot < size; slot++) {
      const count = starts[slot];
      if (count === 0) continue;
      starts[slot] = end + 1;
      end += count + 1;
    }
    // 3. The entries, in file order within each run.
    const list = new Int32Array(end).fill(-1);
    for (let j = 0; j < m; j++) {
      const slot = slotOf[j];
      if (slot >= 0) list[starts[slot] - 1 + fill[slot]++] = byGroup[from + j];
    }
    this.indexedCount += indexed;
    const index: GroupIndex = { present, presentShift, keys, tableOfSlot, starts, shift, list };
    this.groups[g] = index;
    return index;
  }

  /** Entry `i`, parsed on first use. */
  private entry(i: number): Entry | null {
    const known = this.parsed[i];
    if (known !== undefined) return known;
    const source = this.languages[this.langOf[i]];
    const start = this.startOf[i];
    const f = source.slice(start, start + this.lengthOf[i]);
    const line = source.lastIndexOf('\n', start) + 1;
    const english = source.slice(line, source.indexOf('=', line));
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
    const c = text.charCodeAt(start);
    const index = this.groups[groupOf(c)] ?? this.index(groupOf(c));
    let best = this.longest(index, T_FIRST, spanHash[s], text, s, spans, undefined);
    if (s + 1 < spans && spanJoins[s] === 1)
      best = this.longest(index, T_PAIR, pairKey(spanHash[s], spanHash[s + 1]), text, s, spans, best);
    if (len >= STEM_KEY) best = this.longest(index, T_STEM, spanHashKey[s], text, s, spans, best);
    if (len >= 2 && c >= 0xac00 && c <= 0xd7a3)
      best = this.longest(index, T_SHORT_STEM, hashOf(text, start, start + 2), text, s, spans, best);
    return best;
  }

  /** The longest entry of table `t` under `key` matching the words from span `s`, if longer than `best`. */
  private longest(
    index: GroupIndex,
    t: number,
    key: number,
    text: string,
    s: number,
    spans: number,
    best: Entry | undefined,
  ): Entry | undefined {
    const list = index.list;
    for (let p = headOf(index, t, key); p >= 0 && list[p] >= 0; p++) {
      const e = this.entry(list[p]);
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
    // Every character of a run is in the group of the scripts without spaces.
    const index = this.groups[G_NO_SPACE] ?? this.index(G_NO_SPACE);
    const hit = p + 2 <= to ? this.longestAt(index, T_RUN2, hashOf(text, p, p + 2), text, p, to, undefined) : undefined;
    return this.longestAt(index, T_RUN1, text.charCodeAt(p), text, p, to, hit);
  }

  /** The longest entry of table `t` under `key` (one word of a no-space script) at `p`, if longer than `hit`. */
  private longestAt(
    index: GroupIndex,
    t: number,
    key: number,
    text: string,
    p: number,
    to: number,
    hit: Entry | undefined,
  ): Entry | undefined {
    const list = index.list;
    for (let q = headOf(index, t, key); q >= 0 && list[q] >= 0; q++) {
      const e = this.entry(list[q]);
      if (!e || (!this.voting && allowedLang[e.lang] === 0) || (hit && e.chars <= hit.chars)) continue;
      if (p + e.chars > to || !text.startsWith(e.words[0], p)) continue;
      if (this.voting) this.counted(e);
      else hit = e;
    }
    return hit;
  }
}

/** The key `tableAndKey` found (a second return value, so that no object is made per entry). */
let tableKey = 0;

/**
 * The table of the entry `f[from, to)` and its key (in `tableKey`); NOT_INDEXED for a stem shorter than MIN_STEM.
 * Single words and phrases whose second word is a stem go by their first word, phrases of two exact first words by
 * both, stems by their first four characters, Korean short stems by two syllables, no-space scripts by two characters
 * (or one, for a one-character entry).
 */
function tableAndKey(f: string, from: number, to: number): number {
  const c0 = f.charCodeAt(from);
  if (isNoSpace(c0)) {
    tableKey = to - from >= 2 ? hashOf(f, from, from + 2) : c0;
    return to - from >= 2 ? T_RUN2 : T_RUN1;
  }
  let firstEnd = from;
  while (firstEnd < to && f.charCodeAt(firstEnd) !== SPACE) firstEnd++;
  const star = f.charCodeAt(firstEnd - 1) === STAR;
  const len = (star ? firstEnd - 1 : firstEnd) - from;
  if (star && len < MIN_STEM) return NOT_INDEXED;
  const stem = star || (firstEnd === to && len >= 2 && isHangul(f, from, from + len));
  let secondEnd = firstEnd < to ? firstEnd + 1 : to;
  while (secondEnd < to && f.charCodeAt(secondEnd) !== SPACE) secondEnd++;
  if (!stem && firstEnd < to && f.charCodeAt(secondEnd - 1) !== STAR) {
    tableKey = pairKey(hashOf(f, from, firstEnd), hashOf(f, firstEnd + 1, secondEnd));
    return T_PAIR;
  }
  if (!stem) {
    tableKey = hashOf(f, from, firstEnd);
    return T_FIRST;
  }
  if (len >= STEM_KEY) {
    tableKey = hashOf(f, from, from + STEM_KEY);
    return T_STEM;
  }
  tableKey = hashOf(f, from, from + 2);
  return T_SHORT_STEM;
}

/** A copy of `a` with room for `length` items. */
function grown<T extends Uint8Array | Uint16Array | Int32Array | Uint32Array>(a: T, length: number): T {
  const b = new (a.constructor as { new (n: number): T })(length);
  b.set(a);
  return b;
}

/**
 * The index of one group: an open-addressing hash table from a table and a key to where their entries start in
 * `list`, where each one's entry numbers follow one another in ascending order (the order of the file, which breaks
 * ties) and end with -1.
 */
interface GroupIndex {
  /** One bit per prefix of the salted key (about 16 bits per entry; 128 kB at most, which stays in the processor
   * cache): most words of a text are in no table, and are turned away here without touching the larger arrays. */
  present: Uint8Array;
  presentShift: number;
  keys: Uint32Array;
  tableOfSlot: Uint8Array;
  /** Position in `list` + 1 (0: empty slot). */
  starts: Int32Array;
  shift: number;
  list: Int32Array;
}

/** Per table, mixed into its keys (the tables of a group share one hash table). */
const TABLE_SALT = Uint32Array.from({ length: TABLES }, (_, t) => Math.imul(t, 0x85ebca6b) >>> 0);

/** Position of the first entry of table `t` under `key` in `index.list`, or -1. */
function headOf(index: GroupIndex, t: number, key: number): number {
  const mixed = (key ^ TABLE_SALT[t]) >>> 0;
  const bit = mixed >>> index.presentShift;
  if ((index.present[bit >>> 3] & (1 << (bit & 7))) === 0) return -1;
  const mask = index.keys.length - 1;
  for (let slot = Math.imul(mixed, 0x9e3779b1) >>> index.shift; ; slot = (slot + 1) & mask) {
    const start = index.starts[slot];
    if (start === 0) return -1;
    if (index.keys[slot] === key && index.tableOfSlot[slot] === t) return start - 1;
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
 * only tell languages apart (the vote), so their renumbering by position changes nothing.
 */
function fromPairs(pairs: Iterable<readonly [string, string, number?]>): Sources {
  const glossary: Record<string, Record<string, string>> = {};
  const seen = new Set<string>();
  for (const [foreign, english, lang = 0] of pairs) {
    if (lang < 0 || lang >= MAX_LANGS) throw new RangeError(`language number ${lang} out of range`);
    const f = entryWords(foreign).join(' ');
    const en = english.toLowerCase().trim();
    if (/[=\n]/.test(en)) throw new RangeError(`an English side may not hold "=" or a line break: ${JSON.stringify(en)}`);
    const key = `${lang}\u0000${f}`;
    if (!f || !en || seen.has(key)) continue;
    seen.add(key);
    glossary[lang] ??= {};
    const byEnglish = glossary[lang];
    byEnglish[en] = byEnglish[en] === undefined ? f : `${byEnglish[en]}|${f}`;
  }
  const languages: string[] = [];
  for (const byEnglish of Object.values(glossary)) {
    const lines: string[] = [];
    for (const english in byEnglish) lines.push(`${english}=${byEnglish[english]}`);
    languages.push(lines.join('\n'));
  }
  return { languages };
}

/** Every language in one index; a language's number is its position in the file. */
export const GLOSSARY = new Glossary({ languages: Object.values((glossLexicon as { glossary: Record<string, string> }).glossary) });

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
