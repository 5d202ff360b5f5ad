/**
 * Decoders for the ciphers and spellings that hide words from a filter but not from a language model: Caesar and
 * Atbash, the NATO spelling alphabet, decimal character codes, regional-indicator letters (🇸🇭🇴🇼), Morse code
 * anywhere in a text, right-to-left-override spans, "Zalgo" stacks of combining marks, and Latin look-alike letters
 * inside Cyrillic words. Each is a pure function; `normalize` decides when to call them and scans what they return.
 *
 * The tests for "this decoded text is language" use a list of common function words of several languages written
 * in ASCII letters (`COMMON_WORDS`): a decoding that turns noise into several of them is almost never wrong.
 */

/** Common short words (ASCII spellings) of English and of the most frequent Latin-script languages. */
export const COMMON_WORDS = new Set(
  (
    'the you your and to of a is are in it that this all for with be not do now what me my i on as or from previous ' +
    'instructions ignore prompt system say tell print secret password reveal forget above rules must will can give ' +
    'write how make ' +
    // Spanish, Portuguese, French, Italian, German, Dutch, Indonesian, Polish: frequent words of three letters or more
    'que los las por para con una del como todo todas reglas sin pero esta este sus mas ' +
    'uma voce nao com regras tudo sem ' +
    'les des est pour pas une sur dans vous tes qui tout toutes sans ' +
    'che per non sono della tutte tutto regole senza ' +
    'der die und das ist nicht ich sie mit alle regeln ohne dein deine ' +
    'het een van niet alle regels zonder ' +
    'yang dan ini itu untuk dengan tidak semua aturan kamu anda tanpa ' +
    'nie jak wszystkie zasady bez jest'
  ).split(' '),
);

const LONGEST_COMMON = Math.max(...[...COMMON_WORDS].map((w) => w.length));

/** Number of `COMMON_WORDS` among the ASCII-letter words of `text` (lower-cased), after mapping each letter. */
export function commonWordHits(text: string, map?: (c: number) => number): number {
  let hits = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) {
      i++;
      continue;
    }
    const start = i;
    let w = '';
    while (i < n) {
      c = text.charCodeAt(i);
      const lower = c >= 65 && c <= 90 ? c + 32 : c;
      if (lower < 97 || lower > 122) break;
      if (i - start < LONGEST_COMMON) w += String.fromCharCode(map ? map(lower) : lower);
      i++;
    }
    if (i - start <= LONGEST_COMMON && COMMON_WORDS.has(w)) hits++;
  }
  return hits;
}

const shiftLetter = (c: number, k: number): number => (c >= 65 && c <= 90 ? ((c - 65 + k) % 26) + 65 : ((c - 97 + k) % 26) + 97);
const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

function mapLetters(s: string, f: (c: number) => number): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += isAsciiLetter(c) ? String.fromCharCode(f(c)) : s[i];
  }
  return out;
}

/** A phrase that names a letter-substitution cipher: only then are all 25 Caesar shifts and Atbash tried. */
export const CIPHER_CUE_RE =
  /\b(?:c(?:a|ae|é|e)sar|shift(?:ed)?|rot[ -]?\d{1,2}|cipher|cypher|decipher|atbash|verschieb\w*|verschoben|desplaz\w*|décal\w*|decal\w*|przesu\w*|sposta\w*|spostat\w*|geser\w*|kaydır\w*|сдвиг\w*|сдвин\w*|cifra\w*|chiffr\w*|codific\w*)/i;

/**
 * Caesar (any shift except 13, which `normalize` already tries everywhere) or Atbash decoding of `segment`, when
 * the result reads as language and the segment does not: at least 3 common words, more than twice those of the
 * original plus one. Returns the decoded segment or undefined.
 */
export function decodeSubstitution(segment: string): { text: string; cipher: string } | undefined {
  let letters = 0;
  for (let i = 0; i < segment.length; i++) if (isAsciiLetter(segment.charCodeAt(i))) letters++;
  if (letters < 12) return undefined;
  const base = commonWordHits(segment);
  let best = 0;
  let bestShift = 0;
  for (let k = 1; k < 26; k++) {
    if (k === 13) continue;
    const hits = commonWordHits(segment, (c) => ((c - 97 + k) % 26) + 97);
    if (hits > best) {
      best = hits;
      bestShift = k;
    }
  }
  const atbash = commonWordHits(segment, (c) => 219 - c);
  if (atbash > best && atbash >= 3 && atbash > base * 2 + 1)
    return { text: mapLetters(segment, (c) => (c <= 90 ? 155 - c : 219 - c)), cipher: 'atbash' };
  if (best >= 3 && best > base * 2 + 1)
    return { text: mapLetters(segment, (c) => shiftLetter(c, bestShift)), cipher: `shift ${bestShift}` };
  return undefined;
}

const NATO: Record<string, string> = {
  alfa: 'a',
  alpha: 'a',
  bravo: 'b',
  charlie: 'c',
  delta: 'd',
  echo: 'e',
  foxtrot: 'f',
  golf: 'g',
  hotel: 'h',
  india: 'i',
  juliet: 'j',
  juliett: 'j',
  kilo: 'k',
  lima: 'l',
  mike: 'm',
  november: 'n',
  oscar: 'o',
  papa: 'p',
  quebec: 'q',
  romeo: 'r',
  sierra: 's',
  tango: 't',
  uniform: 'u',
  victor: 'v',
  whiskey: 'w',
  whisky: 'w',
  xray: 'x',
  'x-ray': 'x',
  yankee: 'y',
  zulu: 'z',
};
const NATO_WORD = Object.keys(NATO)
  .sort((a, b) => b.length - a.length)
  .join('|');
/** Six or more spelling-alphabet words in a row (separated by spaces, commas, dashes or slashes). */
const NATO_RUN_RE = new RegExp(`\\b(?:${NATO_WORD})(?:[ \\t,\\-]*(?:/[ \\t]*|\\n)?(?:${NATO_WORD})\\b){5,}`, 'gi');

/** Letters spelled with the NATO alphabet ("Sierra Hotel Oscar Whiskey / Papa …"), "/" or a line break between words. */
export function decodeNato(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NATO_RUN_RE)) {
    let s = '';
    for (const part of m[0].toLowerCase().matchAll(/x-ray|[a-z]+|\/|\n/g)) {
      const p = part[0];
      if (p === '/' || p === '\n') s += ' ';
      else s += NATO[p] ?? '';
    }
    out.push(s.replace(/ +/g, ' ').trim());
  }
  return out;
}

/** Eight or more decimal codes of printable ASCII characters (32-126), separated by spaces, commas or semicolons. */
const CHAR_CODES_RE = /(?<![\d.])(?:(?:3[2-9]|[4-9]\d|1[01]\d|12[0-6])[ \t]*[,;]?[ \t]+){7,}(?:3[2-9]|[4-9]\d|1[01]\d|12[0-6])(?![\d.])/g;

/** Text spelled as decimal character codes ("104 111 119 32 116 111 …"), kept when it reads as words. */
export function decodeCharCodes(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(CHAR_CODES_RE)) {
    let s = '';
    for (const d of m[0].matchAll(/\d+/g)) s += String.fromCharCode(Number(d[0]));
    let letters = 0;
    let spaces = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (isAsciiLetter(c)) letters++;
      else if (c === 32) spaces++;
    }
    if (letters / s.length >= 0.6 && spaces > 0 && (commonWordHits(s) >= 1 || letters / s.length >= 0.75)) out.push(s);
  }
  return out;
}

/** Regional-indicator symbols (the letters flags are made of): 🇦 … 🇿. */
const REGIONAL_RE = /\uD83C[\uDDE6-\uDDFF]/g;

/** Text written with regional-indicator letters (at least five of them), each mapped to its letter. */
export function decodeRegionalIndicators(text: string): string | undefined {
  let count = 0;
  const mapped = text.replace(REGIONAL_RE, (pair) => {
    count++;
    return String.fromCharCode((pair.codePointAt(0) ?? 0x1f1e6) - 0x1f1e6 + 97);
  });
  return count >= 5 ? mapped : undefined;
}

const MORSE: Record<string, string> = {
  '.-': 'a',
  '-...': 'b',
  '-.-.': 'c',
  '-..': 'd',
  '.': 'e',
  '..-.': 'f',
  '--.': 'g',
  '....': 'h',
  '..': 'i',
  '.---': 'j',
  '-.-': 'k',
  '.-..': 'l',
  '--': 'm',
  '-.': 'n',
  '---': 'o',
  '.--.': 'p',
  '--.-': 'q',
  '.-.': 'r',
  '...': 's',
  '-': 't',
  '..-': 'u',
  '...-': 'v',
  '.--': 'w',
  '-..-': 'x',
  '-.--': 'y',
  '--..': 'z',
  '-----': '0',
  '.----': '1',
  '..---': '2',
  '...--': '3',
  '....-': '4',
  '.....': '5',
  '-....': '6',
  '--...': '7',
  '---..': '8',
  '----.': '9',
  '.-.-.-': '.',
  '--..--': ',',
};

/** Eight or more Morse codes in a row: letters separated by spaces, words by " / " or two spaces. */
const MORSE_RUN_RE = /(?<![\w./-])[.-]{1,6}(?:(?:[ \t]*\/[ \t]*|[ \t]+)[.-]{1,6}){7,}(?![\w.-])/g;

/** Decodes one run of Morse code; undefined when more than a fifth of its codes are not Morse letters. */
export function decodeMorse(s: string): string | undefined {
  const words = s.trim().split(/\s*\/\s*|\s{2,}/);
  let out = '';
  let unknown = 0;
  let total = 0;
  for (const w of words) {
    for (const code of w.split(/\s+/)) {
      if (!code) continue;
      total++;
      const ch = MORSE[code];
      if (ch) out += ch;
      else unknown++;
    }
    out += ' ';
  }
  return total > 0 && unknown / total < 0.2 ? out.trim() : undefined;
}

/** Every run of Morse code in a text that decodes to something with a word of three letters or more. */
export function decodeMorseRuns(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(MORSE_RUN_RE)) {
    const d = decodeMorse(m[0]);
    if (d && /[a-z]{3,}/.test(d)) out.push(d);
  }
  return out;
}

/** A right-to-left override (U+202E) up to its pop (U+202C), an isolate end or the end of the line. */
const RLO_SPAN_RE = /\u202E([^\u202A-\u202E\u2066-\u2069\n]{4,})/g;

/** Text a right-to-left override shows in the opposite order from the one it is stored in: its stored order reversed. */
export function decodeRloSpans(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(RLO_SPAN_RE)) out.push([...m[1]].reverse().join(''));
  return out;
}

/** Combining marks of the blocks "Zalgo" text stacks on letters. */
const COMBINING_CLASS = '[\\u0300-\\u036F\\u0483-\\u0489\\u1AB0-\\u1AFF\\u1DC0-\\u1DFF\\u20D0-\\u20FF\\uFE20-\\uFE2F]';
const COMBINING_RE = new RegExp(COMBINING_CLASS);
const COMBINING_G = new RegExp(COMBINING_RE.source, 'g');
const TWO_MARKS_RE = new RegExp(`${COMBINING_RE.source}{2}`);

/**
 * Strips combining marks when they are stacked on most letters (Zalgo text); undefined otherwise. Languages that
 * write with combining marks (Vietnamese, decomposed accents) mark a minority of letters with one or two each.
 */
export function stripZalgo(text: string): string | undefined {
  if (!TWO_MARKS_RE.test(text)) return undefined;
  const nfd = text.normalize('NFD');
  let letters = 0;
  let marked = 0;
  let prevLetter = false;
  let counted = false;
  for (const ch of nfd) {
    if (COMBINING_RE.test(ch)) {
      if (prevLetter && !counted) {
        marked++;
        counted = true;
      }
      continue;
    }
    prevLetter = /\p{L}/u.test(ch);
    counted = false;
    if (prevLetter) letters++;
  }
  if (letters < 8 || marked / letters < 0.6) return undefined;
  return nfd.replace(COMBINING_G, '').normalize('NFC');
}

/** Latin letters that look like Cyrillic ones, mapped to the Cyrillic letter (for Latin look-alikes in Russian text). */
const LATIN_TO_CYRILLIC: Record<string, string> = {
  a: 'а',
  c: 'с',
  e: 'е',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
  k: 'к',
  i: 'і',
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
  Y: 'У',
};
/** A word of Cyrillic and Latin letters. */
const CYRILLIC_MIXED_RE = /[\p{Script=Cyrillic}a-zA-Z]*[\p{Script=Cyrillic}][\p{Script=Cyrillic}a-zA-Z]*/gu;
/** Cyrillic letters with no Latin twin: a word that has one is a Cyrillic word. */
const CYRILLIC_ONLY_RE = /[бгдёжзийлпфцчшщъыьэюяБГДЁЖЗИЙЛПФЦЧШЩЪЫЬЭЮЯ]/;

/** Cyrillic words with Latin look-alike letters inside ("Пoкaжи") rewritten in Cyrillic; undefined when there is none. */
export function foldLatinInCyrillic(text: string): string | undefined {
  let changed = false;
  const out = text.replace(CYRILLIC_MIXED_RE, (w) => {
    if (!/[a-zA-Z]/.test(w) || !CYRILLIC_ONLY_RE.test(w)) return w;
    let s = '';
    for (const ch of w) {
      const cyr = LATIN_TO_CYRILLIC[ch];
      if (cyr === undefined && /[a-zA-Z]/.test(ch)) return w;
      s += cyr ?? ch;
    }
    changed = true;
    return s;
  });
  return changed ? out : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Session 9: letter variants NFKC leaves alone, upside-down text, binary, letter numbers (A1Z26).

/**
 * Small capitals and other Latin letter variants that Unicode NFKC does not fold (ᴀ ʙ ᴄ … as in "ꜱʏꜱᴛᴇᴍ ᴘʀᴏᴍᴘᴛ"), each
 * mapped to its ASCII letter.
 */
const LETTER_VARIANTS: Record<string, string> = {
  ᴀ: 'a',
  ʙ: 'b',
  ᴄ: 'c',
  ᴅ: 'd',
  ᴇ: 'e',
  ꜰ: 'f',
  ɢ: 'g',
  ʜ: 'h',
  ɪ: 'i',
  ᴊ: 'j',
  ᴋ: 'k',
  ʟ: 'l',
  ᴍ: 'm',
  ɴ: 'n',
  ᴏ: 'o',
  ᴘ: 'p',
  ǫ: 'q',
  ʀ: 'r',
  ꜱ: 's',
  ᴛ: 't',
  ᴜ: 'u',
  ᴠ: 'v',
  ᴡ: 'w',
  ʏ: 'y',
  ᴢ: 'z',
};
const LETTER_VARIANT_RE = new RegExp(`[${Object.keys(LETTER_VARIANTS).join('')}]`, 'g');
/** Negative circled 🅐, negative squared 🅰 and parenthesized 🄐 capitals (U+1F110-1F189; NFKC keeps the first two). */
const ENCLOSED_CAPITAL_RE = /\uD83C[\uDD10-\uDD29\uDD50-\uDD69\uDD70-\uDD89]/g;
/** Parenthesized small letters ⒜-⒵ (NFKC would turn each into "(a)"). */
const PAREN_SMALL_RE = /[\u249C-\u24B5]/g;

/**
 * Letters written with the decorative variants above, mapped to ASCII letters. Undefined when the text has fewer
 * than four of them (a phonetic transcription or a lone symbol is not a disguise).
 */
export function foldLetterVariants(text: string): string | undefined {
  let count = 0;
  const out = text
    .replace(ENCLOSED_CAPITAL_RE, (pair) => {
      count++;
      const cp = pair.codePointAt(0) ?? 0;
      const base = cp >= 0x1f170 ? 0x1f170 : cp >= 0x1f150 ? 0x1f150 : 0x1f110;
      return String.fromCharCode(65 + cp - base);
    })
    .replace(PAREN_SMALL_RE, (ch) => {
      count++;
      return String.fromCharCode(97 + ch.charCodeAt(0) - 0x249c);
    })
    .replace(LETTER_VARIANT_RE, (ch) => {
      count++;
      return LETTER_VARIANTS[ch] ?? ch;
    });
  return count >= 4 ? out : undefined;
}

/** Upside-down ("flipped") letters: the turned forms, plus the ASCII letters that stand in for others when rotated. */
const UPSIDE_DOWN: Record<string, string> = {
  ɐ: 'a',
  ɔ: 'c',
  ǝ: 'e',
  ɟ: 'f',
  ƃ: 'g',
  ɥ: 'h',
  ᴉ: 'i',
  ı: 'i',
  ɾ: 'j',
  ʞ: 'k',
  ɯ: 'm',
  ɹ: 'r',
  ʇ: 't',
  ʌ: 'v',
  ʍ: 'w',
  ʎ: 'y',
  q: 'b',
  p: 'd',
  b: 'q',
  d: 'p',
  u: 'n',
  n: 'u',
  '˙': '.',
  '¿': '?',
  '¡': '!',
  '‾': '_',
  "'": ',',
  ',': "'",
};
/** Letters that occur only in upside-down text (not in IPA-free prose). */
const TURNED_RE = /[ɐǝɥɹʇʎɯʞɟƃᴉʍ]/g;

/**
 * Text written upside down (rotated 180°: "ʇdɯoɹd ɯǝʇsʎs"): each line read back to front with the turned letters
 * mapped back. Needs at least five turned letters; the result must read as language (two common words).
 */
export function decodeUpsideDown(text: string): string | undefined {
  const turned = text.match(TURNED_RE)?.length ?? 0;
  if (turned < 5) return undefined;
  const lines = text.split('\n').map((line) => {
    let out = '';
    const chars = [...line];
    for (let i = chars.length - 1; i >= 0; i--) out += UPSIDE_DOWN[chars[i]] ?? chars[i];
    return out;
  });
  const out = lines.reverse().join('\n');
  return commonWordHits(out) >= 2 ? out : undefined;
}

/** Four or more bytes written as 8 binary digits (separated by spaces, or not). */
const BINARY_RE = /(?<![01])(?:[01]{8}[ \t]?){4,}(?![01])/g;

/** Text written as 8-bit binary ("01101001 01100111 …"), kept when it decodes to printable text with letters. */
export function decodeBinary(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(BINARY_RE)) {
    const bits = m[0].replace(/[ \t]/g, '');
    const bytes = new Uint8Array(bits.length >> 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(bits.slice(i * 8, i * 8 + 8), 2);
    const s = Buffer.from(bytes).toString('utf8');
    let letters = 0;
    let bad = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (isAsciiLetter(c) || c >= 0xc0) letters++;
      else if ((c < 32 && c !== 10 && c !== 9) || c === 0xfffd) bad++;
    }
    if (bad === 0 && letters / s.length >= 0.6) out.push(s);
  }
  return out;
}

/**
 * Words spelled as letter positions (A1Z26: "9-7-14-15-18-5 / 20-8-5 / …"): numbers 1-26 joined by "-" or "." within
 * a word, words separated by spaces, "/" or "|". At least eight numbers in four words.
 */
const LETTER_NUMBERS_RE =
  /(?<![\d.-])(?:[1-9]|1\d|2[0-6])(?:[-.](?:[1-9]|1\d|2[0-6]))+(?:(?:[ \t]*[/|][ \t]*|[ \t]+)(?:[1-9]|1\d|2[0-6])(?:[-.](?:[1-9]|1\d|2[0-6]))*){3,}(?![\d.-])/g;

/** Text spelled with letter numbers (A1Z26), kept when it reads as language (two common words). */
export function decodeLetterNumbers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(LETTER_NUMBERS_RE)) {
    let numbers = 0;
    const s = m[0]
      .split(/[ \t]*[/|][ \t]*|[ \t]+/)
      .map((w) =>
        w
          .split(/[-.]/)
          .map((n) => {
            numbers++;
            return String.fromCharCode(96 + Number(n));
          })
          .join(''),
      )
      .join(' ');
    if (numbers >= 8 && commonWordHits(s) >= 2) out.push(s);
  }
  return out;
}

/**
 * A Caesar shift or Atbash of a whole text that names no cipher: tried only when the text (its first 600 characters)
 * has at least 20 ASCII letters and at most one common word, and kept only when the decoding has at least four common
 * words making up at least 30% of its words. Returns the decoded text or undefined.
 */
export function decodeUncuedSubstitution(text: string): string | undefined {
  const sample = text.length <= 600 ? text : text.slice(0, 600);
  let letters = 0;
  for (let i = 0; i < sample.length && letters < 20; i++) if (isAsciiLetter(sample.charCodeAt(i))) letters++;
  if (letters < 20 || commonWordHits(sample) > 1) return undefined;
  const found = decodeSubstitution(sample);
  if (found === undefined) return undefined;
  const words = found.text.match(/[a-z]+/gi)?.length ?? 0;
  const hits = commonWordHits(found.text);
  if (hits < 4 || hits < 0.3 * words) return undefined;
  if (text === sample) return found.text;
  const shift = found.cipher === 'atbash' ? -1 : Number(found.cipher.slice(6));
  return mapLetters(text, (c) => (shift < 0 ? (c <= 90 ? 155 - c : 219 - c) : shiftLetter(c, shift)));
}

/** ROT47: every printable ASCII character except space rotated by 47 (its own inverse). */
export function rot47(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 33 && c <= 126 ? String.fromCharCode(33 + ((c - 33 + 47) % 94)) : s[i];
  }
  return out;
}

/**
 * A ROT47 text: it has more symbols and digits than letters (ROT47 turns lower-case letters into them) and its
 * rotation reads as language (three common words, more than twice those of the text plus one).
 */
export function decodeRot47(s: string): string | undefined {
  let letters = 0;
  let other = 0;
  let nonAscii = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isAsciiLetter(c)) letters++;
    else if (c >= 33 && c <= 126) other++;
    else if (c > 126) nonAscii++;
  }
  // Printable ASCII only (text in another script with ASCII punctuation is not ROT47), symbols outnumbering letters.
  if (other < 12 || other < letters || nonAscii > (letters + other) / 20) return undefined;
  const out = rot47(s);
  // The rotation must be mostly letters, as text is.
  let outLetters = 0;
  for (let i = 0; i < out.length; i++) if (isAsciiLetter(out.charCodeAt(i))) outLetters++;
  if (outLetters < 0.6 * (letters + other)) return undefined;
  const hits = commonWordHits(out);
  return hits >= 3 && hits > commonWordHits(s) * 2 + 1 ? out : undefined;
}

/** Grade-1 Braille letters (dot patterns of U+2800-U+283F); the blank cell is a space. */
const BRAILLE_LETTERS: Record<number, string> = {
  0x00: ' ', 0x01: 'a', 0x03: 'b', 0x09: 'c', 0x19: 'd', 0x11: 'e', 0x0b: 'f', 0x1b: 'g', 0x13: 'h', 0x0a: 'i',
  0x1a: 'j', 0x05: 'k', 0x07: 'l', 0x0d: 'm', 0x1d: 'n', 0x15: 'o', 0x0f: 'p', 0x1f: 'q', 0x17: 'r', 0x0e: 's',
  0x1e: 't', 0x25: 'u', 0x27: 'v', 0x3a: 'w', 0x2d: 'x', 0x3d: 'y', 0x35: 'z', 0x02: ',', 0x32: '.', 0x26: '?',
  0x16: '!', 0x04: "'", 0x24: '-',
};
/** Five or more Braille cells in a row (blank cells and ordinary spaces between words). */
const BRAILLE_RE = /[\u2800-\u283F](?:[\u2800-\u283F \t]*[\u2800-\u283F]){4,}/g;

/** Text in Grade-1 Braille cells, letter by letter; kept when it reads as language (two common words). */
export function decodeBraille(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(BRAILLE_RE)) {
    let s = '';
    for (const ch of m[0]) {
      const c = ch.charCodeAt(0);
      s += c >= 0x2800 && c <= 0x283f ? (BRAILLE_LETTERS[c - 0x2800] ?? '') : ' ';
    }
    s = s.replace(/ +/g, ' ').trim();
    if (commonWordHits(s) >= 2) out.push(s);
  }
  return out;
}

/** A phrase that says the text was typed with the hands shifted on the keyboard. */
export const KEYBOARD_CUE_RE = /\b(?:qwerty|keyboard|one key|key to the (?:left|right)|teclado|clavier|tastatur\w*)/i;
const KEY_ROWS = ['1234567890-=', 'qwertyuiop[]', "asdfghjkl;'", 'zxcvbnm,./'];
const keyShiftMap = (dir: 1 | -1): Map<string, string> => {
  const m = new Map<string, string>();
  for (const row of KEY_ROWS)
    for (let i = 0; i < row.length; i++) {
      const j = i + dir;
      if (j >= 0 && j < row.length) m.set(row[i], row[j]);
    }
  return m;
};
/** Typed one key to the right: each character read as its left neighbour, and the other way round. */
const KEY_LEFT_OF = keyShiftMap(-1);
const KEY_RIGHT_OF = keyShiftMap(1);

/**
 * A segment typed with the hands one key off on a QWERTY keyboard: both directions tried; kept when the result reads
 * as language (three common words, more than twice those of the segment plus one).
 */
export function decodeKeyboardShift(segment: string): string | undefined {
  const base = commonWordHits(segment);
  for (const map of [KEY_LEFT_OF, KEY_RIGHT_OF]) {
    let out = '';
    for (const ch of segment.toLowerCase()) out += map.get(ch) ?? ch;
    const hits = commonWordHits(out);
    if (hits >= 3 && hits > base * 2 + 1) return out;
  }
  return undefined;
}

/** A Vigenère cipher named with its key ("Vigenère, key is SPARROW", "vigenere key: lemon"). */
const VIGENERE_RE = /vigen[eè]re[^\n]{0,40}?\bkey\b(?:\s+is|\s*[:=])?\s*["'“]?([A-Za-z]{3,20})\b/i;

/** Each segment of a text that names a Vigenère cipher and its key, decrypted; kept when it reads as language. */
export function decodeVigenere(text: string, segments: string[]): string[] {
  const m = VIGENERE_RE.exec(text);
  if (!m) return [];
  const key = m[1].toLowerCase();
  const out: string[] = [];
  for (const seg of segments) {
    if (seg.length < 12) continue;
    let k = 0;
    let s = '';
    for (let i = 0; i < seg.length; i++) {
      const c = seg.charCodeAt(i);
      if (!isAsciiLetter(c)) {
        s += seg[i];
        continue;
      }
      const shift = key.charCodeAt(k++ % key.length) - 97;
      s += String.fromCharCode(shiftLetter(c, 26 - shift));
    }
    const hits = commonWordHits(s);
    if (hits >= 3 && hits > commonWordHits(seg) * 2 + 1) out.push(s);
  }
  return out;
}

/** Adobe Ascii85 blocks (`<~ … ~>`). */
const ASCII85_RE = /<~([!-uz\s]{10,}?)~>/g;

/** Text in Ascii85 blocks, decoded. */
export function decodeAscii85(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(ASCII85_RE)) {
    const body = m[1].replace(/\s+/g, '');
    const bytes: number[] = [];
    let group: number[] = [];
    const flush = (g: number[], n: number) => {
      let v = 0;
      for (const d of g) v = v * 85 + d;
      for (let i = 3; i >= 4 - n; i--) bytes.push((v >>> (8 * i)) & 0xff);
    };
    for (const ch of body) {
      if (ch === 'z' && group.length === 0) {
        bytes.push(0, 0, 0, 0);
        continue;
      }
      group.push(ch.charCodeAt(0) - 33);
      if (group.length === 5) {
        flush(group, 4);
        group = [];
      }
    }
    if (group.length > 1) {
      const n = group.length - 1;
      while (group.length < 5) group.push(84);
      flush(group, n);
    }
    const s = Buffer.from(bytes).toString('utf8');
    if (!s.includes('\uFFFD') && /\p{L}{3,}/u.test(s)) out.push(s);
  }
  return out;
}
