/**
 * Safe text shaping for attacker-influenced strings (resource names, identities, redacted prompt excerpts) before they
 * reach Security Hub, Slack or EventBridge: control characters removed, lone surrogates replaced, length capped on a
 * code-point boundary (no broken surrogate pairs), an ellipsis marks the cut.
 */

/** C0/C1 controls except tab/newline, plus bidi overrides and zero-width characters that can disguise text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Lone surrogates (invalid UTF-16: Security Hub and JSON encoders reject them) replaced with U+FFFD. */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

/** Controls and disguising characters removed, lone surrogates replaced (`wellFormed`), newlines kept or flattened. */
export function stripControl(s: string, keepNewlines = true): string {
  const out = wellFormed(s.replace(UNSAFE, ''));
  return keepNewlines ? out.replace(/\r\n?/g, '\n') : out.replace(/[\r\n\t]+/g, ' ');
}

/** Cuts `s` to at most `max` UTF-16 code units without splitting a surrogate pair; appends `…` when cut. */
export function truncate(s: string, max: number, ellipsis = '…'): string {
  if (s.length <= max) return s;
  if (max <= ellipsis.length) return cutAt(s, max);
  return cutAt(s, max - ellipsis.length) + ellipsis;
}

function cutAt(s: string, n: number): string {
  let end = Math.max(0, n);
  // a high surrogate at the cut would be left alone: drop it
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return s.slice(0, end);
}

/** Cuts to at most `maxBytes` of UTF-8, on a code-point boundary. */
export function truncateBytes(s: string, maxBytes: number, ellipsis = '…'): string {
  if (Buffer.byteLength(s, 'utf8') <= maxBytes) return s;
  const budget = maxBytes - Buffer.byteLength(ellipsis, 'utf8');
  let bytes = 0;
  let i = 0;
  for (const ch of s) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > budget) break;
    bytes += b;
    i += ch.length;
  }
  return s.slice(0, i) + ellipsis;
}

/** Control characters removed, whitespace runs collapsed on one line, capped. For names and single-line values. */
export function oneLine(s: string, max: number): string {
  return truncate(stripControl(s, false).replace(/\s+/g, ' ').trim(), max);
}

/** True when the string contains a lone surrogate (invalid UTF-16, which JSON encoders and AWS APIs reject). */
export function hasLoneSurrogate(s: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}
