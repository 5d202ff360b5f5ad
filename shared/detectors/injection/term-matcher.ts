/**
 * Plain-text term lists (thousands of words and phrases in many languages) matched in one linear pass: a regular
 * expression with that many alternatives would try each one at every position. Terms are indexed by their first
 * three characters; only positions where a word starts (or any CJK / Thai character, for scripts written without
 * spaces) are looked up, and the few candidates found there are compared in place. Pure and allocation-free per call.
 *
 * A term matches at a word start. Terms of six characters or more may continue into a longer word (stems: "envenen"
 * matches "envenenar"); shorter ones must end where the word ends ("meth" is not "method"). Terms of scripts without
 * spaces match anywhere.
 *
 * Korean writes spaces between words but attaches particles to nouns ("폭탄을", "bomb" + object marker): a short
 * Hangul term (two to five syllables) may be followed inside its word by a particle, and by nothing else ("폭탄주", a
 * drink, is not "폭탄"); longer ones are stems like the other scripts' terms.
 */

const KEY = 3;
/** Shorter terms of spaced scripts must match a whole word. */
const MIN_STEM = 6;

interface Term {
  t: string;
  whole: boolean;
  /** Korean: a particle may follow inside the word. */
  particle: boolean;
  /** Groups the term belongs to (bit i = group i of `TermMatcher.grouped`; 1 for a plain matcher). */
  bits: number;
}

/** Letters and digits of any script. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
/** Scripts written without spaces between words: a term may start at any of their characters. */
const NO_SPACE_SCRIPT = /[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/u;
/** A term ending in a Hangul syllable takes Korean particles. */
const HANGUL_END = /[\uac00-\ud7a3]$/u;
/** Korean case and topic particles (and their common stacks) that may follow a noun inside its word. */
const PARTICLES = new Set(
  (
    '은 는 이 가 을 를 의 에 께 도 만 와 과 로 나 랑 들 ' +
    '에서 에게 한테 께서 으로 이나 이랑 하고 까지 부터 보다 처럼 같이 마다 밖에 조차 이든 든지 ' +
    '에는 에도 에서는 에서도 에게는 으로는 로는 와는 과는 들이 들을 들은 들의 들도 들에 들과 이란 이라 란 ' +
    '이다 이고 이며 인 으로서 로서 으로써 로써 이라는 라는 류'
  ).split(' '),
);
const MAX_PARTICLE = 3;

/** Up to three UTF-16 code units from `i` as one exact number (16 bits each, plus the length). */
function pack(text: string, i: number, len: number): number {
  let k = len;
  for (let j = 0; j < len; j++) k = k * 65536 + text.charCodeAt(i + j);
  return k;
}

function isWordAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 128 ? (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) : WORD_CHAR.test(text[i]);
}

export interface TermMatcherOptions {
  /**
   * Groups (bits, as in `grouped`) whose Hangul terms match as stems: lists of verb stems ("무시" in "무시해").
   * Hangul terms of other groups are nouns, which only take particles.
   */
  hangulStemGroups?: number;
}

/** The rest of the word from `at` is one Korean particle (or a short stack of them). */
function particleTail(text: string, at: number): boolean {
  let end = at;
  while (end < text.length && isWordAt(text, end)) if (++end - at > MAX_PARTICLE) return false;
  return PARTICLES.has(text.slice(at, end));
}

export class TermMatcher {
  /** Terms by their first three UTF-16 code units, packed into one number (no string is built per position). */
  private readonly byKey = new Map<number, Term[]>();
  /** Terms shorter than the key (one or two code units: short CJK words), packed the same way, with their groups. */
  private readonly short = new Map<number, number>();
  private readonly shortLengths: number[] = [];
  /** Two-syllable Hangul terms (looked up at word starts only): nouns (a particle may follow) and stems. */
  private readonly hangulShort = new Map<number, number>();
  private readonly hangulShortStems = new Map<number, number>();
  readonly size: number;

  constructor(terms: Iterable<string>, groups?: Iterable<number>, options: TermMatcherOptions = {}) {
    const stemGroups = options.hangulStemGroups ?? 0;
    let n = 0;
    const lengths = new Set<number>();
    const bitsOf = groups?.[Symbol.iterator]();
    for (const raw of terms) {
      const bits = bitsOf ? (bitsOf.next().value ?? 1) : 1;
      const t = raw.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
      if (!t) continue;
      n++;
      const cjk = NO_SPACE_SCRIPT.test(t);
      const particle = HANGUL_END.test(t);
      const stem = particle && (bits & stemGroups) !== 0;
      if (t.length < KEY) {
        if (particle && t.length === 2) {
          const map = stem ? this.hangulShortStems : this.hangulShort;
          const key = pack(t, 0, 2);
          map.set(key, (map.get(key) ?? 0) | bits);
          continue;
        }
        // Only scripts without spaces have meaningful one- and two-character terms.
        if (!cjk) continue;
        const key = pack(t, 0, t.length);
        this.short.set(key, (this.short.get(key) ?? 0) | bits);
        lengths.add(t.length);
        continue;
      }
      const k = pack(t, 0, KEY);
      const list = this.byKey.get(k);
      const whole = !cjk && t.length < MIN_STEM && !stem;
      const same = list?.find((x) => x.t === t && x.whole === whole);
      const term: Term = { t, whole, particle: particle && whole, bits };
      if (same) same.bits |= bits;
      else if (list) list.push(term);
      else this.byKey.set(k, [term]);
    }
    this.shortLengths = [...lengths].sort((a, b) => a - b);
    this.size = n;
  }

  /**
   * One matcher for several term lists (at most 30): `mask(text)` then says in one pass which lists have a term in
   * the text (bit i for list i), where one matcher per list would scan the text once each.
   */
  static grouped(lists: readonly (readonly string[])[], options: TermMatcherOptions = {}): TermMatcher {
    if (lists.length > 30) throw new RangeError('at most 30 term lists');
    const terms: string[] = [];
    const bits: number[] = [];
    lists.forEach((list, i) => {
      for (const t of list) {
        terms.push(t);
        bits.push(1 << i);
      }
    });
    return new TermMatcher(terms, bits, options);
  }

  /** Index of the first term occurrence in `text` (lower-cased, NFKC-folded, single spaces), or -1. */
  find(text: string): number {
    return this.scan(text, false);
  }

  /** Groups with a term occurring in `text`: bit i set when a term of list i of `grouped` occurs (1 for a plain matcher). */
  mask(text: string): number {
    return this.scan(text, true);
  }

  /** First occurrence (`all` false: its index, or -1), or the union of the groups of every occurrence (`all` true). */
  private scan(text: string, all: boolean): number {
    const n = text.length;
    let prevWord = false;
    let found = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      const isWord = isWordAt(text, i);
      const start = isWord && (!prevWord || (c >= 128 && NO_SPACE_SCRIPT.test(text[i])));
      prevWord = isWord;
      if (!start) continue;
      const list = i + KEY <= n ? this.byKey.get(pack(text, i, KEY)) : undefined;
      if (list)
        for (const { t, whole, particle, bits } of list) {
          if (!text.startsWith(t, i)) continue;
          const end = i + t.length;
          if (whole && end < n && isWordAt(text, end) && !(particle && particleTail(text, end))) continue;
          if (!all) return i;
          found |= bits;
        }
      if (c >= 0xac00 && c <= 0xd7a3 && i + 2 <= n && (this.hangulShort.size || this.hangulShortStems.size)) {
        const key = pack(text, i, 2);
        const stems = this.hangulShortStems.get(key);
        if (stems !== undefined) {
          if (!all) return i;
          found |= stems;
        }
        const bits = this.hangulShort.get(key);
        if (bits !== undefined && (i + 2 === n || !isWordAt(text, i + 2) || particleTail(text, i + 2))) {
          if (!all) return i;
          found |= bits;
        }
      }
      for (const len of this.shortLengths) {
        if (i + len > n) continue;
        const bits = this.short.get(pack(text, i, len));
        if (bits === undefined) continue;
        if (!all) return i;
        found |= bits;
      }
    }
    return all ? found : -1;
  }

  test(text: string): boolean {
    return this.find(text) >= 0;
  }
}
