/** How glossary entries are written: shared by the glossary (`gloss.ts`) and its build script (which must run
 * without the glossary file it writes). */
import { fold } from './normalize.ts';

/**
 * An entry's foreign side as the scanner sees text: the classifier's folded view (NFKC, lower-case, leetspeak and
 * look-alikes folded), split into words (`*` ends a stem). `scripts/build-gloss-lexicon.ts` ships entries this way.
 */
export function entryWords(foreign: string): string[] {
  return fold(foreign.normalize('NFKC'))
    .folded.split(/[^\p{L}\p{N}\p{M}*]+/u)
    .filter(Boolean);
}
