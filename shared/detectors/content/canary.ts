/**
 * Canary tokens: user-configured markers planted in system prompts or documents. Seeing one in an output (or in a
 * tool call the model produced) proves the protected context leaked.
 *
 * Match modes:
 * - `exact`: the token as configured (HIGH);
 * - `folded`: the token's alphanumerics in order, any case, with up to 3 separator characters between each, so
 *   `C-A-N-A-R-Y 1 2 3 4` or a re-cased token still match (HIGH); tokens with fewer than 6 alphanumerics are not
 *   folded, to avoid chance matches; tokens over 64 alphanumerics (phrases) are matched against a folded copy of the
 *   output (all separators removed);
 * - `scattered`: a token made of several alphanumeric parts (`tram=32`, `Livid snafu`) whose parts all appear as
 *   whole words within 12 words of each other in the output (paraphrased disclosure: "set tram equal to 32"); MEDIUM.
 *   Parts shorter than 2 characters are ignored; 2 to 6 parts are needed (longer phrases are not scattered-matched).
 * The token itself never appears in evidence: only its index in the configuration and a masked form.
 */
import type { Detection, InvocationRecord } from '../../domain/runtime.ts';
import { LEAK_CANARY } from '../catalogue.ts';
import { forEachOutput, mask, pushCapped, recordDetection } from '../text.ts';
import type { ContentDetector, DetectorContext } from '../types.ts';

const NOT_ALNUM = /[^A-Za-z0-9]+/g;

/** Lower-cased ASCII alphanumerics only. */
export function fold(text: string): string {
  return text.replace(NOT_ALNUM, '').toLowerCase();
}

interface PreparedTokens {
  folded: string[];
  /**
   * Folded matcher: the token's alphanumerics in order, case-insensitive, with up to 3 non-alphanumeric characters
   * between each (spaced-out, dashed, re-cased). A native regex: no folded copy of the output is built.
   */
  foldedRe: (RegExp | undefined)[];
  /** Lower-cased alphanumeric parts (>= 2 chars) of multi-part tokens; undefined for single-part tokens. */
  parts: (string[] | undefined)[];
  /** One whole-word, case-insensitive regex per part (cheap pre-check before splitting the output into words). */
  partRes: (RegExp[] | undefined)[];
}

const prepared = new WeakMap<readonly string[], PreparedTokens>();
/** Longer tokens (phrases) are folded by building a folded copy of the output instead of a gap-tolerant regex. */
const MAX_FOLDED_RE = 64;
/** Scattered matching is for short multi-part codes (`tram=32`), not for whole phrases. */
const MAX_SCATTER_PARTS = 6;
const PART = /[A-Za-z0-9]+/g;

function prepare(tokens: readonly string[]): PreparedTokens {
  let p = prepared.get(tokens);
  if (!p) {
    const folded = tokens.map(fold);
    const parts = tokens.map((t) => {
      const ps = (t.match(PART) ?? []).map((x) => x.toLowerCase()).filter((x) => x.length >= 2);
      return ps.length >= 2 && ps.length <= MAX_SCATTER_PARTS ? ps : undefined;
    });
    p = {
      folded,
      foldedRe: folded.map((f) =>
        f.length >= 6 && f.length <= MAX_FOLDED_RE ? new RegExp(f.split('').join('[^A-Za-z0-9]{0,3}'), 'i') : undefined,
      ),
      parts,
      partRes: parts.map((ps) => ps?.map((x) => new RegExp(`(?<![A-Za-z0-9])${x}(?![A-Za-z0-9])`, 'i'))),
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
    const { folded, foldedRe, parts, partRes } = prepare(tokens);
    const found: string[] = [];
    const modes: string[] = [];
    const indexes: number[] = [];
    const fields: string[] = [];
    forEachOutput(r, ctx.config.content.maxScanChars, (text, field) => {
      let words: string[] | undefined;
      let foldedText: string | undefined;
      for (let i = 0; i < tokens.length; i++) {
        if (indexes.includes(i)) continue;
        let mode: string | undefined;
        const fr = foldedRe[i];
        if (text.includes(tokens[i])) mode = 'exact';
        else if (fr) {
          if (fr.test(text)) mode = 'folded';
        } else if (folded[i].length > MAX_FOLDED_RE) {
          foldedText ??= fold(text);
          if (foldedText.includes(folded[i])) mode = 'folded';
        }
        const p = parts[i];
        const pr = partRes[i];
        if (!mode && p && pr?.every((re) => re.test(text))) {
          words ??= text.toLowerCase().match(PART) ?? [];
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
