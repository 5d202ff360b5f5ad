/**
 * Invisible Unicode in prompts (system, user turns, history, documents) and outputs:
 * - Tag characters U+E0000..U+E007F ("ASCII smuggling": each U+E00xx mirrors ASCII xx and renders as nothing).
 *   Any is flagged (HIGH); the hidden ASCII length is reported, never the hidden text.
 * - Bidirectional controls U+202A..U+202E, U+2066..U+2069 ("Trojan Source" reordering): any is flagged (MEDIUM).
 *   LRM/RLM (U+200E/U+200F) are ordinary in right-to-left text and not counted.
 * - Zero-width / invisible characters U+200B..U+200D, U+2060..U+2064, U+180E, U+FEFF (except a leading BOM): flagged
 *   from `zeroWidthMin` (3) on; LOW, MEDIUM from 16 (enough to encode a payload). A ZWJ/ZWNJ between two non-ASCII
 *   characters (emoji sequences, Indic and Persian scripts) is legitimate and not counted.
 * One linear pass per field, with a regex pre-check so clean text costs one scan.
 */
import type { Detection, InvocationRecord } from '../../domain/runtime.ts';
import type { Severity } from '../../domain/severity.ts';
import { INVISIBLE_UNICODE } from '../catalogue.ts';
import { type FieldName, forEachOutput, forEachPrompt, maxSeverity, pushCapped, recordDetection } from '../text.ts';
import type { ContentDetector, DetectorContext } from '../types.ts';

const ANY_INVISIBLE = /[\u180E\u200B-\u200D\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uDB40]/;

function isInvisible(c: number): boolean {
  return c === 0x180e || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069) || c === 0xfeff;
}

export interface InvisibleCounts {
  tagChars: number;
  /** Tag characters in U+E0020..U+E007E, i.e. smuggled printable ASCII. */
  hiddenAsciiLength: number;
  zeroWidth: number;
  bidiControls: number;
}

export function countInvisible(text: string): InvisibleCounts {
  const c: InvisibleCounts = { tagChars: 0, hiddenAsciiLength: 0, zeroWidth: 0, bidiControls: 0 };
  if (!ANY_INVISIBLE.test(text)) return c;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch < 0x180e) continue;
    if (ch === 0xdb40 && i + 1 < n) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdc7f) {
        c.tagChars++;
        if (lo >= 0xdc20 && lo <= 0xdc7e) c.hiddenAsciiLength++;
        i++;
      }
      continue;
    }
    if ((ch >= 0x202a && ch <= 0x202e) || (ch >= 0x2066 && ch <= 0x2069)) {
      c.bidiControls++;
      continue;
    }
    if (ch === 0x200c || ch === 0x200d) {
      const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      // emoji ZWJ sequences, Indic / Persian joiners: visible non-ASCII characters on both sides
      if (prev > 127 && next > 127 && !isInvisible(prev) && !isInvisible(next)) continue;
      c.zeroWidth++;
      continue;
    }
    if (ch === 0x200b || ch === 0x180e || (ch >= 0x2060 && ch <= 0x2064) || (ch === 0xfeff && i > 0)) c.zeroWidth++;
  }
  return c;
}

export const invisibleUnicodeDetector: ContentDetector = {
  id: INVISIBLE_UNICODE.id,
  metadata: INVISIBLE_UNICODE,
  detect(r: InvocationRecord, ctx: DetectorContext): Detection[] {
    const t = ctx.config.content;
    const total: InvisibleCounts = { tagChars: 0, hiddenAsciiLength: 0, zeroWidth: 0, bidiControls: 0 };
    const fields: string[] = [];
    let severity: Severity = 'INFORMATIONAL';
    const visit = (text: string, field: FieldName) => {
      const c = countInvisible(text);
      if (c.tagChars + c.zeroWidth + c.bidiControls === 0) return;
      total.tagChars += c.tagChars;
      total.hiddenAsciiLength += c.hiddenAsciiLength;
      total.zeroWidth += c.zeroWidth;
      total.bidiControls += c.bidiControls;
      pushCapped(fields, field, 6);
    };
    forEachPrompt(r, t.maxScanChars, visit);
    forEachOutput(r, t.maxScanChars, visit);
    const kinds: string[] = [];
    if (total.tagChars > 0) {
      kinds.push('tag-chars');
      severity = 'HIGH';
    }
    if (total.bidiControls > 0) {
      kinds.push('bidi-controls');
      severity = maxSeverity(severity, 'MEDIUM');
    }
    if (total.zeroWidth >= t.zeroWidthMin) {
      kinds.push('zero-width');
      severity = maxSeverity(severity, total.zeroWidth >= 16 ? 'MEDIUM' : 'LOW');
    }
    if (kinds.length === 0) return [];
    return [
      recordDetection(
        INVISIBLE_UNICODE,
        r,
        {
          kinds,
          fields,
          tagChars: total.tagChars,
          hiddenAsciiLength: total.hiddenAsciiLength,
          zeroWidth: total.zeroWidth,
          bidiControls: total.bidiControls,
        },
        { severity, labels: kinds.map((k) => `invisible:${k}`) },
      ),
    ];
  },
};
