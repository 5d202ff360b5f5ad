/**
 * Plain-text term lists (thousands of words and phrases in many languages) matched in one linear pass: a regular
 * expression with that many alternatives would try each one at every position. Terms are indexed by their first
 * three characters; only positions where a word starts (or any CJK / Thai character, for scripts written without
 * spaces) are looked up, and the few candidates found there are compared in place. Pure and allocation-free per call.
 *
 * A term matches at a word start. Terms of six characters or more may continue into a longer word (stems: "envenen"
 * matches "envenenar"); shorter ones must end where the word ends ("meth" is not "method"). Terms of scripts without
 * spaces match anywhere.
 */

const KEY = 3;
/** Shorter terms of spaced scripts must match a whole word. */
const MIN_STEM = 6;

interface Term {
  t: string;
  whole: boolean;
}

/** Letters and digits of any script. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
/** Scripts written without spaces between words: a term may start at any of their characters. */
const NO_SPACE_SCRIPT = /[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/u;

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

export class TermMatcher {
  /** Terms by their first three UTF-16 code units, packed into one number (no string is built per position). */
  private readonly byKey = new Map<number, Term[]>();
  /** Terms shorter than the key (one or two code units: short CJK words), packed the same way. */
  private readonly short = new Set<number>();
  private readonly shortLengths: number[] = [];
  readonly size: number;

  constructor(terms: Iterable<string>) {
    let n = 0;
    const lengths = new Set<number>();
    for (const raw of terms) {
      const t = raw.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
      if (!t) continue;
      n++;
      const cjk = NO_SPACE_SCRIPT.test(t);
      if (t.length < KEY) {
        // Only scripts without spaces have meaningful one- and two-character terms.
        if (!cjk) continue;
        this.short.add(pack(t, 0, t.length));
        lengths.add(t.length);
        continue;
      }
      const k = pack(t, 0, KEY);
      const term = { t, whole: !cjk && t.length < MIN_STEM };
      const list = this.byKey.get(k);
      if (list) {
        if (!list.some((x) => x.t === t)) list.push(term);
      } else this.byKey.set(k, [term]);
    }
    this.shortLengths = [...lengths].sort((a, b) => a - b);
    this.size = n;
  }

  /** Index of the first term occurrence in `text` (lower-cased, NFKC-folded, single spaces), or -1. */
  find(text: string): number {
    const n = text.length;
    let prevWord = false;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      const isWord = isWordAt(text, i);
      const start = isWord && (!prevWord || (c >= 128 && NO_SPACE_SCRIPT.test(text[i])));
      prevWord = isWord;
      if (!start) continue;
      const list = i + KEY <= n ? this.byKey.get(pack(text, i, KEY)) : undefined;
      if (list)
        for (const { t, whole } of list) {
          if (!text.startsWith(t, i)) continue;
          if (whole && i + t.length < n && isWordAt(text, i + t.length)) continue;
          return i;
        }
      for (const len of this.shortLengths) if (i + len <= n && this.short.has(pack(text, i, len))) return i;
    }
    return -1;
  }

  test(text: string): boolean {
    return this.find(text) >= 0;
  }
}
