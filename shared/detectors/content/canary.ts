/**
 * Canary tokens: user-configured markers planted in system prompts or documents. Seeing one in an output (or in a
 * tool call the model produced) proves the protected context leaked.
 *
 * Match modes: `exact` (the token as configured) and `folded` (case and every non-alphanumeric character removed on
 * both sides, so `C-A-N-A-R-Y 1 2 3 4` or a re-cased token still match; tokens with fewer than 6 alphanumerics are
 * matched exactly only, to avoid chance matches). The token itself never appears in evidence: only its index in the
 * configuration and a masked form.
 */
import type { Detection, InvocationRecord } from '../../domain/runtime.ts';
import { LEAK_CANARY } from '../catalogue.ts';
import { forEachOutput, mask, pushCapped, recordDetection } from '../text.ts';
import type { ContentDetector, DetectorContext } from '../types.ts';

const NOT_ALNUM = /[^A-Za-z0-9]+/g;

/** Lower-cased ASCII alphanumerics only (native replace: no per-character string building). */
export function fold(text: string): string {
  return text.replace(NOT_ALNUM, '').toLowerCase();
}

const foldedTokens = new WeakMap<readonly string[], string[]>();

function foldedOf(tokens: readonly string[]): string[] {
  let f = foldedTokens.get(tokens);
  if (!f) {
    f = tokens.map(fold);
    foldedTokens.set(tokens, f);
  }
  return f;
}

export const canaryDetector: ContentDetector = {
  id: LEAK_CANARY.id,
  metadata: LEAK_CANARY,
  detect(r: InvocationRecord, ctx: DetectorContext): Detection[] {
    const tokens = ctx.config.canaryTokens;
    if (tokens.length === 0) return [];
    const folded = foldedOf(tokens);
    const found: string[] = [];
    const modes: string[] = [];
    const indexes: number[] = [];
    const fields: string[] = [];
    forEachOutput(r, ctx.config.content.maxScanChars, (text, field) => {
      let foldedText: string | undefined;
      for (let i = 0; i < tokens.length; i++) {
        if (indexes.includes(i)) continue;
        let mode: string | undefined;
        if (text.includes(tokens[i])) mode = 'exact';
        else if (folded[i].length >= 6) {
          foldedText ??= fold(text);
          if (foldedText.includes(folded[i])) mode = 'folded';
        }
        if (mode) {
          indexes.push(i);
          pushCapped(found, mask(tokens[i], 2, 1), 10);
          pushCapped(modes, mode, 2);
          pushCapped(fields, field, 4);
        }
      }
    });
    if (indexes.length === 0) return [];
    return [
      recordDetection(
        LEAK_CANARY,
        r,
        { canaryIndexes: indexes, canaries: found, matchModes: modes, fields },
        { labels: ['leak:canary', ...modes.map((m) => `canary:${m}`)] },
      ),
    ];
  },
};
