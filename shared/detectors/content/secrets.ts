/**
 * Secrets in model outputs: provider-format credentials, PEM private keys, JWTs and generic high-entropy strings.
 * All regexes are precompiled, bounded and linear; the detector keeps only masked excerpts.
 */
import type { Detection, InvocationRecord } from '../../domain/runtime.ts';
import type { Severity } from '../../domain/severity.ts';
import { LEAK_SECRET } from '../catalogue.ts';
import { forEachOutput, mask, maxSeverity, pushCapped, recordDetection, shannonEntropy } from '../text.ts';
import type { ContentDetector, ContentThresholds, DetectorContext } from '../types.ts';

export interface SecretHit {
  kind: string;
  severity: Severity;
  /** Masked value, never the secret. */
  excerpt: string;
  start: number;
  end: number;
}

interface Pattern {
  kind: string;
  re: RegExp;
  severity: Severity;
  /** Which capture group holds the secret (0 = whole match). */
  group?: number;
  /** Cheap literal pre-check: skip the regex when none of these substrings occurs. */
  hints: string[];
  validate?: (value: string, text: string, end: number) => boolean;
  excerpt?: (value: string) => string;
  /** Where the secret really ends (a PEM block ends at its END line), so its body is not reported again. */
  spanEnd?: (text: string, end: number) => number;
}

/** AWS documentation example values: published samples, not secrets. */
const AWS_EXAMPLES = /EXAMPLE/;

function jwtHeaderIsJson(value: string): boolean {
  const dot = value.indexOf('.');
  if (dot < 0) return false;
  try {
    const header = JSON.parse(Buffer.from(value.slice(0, dot), 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

/** A PEM header is a key only if a base64 body follows (a header quoted in an explanation is not). */
function pemBodyFollows(_value: string, text: string, end: number): boolean {
  let b64 = 0;
  const stop = Math.min(text.length, end + 400);
  for (let i = end; i < stop; i++) {
    const c = text.charCodeAt(i);
    const isB64 = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61;
    if (isB64) b64++;
    else if (c === 45 && b64 < 64) return false; // "-----END" right after the header: no body
  }
  return b64 >= 64;
}

const PATTERNS: Pattern[] = [
  {
    kind: 'aws-access-key-id',
    re: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/g,
    severity: 'HIGH',
    hints: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    validate: (v) => !AWS_EXAMPLES.test(v),
  },
  {
    kind: 'aws-secret-access-key',
    re: /(?:aws_?secret_?access_?key|secret_?access_?key|aws_?secret_?key)["'\s]{0,3}[:=]{1,2}\s{0,3}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
    severity: 'CRITICAL',
    hints: ['ecret', 'ECRET'],
    validate: (v) => !AWS_EXAMPLES.test(v),
  },
  {
    kind: 'private-key',
    re: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/g,
    severity: 'CRITICAL',
    hints: ['-----BEGIN'],
    validate: pemBodyFollows,
    excerpt: (v) => v,
    spanEnd: (text, end) => {
      const e = text.indexOf('-----END', end);
      return e >= 0 && e - end < 20_000 ? e + 8 : Math.min(text.length, end + 4000);
    },
  },
  {
    kind: 'anthropic-api-key',
    re: /\bsk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{32,300}/g,
    severity: 'HIGH',
    hints: ['sk-ant-'],
    excerpt: (v) => mask(v, 10, 2),
  },
  {
    kind: 'openai-api-key',
    re: /\bsk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,300}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48})(?![A-Za-z0-9_-])/g,
    severity: 'HIGH',
    hints: ['sk-'],
    excerpt: (v) => mask(v, 8, 2),
  },
  {
    kind: 'github-token',
    re: /\b(?:(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b/g,
    severity: 'HIGH',
    hints: ['gh', 'github_pat_'],
    excerpt: (v) => mask(v, 6, 2),
  },
  {
    kind: 'slack-token',
    re: /\bxox[baprse]-[A-Za-z0-9-]{10,250}|https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}/g,
    severity: 'HIGH',
    hints: ['xox', 'hooks.slack.com'],
    excerpt: (v) => mask(v, v.startsWith('https') ? 33 : 5, 2),
  },
  {
    kind: 'stripe-live-key',
    re: /\b(?:sk|rk)_live_[A-Za-z0-9]{16,247}\b/g,
    severity: 'HIGH',
    hints: ['_live_'],
    excerpt: (v) => mask(v, 8, 2),
  },
  {
    kind: 'stripe-test-key',
    re: /\b(?:sk|rk)_test_[A-Za-z0-9]{16,247}\b/g,
    severity: 'LOW',
    hints: ['_test_'],
    excerpt: (v) => mask(v, 8, 2),
  },
  {
    kind: 'google-api-key',
    re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
    severity: 'HIGH',
    hints: ['AIza'],
  },
  {
    kind: 'bedrock-api-key',
    // Long-term keys start with "ABSK" + base64("BedrockAPIKey-"); short-term tokens with "bedrock-api-key-".
    re: /\b(?:ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{20,400}={0,2}|bedrock-api-key-[A-Za-z0-9+/]{40,4000}={0,2})/g,
    severity: 'HIGH',
    hints: ['ABSK', 'bedrock-api-key-'],
    excerpt: (v) => mask(v, v.startsWith('ABSK') ? 4 : 16, 2),
  },
  {
    kind: 'jwt',
    re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{16,2000}/g,
    severity: 'MEDIUM',
    hints: ['eyJ'],
    validate: (v) => jwtHeaderIsJson(v),
    excerpt: (v) => `${v.slice(0, 6)}****.****.****`,
  },
];

/**
 * The hints of every pattern, looked up once per text. Checking each hint with `text.includes` cost 19 searches per
 * output, most of a clean output's cost: a search for a hint starting with a common letter ('ecret', 'eyJ', 'sk-')
 * stops at every 'e' or 's'. Instead each hint is anchored on its least common character in prose (its "anchor"), the
 * hints are grouped by anchor, and each group makes one `indexOf` pass over the text for its anchor character (a fast
 * native scan for a character that is rare in prose), testing its hints with `startsWith` only where the anchor is.
 * Nine passes instead of nineteen, over rare characters. Exact: a hint that occurs at i has its anchor at i + offset,
 * a position the anchor's pass visits, so every hint is flagged exactly when `text.includes(hint)`.
 */
const HINTS: string[] = [];
for (const p of PATTERNS) for (const h of p.hints) if (!HINTS.includes(h)) HINTS.push(h);
/** Per pattern, the indexes (in `HINTS`) of its hints. */
const PATTERN_HINTS: number[][] = PATTERNS.map((p) => p.hints.map((h) => HINTS.indexOf(h)));
/** Characters common in prose, most common first; any other character (capitals, digits, symbols) counts as rare. */
const COMMON_CHARS = ' etaoinsrhldcumfpgwybv,.kxjqz';
function rarity(ch: string): number {
  const i = COMMON_CHARS.indexOf(ch);
  return i < 0 ? COMMON_CHARS.length : i;
}
interface Anchored {
  /** Index in `HINTS`. */
  hint: number;
  /** Position of the anchor character in the hint. */
  offset: number;
}
/** Anchor character -> the hints anchored on it. */
const HINT_ANCHORS = new Map<string, Anchored[]>();
for (const [i, h] of HINTS.entries()) {
  let offset = 0;
  for (let j = 1; j < h.length; j++) if (rarity(h[j]) > rarity(h[offset])) offset = j;
  const group = HINT_ANCHORS.get(h[offset]) ?? [];
  group.push({ hint: i, offset });
  HINT_ANCHORS.set(h[offset], group);
}
const ANCHOR_GROUPS = [...HINT_ANCHORS.entries()];
const hintFound = new Uint8Array(HINTS.length);

/** Flags 1 at `i` when `HINTS[i]` occurs in `text`, 0 otherwise (one buffer, reused by the next call). */
export function scanHints(text: string): Uint8Array {
  hintFound.fill(0);
  for (let g = 0; g < ANCHOR_GROUPS.length; g++) {
    const [anchor, group] = ANCHOR_GROUPS[g];
    for (let at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, at + 1)) {
      for (let k = 0; k < group.length; k++) {
        const a = group[k];
        if (hintFound[a.hint] === 0 && at >= a.offset && text.startsWith(HINTS[a.hint], at - a.offset)) hintFound[a.hint] = 1;
      }
    }
  }
  return hintFound;
}

/** The hint list `scanHints` flags (exported for tests). */
export const SECRET_HINTS: readonly string[] = HINTS;

/** Characters of candidate tokens for the generic entropy check (base64 / base64url alphabets; `=` only as padding). */
const TOKEN_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9+/_-]/.test(ch)) TOKEN_CHAR[c] = 1;
}
/** A 40-char AWS-secret-shaped token (used only next to an access key id). */
const AWS_SECRET_SHAPE = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

function classes(s: string): { upper: boolean; lower: boolean; digit: boolean } {
  let upper = false;
  let lower = false;
  let digit = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) upper = true;
    else if (c >= 97 && c <= 122) lower = true;
    else if (c >= 48 && c <= 57) digit = true;
  }
  return { upper, lower, digit };
}

function overlaps(hits: SecretHit[], start: number, end: number): boolean {
  for (const h of hits) if (start < h.end && end > h.start) return true;
  return false;
}

/** Does `s` look like a high-entropy secret (not a hash, UUID, word or path)? */
export function isHighEntropySecret(s: string, t: ContentThresholds): boolean {
  const core = s.replace(/=+$/, '');
  if (core.length < t.entropyMinLength || core.length > t.entropyMaxLength) return false;
  const k = classes(core);
  if (!(k.upper && k.lower && k.digit)) return false; // hex hashes, UUIDs, words, numbers
  // path-like or word-separated identifiers: many separators, short parts
  let seps = 0;
  for (let i = 0; i < core.length; i++) {
    const c = core.charCodeAt(i);
    if (c === 47 || c === 45 || c === 95) seps++;
  }
  if (seps > 0 && core.length / (seps + 1) < 8) return false;
  // Random strings of length n reach about log2(n) - 0.5 bits/char; the bar scales with length, capped.
  const bar = Math.min(t.entropyMinBits, Math.log2(core.length) - 0.75);
  if (shannonEntropy(core) < bar) return false;
  // camelCase identifiers and glued words: most letters sit in word-like runs (random base64: ~25%, p99 < 0.67).
  return wordFraction(core) < 0.6;
}

const WORDLIKE = /[A-Z]?[a-z]{3,}|[A-Z]{3,}(?![a-z])/g;
/** Fraction of characters inside word-like runs (a capital + 3 lower-case letters or more, or 3+ capitals). */
export function wordFraction(s: string): number {
  let inWords = 0;
  WORDLIKE.lastIndex = 0;
  for (let m = WORDLIKE.exec(s); m !== null; m = WORDLIKE.exec(s)) inWords += m[0].length;
  return inWords / s.length;
}

/** All secrets in one text (masked); `generic: false` leaves out the high-entropy rule. Exported for tests and the benchmark. */
export function findSecrets(text: string, t: ContentThresholds, opts: { generic?: boolean } = {}): SecretHit[] {
  const hits: SecretHit[] = [];
  let awsKeyIdEnd = -1;
  let awsKeyIdStart = -1;
  const found = scanHints(text);
  for (let k = 0; k < PATTERNS.length; k++) {
    const p = PATTERNS[k];
    let hinted = false;
    for (const h of PATTERN_HINTS[k]) {
      if (found[h] === 1) {
        hinted = true;
        break;
      }
    }
    if (!hinted) continue;
    const re = p.re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const value = m[p.group ?? 0];
      const matchEnd = m.index + m[0].length;
      const start = matchEnd - value.length;
      if (p.validate && !p.validate(value, text, matchEnd)) continue;
      const end = p.spanEnd ? p.spanEnd(text, matchEnd) : matchEnd;
      if (overlaps(hits, start, end)) continue;
      hits.push({ kind: p.kind, severity: p.severity, excerpt: p.excerpt ? p.excerpt(value) : mask(value), start, end });
      if (p.kind === 'aws-access-key-id' && awsKeyIdStart < 0) {
        awsKeyIdStart = start;
        awsKeyIdEnd = end;
      }
    }
  }
  // AWS secret access key "in context": a 40-char secret-shaped token within 300 chars of an access key id.
  if (awsKeyIdStart >= 0 && !hits.some((h) => h.kind === 'aws-secret-access-key')) {
    const from = Math.max(0, awsKeyIdStart - 300);
    const to = Math.min(text.length, awsKeyIdEnd + 300);
    AWS_SECRET_SHAPE.lastIndex = from;
    for (let m = AWS_SECRET_SHAPE.exec(text); m !== null && m.index < to; m = AWS_SECRET_SHAPE.exec(text)) {
      const v = m[0];
      const k = classes(v);
      if (!(k.upper && k.lower && k.digit) || AWS_EXAMPLES.test(v) || shannonEntropy(v) < 4.0) continue;
      if (overlaps(hits, m.index, m.index + 40)) continue;
      hits.push({ kind: 'aws-secret-access-key', severity: 'CRITICAL', excerpt: mask(v), start: m.index, end: m.index + 40 });
      break;
    }
  }
  // Generic high-entropy strings not already explained by a provider format. Skip search over maximal runs of
  // token characters: a run of >= L characters must contain one of the positions L-1, 2L-1, ...; only where such a
  // position holds a token character is the run expanded (each character is read at most about twice, and prose is
  // mostly skipped). No backtracking. Tokens inside URLs (ids, signatures, tracking values) are left to the
  // exfiltration-URL detector; provider-format secrets inside URLs are still reported above.
  if (opts.generic === false) return hits;
  const n = text.length;
  const L = Math.max(1, t.entropyMinLength);
  let p = L - 1;
  while (p < n) {
    if (!isTokenChar(text.charCodeAt(p))) {
      p += L;
      continue;
    }
    let a = p;
    while (a > 0 && isTokenChar(text.charCodeAt(a - 1))) a--;
    let b = p + 1;
    while (b < n && isTokenChar(text.charCodeAt(b))) b++;
    let end = b;
    // base64 padding: up to two '=' that end the token (not `key=value`)
    while (end < n && end - b < 2 && text.charCodeAt(end) === 61) end++;
    if (end > b && end < n && isTokenChar(text.charCodeAt(end))) end = b;
    const len = end - a;
    if (len >= L && len <= t.entropyMaxLength + 2 && !overlaps(hits, a, end) && !inUrl(text, a)) {
      const v = text.slice(a, end);
      if (isHighEntropySecret(v, t)) hits.push({ kind: 'high-entropy-string', severity: 'MEDIUM', excerpt: mask(v), start: a, end });
    }
    p = b + L;
  }
  return hits;
}

function isTokenChar(c: number): boolean {
  return c < 128 && TOKEN_CHAR[c] === 1;
}

/** Is position `at` inside a URL (a `://` earlier in the same whitespace/quote/bracket-delimited chunk)? */
function inUrl(text: string, at: number): boolean {
  const stop = Math.max(0, at - 2048);
  for (let j = at - 1; j >= stop; j--) {
    const c = text.charCodeAt(j);
    if (
      c === 32 ||
      c === 10 ||
      c === 13 ||
      c === 9 ||
      c === 34 ||
      c === 39 ||
      c === 60 ||
      c === 62 ||
      c === 40 ||
      c === 41 ||
      c === 91 ||
      c === 93
    )
      return false;
    if (c === 58 && text.charCodeAt(j + 1) === 47 && text.charCodeAt(j + 2) === 47) return true;
  }
  return false;
}

export const secretsDetector: ContentDetector = {
  id: LEAK_SECRET.id,
  metadata: LEAK_SECRET,
  detect(r: InvocationRecord, ctx: DetectorContext): Detection[] {
    const t = ctx.config.content;
    let severity: Severity = 'INFORMATIONAL';
    let count = 0;
    const kinds: string[] = [];
    const excerpts: string[] = [];
    const fields: string[] = [];
    const truncated = forEachOutput(r, t.maxScanChars, (text, field) => {
      const hits = findSecrets(text, t);
      if (hits.length === 0) return;
      pushCapped(fields, field, 4);
      for (const h of hits) {
        count++;
        severity = maxSeverity(severity, h.severity);
        pushCapped(kinds, h.kind, 16);
        pushCapped(excerpts, h.excerpt, 5);
      }
    });
    if (count === 0) return [];
    if (kinds.includes('aws-access-key-id') && kinds.includes('aws-secret-access-key')) severity = 'CRITICAL';
    return [
      recordDetection(
        LEAK_SECRET,
        r,
        { kinds, count, excerpts, fields, truncatedFields: truncated },
        { severity, labels: kinds.map((k) => `secret:${k}`) },
      ),
    ];
  },
};
