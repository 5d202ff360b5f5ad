/**
 * Canary tokens: user-configured markers planted in system prompts or documents. Seeing one in an output (or in a
 * tool call the model produced) proves the protected context leaked.
 *
 * Match modes:
 * - `exact`: the token as configured (HIGH);
 * - `folded`: case and every non-alphanumeric character removed on both sides, so `C-A-N-A-R-Y 1 2 3 4` or a
 *   re-cased token still match (HIGH); tokens with fewer than 6 alphanumerics are not folded, to avoid chance matches;
 * - `scattered`: a token made of several alphanumeric parts (`tram=32`, `Livid snafu`) whose parts all appear as
 *   whole words within 12 words of each other in the output (paraphrased disclosure: "set tram equal to 32"); MEDIUM.
 *   Parts shorter than 2 characters are ignored; at least 2 parts are needed.
 * The token itself never appears in evidence: only its index in the configuration and a masked form.
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

interface PreparedTokens {
  folded: string[];
  /** Lower-cased alphanumeric parts (>= 2 chars) of multi-part tokens; undefined for single-part tokens. */
  parts: (string[] | undefined)[];
}

const prepared = new WeakMap<readonly string[], PreparedTokens>();
const PART = /[A-Za-z0-9]+/g;

function prepare(tokens: readonly string[]): PreparedTokens {
  let p = prepared.get(tokens);
  if (!p) {
    p = {
      folded: tokens.map(fold),
      parts: tokens.map((t) => {
        const parts = (t.match(PART) ?? []).map((x) => x.toLowerCase()).filter((x) => x.length >= 2);
        return parts.length >= 2 ? parts : undefined;
      }),
    };
    prepared.set(tokens, p);
  }
  return p;
}

export const SCATTER_WINDOW_WORDS = 12;

/** Do all `parts` occur as whole words within SCATTER_WINDOW_WORDS words of one another in `words`? */
export function scatteredMatch(words: readonly string[], parts: readonly string[]): boolean {
  const positions = parts.map(() => [] as number[]);
  for (let i = 0; i < words.length; i++) {
    for (let k = 0; k < parts.length; k++) if (words[i] === parts[k]) positions[k].push(i);
  }
  if (positions.some((p) => p.length === 0)) return false;
  for (const p0 of positions[0]) {
    if (positions.every((ps) => ps.some((q) => Math.abs(q - p0) <= SCATTER_WINDOW_WORDS))) return true;
  }
  return false;
}

export const canaryDetector: ContentDetector = {
  id: LEAK_CANARY.id,
  metadata: LEAK_CANARY,
  detect(r: InvocationRecord, ctx: DetectorContext): Detection[] {
    const tokens = ctx.config.canaryTokens;
    if (tokens.length === 0) return [];
    const { folded, parts } = prepare(tokens);
    const found: string[] = [];
    const modes: string[] = [];
    const indexes: number[] = [];
    const fields: string[] = [];
    forEachOutput(r, ctx.config.content.maxScanChars, (text, field) => {
      let foldedText: string | undefined;
      let words: string[] | undefined;
      for (let i = 0; i < tokens.length; i++) {
        if (indexes.includes(i)) continue;
        let mode: string | undefined;
        if (text.includes(tokens[i])) mode = 'exact';
        else if (folded[i].length >= 6) {
          foldedText ??= fold(text);
          if (foldedText.includes(folded[i])) mode = 'folded';
        }
        const p = parts[i];
        if (!mode && p) {
          words ??= (text.match(PART) ?? []).map((x) => x.toLowerCase());
          if (scatteredMatch(words, p)) mode = 'scattered';
        }
        if (mode) {
          indexes.push(i);
          pushCapped(found, mask(tokens[i], 2, 1), 10);
          pushCapped(modes, mode, 3);
          pushCapped(fields, field, 4);
        }
      }
    });
    if (indexes.length === 0) return [];
    const severity = modes.includes('exact') || modes.includes('folded') ? 'HIGH' : 'MEDIUM';
    return [
      recordDetection(
        LEAK_CANARY,
        r,
        { canaryIndexes: indexes, canaries: found, matchModes: modes, fields },
        { severity, labels: ['leak:canary', ...modes.map((m) => `canary:${m}`)] },
      ),
    ];
  },
};
