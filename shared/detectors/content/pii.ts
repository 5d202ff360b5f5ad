/**
 * Personal data in model outputs: payment cards (IIN + length + Luhn), IBANs (country length + mod-97), US SSNs
 * (area/group/serial rules), emails, phone numbers (E.164 with "+", NANP with separators). Values the user typed
 * into the same request (echoed back) are not counted as disclosure. Evidence is masked.
 */
import type { Detection, InvocationRecord } from '../../domain/runtime.ts';
import type { Severity } from '../../domain/severity.ts';
import { LEAK_PII } from '../catalogue.ts';
import { forEachOutput, maxSeverity, pushCapped, recordDetection } from '../text.ts';
import type { ContentDetector, DetectorContext } from '../types.ts';

export type PiiKind = 'payment-card' | 'iban' | 'us-ssn' | 'email' | 'phone';

export interface PiiHit {
  kind: PiiKind;
  /** Normalized value (digits only, upper-case IBAN, lower-case email): used to de-duplicate, never reported. */
  value: string;
  excerpt: string;
  start: number;
  end: number;
}

// ---------- payment cards ----------

const CARD = /(?<![\d-])(?:\d[ -]?){12,18}\d(?!\d|[ -]\d)/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Card brand by IIN prefix and length, or undefined when no scheme issues such a number. */
export function cardBrand(d: string): string | undefined {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  const p6 = Number(d.slice(0, 6));
  if (d[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) && n >= 16 && n <= 19) return 'discover';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'jcb';
  if (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) && n >= 14 && n <= 19) return 'diners';
  if (p2 === 62 && n >= 16 && n <= 19) return 'unionpay';
  if ([5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763].includes(p4) && n >= 12 && n <= 19) return 'maestro';
  return undefined;
}

function cardFromMatch(raw: string): string | undefined {
  let digits = '';
  let sep = '';
  let group = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      group++;
    } else {
      if (sep === '') sep = c;
      else if (c !== sep) return undefined; // mixed separators: not a card layout
      if (group < 3 || group > 6) return undefined;
      group = 0;
    }
  }
  if (sep !== '' && (group < 3 || group > 6)) return undefined;
  if (digits.length < 13) return undefined;
  if (!cardBrand(digits) || !luhnValid(digits)) return undefined;
  return digits;
}

// ---------- IBAN ----------

const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;

/** ISO 13616 / ISO 7064 mod-97-10 check on a space-free upper-case IBAN. */
export function ibanValid(iban: string): boolean {
  const len = IBAN_LENGTHS[iban.slice(0, 2)];
  if (len === undefined || iban.length !== len) return false;
  const re = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < re.length; i++) {
    const c = re.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}

function ibanFromMatch(raw: string): string | undefined {
  const compact = raw.replace(/ /g, '');
  const len = IBAN_LENGTHS[compact.slice(0, 2)];
  if (len === undefined || compact.length < len) return undefined;
  const candidate = compact.slice(0, len);
  return ibanValid(candidate) ? candidate : undefined;
}

// ---------- US SSN ----------

const SSN_DASHED = /(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d-])/g;
const SSN_LABELLED = /\b(?:ssn|social security(?: number| no\.?| #)?)\b[^\d\n]{0,20}(\d{9})(?!\d)/gi;
/** Numbers published as examples / voided by the SSA. */
const SSN_VOID = new Set(['078051120', '219099999', '123456789']);

export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  if (a === 0 || a === 666 || a >= 900) return false;
  if (group === '00' || serial === '0000') return false;
  return !SSN_VOID.has(area + group + serial);
}

// ---------- email ----------

const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
const RESERVED_EMAIL_DOMAIN = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$/i;

function maskEmail(e: string): string {
  const at = e.indexOf('@');
  const domain = e.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  return `${e[0]}***@${domain[0]}***${domain.slice(dot)}`;
}

// ---------- phone ----------

const PHONE_E164 = /(?<![\w+])\+[1-9](?:[ .\-()]{0,2}\d){7,14}(?!\d)/g;
const PHONE_NANP = /(?<![\w+.-])(?:1[ .-])?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}(?![\d-])/g;

function digitsOf(s: string): string {
  let d = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) d += s[i];
  }
  return d;
}

function overlaps(hits: PiiHit[], start: number, end: number): boolean {
  for (const h of hits) if (start < h.end && end > h.start) return true;
  return false;
}

const ANY_DIGIT = /[0-9]/;

/**
 * All PII in one text. Exported for tests and the benchmark.
 *
 * Every pattern except the email one needs digits (`\d` is ASCII 0-9 here), and none can match before the text's
 * first digit by more than its leading non-digits: a card or SSN starts with its first digit, an IBAN two letters
 * before it, a phone number one '+' or '(' before it. So one search for the first digit decides where (and whether)
 * those regexes run: a text without digits (most prose) skips them all, and a regex started there finds exactly the
 * matches it finds from 0 (its lookbehinds still see the text before the start).
 */
export function findPii(text: string): PiiHit[] {
  const hits: PiiHit[] = [];
  let m: RegExpExecArray | null;
  const firstDigit = text.search(ANY_DIGIT);
  if (firstDigit >= 0) findNumbered(text, firstDigit, hits);
  // email
  if (text.includes('@')) {
    EMAIL.lastIndex = 0;
    for (m = EMAIL.exec(text); m !== null; m = EMAIL.exec(text)) {
      const e = m[0];
      const domain = e.slice(e.indexOf('@') + 1);
      if (RESERVED_EMAIL_DOMAIN.test(domain)) continue;
      hits.push({ kind: 'email', value: e.toLowerCase(), excerpt: maskEmail(e), start: m.index, end: m.index + e.length });
    }
  }
  if (firstDigit >= 0) findPhones(text, firstDigit, hits);
  return hits;
}

/** Cards, IBANs and SSNs (in this order) in a text whose first digit is at `firstDigit`. */
function findNumbered(text: string, firstDigit: number, hits: PiiHit[]): void {
  let m: RegExpExecArray | null;
  // cards
  CARD.lastIndex = firstDigit;
  for (m = CARD.exec(text); m !== null; m = CARD.exec(text)) {
    const d = cardFromMatch(m[0]);
    if (d)
      hits.push({
        kind: 'payment-card',
        value: d,
        excerpt: `${d.slice(0, 4)} **** **** ${d.slice(-4)}`,
        start: m.index,
        end: m.index + m[0].length,
      });
  }
  // IBAN (two letters, then its first digits)
  IBAN.lastIndex = Math.max(0, firstDigit - 2);
  for (m = IBAN.exec(text); m !== null; m = IBAN.exec(text)) {
    const iban = ibanFromMatch(m[0]);
    if (iban && !overlaps(hits, m.index, m.index + m[0].length)) {
      hits.push({
        kind: 'iban',
        value: iban,
        excerpt: `${iban.slice(0, 4)} **** **** ${iban.slice(-4)}`,
        start: m.index,
        end: m.index + m[0].length,
      });
    }
  }
  // SSN
  SSN_DASHED.lastIndex = firstDigit;
  for (m = SSN_DASHED.exec(text); m !== null; m = SSN_DASHED.exec(text)) {
    if (ssnValid(m[1], m[2], m[3]) && !overlaps(hits, m.index, m.index + m[0].length)) {
      hits.push({ kind: 'us-ssn', value: m[1] + m[2] + m[3], excerpt: `***-**-${m[3]}`, start: m.index, end: m.index + m[0].length });
    }
  }
  if (/ssn|social security/i.test(text)) {
    SSN_LABELLED.lastIndex = 0;
    for (m = SSN_LABELLED.exec(text); m !== null; m = SSN_LABELLED.exec(text)) {
      const v = m[1];
      const end = m.index + m[0].length;
      if (ssnValid(v.slice(0, 3), v.slice(3, 5), v.slice(5)) && !overlaps(hits, end - 9, end)) {
        hits.push({ kind: 'us-ssn', value: v, excerpt: `***-**-${v.slice(5)}`, start: end - 9, end });
      }
    }
  }
}

/** Phone numbers in a text whose first digit is at `firstDigit`. */
function findPhones(text: string, firstDigit: number, hits: PiiHit[]): void {
  let m: RegExpExecArray | null;
  // a '+' then the digits
  PHONE_E164.lastIndex = Math.max(0, firstDigit - 1);
  for (m = PHONE_E164.exec(text); m !== null; m = PHONE_E164.exec(text)) {
    const d = digitsOf(m[0]);
    if (d.length < 8 || d.length > 15 || overlaps(hits, m.index, m.index + m[0].length)) continue;
    hits.push({
      kind: 'phone',
      value: d,
      excerpt: `+${d.slice(0, d.length > 11 ? 2 : 1)} *** ${d.slice(-4)}`,
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  // the digits, or '(' then the digits
  PHONE_NANP.lastIndex = Math.max(0, firstDigit - 1);
  for (m = PHONE_NANP.exec(text); m !== null; m = PHONE_NANP.exec(text)) {
    let d = digitsOf(m[0]);
    if (d.length === 11) d = d.slice(1);
    // 555-0100..0199 is reserved for fiction
    if (d.slice(3, 6) === '555' && d.slice(6, 8) === '01') continue;
    if (overlaps(hits, m.index, m.index + m[0].length)) continue;
    hits.push({ kind: 'phone', value: `1${d}`, excerpt: `***-***-${d.slice(-4)}`, start: m.index, end: m.index + m[0].length });
  }
}

const KIND_SEVERITY: Record<PiiKind, Severity> = {
  'payment-card': 'HIGH',
  iban: 'HIGH',
  'us-ssn': 'HIGH',
  email: 'LOW',
  phone: 'LOW',
};

function echoed(r: InvocationRecord, raw: string): boolean {
  for (const u of r.userTurns) if (typeof u === 'string' && u.includes(raw)) return true;
  return false;
}

export const piiDetector: ContentDetector = {
  id: LEAK_PII.id,
  metadata: LEAK_PII,
  detect(r: InvocationRecord, ctx: DetectorContext): Detection[] {
    const t = ctx.config.content;
    const seen = new Set<string>();
    const counts: Record<string, number> = {};
    const kinds: string[] = [];
    const excerpts: string[] = [];
    let severity: Severity = 'INFORMATIONAL';
    let echoedCount = 0;
    let contact = 0;
    const truncated = forEachOutput(r, t.maxScanChars, (text) => {
      for (const h of findPii(text)) {
        const key = `${h.kind}:${h.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (echoed(r, text.slice(h.start, h.end))) {
          echoedCount++;
          continue;
        }
        counts[h.kind] = (counts[h.kind] ?? 0) + 1;
        pushCapped(kinds, h.kind, 8);
        pushCapped(excerpts, h.excerpt, 5);
        severity = maxSeverity(severity, KIND_SEVERITY[h.kind]);
        if (h.kind === 'email' || h.kind === 'phone') contact++;
      }
    });
    if (kinds.length === 0) return [];
    if (contact >= t.piiBulkCount) severity = maxSeverity(severity, 'MEDIUM');
    const evidence: Record<string, string | number | string[]> = {
      kinds,
      excerpts,
      distinctValues: seen.size - echoedCount,
      echoedFromPrompt: echoedCount,
      truncatedFields: truncated,
    };
    for (const k of kinds) evidence[`count.${k}`] = counts[k];
    return [recordDetection(LEAK_PII, r, evidence, { severity, labels: kinds.map((k) => `pii:${k}`) })];
  },
};
