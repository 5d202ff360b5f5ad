/**
 * `aispm classify`: JSON lines in, JSON lines out, in order.
 *
 *   stdin:  {"text": "...", "system": "..."?, "kind": "user"|"document"|"tool-result"?}   one object per line
 *   stdout: {"verdict": "attack"|"benign", "score": 0..1, "labels": [...]}                one line per input line
 *
 * A malformed line yields {"verdict":"benign","score":0,"error":"..."} for that line only; the error names the
 * problem, never the content. Nothing else is written to stdout; exit code 0.
 *
 * Memory stays flat whatever the input size: stdin is pulled one chunk at a time (the async iterator does not
 * read ahead while a chunk is being processed), lines are split by hand, each result is written before the next
 * chunk is read, and writes wait for 'drain'. A line longer than MAX_LINE_CHARS is dropped as it streams
 * (reported as an error line) instead of being buffered.
 *
 * `--explain` adds the contributing signals (ids, weights, short redacted details) to each output line.
 */
import { StringDecoder } from 'node:string_decoder';
import { classifyPrompt } from '../../detectors/injection/index.ts';
import { type CliIo, UsageError, write } from '../io.ts';

export const summary = 'classify prompts (JSON lines on stdin) as prompt-injection / jailbreak attacks or benign';

/** Longest accepted line (characters); the contract needs 50 kB. */
export const MAX_LINE_CHARS = 1_000_000;
const KINDS = new Set(['user', 'document', 'tool-result']);

function classifyLine(line: string, explain: boolean): string {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return errorLine('invalid JSON');
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return errorLine('expected a JSON object');
  const rec = obj as Record<string, unknown>;
  if (typeof rec.text !== 'string') return errorLine('"text" must be a string');
  if (rec.system !== undefined && rec.system !== null && typeof rec.system !== 'string') return errorLine('"system" must be a string');
  if (rec.kind !== undefined && (typeof rec.kind !== 'string' || !KINDS.has(rec.kind)))
    return errorLine('"kind" must be user, document or tool-result');
  try {
    const r = classifyPrompt({
      text: rec.text,
      system: typeof rec.system === 'string' ? rec.system : undefined,
      kind: rec.kind as 'user' | 'document' | 'tool-result' | undefined,
    });
    const out: Record<string, unknown> = { verdict: r.verdict, score: r.score, labels: r.labels };
    if (explain) out.signals = r.signals;
    return JSON.stringify(out);
  } catch (err) {
    return errorLine(`classification failed: ${err instanceof Error ? err.name : 'Error'}`);
  }
}

function errorLine(message: string): string {
  return JSON.stringify({ verdict: 'benign', score: 0, error: message });
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  let explain = false;
  for (const a of argv) {
    if (a === '--explain') explain = true;
    else throw new UsageError(`classify: unknown argument '${a}' (usage: aispm classify [--explain] < prompts.jsonl)`);
  }
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let overflow = false;
  let lines = 0;
  let errors = 0;

  const emit = async (line: string): Promise<void> => {
    lines++;
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    const out = overflow
      ? errorLine(`line longer than ${MAX_LINE_CHARS} characters`)
      : text.trim() === ''
        ? errorLine('empty line')
        : classifyLine(text, explain);
    overflow = false;
    if (out.includes('"error"')) errors++;
    await write(io.stdout, `${out}\n`);
  };

  const consume = async (chunk: string): Promise<void> => {
    let start = 0;
    for (let nl = chunk.indexOf('\n', start); nl !== -1; nl = chunk.indexOf('\n', start)) {
      const part = chunk.slice(start, nl);
      const line = overflow ? '' : pending.length ? pending + part : part;
      pending = '';
      if (!overflow && line.length > MAX_LINE_CHARS) overflow = true;
      await emit(line);
      start = nl + 1;
    }
    if (start < chunk.length) {
      if (overflow || pending.length + chunk.length - start > MAX_LINE_CHARS) {
        overflow = true;
        pending = '';
      } else pending += chunk.slice(start);
    }
  };

  for await (const chunk of io.stdin) {
    await consume(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
  }
  await consume(decoder.end());
  if (pending.length > 0 || overflow) await emit(pending);
  if (errors > 0) io.stderr.write(`classify: ${lines} lines, ${errors} malformed (see the "error" field of those lines)\n`);
  return 0;
}
