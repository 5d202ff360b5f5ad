/**
 * Literal prefilter for the heuristic rules.
 *
 * Most prompts contain none of the words a given rule needs, yet running its regular expression still costs a
 * scan of the whole text. At module load, each rule's pattern source is parsed and reduced to the literals any
 * match must contain: a conjunction of alternatives ("one of {ignore, disregard, ...}" and "one of {instruction,
 * ...}"). A rule whose required literals are absent from a text cannot match it and is not run.
 *
 * Soundness: the reduction only ever keeps conditions every match satisfies.
 * - A literal character, or a small character class spelled out, is exact; adjacent exact parts are combined into
 *   the strings they can form (a bounded cross product).
 * - Zero-width parts (anchors, `\b`, look-arounds) consume nothing; they are the empty string in that product.
 * - Character classes that are large or negated, `.`, `\w`/`\s`/`\d`/`\p{…}` escapes, back-references and optional
 *   parts (`?`, `*`, `{0,n}`) impose no literal.
 * - An alternation requires one of the literals each branch requires; if one branch requires nothing, neither
 *   does the alternation.
 * Any syntax the parser does not know (and the `i` and `v` flags, whose case folding and class syntax differ)
 * gives "no requirement": the rule always runs. A match of the whole pattern lies inside the text it was run on,
 * so a literal absent from a text is absent from every slice of it too.
 *
 * The presence test is two-stage: a table of the text's character trigrams (hashed, built once per text) rules
 * out most literals in a few lookups; a literal that passes is confirmed with `String#includes`.
 */

export type Node =
  | { t: 'char'; s: string }
  | { t: 'class'; chars: string[] | null; src: string }
  | { t: 'any' }
  | { t: 'empty' }
  | { t: 'assert' }
  | { t: 'look'; ahead: boolean; negative: boolean; body: Node }
  | { t: 'backref' }
  | { t: 'group'; body: Node }
  | { t: 'alt'; alts: Node[] }
  | { t: 'seq'; items: Node[] }
  | { t: 'repeat'; body: Node; min: number; max: number };

/** Set sizes and lengths beyond which exact string sets are no longer tracked (keeps load time bounded). */
const MAX_SET = 96;
const MAX_LITERAL = 48;
const MAX_CLASS = 12;
/** Required sets kept per node (all must hold: more sets only make the filter more selective; checking one is O(1)). */
const KEEP_SETS = 4;

class Unsupported extends Error {}

/** Parses a pattern source (the subset of JavaScript syntax these rules use; anything else throws). */
export function parsePattern(source: string, flags: string): Node {
  if (/[iv]/.test(flags)) throw new Unsupported(`flags ${flags}`);
  const unicode = flags.includes('u');
  let pos = 0;
  const peek = () => source[pos];
  const eof = () => pos >= source.length;

  const readCodePoint = (): string => {
    const cp = unicode ? (source.codePointAt(pos) ?? 0) : source.charCodeAt(pos);
    const s = unicode ? String.fromCodePoint(cp) : source[pos];
    pos += s.length;
    return s;
  };

  // An escape outside or inside a class. Returns a literal string, or a non-literal marker.
  const readEscape = (inClass: boolean): { lit: string } | { cls: string } | { zero: true } | { backref: true } => {
    pos++; // backslash
    if (eof()) throw new Unsupported('trailing backslash');
    const c = source[pos++];
    switch (c) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S':
        return { cls: c };
      case 'b':
        if (inClass) return { lit: '\b' };
        return { zero: true };
      case 'B':
        if (inClass) throw new Unsupported('\\B in class');
        return { zero: true };
      case 'n':
        return { lit: '\n' };
      case 't':
        return { lit: '\t' };
      case 'r':
        return { lit: '\r' };
      case 'f':
        return { lit: '\f' };
      case 'v':
        return { lit: '\v' };
      case '0':
        if (/[0-9]/.test(source[pos] ?? '')) throw new Unsupported('octal escape');
        return { lit: '\0' };
      case 'c': {
        const l = source[pos];
        if (!l || !/[a-zA-Z]/.test(l)) throw new Unsupported('\\c');
        pos++;
        return { lit: String.fromCharCode(l.charCodeAt(0) % 32) };
      }
      case 'x': {
        const h = source.slice(pos, pos + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new Unsupported('\\x');
        pos += 2;
        return { lit: String.fromCharCode(Number.parseInt(h, 16)) };
      }
      case 'u': {
        if (source[pos] === '{') {
          if (!unicode) throw new Unsupported('\\u{ without u');
          const end = source.indexOf('}', pos);
          const h = source.slice(pos + 1, end);
          if (end < 0 || !/^[0-9a-fA-F]{1,6}$/.test(h)) throw new Unsupported('\\u{');
          pos = end + 1;
          return { lit: String.fromCodePoint(Number.parseInt(h, 16)) };
        }
        const h = source.slice(pos, pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(h)) throw new Unsupported('\\u');
        pos += 4;
        const code = Number.parseInt(h, 16);
        // A surrogate pair written as two escapes is one code point in unicode mode.
        if (unicode && code >= 0xd800 && code <= 0xdbff && /^\\u[dD][c-fC-F][0-9a-fA-F]{2}/.test(source.slice(pos, pos + 6))) {
          const low = Number.parseInt(source.slice(pos + 2, pos + 6), 16);
          pos += 6;
          return { lit: String.fromCharCode(code, low) };
        }
        return { lit: String.fromCharCode(code) };
      }
      case 'p':
      case 'P': {
        if (!unicode) throw new Unsupported('\\p without u');
        const end = source.indexOf('}', pos);
        if (source[pos] !== '{' || end < 0) throw new Unsupported('\\p');
        pos = end + 1;
        return { cls: 'p' };
      }
      case 'k':
        throw new Unsupported('named back-reference');
      default:
        if (/[1-9]/.test(c)) {
          while (/[0-9]/.test(source[pos] ?? '')) pos++;
          if (inClass) throw new Unsupported('back-reference in class');
          return { backref: true };
        }
        // Identity escapes: only syntax characters (a letter escape means something else, or is an error).
        if (/[\\^$.*+?()[\]{}|/\-,:=!<>'"#&~@%`;]/.test(c)) return { lit: c };
        throw new Unsupported(`escape \\${c}`);
    }
  };

  const parseClass = (): Node => {
    const start = pos;
    pos++; // [
    let negated = false;
    if (peek() === '^') {
      negated = true;
      pos++;
    }
    const chars: string[] = [];
    let enumerable = true;
    // A class item: a literal (possibly the start of a range) or a non-literal escape.
    const readItem = (): string | null => {
      if (peek() === '\\') {
        const e = readEscape(true);
        if ('lit' in e) return e.lit;
        if ('cls' in e) return null;
        throw new Unsupported('class escape');
      }
      return readCodePoint();
    };
    while (!eof() && peek() !== ']') {
      const a = readItem();
      if (peek() === '-' && source[pos + 1] !== ']' && pos + 1 < source.length) {
        pos++;
        const b = readItem();
        if (a === null || b === null) {
          // "\w-x" style: the dash is literal in annex-B mode, an error in unicode mode.
          if (unicode) throw new Unsupported('class range with escape');
          enumerable = false;
          continue;
        }
        const lo = a.codePointAt(0) ?? 0;
        const hi = b.codePointAt(0) ?? 0;
        if (hi < lo) throw new Unsupported('bad range');
        if (hi - lo + 1 > MAX_CLASS) enumerable = false;
        else for (let cp = lo; cp <= hi; cp++) chars.push(String.fromCodePoint(cp));
        continue;
      }
      if (a === null) enumerable = false;
      else chars.push(a);
    }
    if (eof()) throw new Unsupported('unterminated class');
    pos++; // ]
    const distinct = [...new Set(chars)];
    const known = enumerable && !negated && distinct.length > 0 && distinct.length <= MAX_CLASS;
    return { t: 'class', chars: known ? distinct : null, src: source.slice(start, pos) };
  };

  const parseAtom = (): Node => {
    const c = peek();
    if (c === '(') {
      pos++;
      if (source.startsWith('?:', pos)) {
        pos += 2;
        const body = parseAlt();
        expect(')');
        return { t: 'group', body };
      }
      if (source.startsWith('?=', pos) || source.startsWith('?!', pos)) {
        const negative = source[pos + 1] === '!';
        pos += 2;
        const body = parseAlt();
        expect(')');
        return { t: 'look', ahead: true, negative, body };
      }
      if (source.startsWith('?<=', pos) || source.startsWith('?<!', pos)) {
        const negative = source[pos + 2] === '!';
        pos += 3;
        const body = parseAlt();
        expect(')');
        return { t: 'look', ahead: false, negative, body };
      }
      if (source.startsWith('?<', pos)) {
        const end = source.indexOf('>', pos);
        if (end < 0) throw new Unsupported('group name');
        pos = end + 1;
        const body = parseAlt();
        expect(')');
        return { t: 'group', body };
      }
      if (c === '(' && source[pos] === '?') throw new Unsupported('group kind');
      const body = parseAlt();
      expect(')');
      return { t: 'group', body };
    }
    if (c === '[') return parseClass();
    if (c === '.') {
      pos++;
      return { t: 'any' };
    }
    if (c === '^' || c === '$') {
      pos++;
      return { t: 'assert' };
    }
    if (c === '\\') {
      const start = pos;
      const e = readEscape(false);
      if ('lit' in e) return { t: 'char', s: e.lit };
      if ('cls' in e) return { t: 'class', chars: null, src: source.slice(start, pos) };
      if ('zero' in e) return { t: 'assert' };
      return { t: 'backref' };
    }
    if (c === ')' || c === '|') throw new Unsupported('unexpected');
    if (c === '*' || c === '+' || c === '?') throw new Unsupported('nothing to repeat');
    if (c === '{' && /^\{\d+(?:,\d*)?\}/.test(source.slice(pos))) throw new Unsupported('nothing to repeat');
    if ((c === '{' || c === '}' || c === ']') && unicode) throw new Unsupported('lone brace in unicode mode');
    return { t: 'char', s: readCodePoint() };
  };

  const expect = (ch: string): void => {
    if (source[pos] !== ch) throw new Unsupported(`expected ${ch} at ${pos}`);
    pos++;
  };

  const parseQuantified = (): Node => {
    const atom = parseAtom();
    let min = -1;
    let max = -1;
    const c = peek();
    if (c === '*') {
      min = 0;
      max = Number.POSITIVE_INFINITY;
      pos++;
    } else if (c === '+') {
      min = 1;
      max = Number.POSITIVE_INFINITY;
      pos++;
    } else if (c === '?') {
      min = 0;
      max = 1;
      pos++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(pos));
      if (m) {
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
        pos += m[0].length;
      }
    }
    if (min < 0) return atom;
    if (peek() === '?') pos++; // lazy
    if (atom.t === 'assert' || (atom.t === 'look' && unicode)) throw new Unsupported('quantified assertion');
    return { t: 'repeat', body: atom, min, max };
  };

  const parseSeq = (): Node => {
    const items: Node[] = [];
    while (!eof() && peek() !== '|' && peek() !== ')') items.push(parseQuantified());
    return items.length === 1 ? items[0] : items.length === 0 ? { t: 'empty' } : { t: 'seq', items };
  };

  const parseAlt = (): Node => {
    const alts = [parseSeq()];
    while (peek() === '|') {
      pos++;
      alts.push(parseSeq());
    }
    return alts.length === 1 ? alts[0] : { t: 'alt', alts };
  };

  const root = parseAlt();
  if (!eof()) throw new Unsupported(`unparsed input at ${pos}`);
  return root;
}

/** What a node tells about its matches: the exact strings it can match (when few), and required literals. */
interface Info {
  /** Every string the node can match, or null when unknown or too many. */
  exact: string[] | null;
  /** Conjunction of alternatives: every match contains one literal of each set. Empty: nothing required. */
  req: string[][];
}

const NOTHING: Info = { exact: null, req: [] };
const EMPTY: Info = { exact: [''], req: [] };

function cross(a: string[], b: string[]): string[] | null {
  if (a.length * b.length > MAX_SET) return null;
  const out = new Set<string>();
  for (const x of a)
    for (const y of b) {
      const s = x + y;
      if (s.length > MAX_LITERAL) return null;
      out.add(s);
    }
  return [...out];
}

/** A usable alternative set: no empty string; redundant literals (containing a shorter member) dropped. */
function tidy(set: string[]): string[] | null {
  if (set.length === 0 || set.includes('')) return null;
  const distinct = [...new Set(set)];
  // Dropping redundant members is only an optimization (quadratic): large sets are kept as they are.
  if (distinct.length > 24) return distinct;
  const sorted = distinct.sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const s of sorted) {
    let redundant = false;
    for (let i = 0; i < kept.length && kept[i].length < s.length; i++) {
      if (s.includes(kept[i])) {
        redundant = true;
        break;
      }
    }
    if (!redundant) kept.push(s);
  }
  return kept;
}

/** Higher is more selective: longer shortest literal first, then fewer literals. */
function quality(set: string[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const s of set) min = Math.min(min, s.length);
  return Math.min(min, 8) * 1000 - set.length;
}

/**
 * The n most selective sets. A set implied by a better one (each of whose literals contains one of its literals,
 * e.g. a single letter of a required word) adds nothing and is passed over.
 */
function best(sets: string[][], n: number): string[][] {
  if (sets.length <= 1) return sets;
  const q = sets.map(quality);
  const order = sets.map((_, i) => i).sort((a, b) => q[b] - q[a] || a - b);
  const kept: string[][] = [];
  for (const i of order) {
    if (kept.length >= n) break;
    const s = sets[i];
    if (kept.some((k) => redundant(k, s))) continue;
    kept.push(s);
  }
  return kept;
}

/** Whether `s` adds (almost) nothing to `k`: implied by it, or sharing nine tenths of its literals. */
function redundant(k: string[], s: string[]): boolean {
  let shared = 0;
  for (const x of s) if (k.includes(x)) shared++;
  if (shared * 10 >= s.length * 9) return true;
  return k.length * s.length <= 4096 && implies(k, s);
}

/** Whether every literal of `a` contains a literal of `b` (then `b` holds whenever `a` does: it adds nothing). */
function implies(a: string[], b: string[]): boolean {
  return a.every((lit) => b.some((x) => lit.includes(x)));
}

function analyze(node: Node): Info {
  switch (node.t) {
    case 'char':
      return { exact: [node.s], req: [[node.s]] };
    case 'class':
      return node.chars ? { exact: node.chars, req: [node.chars] } : NOTHING;
    case 'any':
    case 'backref':
      return NOTHING;
    case 'empty':
    case 'assert':
    case 'look':
      return EMPTY;
    case 'group':
      return analyze(node.body);
    case 'alt': {
      const infos = node.alts.map(analyze);
      let exact: string[] | null = [];
      for (const i of infos) {
        if (!i.exact || !exact || exact.length + i.exact.length > MAX_SET) exact = null;
        else exact.push(...i.exact);
      }
      if (exact) exact = [...new Set(exact)];
      // Each branch requires all of its sets, so the union of one chosen set per branch is required. Two such
      // unions: the branches' best sets, and their second-best (or best, for a branch with one) sets.
      const first: string[] = [];
      const second: string[] = [];
      for (const i of infos) {
        const b = best(i.req, 2);
        if (b.length === 0) return { exact, req: [] };
        first.push(...b[0]);
        second.push(...(b[1] ?? b[0]));
      }
      const req: string[][] = [];
      const u1 = tidy(first);
      const u2 = tidy(second);
      if (u1) req.push(u1);
      if (u2 && !(u1 && u1.length === u2.length && u1.every((x, k) => x === u2[k]))) req.push(u2);
      return { exact, req };
    }
    case 'repeat': {
      const inner = analyze(node.body);
      if (node.min === 0) {
        const exact = node.max === 1 && inner.exact && inner.exact.length < MAX_SET ? [...new Set(['', ...inner.exact])] : null;
        return { exact, req: [] };
      }
      let prefix: string[] | null = inner.exact;
      for (let k = 1; k < node.min && prefix && inner.exact; k++) prefix = cross(prefix, inner.exact);
      const req = [...inner.req];
      const p = prefix ? tidy(prefix) : null;
      if (p) req.push(p);
      return {
        exact: node.min === node.max && node.min === 1 ? inner.exact : node.min === node.max ? prefix : null,
        req: best(req, KEEP_SETS),
      };
    }
    case 'seq': {
      const candidates: string[][] = [];
      let cur: string[] | null = [''];
      let whole = true;
      const flush = () => {
        const t = cur ? tidy(cur) : null;
        if (t) candidates.push(t);
      };
      for (const item of node.items) {
        const i = analyze(item);
        candidates.push(...i.req);
        const next: string[] | null = cur && i.exact ? cross(cur, i.exact) : null;
        if (next) {
          cur = next;
          continue;
        }
        whole = false;
        flush();
        cur = i.exact ? [...i.exact] : [''];
      }
      flush();
      return { exact: whole ? cur : null, req: best(candidates, KEEP_SETS) };
    }
  }
}

/**
 * The literals a match of `re` must contain: each inner array lists alternatives, one of which appears in any text
 * the pattern matches; all inner arrays hold at once. `null` when nothing can be derived (the rule always runs).
 */
export function requiredLiterals(re: RegExp): string[][] | null {
  let node: Node;
  try {
    node = parsePattern(re.source, re.flags);
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
  const info = analyze(node);
  const sets = best(
    info.req.map((s) => tidy(s)).filter((s): s is string[] => s !== null),
    info.req.length,
  );
  const req: string[][] = [];
  for (const s of sets) {
    if (req.length >= KEEP_SETS) break;
    if (!req.some((k) => implies(k, s) || redundant(k, s))) req.push(s);
  }
  return req.length ? req : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Presence test
// ---------------------------------------------------------------------------------------------------------------

const TABLE_BITS = 16;
const TABLE_MASK = (1 << TABLE_BITS) - 1;

const tri = (a: number, b: number, c: number): number => (a * 1057 + b * 37 + c) & TABLE_MASK;

/** Rough frequency of a character in text (only used to pick a rare trigram as a literal's key). */
const FREQ_ORDER = ' etaoinshrdlcumwfgypbvkjxqz';
function charFreq(c: number): number {
  const f = c < 128 ? FREQ_ORDER.indexOf(String.fromCharCode(c)) : -1;
  return f < 0 ? 0.5 : 27 - f;
}

/**
 * The 300 most frequent character trigrams of lower-cased English prompts (counted once over public benign prompt
 * collections), most frequent first. A literal is keyed on a trigram outside this list when it has one, so the scan
 * rarely stops on positions whose literals are absent. Only speed depends on this list, never a result.
 */
const COMMON_TRIGRAMS =
  (
    '    ththehe  an toingnd  inand a  ofto ng of er es  coioned e tin on is e aenttioor for fore s a reat s tate mae sas ---' +
    'n t stter isan  se pr wi ho ca ha on heconhatte herst  = nt ow  beatit tch thad te cal th ll  shle intalle i dets ersyou' +
    ' mof tve howons whs oe ose veren arepro yon ae p as pareae fres arstas. ith doects, ce  fiwit dime estereageamet aiveour' +
    'if hisr tt imanper waly rs s iache w ned a so, a pecom po no ifine fr chave lie bthincetraiteainut str***outanymene,  me' +
    ' ite m weou ists fonecti eaileselessny  alplauseit nte datur trillt opleeacne  exns ratendtorld ounrit buw mearore ba lo' +
    'blede iderome rdatry e dontted usr acanodeevederom tine h te su hilesrinhouartshe leasents wos sakelinices wfroortact at' +
    'be .  chacal bog tsteeathantim. teraet igh tapar plant enke a sind. ht sredpreo tghture. iimewor sad ige daye. rt  i  or' +
    'hastriiesay prishoomee ne ed ods y a mirenhavur raccese ltes'
  ).match(/[\s\S]{3}/g) ?? [];
const COMMON_RANK = new Map(COMMON_TRIGRAMS.map((t, i) => [t, i]));

/** Estimated frequency of a trigram: listed common trigrams above all others, then by letter frequency. */
function trigramScore(s: string, k: number): number {
  const rank = COMMON_RANK.get(s.slice(k, k + 3));
  if (rank !== undefined) return 1e6 + (COMMON_TRIGRAMS.length - rank) * 1e3;
  return charFreq(s.charCodeAt(k)) * charFreq(s.charCodeAt(k + 1)) * charFreq(s.charCodeAt(k + 2));
}

/**
 * Tells, for one text at a time, which of a fixed list of patterns may match it. `scan(text)` finds every
 * required literal present in the text in one pass: each literal of three or more characters is keyed by its
 * rarest-looking trigram; at every position whose trigram is a key, the literals keyed there are compared in place.
 * Shorter literals are looked up with `String#includes` when a pattern asks for them.
 */
export class Prefilter {
  /** Per pattern: the ids of its literal sets (null: always run). */
  private readonly reqs: (Int32Array | null)[];
  private readonly literals: string[] = [];
  /** Per long literal: offset of its key trigram; its length, first and last character (cheap pre-checks). */
  private readonly keyAt: Int32Array;
  private readonly len: Int32Array;
  private readonly first: Int32Array;
  private readonly last: Int32Array;
  /** Literal ids grouped by key trigram slot (CSR layout), and a bit per slot that has any. */
  private readonly slotStart = new Int32Array((1 << TABLE_BITS) + 1);
  private readonly slotIds: Int32Array;
  /**
   * The same entries, packed for the scan (4 ints per entry, in slot order): literal id, key offset, length,
   * first | last character << 16.
   */
  private readonly entries: Int32Array;
  private readonly slotBits = new Int32Array((1 << TABLE_BITS) >>> 5);
  /** Per literal: the sets it belongs to (CSR layout). */
  private readonly litSetStart: Int32Array;
  private readonly litSets: Int32Array;
  /** Per set: its literals shorter than three characters (looked up with `includes` on demand). */
  private readonly setShort: Int32Array[] = [];
  /** `found[id] === gen`: literal present in the current text; `sat[set] === gen`: set satisfied. */
  private readonly found: Uint32Array;
  private readonly checked: Uint32Array;
  private readonly sat: Uint32Array;
  private gen = 0;
  private text = '';

  constructor(patterns: readonly RegExp[]) {
    const ids = new Map<string, number>();
    const setsOf: number[][] = [];
    const idOf = (lit: string): number => {
      let id = ids.get(lit);
      if (id === undefined) {
        id = this.literals.length;
        ids.set(lit, id);
        this.literals.push(lit);
        setsOf.push([]);
      }
      return id;
    };
    let nSets = 0;
    this.reqs = patterns.map((re) => {
      const req = requiredLiterals(re);
      if (!req) return null;
      return Int32Array.from(req, (set) => {
        const setId = nSets++;
        const short: number[] = [];
        for (const lit of set) {
          const id = idOf(lit);
          setsOf[id].push(setId);
          if (lit.length < 3) short.push(id);
        }
        this.setShort.push(Int32Array.from(short));
        return setId;
      });
    });
    const n = this.literals.length;
    this.keyAt = new Int32Array(n).fill(-1);
    this.len = Int32Array.from(this.literals, (l) => l.length);
    this.first = Int32Array.from(this.literals, (l) => l.charCodeAt(0));
    this.last = Int32Array.from(this.literals, (l) => l.charCodeAt(l.length - 1));
    this.found = new Uint32Array(n);
    this.checked = new Uint32Array(n);
    this.sat = new Uint32Array(nSets);
    this.litSetStart = new Int32Array(n + 1);
    for (let id = 0; id < n; id++) this.litSetStart[id + 1] = this.litSetStart[id] + setsOf[id].length;
    this.litSets = Int32Array.from(setsOf.flat());
    const slotOf = new Int32Array(n).fill(-1);
    const counts = new Int32Array((1 << TABLE_BITS) + 1);
    for (let id = 0; id < n; id++) {
      const lit = this.literals[id];
      if (lit.length < 3) continue;
      let bestAt = 0;
      let bestScore = Number.POSITIVE_INFINITY;
      for (let k = 0; k + 2 < lit.length; k++) {
        const score = trigramScore(lit, k);
        if (score < bestScore) {
          bestScore = score;
          bestAt = k;
        }
      }
      this.keyAt[id] = bestAt;
      slotOf[id] = tri(lit.charCodeAt(bestAt), lit.charCodeAt(bestAt + 1), lit.charCodeAt(bestAt + 2));
      counts[slotOf[id] + 1]++;
    }
    for (let i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
    this.slotStart.set(counts);
    this.slotIds = new Int32Array(counts[counts.length - 1]);
    const fill = counts.slice();
    for (let id = 0; id < n; id++) {
      const slot = slotOf[id];
      if (slot < 0) continue;
      this.slotIds[fill[slot]++] = id;
      this.slotBits[slot >>> 5] |= 1 << (slot & 31);
    }
    this.entries = new Int32Array(this.slotIds.length * 4);
    for (let j = 0; j < this.slotIds.length; j++) {
      const id = this.slotIds[j];
      this.entries[4 * j] = id;
      this.entries[4 * j + 1] = this.keyAt[id];
      this.entries[4 * j + 2] = this.len[id];
      this.entries[4 * j + 3] = this.first[id] | (this.last[id] << 16);
    }
  }

  private mark(id: number): void {
    const gen = this.gen;
    this.found[id] = gen;
    const end = this.litSetStart[id + 1];
    for (let k = this.litSetStart[id]; k < end; k++) this.sat[this.litSets[k]] = gen;
  }

  /** Finds the required literals present in `text`; `mayMatch` then answers for this text. */
  scan(text: string): void {
    this.gen = (this.gen + 1) >>> 0;
    if (this.gen === 0) {
      this.found.fill(0);
      this.checked.fill(0);
      this.sat.fill(0);
      this.gen = 1;
    }
    this.text = text;
    const gen = this.gen;
    const n = text.length;
    if (n < 3) return;
    const { slotStart, slotBits, entries, literals, found } = this;
    let a = text.charCodeAt(0);
    let b = text.charCodeAt(1);
    for (let i = 2; i < n; i++) {
      const c = text.charCodeAt(i);
      const slot = tri(a, b, c);
      a = b;
      b = c;
      if ((slotBits[slot >>> 5] & (1 << (slot & 31))) === 0) continue;
      const stop = 4 * slotStart[slot + 1];
      for (let e = 4 * slotStart[slot]; e < stop; e += 4) {
        const at = i - 2 - entries[e + 1];
        const end = at + entries[e + 2];
        if (at < 0 || end > n) continue;
        const fl = entries[e + 3];
        if (text.charCodeAt(at) !== (fl & 0xffff) || text.charCodeAt(end - 1) !== fl >>> 16) continue;
        const id = entries[e];
        if (found[id] !== gen && text.startsWith(literals[id], at)) this.mark(id);
      }
    }
  }

  /** Whether a set not satisfied by the scan has one of its short literals in the text (memoized per text). */
  private shortPresent(set: number): boolean {
    const short = this.setShort[set];
    for (let j = 0; j < short.length; j++) {
      const id = short[j];
      if (this.checked[id] === this.gen) continue;
      this.checked[id] = this.gen;
      if (this.text.includes(this.literals[id])) {
        this.mark(id);
        return true;
      }
    }
    return false;
  }

  /** False only when pattern `i` cannot match the text last given to `scan`. */
  mayMatch(i: number): boolean {
    const req = this.reqs[i];
    if (req === null) return true;
    for (let s = 0; s < req.length; s++) {
      const set = req[s];
      if (this.sat[set] !== this.gen && !this.shortPresent(set)) return false;
    }
    return true;
  }
}
