/**
 * The glossary build is reproducible from the shipped file: re-filtering it gives the same bytes (its forms are
 * folded already and are not folded again). Needs the English benign train files of ../shared/datasets/prompts (the
 * English-word filter reads them); skipped when that folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGlossary } from '../../scripts/build-gloss-lexicon.ts';

const SHIPPED = join(import.meta.dirname, '../../shared/detectors/injection/gloss-lexicon.json');
const present = existsSync(join(import.meta.dirname, '../../../shared/datasets/prompts/benign_arena_hard.jsonl'));

describe.runIf(present)('build-gloss-lexicon', () => {
  it('re-filtering the shipped glossary reproduces it byte for byte', () => {
    const { text, summary } = buildGlossary([SHIPPED]);
    expect(summary).toMatch(/^225508 pairs in 117 languages/);
    expect(text).toBe(readFileSync(SHIPPED, 'utf8'));
  });
});
