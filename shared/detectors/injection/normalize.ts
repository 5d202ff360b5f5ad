/**
 * Normalization: undo the disguises attackers put on a prompt before any rule or model looks at it.
 *
 * - Unicode NFKC (full-width letters, mathematical alphanumerics, circled letters, ligatures -> plain letters).
 * - Invisible characters (zero-width, bidi controls, soft hyphen, variation selectors) removed; Unicode tag
 *   characters (U+E0020..U+E007E, "ASCII smuggling") decoded into a hidden payload.
 * - Homoglyphs (Cyrillic / Greek look-alikes inside Latin words), leetspeak (1gn0r3), spacing tricks
 *   (i g n o r e, i.g.n.o.r.e) folded back in a lower-case scanning view.
 * - Embedded base64, hex, \x / \u escapes, URL-encoding, HTML numeric entities, rot13 and reversed text decoded,
 *   so the decoded text can be scanned too.
 *
 * Pure, allocation-light, linear in the input length (all regular expressions here are bounded).
 */

import {
  CIPHER_CUE_RE,
  COMMON_WORDS,
  decodeAscii85,
  decodeBinary,
  decodeBraille,
  decodeCharCodes,
  decodeKeyboardShift,
  decodeLetterNumbers,
  decodeMorseRuns,
  decodeNato,
  decodeRegionalIndicators,
  decodeRloSpans,
  decodeRot47,
  decodeSubstitution,
  decodeUncuedSubstitution,
  decodeUpsideDown,
  decodeVigenere,
  foldLatinInCyrillic,
  foldLetterVariants,
  KEYBOARD_CUE_RE,
  stripZalgo,
} from './decoders.ts';

export type Obfuscation =
  | 'invisible-chars'
  | 'tag-chars'
  | 'bidi-controls'
  | 'homoglyphs'
  | 'leetspeak'
  | 'spaced-letters'
  | 'compat-chars'
  | 'base64'
  | 'hex'
  | 'escapes'
  | 'url-encoding'
  | 'html-entities'
  | 'rot13'
  | 'reversed'
  | 'morse'
  | 'caesar'
  | 'nato'
  | 'char-codes'
  | 'regional-indicators'
  | 'zalgo'
  | 'upside-down'
  | 'binary'
  | 'letter-numbers'
  | 'rot47'
  | 'braille'
  | 'keyboard-shift'
  | 'vigenere'
  | 'ascii85';

export interface DecodedPayload {
  encoding: Obfuscation;
  /** Folded (lower-cased, de-obfuscated) decoded text. */
  text: string;
}

export interface Normalized {
  /** NFKC, invisible characters removed; case preserved. */
  clean: string;
  /** Lower-cased scanning view: `clean` with homoglyphs, leetspeak and spaced letters folded back. */
  folded: string;
  /** Letters and digits only (spacing tricks removed entirely); absent for very long texts. */
  squashed?: string;
  /** Hidden or encoded payloads found in the text, decoded and folded. */
  decoded: DecodedPayload[];
  /** The disguises that were undone (each at most once). */
  obfuscations: Obfuscation[];
}

/** Longest text normalized in full; longer inputs keep head and tail (an attack hides at either end). */
const MAX_CHARS = 60_000;
const MAX_DECODED = 8;

// Zero-width, joiners, word joiner, invisible operators, BOM, soft hyphen, Mongolian vowel separator, CGJ,
// Hangul fillers, variation selectors. Bidi controls are handled separately (they reorder text on screen).
const INVISIBLE_RE = /[\u00AD\u115F\u1160\u180E\u200B-\u200D\u2060-\u2064\u3164\uFEFF\uFFA0]|\u034F|[\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]/g;
const BIDI_RE = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]/g;
// Unicode tag block U+E0000..U+E007F = surrogate pair \uDB40 \uDC00-\uDC7F.
const TAG_RE = /\uDB40[\uDC00-\uDC7F]/g;

/** Look-alike characters (Cyrillic, Greek, Armenian, Latin extensions) -> the Latin letter they imitate. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  ɡ: 'g',
  ɑ: 'a',
  ɩ: 'i',
  ʏ: 'y',
  А: 'a',
  В: 'b',
  Е: 'e',
  К: 'k',
  М: 'm',
  Н: 'h',
  О: 'o',
  Р: 'p',
  С: 'c',
  Т: 't',
  У: 'y',
  Х: 'x',
  Ѕ: 's',
  І: 'i',
  Ј: 'j',
  Ԁ: 'd',
  Ӏ: 'l',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  Α: 'a',
  Β: 'b',
  Ε: 'e',
  Ζ: 'z',
  Η: 'h',
  Ι: 'i',
  Κ: 'k',
  Μ: 'm',
  Ν: 'n',
  Ο: 'o',
  Ρ: 'p',
  Τ: 't',
  Υ: 'y',
  Χ: 'x',
  օ: 'o',
  ս: 'u',
  ց: 'g',
  հ: 'h',
  ո: 'n',
  ք: 'q',
};
const CYRILLIC_RE = /[\u0400-\u04FF]/;
const HOMOGLYPH_CLASS = `[${Object.keys(HOMOGLYPHS).join('')}]`;
const HOMOGLYPH_RE = new RegExp(HOMOGLYPH_CLASS, 'u');
// A word made of Latin letters and look-alikes, containing at least one of each.
const MIXED_WORD_RE = new RegExp(`[a-zA-Z${Object.keys(HOMOGLYPHS).join('')}]{2,}`, 'gu');

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
};
// A token of letters and leet characters with at least two letters and at least one leet character inside.
const LEET_TOKEN_RE = /(?<![\w@$])(?=[0-9@$!|]{0,24}[a-z][0-9@$!|]{0,24}[a-z])(?=[a-z]{0,24}[0-9@$!|])[a-z0-9@$!|]{3,24}(?![\w@$])/g;
/** Words whose leetspeak spelling is a disguise worth reporting (folding happens regardless). */
const LEET_KEYWORDS =
  /^(ignore|ignoring|instructions?|previous|prior|system|prompt|jailbreak|jailbroken|password|secret|rules|bypass|disregard|forget|reveal|hack|hacker|admin|override|unfiltered|uncensored|restrictions?|filters?|bomb|weapon|malware|exploit|access|granted|developer|mode)$/;

// Four or more single letters separated by one separator: "i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e".
const SPACED_RE = /(?<![\p{L}\p{N}])\p{L}(?:[ .\-_*|/\u30FB]\p{L}){3,}(?![\p{L}\p{N}])/gu;

/** Eight or more single characters each followed by one to four spaces. */
const WIDE_SPACED_RE = /(?<!\S)(?:\S {1,4}){8,}\S(?!\S)/g;
const BASE64_RE = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_RE = /(?<![0-9a-fA-F])(?:0x)?(?:[0-9a-fA-F]{2}[ :]?){10,}(?![0-9a-fA-F])/g;
const ESCAPE_RE = /(?:\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\u\{[0-9a-fA-F]{1,6}\}){4,}/g;
const URLENC_RE = /(?:%[0-9A-Fa-f]{2}[^%\s]{0,3}){4,}/g;
/** A token with three or more escapes between up to 40 other characters each (escaped spaces between words). */
const URLENC_WORDS_RE = /[^\s%]{0,40}(?:%[0-9A-Fa-f]{2}[^\s%]{0,40}){3,}/g;
/** A number of 1-26 joined to another by "-" or "." (cheap test before the letter-number scan). */
const LETTER_NUMBERS_HINT_RE = /(?<![\d.-])(?:[1-9]|1\d|2[0-6])[-.](?:[1-9]|1\d|2[0-6])[-.](?:[1-9]|1\d|2[0-6])(?![\d])/;
const ENTITY_RE = /(?:&#(?:x[0-9a-fA-F]{1,6}|[0-9]{1,7});){4,}/g;

/** Number of `COMMON_WORDS` (English and eight other Latin-script languages) among the words of `text`. */
function englishWordHits(text: string): number {
  let hits = 0;
  for (const m of text.toLowerCase().matchAll(/[a-z]+/g)) if (COMMON_WORDS.has(m[0])) hits++;
  return hits;
}

const reverseString = (w: string): string => [...w].reverse().join('');
/** The only code points outside A-Z whose lower case contains an ASCII letter (İ -> "i̇", Kelvin sign -> "k"). */
const LOWER_TO_ASCII_RE = /[\u0130\u212A]/;
/** The words whose rot13 (resp. reversal) is a common English word. */
const COMMON_ROT13 = new Set([...COMMON_WORDS].map((w) => rot13(w)));
const COMMON_REVERSED = new Set([...COMMON_WORDS].map(reverseString));
const LONGEST_COMMON = Math.max(...[...COMMON_WORDS].map((w) => w.length));

/**
 * `englishWordHits` of the text, of its rot13 and of its reversal, in one pass and without building the two decoded
 * strings. Valid for any text without U+0130 or U+212A (`LOWER_TO_ASCII_RE`): for every other code point,
 * lower-casing gives an ASCII letter exactly when it is one (A-Z, a-z) and never changes the number of ASCII letters,
 * so the `[a-z]+` words of the rot13 / reversed text are the rot13 / reversal of the words of the text.
 */
function asciiWordHits(ascii: string): { base: number; r13: number; rev: number } {
  const lower = ascii.toLowerCase();
  let base = 0;
  let r13 = 0;
  let rev = 0;
  const n = lower.length;
  let i = 0;
  while (i < n) {
    let c = lower.charCodeAt(i);
    if (c < 97 || c > 122) {
      i++;
      continue;
    }
    const start = i;
    do c = lower.charCodeAt(++i);
    while (i < n && c >= 97 && c <= 122);
    if (i - start > LONGEST_COMMON) continue;
    const w = lower.slice(start, i);
    if (COMMON_WORDS.has(w)) base++;
    if (COMMON_ROT13.has(w)) r13++;
    if (COMMON_REVERSED.has(w)) rev++;
  }
  return { base, r13, rev };
}

/** Whether every UTF-16 unit of `s` is ASCII (nothing for NFKC, invisible/bidi/tag characters or homoglyphs to do). */
function isAscii(s: string): boolean {
  // (the regular expression runs several times faster than a charCodeAt loop)
  return !NON_ASCII_RE.test(s);
}
const NON_ASCII_RE = /[\u0080-\uffff]/;

/** Characters of `BASE64_RE`'s run: A-Z a-z 0-9 + / _ - */
const isBase64Char = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 95 || c === 45;
/** Characters of a `HEX_RE` match after its optional 0x: hex digits, space, colon. */
const isHexRunChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 32 || c === 58;

/** Necessary condition for a `BASE64_RE` match: 16 run characters in a row. */
function mayHaveBase64(s: string): boolean {
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    if (isBase64Char(s.charCodeAt(i))) {
      if (++run >= 16) return true;
    } else run = 0;
  }
  return false;
}

/** Necessary condition for a `HEX_RE` match: after the optional 0x, ten hex pairs with optional separators (20 characters). */
function mayHaveHex(s: string): boolean {
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    if (isHexRunChar(s.charCodeAt(i))) {
      if (++run >= 20) return true;
    } else run = 0;
  }
  return false;
}

/** Internal helpers, exported for the equivalence tests of the fast paths. */
export const normalizeInternals = {
  asciiWordHits,
  englishWordHits,
  rot13,
  reverseString,
  mayHaveBase64,
  mayHaveHex,
  BASE64_RE,
  HEX_RE,
  LOWER_TO_ASCII_RE,
};

function rot13(s: string): string {
  return s.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** Share of characters that are printable text (letters, digits, punctuation, whitespace). */
function printableRatio(s: string): number {
  if (s.length === 0) return 0;
  let ok = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0xfffd) continue;
    if ((c >= 32 && c < 127) || c === 10 || c === 13 || c === 9 || c >= 160) ok++;
  }
  return ok / s.length;
}

function looksLikeText(s: string): boolean {
  if (s.length < 6 || printableRatio(s) < 0.92) return false;
  const letters = s.match(/\p{L}/gu)?.length ?? 0;
  const spaces = s.match(/\s/g)?.length ?? 0;
  // Natural-language text: mostly letters, with some word breaks (or CJK, which has none).
  return letters / s.length > 0.5 && (spaces > 0 || /[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/.test(s));
}

function decodeBase64(run: string, depth = 0): string | undefined {
  const clean = run.replace(/-/g, '+').replace(/_/g, '/');
  if (clean.length % 4 === 1) return undefined;
  // Plain words and identifiers match the alphabet too; real base64 of text mixes case and digits.
  if (!/[A-Z]/.test(clean) || !/[a-z]/.test(clean)) return undefined;
  const out = Buffer.from(clean, 'base64').toString('utf8');
  if (looksLikeText(out)) return out;
  // Base64 of base64 (one more layer, no further).
  if (depth === 0 && out.length >= 16 && /^[A-Za-z0-9+/]+={0,2}\s*$/.test(out)) return decodeBase64(out.trim(), 1);
  return undefined;
}

function decodeHex(run: string): string | undefined {
  const hex = run.replace(/^0x/, '').replace(/[ :]/g, '');
  if (hex.length % 2 !== 0) return undefined;
  const out = Buffer.from(hex, 'hex').toString('utf8');
  return looksLikeText(out) ? out : undefined;
}

function decodeEscapes(run: string): string {
  return run.replace(/\\x([0-9a-fA-F]{2})|\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})/g, (_m, x, b, u) =>
    String.fromCodePoint(Number.parseInt(x ?? b ?? u, 16)),
  );
}

function safeCodePoint(n: number): string {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
}

/** Cheap gate: a chat abbreviation may be present. */
const CHAT_HINT_RE =
  /(?:^|[^\p{L}\p{N}])(?:u|ur|urs|urself|r|b4|msg|msgs|convo|pls|plz|ppl|thx|abt|cuz|coz|wat|wut|smth|sth|vc|q|pq|tb|tbm)(?![\p{L}\p{N}])/u;
/** Chat abbreviations as whole tokens (not inside "u.s.", "u-turn", "r&d", "q&a", "q1"). */
const CHAT_RE =
  /(?<![\p{L}\p{N}.'&/-])(u|ur|urs|urself|r|b4|msg|msgs|convo|pls|plz|ppl|thx|abt|cuz|coz|wat|wut|smth|sth|vc|q|pq|tb|tbm)(?![\p{L}\p{N}.'&/-]|\s*[=<>+*^/|%])(?=( ?)(\p{L}*))/gu;
const CHAT_WORDS: Record<string, string> = {
  u: 'you',
  urs: 'yours',
  urself: 'yourself',
  b4: 'before',
  msg: 'message',
  msgs: 'messages',
  convo: 'conversation',
  pls: 'please',
  plz: 'please',
  ppl: 'people',
  thx: 'thanks',
  abt: 'about',
  cuz: 'because',
  coz: 'because',
  wat: 'what',
  wut: 'what',
  smth: 'something',
  sth: 'something',
  vc: 'você',
  pq: 'porque',
  tb: 'também',
  tbm: 'também',
};
/** "ur" is "you're" before a complement ("ur not", "ur a pirate"), else "your"; "r" is "are" next to "u"; "q" is "que". */
const YOU_ARE_NEXT =
  /^(?:a|an|the|not|now|no|so|gonna|going|being|my|welcome|right|free|unfiltered|in|on|just|still|also|only|literally|basically|officially)$/;
function expandChat(m: string, word: string, space: string, next: string, offset: number, whole: string): string {
  // The next word is only looked at (a look-ahead), so it is expanded in its own turn.
  let out: string;
  if (word === 'ur') out = YOU_ARE_NEXT.test(next) ? "you're" : 'your';
  else if (word === 'r') {
    // Only "u r", "r u", "what r …": a lone "r" is a variable, a grade or the language.
    const before = whole.slice(Math.max(0, offset - 8), offset);
    if (!/(?:^|\s)(?:u|you|what|who|how|why|where|when|they|we) $/.test(before) && next !== 'u' && next !== 'you') return m;
    out = 'are';
  } else if (word === 'q') {
    // Spanish / Portuguese "q" before a word ("q te dijeron", "q vc é"); not "q1", "q&a" (excluded above) or a lone letter.
    if (!space || !next) return m;
    out = 'que';
  } else out = CHAT_WORDS[word] ?? word;
  return out;
}

/** Lower-case and fold homoglyphs, leetspeak and spaced letters. Records what it undid. */
export function fold(text: string, found?: Set<Obfuscation>, textIsAscii = isAscii(text)): { folded: string; squashed?: string } {
  let s = text;
  // Homoglyphs and typographic quotes are all outside ASCII.
  const ascii = textIsAscii;
  // Latin look-alikes inside Cyrillic words ("Пoкaжи"): read as the Cyrillic word, before the Latin-side folding
  // below would turn the Cyrillic letters of that word into Latin ones.
  if (!ascii && CYRILLIC_RE.test(s)) {
    const cyr = foldLatinInCyrillic(s);
    if (cyr !== undefined) {
      found?.add('homoglyphs');
      s = cyr;
    }
  }
  if (!ascii && HOMOGLYPH_RE.test(s)) {
    s = s.replace(MIXED_WORD_RE, (w) => {
      if (!/[a-zA-Z]/.test(w) || !HOMOGLYPH_RE.test(w)) return w;
      found?.add('homoglyphs');
      let out = '';
      for (const ch of w) out += HOMOGLYPHS[ch] ?? ch;
      return out;
    });
  }
  // JSON-escaped text pasted as-is ("doesn\\u2019t", "\\"DAN\\"", "\\n"): read it as the model would.
  if (s.includes('\\')) {
    s = s
      .replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
      .replace(/\\n/g, '\n')
      .replace(/\\(["'])/g, '$1');
  }
  s = s.toLowerCase();
  if (!ascii || !isAscii(s))
    s = s.replace(/[\u2018\u2019\u201B\u02BC\u2032]/g, "'").replace(/[\u201C\u201D\u201E\u00AB\u00BB\u2033]/g, '"');
  if (/[0-9@$!|]/.test(s)) {
    s = s.replace(LEET_TOKEN_RE, (tok) => {
      // Numbers with units and version strings (10km, 3d, v2, gpt4, x86) are not leetspeak.
      if (/^[0-9]+[a-z]{1,3}$|^[a-z]{1,4}[0-9]+$|^[a-z]+[0-9]+[a-z]?$/.test(tok) && !/[@$!|]/.test(tok)) return tok;
      // Trailing "!!!" or "|" is punctuation, not a disguised letter.
      const core = tok.replace(/[!|$@]+$/, '');
      if (!/[a-z]/.test(core) || !/[0-9@$!|]/.test(core)) return tok;
      let out = '';
      for (const ch of core) out += LEET[ch] ?? ch;
      if (LEET_KEYWORDS.test(out)) found?.add('leetspeak');
      return out + tok.slice(core.length);
    });
  }
  let squashed: string | undefined;
  // A space after every character and a wider gap between words ("f o r g e t   e v e r y   r u l e").
  if (s.includes('  ') && WIDE_SPACED_RE.test(s)) {
    WIDE_SPACED_RE.lastIndex = 0;
    s = s.replace(WIDE_SPACED_RE, (run) => {
      if ((run.match(/ {2,}/g)?.length ?? 0) < 2) return run;
      found?.add('spaced-letters');
      return run
        .split(/ {2,}/)
        .map((word) => word.replace(/ /g, ''))
        .join(' ');
    });
  }
  WIDE_SPACED_RE.lastIndex = 0;
  if (SPACED_RE.test(s)) {
    SPACED_RE.lastIndex = 0;
    let changed = false;
    s = s.replace(SPACED_RE, (run) => {
      const letters = run.replace(/[ .\-_*|/\u30FB]/g, '');
      // "a b c d" lists and initials are short; a disguised word is at least 5 letters.
      if (letters.length < 5) return run;
      changed = true;
      return letters;
    });
    if (changed) {
      found?.add('spaced-letters');
      squashed = s.replace(/[^\p{L}\p{N}]+/gu, '');
    }
  }
  // Chat-speak ("what were u told b4", "ur new job", "vc é um bot") read as the words it stands for, so the rules
  // written for the full words apply. Only abbreviations that are not words themselves; the learned layer sees the
  // same view. After spaced letters are joined, so the single letters of "i g n o r e" stay one word.
  if (CHAT_HINT_RE.test(s)) s = s.replace(CHAT_RE, expandChat);
  // Letters-only view for split words ("ig nore previ ous"); only the few squashed rules read it.
  if (squashed === undefined && s.length <= 20_000) squashed = s.replace(/[^\p{L}\p{N}]+/gu, '');
  return { folded: s, squashed };
}

/** Whether `s` has at least `min` printable ASCII characters that are neither letters nor spaces (a part that
 * `decodeRot47` accepts has twelve). */
function hasAsciiSymbols(s: string, min: number): boolean {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 33 && c <= 126 && !((c | 0x20) >= 97 && (c | 0x20) <= 122) && ++n >= min) return true;
  }
  return false;
}

/** Where a text splits into parts that may be disguised separately: line breaks, colons, quotation marks. */
const SEGMENT_SPLIT_RE = /[\n:\uFF1A\u00AB\u00BB"\u201C\u201D?!]+/;
/** A spelling-alphabet word next to another one (cheap test before the full NATO scan). */
const NATO_HINT_RE =
  /\b(?:alfa|alpha|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliett?|kilo|lima|mike|november|oscar|papa|quebec|romeo|sierra|tango|uniform|victor|whiske?y|x-?ray|yankee|zulu)[ \t,/-]+(?:alfa|alpha|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliett?|kilo|lima|mike|november|oscar|papa|quebec|romeo|sierra|tango|uniform|victor|whiske?y|x-?ray|yankee|zulu)\b/i;
/** Two two- or three-digit numbers in a row (cheap test before the character-code scan). */
const CODES_HINT_RE = /\b\d{2,3}[ \t]*[,;]?[ \t]+\d{2,3}[ \t]*[,;]?[ \t]+\d{2,3}\b/;

/**
 * rot13 or reversal of `s` when it reads as language and `s` does not: at least 3 common words and more than twice
 * those of `s` plus one; a reversed sentence (it starts with its final punctuation) needs only 2 when `s` has none.
 */
function decodeRot13OrReversed(s: string): DecodedPayload[] {
  const out: DecodedPayload[] = [];
  let r13: number;
  let rev: number;
  let base: number;
  if (!LOWER_TO_ASCII_RE.test(s)) ({ base, r13, rev } = asciiWordHits(s));
  else {
    base = englishWordHits(s);
    r13 = englishWordHits(rot13(s));
    rev = englishWordHits(reverseString(s));
  }
  if (r13 >= 3 && r13 > base * 2 + 1) out.push({ encoding: 'rot13', text: rot13(s) });
  if ((rev >= 3 && rev > base * 2 + 1) || (rev >= 2 && base === 0 && /^\s*[.!?]/.test(s))) {
    out.push({ encoding: 'reversed', text: reverseString(s) });
    // Each word reversed in place ("erongI ruoy suoiverp"): the same words, read in the written order.
    if (!/^\s*[.!?]/.test(s)) out.push({ encoding: 'reversed', text: s.replace(/\p{L}+/gu, reverseString) });
  }
  return out;
}

/** Normalize a prompt and decode what is hidden in it. */
export function normalize(input: string): Normalized {
  let text = input.length > MAX_CHARS ? `${input.slice(0, MAX_CHARS / 2)}\n${input.slice(-MAX_CHARS / 2)}` : input;
  const found = new Set<Obfuscation>();
  const decoded: DecodedPayload[] = [];
  // The decoded texts before folding (case matters for base64), for one more round of decoding (double encodings).
  const raws: string[] = [];
  const addDecoded = (encoding: Obfuscation, raw: string): void => {
    if (decoded.length >= MAX_DECODED) return;
    found.add(encoding);
    raws.push(raw);
    const inner = raw.normalize('NFKC').replace(INVISIBLE_RE, '');
    decoded.push({ encoding, text: fold(inner).folded });
  };

  // Plain ASCII: no tag characters, nothing for NFKC to change, no invisible or bidi characters.
  const ascii = isAscii(text);
  // Tag characters carry an invisible ASCII payload.
  if (!ascii && text.includes('\uDB40')) {
    let hidden = '';
    text = text.replace(TAG_RE, (pair) => {
      const cp = pair.codePointAt(0) ?? 0;
      if (cp >= 0xe0020 && cp <= 0xe007e) hidden += String.fromCharCode(cp - 0xe0000);
      return '';
    });
    if (hidden.trim().length > 0) addDecoded('tag-chars', hidden);
  }
  if (!ascii) {
    const zalgo = stripZalgo(text);
    if (zalgo !== undefined) {
      found.add('zalgo');
      text = zalgo;
    }
    if (text.includes('\u202E')) for (const r of decodeRloSpans(text)) addDecoded('reversed', r);
    if (text.includes('\uD83C')) {
      const letters = decodeRegionalIndicators(text.replace(INVISIBLE_RE, ''));
      if (letters !== undefined) addDecoded('regional-indicators', letters);
    }
    // Letter variants NFKC keeps (small capitals, negative circled / squared capitals, parenthesized letters).
    const variants = foldLetterVariants(text);
    if (variants !== undefined) {
      found.add('compat-chars');
      text = variants;
    }
    const upsideDown = decodeUpsideDown(text);
    if (upsideDown !== undefined) addDecoded('upside-down', upsideDown);
    const nfkc = text.normalize('NFKC');
    if (nfkc !== text && /[\uFF01-\uFF5E]|\uD835[\uDC00-\uDFFF]|[\u2460-\u24FF]/.test(text)) found.add('compat-chars');
    text = nfkc;
    const beforeInvisible = text;
    text = text.replace(INVISIBLE_RE, '');
    // Zero-width characters between letters split words on purpose; emoji joiners elsewhere are ordinary.
    if (text !== beforeInvisible && /\p{L}[\u00AD\u200B-\u200D\u2060-\u2064\uFEFF]+\p{L}/u.test(beforeInvisible))
      found.add('invisible-chars');
    if (BIDI_RE.test(text)) {
      found.add('bidi-controls');
      text = text.replace(BIDI_RE, '');
    }
    BIDI_RE.lastIndex = 0;
  }

  const clean = text;
  const { folded, squashed } = fold(clean, found, ascii);

  // Encoded payloads (scan the clean text: case matters for base64).
  if (clean.length >= 16) {
    // Skip the scans that need a long run of base64 or hex characters when there is none.
    if (mayHaveBase64(clean))
      for (const m of clean.matchAll(BASE64_RE)) {
        if (decoded.length >= MAX_DECODED) break;
        if (m[0].length > 40_000) continue;
        // Base64 of rot13'd text is base64 too; rot13 of base64 is not: tried when the run does not decode.
        const out = decodeBase64(m[0]) ?? decodeBase64(rot13(m[0]));
        if (out) addDecoded('base64', out);
      }
    if (mayHaveHex(clean))
      for (const m of clean.matchAll(HEX_RE)) {
        if (decoded.length >= MAX_DECODED) break;
        const out = decodeHex(m[0]) ?? decodeHex(reverseString(m[0].trim()));
        if (out) addDecoded('hex', out);
      }
    if (clean.includes('\\')) {
      for (const m of clean.matchAll(ESCAPE_RE)) {
        const out = decodeEscapes(m[0]);
        if (looksLikeText(out)) addDecoded('escapes', out);
      }
    }
    if (clean.includes('%')) {
      for (const m of clean.matchAll(URLENC_RE)) {
        let out: string;
        try {
          out = decodeURIComponent(m[0].replace(/\+/g, ' '));
        } catch {
          continue;
        }
        if (/\p{L}{3,}/u.test(out)) addDecoded('url-encoding', out);
      }
      // Words joined by escaped spaces ("Ignore%20your%20previous%20instructions"): too sparse for the run above.
      for (const m of clean.matchAll(URLENC_WORDS_RE)) {
        if (m[0].length > 20_000) continue;
        let out: string;
        try {
          out = decodeURIComponent(m[0].replace(/\+/g, ' '));
        } catch {
          continue;
        }
        if (/\s\S+\s/.test(out) && !decoded.some((d) => d.encoding === 'url-encoding')) addDecoded('url-encoding', out);
      }
    }
    if (clean.includes('00') || clean.includes('11'))
      for (const out of decodeBinary(clean)) addDecoded('binary', out);
    if (LETTER_NUMBERS_HINT_RE.test(clean)) for (const out of decodeLetterNumbers(clean)) addDecoded('letter-numbers', out);
    if (clean.includes('&#')) {
      for (const m of clean.matchAll(ENTITY_RE)) {
        const out = m[0].replace(/&#(x[0-9a-fA-F]+|[0-9]+);/g, (_e, n: string) =>
          safeCodePoint(n.startsWith('x') ? Number.parseInt(n.slice(1), 16) : Number.parseInt(n, 10)),
        );
        if (/\p{L}{3,}/u.test(out)) addDecoded('html-entities', out);
      }
    }
    if (clean.includes('<~')) for (const out of decodeAscii85(clean)) addDecoded('ascii85', out);
    if (!ascii && /[\u2801-\u283F]/.test(clean)) for (const out of decodeBraille(clean)) addDecoded('braille', out);
    // Morse code anywhere (letters separated by spaces, words by " / " or two spaces).
    if (clean.includes('.-') || clean.includes('-.')) for (const out of decodeMorseRuns(clean)) addDecoded('morse', out);
    // Words spelled with the NATO alphabet, and text written as decimal character codes.
    if (NATO_HINT_RE.test(clean)) for (const out of decodeNato(clean)) addDecoded('nato', out);
    if (CODES_HINT_RE.test(clean)) for (const out of decodeCharCodes(clean)) addDecoded('char-codes', out);
    // rot13 and reversed text: decode when the result reads as language and the original does not; first the whole
    // text, then each line or quoted part (an instruction in plain words followed by the disguised payload).
    const head = clean.length <= 4000 ? clean : clean.slice(0, 4000);
    let letters = 0;
    for (let i = 0; i < head.length && letters < 12; i++) {
      const c = head.charCodeAt(i) | 0x20;
      if (c >= 97 && c <= 122) letters++;
    }
    // The first 40 parts of the text, split once for the trials below that need them.
    let parts: string[] | undefined;
    const firstParts = (): string[] => {
      parts ??= head.split(SEGMENT_SPLIT_RE).slice(0, 40);
      return parts;
    };
    // ROT47 (symbols and digits where letters were), on the whole text, then on each part.
    const r47 = decodeRot47(head);
    if (r47 !== undefined) addDecoded('rot47', r47);
    else if (hasAsciiSymbols(head, 12) && SEGMENT_SPLIT_RE.test(head))
      for (const seg of firstParts()) {
        const d = decodeRot47(seg);
        if (d !== undefined) addDecoded('rot47', d);
      }
    // Typed one key off on the keyboard, and a Vigenère cipher given with its key: only where the text says so.
    if (KEYBOARD_CUE_RE.test(head))
      for (const seg of firstParts()) {
        const d = seg.length >= 12 ? decodeKeyboardShift(seg) : undefined;
        if (d !== undefined) addDecoded('keyboard-shift', d);
      }
    if (/vigen[eè]re/i.test(head)) for (const d of decodeVigenere(head, firstParts())) addDecoded('vigenere', d);
    if (letters >= 12) {
      const whole = decodeRot13OrReversed(head);
      for (const d of whole) addDecoded(d.encoding, d.text);
      // A whole text that reads as no language may be a Caesar shift or Atbash even when no cipher is named.
      if (whole.length === 0 && head.length <= 2000 && !CIPHER_CUE_RE.test(head)) {
        const sub = decodeUncuedSubstitution(head);
        if (sub !== undefined) addDecoded('caesar', sub);
      }
      const perPart = whole.length === 0 && SEGMENT_SPLIT_RE.test(head);
      // Other Caesar shifts and Atbash, only where the text names a cipher (25 trial decodings per part).
      const cipher = CIPHER_CUE_RE.test(head);
      if (perPart || cipher) {
        let seen = 0;
        for (const seg of head.split(SEGMENT_SPLIT_RE)) {
          if (seg.length < 12) continue;
          if (++seen > 40) break;
          if (perPart) for (const d of decodeRot13OrReversed(seg)) addDecoded(d.encoding, d.text);
          if (cipher && seen <= 20) {
            const sub = decodeSubstitution(seg);
            if (sub) addDecoded('caesar', sub.text);
          }
        }
      }
    }
  }

  // A second layer (base64 of base64, hex inside base64 ...): the payloads found above scanned once more.
  for (let i = 0, n = raws.length; i < n && decoded.length < MAX_DECODED; i++) {
    const raw = raws[i];
    if (raw.length < 16) continue;
    if (mayHaveBase64(raw))
      for (const m of raw.matchAll(BASE64_RE)) {
        const out = m[0].length <= 40_000 ? decodeBase64(m[0]) : undefined;
        if (out) addDecoded('base64', out);
      }
    if (mayHaveHex(raw))
      for (const m of raw.matchAll(HEX_RE)) {
        const out = decodeHex(m[0]);
        if (out) addDecoded('hex', out);
      }
  }

  return { clean, folded, squashed, decoded, obfuscations: [...found] };
}
