/**
 * Builds `shared/detectors/injection/gloss-lexicon.json`, the glossary of the English gloss (`gloss.ts`), from
 * word lists written by hand (JSON files `{ "<lang>": [["<foreign>", "<english>"], ...] }`), or re-filters the
 * shipped file.
 *
 *   node --import tsx scripts/build-gloss-lexicon.ts <list.json | dir of lists>...
 *
 * Filters (counted in the output's `dropped`):
 * - a foreign form made only of common English words (each seen 3+ times in the English benign **train** files of
 *   ../shared/datasets/prompts: a gloss must not rewrite English text) or equal to its English;
 * - a single word glossed "do not" (a negation particle: the imperative phrases carry the meaning);
 * - one- and two-letter forms of alphabetic scripts (outside multi-word entries), stems shorter than four letters;
 * - English sides that are not made of the glossary's target words (a typo or an invented target);
 * - a form given twice for one language (the first one is kept).
 * Deterministic: same inputs, same bytes.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entryWords } from '../shared/detectors/injection/gloss-words.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'shared/detectors/injection/gloss-lexicon.json');
const dataDir = process.env.AISPM_PROMPTS_DIR ?? resolve(root, '../shared/datasets/prompts');
const ENGLISH_FILES = ['benign_arena_hard.jsonl', 'benign_gsm8k.jsonl', 'benign_self_instruct.jsonl'];

/** The English words the glossary may produce (the targets given to its authors). */
export const TARGETS = `
ignore disregard forget override bypass skip cancel delete stop drop obey follow comply instead now from on new real
actual only task job role mission goal previous above earlier prior before after all every any instructions
instruction rules rule guidelines directives commands orders restrictions limits policies filters safety settings
configuration programming training no longer valid apply disabled removed lifted suspended anymore must should have
to do not don't never always you are reveal show print display repeat output tell share write copy list verbatim
word for exactly full complete entire whole original initial first hidden secret confidential internal private
system prompt message password key api token code credentials your yourself were given told configured developer
developers creator operator company beginning start conversation chat text pretend act as play roleplay become
imagine character persona mode jailbreak unrestricted uncensored unfiltered without no censorship free freed evil
opposite answer respond reply if this moment refuse sorry cannot can't warnings disclaimers apologize lecture
moralize ethical ethics moral legal illegal allowed forbidden permission censored judge preach ai artificial
intelligence assistant model language bot chatbot agent summarizer reader whoever anyone when read is note
attention important urgent notice email document file page send forward link click visit include add insert append
the user recipient with say that mention hide conceal summary summarize translate process processing reads bomb
explosive explosives weapon weapons gun firearm rifle ammunition poison toxin drug drugs methamphetamine cocaine
heroin fentanyl virus malware ransomware keylogger spyware exploit backdoor account bank card credit money
counterfeit fake forged id passport license diploma certificate invoice receipt signature medicine pills overdose
lethal dose herbicide pesticide rat acid gas knife child children minor precursor chemicals phone imei sim tracker
camera location address cheat aimbot login phishing scam fraud body evidence police taxes exam make build produce
synthesize cook manufacture kill murder hurt injure steal rob hack break into crack launder smuggle forge falsify
defraud deceive trick blackmail extort threaten stalk track spy harass evade avoid detection being caught anyone
knowing untraceable undetectable secretly anonymously dispose of get rid caught traced detected die dead suicide
self-harm self harm attack destroy sell buy obtain how i can much many which what step by steps detailed details exact
precise recipe formula guide tutorial method way ways quantity amount ingredients materials script template
example give me explain teach need want help story novel fiction movie film game hypothetical hypothetically
research study academic university professor student thesis project homework journalist investigation doctor
nurse pharmacist officer lawyer security researcher penetration test red team authorized grandmother grandma late
died dying please begging desperate emergency smartest best trust promise just once educational purposes
awareness prevention protect friend curious nobody will know one be hurt it's it for my boss deadline a an of to in
`
  .split(/\s+/)
  .filter(Boolean);

const NO_SPACE = /[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/u;

function englishWords(): Set<string> {
  const counts = new Map<string, number>();
  for (const f of ENGLISH_FILES) {
    const p = join(dataDir, f);
    if (!existsSync(p)) throw new Error(`${p} not found: the English word filter needs the train files`);
    for (const line of readFileSync(p, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const text = (JSON.parse(line) as { text: string }).text.toLowerCase();
      for (const w of text.match(/[a-z]+(?:'[a-z]+)?/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  return new Set([...counts].filter(([, n]) => n >= 3).map(([w]) => w));
}

/** Drop counts carried over when the input is the shipped file (re-filtering it drops nothing new). */
const carried: Record<string, number> = {};

/** Per language, [foreign, english, already folded] triples. */
function readLists(paths: string[]): Record<string, [string, string, boolean][]> {
  const merged: Record<string, [string, string, boolean][]> = {};
  const files = paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join(p, f))
      : [p],
  );
  for (const f of files) {
    const doc = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
    // A helper's list ({lang: [[foreign, english], ...]}) or the shipped file ({glossary: {lang: "english=a|b\n..."}};
    // before, {glossary: {lang: {english: "a|b"}}}).
    const byLang = (doc.glossary ?? doc) as Record<string, unknown>;
    if (doc.glossary && doc.dropped)
      for (const [k, v] of Object.entries(doc.dropped as Record<string, number>)) carried[k] = (carried[k] ?? 0) + v;
    for (const [lang, list] of Object.entries(byLang)) {
      merged[lang] ??= [];
      const into = merged[lang];
      if (Array.isArray(list)) {
        for (const pair of list)
          if (Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string') into.push([pair[0], pair[1], false]);
      } else if (typeof list === 'string') {
        for (const line of list.split('\n')) {
          const eq = line.indexOf('=');
          if (eq > 0) for (const f of line.slice(eq + 1).split('|')) into.push([f, line.slice(0, eq), true]);
        }
      } else if (list && typeof list === 'object') {
        for (const [e, forms] of Object.entries(list)) if (typeof forms === 'string') for (const f of forms.split('|')) into.push([f, e, true]);
      }
    }
  }
  return merged;
}

/** The glossary file built from the given lists (or the shipped file), and a one-line summary. */
export function buildGlossary(paths: string[]): { text: string; summary: string } {
  for (const k of Object.keys(carried)) delete carried[k];
  const english = englishWords();
  const targets = new Set(TARGETS);
  const lists = readLists(paths.map((p) => resolve(p)));
  const dropped = { negation: 0, englishWord: 0, sameAsEnglish: 0, tooShort: 0, unknownTarget: 0, duplicate: 0 };
  const pairs: Record<string, [string, string][]> = {};
  for (const lang of Object.keys(lists).sort()) {
    const kept: [string, string][] = [];
    // A form may stand in several languages (the gloss reads one language per text); within one, once.
    const seen = new Set<string>();
    for (const [rawF, rawE, folded] of lists[lang]) {
      // The scanner's form: the classifier's folded view of the form (NFKC, lower-case, leetspeak and look-alikes
      // folded: "3ayez" in Arabic chat alphabet reads as the text will), words separated by one space. Forms of the
      // shipped file are folded already, and folding is not idempotent (chat spellings: the Welsh "wedi u" would
      // become "wedi you"), so they are kept as they are.
      const f = folded ? rawF : entryWords(rawF).join(' ');
      const e = rawE.toLowerCase().trim().replace(/\s+/g, ' ');
      if (!f || !e) continue;
      if (f === e) {
        dropped.sameAsEnglish++;
        continue;
      }
      if (!e.split(' ').every((w) => targets.has(w))) {
        dropped.unknownTarget++;
        continue;
      }
      const spaced = !NO_SPACE.test(f);
      const words = f.split(' ');
      const bare = f.replace(/\*$/, '');
      const alphabetic = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}'-]+$/u.test(bare);
      if (spaced && words.length === 1 && ((alphabetic && [...bare].length <= 2) || (f.endsWith('*') && [...bare].length < 4))) {
        dropped.tooShort++;
        continue;
      }
      // A lone negation particle ("nie", "ne") is not "do not": phrases carry the imperative ("nie odmawiaj").
      if (spaced && words.length === 1 && (e === 'do not' || e === "don't")) {
        dropped.negation++;
        continue;
      }
      // Made of common English words only ("no limit"): English text would be glossed.
      if (spaced && words.every((w) => /^[a-z']+$/.test(w) && english.has(w))) {
        dropped.englishWord++;
        continue;
      }
      if (seen.has(f)) {
        dropped.duplicate++;
        continue;
      }
      seen.add(f);
      kept.push([f, e]);
    }
    kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (kept.length) pairs[lang] = kept;
  }
  for (const k of Object.keys(dropped) as (keyof typeof dropped)[]) dropped[k] += carried[k] ?? 0;
  const languages = Object.fromEntries(Object.entries(pairs).map(([l, p]) => [l, p.length]));
  // Compact form (the file ships inside a Lambda bundle): per language one string, a line per English target (sorted)
  // with its forms joined by "|" ("english=form|form"). A few long strings parse much faster than thousands of small
  // properties, as JSON and as the object literal a bundle makes of the file (gloss.ts).
  const glossary: Record<string, string> = {};
  for (const [lang, list] of Object.entries(pairs)) {
    const byEnglish: Record<string, string[]> = {};
    for (const [f, e] of list) {
      byEnglish[e] ??= [];
      byEnglish[e].push(f);
    }
    glossary[lang] = Object.keys(byEnglish)
      .sort()
      .map((e) => `${e}=${byEnglish[e].join('|')}`)
      .join('\n');
  }
  const total = Object.values(languages).reduce((a, b) => a + b, 0);
  const doc = {
    description:
      'Word-for-word glossary into English for the injection detector (gloss.ts). Written by hand by helper sessions that saw no data and no code; merged and filtered by scripts/build-gloss-lexicon.ts.',
    languages,
    dropped,
    glossary,
  };
  return {
    text: `${JSON.stringify(doc).replace(/","/g, '",\n"')}\n`,
    summary: `${total} pairs in ${Object.keys(pairs).length} languages; dropped ${JSON.stringify(dropped)}`,
  };
}

function main(argv: string[]): void {
  if (!argv.length) throw new Error('usage: build-gloss-lexicon.ts <list.json | dir>...');
  const { text, summary } = buildGlossary(argv);
  writeFileSync(out, text);
  console.log(`${out}: ${summary}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
