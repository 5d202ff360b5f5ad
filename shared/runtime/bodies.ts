/**
 * Text extraction from every request/response body shape a model invocation log can carry: Converse and
 * ConverseStream, InvokeModel with Anthropic messages (incl. streaming chunk arrays), Amazon Titan and Nova, Meta Llama,
 * Mistral (completion and chat), Cohere (Command and Command R), AI21/OpenAI-style chat, DeepSeek, image and embedding
 * models (no text), SageMaker/HF TGI payloads. Pure; never throws on unexpected shapes (unknown parts are ignored).
 *
 * User turns, system prompts, assistant history, and embedded data (tool results, retrieved documents: where indirect
 * injection lives) are kept apart.
 */
import type { ToolUse } from '../domain/runtime.ts';

export interface RequestText {
  system: string[];
  userTurns: string[];
  assistantHistory: string[];
  documents: { kind: 'tool-result' | 'retrieved' | 'document'; text: string }[];
}

export interface GuardrailTrace {
  intervened: boolean;
  action?: string;
  policies?: string[];
}

export interface ResponseText {
  outputs: string[];
  toolUses: ToolUse[];
  stopReason?: string;
  guardrail?: GuardrailTrace;
  inputTokens?: number;
  outputTokens?: number;
}

/** Max characters kept of one serialized tool-use input. */
const TOOL_INPUT_MAX = 4096;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function serialize(v: unknown): string {
  if (typeof v === 'string') return v.length > TOOL_INPUT_MAX ? v.slice(0, TOOL_INPUT_MAX) : v;
  let s: string;
  try {
    s = JSON.stringify(v) ?? '';
  } catch {
    s = '';
  }
  return s.length > TOOL_INPUT_MAX ? s.slice(0, TOOL_INPUT_MAX) : s;
}

export function emptyRequest(): RequestText {
  return { system: [], userTurns: [], assistantHistory: [], documents: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// content blocks

interface BlockText {
  text: string[];
  toolResults: string[];
  retrieved: string[];
  docs: string[];
  toolUses: ToolUse[];
}

/** Text of a tool result's content (string, or blocks of text/json/document). */
function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return isObj(content) ? serialize(content) : '';
  const parts: string[] = [];
  for (const c of content) {
    if (typeof c === 'string') parts.push(c);
    else if (isObj(c)) {
      const t = str(c.text);
      if (t !== undefined) parts.push(t);
      else if (c.json !== undefined) parts.push(serialize(c.json));
      else if (isObj(c.document)) parts.push(documentText(c.document));
      else if (isObj(c.source)) parts.push(documentText(c));
    }
  }
  return parts.join('\n');
}

/** Text of a document block (Anthropic `{type:'document', source:{type:'text', data}}`, Converse `{source:{text}}`). */
function documentText(d: Obj): string {
  const src = d.source;
  if (isObj(src)) {
    const t = str(src.data) ?? str(src.text);
    if (t !== undefined && (src.type === undefined || src.type === 'text' || src.media_type === 'text/plain')) return t;
    if (Array.isArray(src.content)) return toolResultText(src.content);
  }
  return str(d.text) ?? '';
}

function collectBlocks(content: unknown, out: BlockText): void {
  if (typeof content === 'string') {
    out.text.push(content);
    return;
  }
  if (!Array.isArray(content)) {
    if (isObj(content)) collectBlocks([content], out);
    return;
  }
  for (const b of content) {
    if (typeof b === 'string') {
      out.text.push(b);
      continue;
    }
    if (!isObj(b)) continue;
    const type = str(b.type);
    const t = str(b.text);
    if (t !== undefined && (type === undefined || type === 'text' || type === 'input_text' || type === 'output_text')) {
      out.text.push(t);
    } else if (isObj(b.guardContent)) {
      const g = b.guardContent;
      const inner = isObj(g.text) ? g.text : undefined;
      const gt = inner ? str(inner.text) : str(g.text);
      if (gt !== undefined) {
        const q = inner && Array.isArray(inner.qualifiers) ? inner.qualifiers : [];
        if (q.includes('grounding_source')) out.retrieved.push(gt);
        else out.text.push(gt);
      }
    } else if (isObj(b.toolResult)) {
      out.toolResults.push(toolResultText(b.toolResult.content));
    } else if (type === 'tool_result') {
      out.toolResults.push(toolResultText(b.content));
    } else if (isObj(b.toolUse)) {
      out.toolUses.push({ name: str(b.toolUse.name) ?? '', input: serialize(b.toolUse.input ?? '') });
    } else if (type === 'tool_use' || type === 'server_tool_use') {
      out.toolUses.push({ name: str(b.name) ?? '', input: serialize(b.input ?? '') });
    } else if (type === 'document') {
      out.docs.push(documentText(b));
    } else if (isObj(b.document)) {
      out.docs.push(documentText(b.document));
    } else if (type === 'search_result' || type === 'web_search_tool_result') {
      out.retrieved.push(toolResultText(b.content));
    }
    // images, video, audio, reasoning, cache points: no text to analyze
  }
}

const newBlocks = (): BlockText => ({ text: [], toolResults: [], retrieved: [], docs: [], toolUses: [] });

function pushDocs(out: RequestText, b: BlockText): void {
  for (const t of b.toolResults) if (t) out.documents.push({ kind: 'tool-result', text: t });
  for (const t of b.retrieved) if (t) out.documents.push({ kind: 'retrieved', text: t });
  for (const t of b.docs) if (t) out.documents.push({ kind: 'document', text: t });
}

function addSystem(out: RequestText, v: unknown): void {
  if (typeof v === 'string') {
    if (v) out.system.push(v);
    return;
  }
  const b = newBlocks();
  collectBlocks(v, b);
  for (const t of b.text) if (t) out.system.push(t);
  pushDocs(out, b);
}

/** Legacy Claude / Bedrock Agents function calling: tool output comes back in a user turn as `<function_results>`. */
const FUNCTION_RESULTS = /^\s*<function_results>/;

function addMessages(out: RequestText, messages: unknown[]): void {
  let assistantCalledFunctions = false;
  for (const m of messages) {
    if (!isObj(m)) continue;
    const role = String(m.role ?? 'user').toLowerCase();
    const b = newBlocks();
    collectBlocks(m.content ?? m.message ?? m.text, b);
    if (role === 'system' || role === 'developer') {
      for (const t of b.text) if (t) out.system.push(t);
    } else if (role === 'tool' || role === 'function' || role === 'ipython') {
      for (const t of b.text) if (t) out.documents.push({ kind: 'tool-result', text: t });
    } else if (role === 'assistant' || role === 'model' || role === 'chatbot') {
      const t = b.text.join('\n');
      if (t) out.assistantHistory.push(t);
      assistantCalledFunctions = t.includes('<function_calls>');
    } else {
      const t = b.text.join('\n');
      if (t && assistantCalledFunctions && FUNCTION_RESULTS.test(t)) {
        // the wrapper is the agent runtime's own framing; a forged one nested inside the result stays visible
        out.documents.push({ kind: 'tool-result', text: t.replace(FUNCTION_RESULTS, '').replace(/<\/function_results>\s*$/, '') });
      } else if (t) out.userTurns.push(t);
      assistantCalledFunctions = false;
    }
    pushDocs(out, b);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// prompt templates (Llama 2/3, Mistral, Claude text completions)

const LLAMA3 = /<\|start_header_id\|>\s*(\w+)\s*<\|end_header_id\|>([\s\S]*?)(?=<\|eot_id\|>|<\|start_header_id\|>|$)/g;

/** Splits a raw prompt into roles when it uses a known chat template; otherwise the whole prompt is one user turn. */
export function addPrompt(out: RequestText, prompt: string): void {
  if (prompt.includes('<|start_header_id|>')) {
    for (const m of prompt.matchAll(LLAMA3)) {
      const role = m[1].toLowerCase();
      const text = m[2].trim();
      if (!text) continue;
      if (role === 'system') out.system.push(text);
      else if (role === 'assistant') out.assistantHistory.push(text);
      else if (role === 'ipython' || role === 'tool') out.documents.push({ kind: 'tool-result', text });
      else out.userTurns.push(text);
    }
    return;
  }
  if (prompt.includes('[INST]')) {
    const parts = prompt.split('[INST]').slice(1);
    for (const p of parts) {
      const [inst, answer] = p.split('[/INST]');
      let user = inst ?? '';
      // first <<SYS>> and the first <</SYS>> after it, by indexOf: a regex retried from every unclosed <<SYS>> was quadratic
      const open = user.indexOf('<<SYS>>');
      const close = open >= 0 ? user.indexOf('<</SYS>>', open + 7) : -1;
      if (close >= 0) {
        const sys = user.slice(open + 7, close).trim();
        if (sys) out.system.push(sys);
        user = user.slice(0, open) + user.slice(close + 8);
      }
      user = user.replace(/<\/?s>/g, '').trim();
      if (user) out.userTurns.push(user);
      const a = (answer ?? '').replace(/<\/?s>/g, '').trim();
      if (a) out.assistantHistory.push(a);
    }
    return;
  }
  if (/\n\nHuman:/.test(prompt)) {
    const segs = prompt.split(/\n\n(Human|Assistant):/);
    const head = segs[0].trim();
    if (head) out.system.push(head);
    for (let i = 1; i + 1 < segs.length; i += 2) {
      const text = segs[i + 1].trim();
      if (!text) continue;
      if (segs[i] === 'Human') out.userTurns.push(text);
      else out.assistantHistory.push(text);
    }
    return;
  }
  if (prompt) out.userTurns.push(prompt);
}

// ---------------------------------------------------------------------------------------------------------------
// requests

/** Extracts request text from any supported request body. */
export function extractRequest(body: unknown, out: RequestText = emptyRequest()): RequestText {
  if (body === undefined || body === null) return out;
  if (typeof body === 'string') {
    addPrompt(out, body);
    return out;
  }
  if (Array.isArray(body)) {
    // JumpStart chat payloads `[[{role, content}]]`, bare message lists, or lists of prompts
    for (const item of body) {
      if (Array.isArray(item)) addMessages(out, item);
      else if (isObj(item) && ('role' in item || 'content' in item)) addMessages(out, [item]);
      else if (typeof item === 'string') addPrompt(out, item);
      else if (isObj(item)) extractRequest(item, out);
    }
    return out;
  }
  if (!isObj(body)) return out;
  const b = body;
  if (b.system !== undefined) addSystem(out, b.system);
  if (typeof b.preamble === 'string' && b.preamble) out.system.push(b.preamble);
  if (Array.isArray(b.chat_history)) {
    for (const h of b.chat_history) {
      if (!isObj(h)) continue;
      const role = String(h.role ?? '').toUpperCase();
      const t = str(h.message) ?? str(h.text) ?? '';
      if (!t) continue;
      if (role === 'CHATBOT' || role === 'ASSISTANT') out.assistantHistory.push(t);
      else if (role === 'SYSTEM') out.system.push(t);
      else if (role === 'TOOL') out.documents.push({ kind: 'tool-result', text: t });
      else out.userTurns.push(t);
    }
  }
  if (Array.isArray(b.messages)) addMessages(out, b.messages);
  if (typeof b.prompt === 'string') addPrompt(out, b.prompt);
  else if (Array.isArray(b.prompt)) for (const p of b.prompt) if (typeof p === 'string') addPrompt(out, p);
  if (typeof b.inputText === 'string' && b.inputText) out.userTurns.push(b.inputText);
  if (typeof b.message === 'string' && b.message) out.userTurns.push(b.message);
  if (typeof b.input === 'string' && b.input) out.userTurns.push(b.input);
  if (typeof b.inputs === 'string') addPrompt(out, b.inputs);
  else if (Array.isArray(b.inputs)) extractRequest(b.inputs, out);
  if (Array.isArray(b.text_prompts)) {
    for (const p of b.text_prompts) {
      const t = isObj(p) ? str(p.text) : undefined;
      if (t) out.userTurns.push(t);
    }
  }
  if (isObj(b.textToImageParams)) {
    const t = str(b.textToImageParams.text);
    if (t) out.userTurns.push(t);
  }
  if (Array.isArray(b.documents)) {
    for (const d of b.documents) {
      const t = typeof d === 'string' ? d : isObj(d) ? (str(d.snippet) ?? str(d.text) ?? serialize(d)) : '';
      if (t) out.documents.push({ kind: 'retrieved', text: t });
    }
  }
  if (Array.isArray(b.tool_results)) {
    for (const r of b.tool_results) {
      const t = isObj(r) ? serialize(r.outputs ?? r) : serialize(r);
      if (t) out.documents.push({ kind: 'tool-result', text: t });
    }
  }
  if (Array.isArray(b.texts)) {
    // embedding inputs (Cohere embed): content headed for an index, i.e. documents
    for (const t of b.texts) if (typeof t === 'string' && t) out.documents.push({ kind: 'document', text: t });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// guardrail traces

/** Reads a guardrail trace object (`trace.guardrail`, `amazon-bedrock-trace.guardrail`). */
export function readGuardrailTrace(trace: unknown, acc: { policies: Set<string>; actions: Set<string> }): void {
  const walk = (v: unknown, policy: string, depth: number): void => {
    if (depth > 8 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, policy, depth + 1);
      return;
    }
    const o = v as Obj;
    const action = str(o.action);
    if (action && policy) {
      acc.actions.add(action);
      if (action !== 'NONE') {
        const what = str(o.type) ?? str(o.name) ?? '';
        acc.policies.add(what ? `${policy}:${what}` : policy);
      }
    }
    for (const [k, x] of Object.entries(o)) {
      if (k === 'invocationMetrics' || k === 'match') continue;
      walk(x, /Policy$/.test(k) ? k : policy, depth + 1);
    }
  };
  walk(trace, '', 0);
}

interface GuardAcc {
  policies: Set<string>;
  actions: Set<string>;
  intervened: boolean;
  seen: boolean;
}

function noteGuardrail(o: Obj, g: GuardAcc): void {
  const a = str(o['amazon-bedrock-guardrailAction']);
  if (a) {
    g.seen = true;
    g.actions.add(a);
    if (a === 'INTERVENED') g.intervened = true;
  }
  const t1 = o['amazon-bedrock-trace'];
  if (isObj(t1) && t1.guardrail !== undefined) {
    g.seen = true;
    readGuardrailTrace(t1.guardrail, g);
  }
  const t2 = o.trace;
  if (isObj(t2) && t2.guardrail !== undefined) {
    g.seen = true;
    readGuardrailTrace(t2.guardrail, g);
  }
}

function finishGuardrail(g: GuardAcc, stopReason: string | undefined): GuardrailTrace | undefined {
  const byStop = stopReason === 'guardrail_intervened' || stopReason === 'content_filtered' || stopReason === 'CONTENT_FILTERED';
  if (!g.seen && !byStop) return undefined;
  const intervened = g.intervened || byStop || g.actions.has('BLOCKED') || g.actions.has('INTERVENED');
  const action = intervened ? 'INTERVENED' : g.actions.has('ANONYMIZED') ? 'ANONYMIZED' : g.actions.size ? 'NONE' : undefined;
  const out: GuardrailTrace = { intervened };
  if (action) out.action = action;
  if (g.policies.size) out.policies = [...g.policies].sort();
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// responses

function decodeChunkBytes(c: Obj): Obj | undefined {
  const chunk = c.chunk;
  if (!isObj(chunk) || typeof chunk.bytes !== 'string') return undefined;
  try {
    const v = JSON.parse(Buffer.from(chunk.bytes, 'base64').toString('utf8'));
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function extractStream(chunks: unknown[], out: ResponseText, g: GuardAcc): void {
  const texts = new Map<number, string[]>();
  const tools = new Map<number, { name: string; input: string[] }>();
  const push = (i: number, t: string) => {
    const l = texts.get(i);
    if (l) l.push(t);
    else texts.set(i, [t]);
  };
  let plain: string[] | undefined;
  for (const raw of chunks) {
    if (!isObj(raw)) continue;
    const c = decodeChunkBytes(raw) ?? raw;
    noteGuardrail(c, g);
    const type = str(c.type);
    const idx = num(c.index) ?? num(c.contentBlockIndex) ?? 0;
    if (type) {
      if (type === 'message_start' && isObj(c.message)) {
        const u = c.message.usage;
        if (isObj(u)) out.inputTokens = num(u.input_tokens) ?? out.inputTokens;
      } else if (type === 'content_block_start' && isObj(c.content_block)) {
        const cb = c.content_block;
        if (cb.type === 'tool_use') tools.set(idx, { name: str(cb.name) ?? '', input: [] });
        else if (typeof cb.text === 'string' && cb.text) push(idx, cb.text);
      } else if (type === 'content_block_delta' && isObj(c.delta)) {
        const d = c.delta;
        if (typeof d.text === 'string') push(idx, d.text);
        else if (typeof d.partial_json === 'string') tools.get(idx)?.input.push(d.partial_json);
      } else if (type === 'message_delta') {
        if (isObj(c.delta) && typeof c.delta.stop_reason === 'string') out.stopReason = c.delta.stop_reason;
        if (isObj(c.usage)) out.outputTokens = num(c.usage.output_tokens) ?? out.outputTokens;
      }
      const m = c['amazon-bedrock-invocationMetrics'];
      if (isObj(m)) {
        out.inputTokens = num(m.inputTokenCount) ?? out.inputTokens;
        out.outputTokens = num(m.outputTokenCount) ?? out.outputTokens;
      }
      continue;
    }
    // ConverseStream / Nova stream events
    if (isObj(c.contentBlockStart)) {
      const s = c.contentBlockStart.start;
      const i = num(c.contentBlockStart.contentBlockIndex) ?? idx;
      if (isObj(s) && isObj(s.toolUse)) tools.set(i, { name: str(s.toolUse.name) ?? '', input: [] });
      continue;
    }
    if (isObj(c.contentBlockDelta)) {
      const d = c.contentBlockDelta.delta;
      const i = num(c.contentBlockDelta.contentBlockIndex) ?? idx;
      if (isObj(d)) {
        if (typeof d.text === 'string') push(i, d.text);
        else if (isObj(d.toolUse) && typeof d.toolUse.input === 'string') tools.get(i)?.input.push(d.toolUse.input);
      }
      continue;
    }
    if (isObj(c.messageStop)) {
      if (typeof c.messageStop.stopReason === 'string') out.stopReason = c.messageStop.stopReason;
      continue;
    }
    if (isObj(c.metadata)) {
      const md = c.metadata;
      if (isObj(md.usage)) {
        out.inputTokens = num(md.usage.inputTokens) ?? out.inputTokens;
        out.outputTokens = num(md.usage.outputTokens) ?? out.outputTokens;
      }
      noteGuardrail(md, g);
      continue;
    }
    if (c.messageStart !== undefined || c.contentBlockStop !== undefined) continue;
    // other providers' streams: each chunk is a partial non-streaming body
    const part = extractResponse(c);
    if (part.outputs.length) {
      plain ??= [];
      plain.push(...part.outputs);
    }
    out.toolUses.push(...part.toolUses);
    if (part.stopReason) out.stopReason = part.stopReason;
    if (part.inputTokens !== undefined) out.inputTokens = part.inputTokens;
    if (part.outputTokens !== undefined) out.outputTokens = (out.outputTokens ?? 0) + part.outputTokens;
    if (part.guardrail) {
      g.seen = true;
      if (part.guardrail.intervened) g.intervened = true;
      for (const p of part.guardrail.policies ?? []) g.policies.add(p);
    }
  }
  for (const i of [...texts.keys()].sort((a, b) => a - b)) {
    const t = texts.get(i)?.join('') ?? '';
    if (t) out.outputs.push(t);
  }
  if (plain?.length) out.outputs.push(plain.join(''));
  for (const i of [...tools.keys()].sort((a, b) => a - b)) {
    const t = tools.get(i);
    if (t) out.toolUses.push({ name: t.name, input: serialize(t.input.join('')) });
  }
}

/** Extracts output text, tool uses, stop reason, usage and guardrail trace from any supported response body. */
export function extractResponse(body: unknown): ResponseText {
  const out: ResponseText = { outputs: [], toolUses: [] };
  const g: GuardAcc = { policies: new Set(), actions: new Set(), intervened: false, seen: false };
  if (body === undefined || body === null) return out;
  if (typeof body === 'string') {
    if (body) out.outputs.push(body);
    return out;
  }
  if (Array.isArray(body)) {
    if (body.length && isObj(body[0]) && typeof body[0].generated_text === 'string') {
      for (const x of body) if (isObj(x) && typeof x.generated_text === 'string') out.outputs.push(x.generated_text);
      return out;
    }
    extractStream(body, out, g);
    out.guardrail = finishGuardrail(g, out.stopReason);
    if (!out.guardrail) delete out.guardrail;
    return out;
  }
  if (!isObj(body)) return out;
  const b = body;
  noteGuardrail(b, g);
  const addBlocks = (content: unknown) => {
    const bl = newBlocks();
    collectBlocks(content, bl);
    const t = bl.text.join('');
    if (t) out.outputs.push(t);
    out.toolUses.push(...bl.toolUses);
  };
  // Converse / Nova
  if (isObj(b.output)) {
    const msg = b.output.message;
    if (isObj(msg)) addBlocks(msg.content);
    else if (typeof b.output.text === 'string') out.outputs.push(b.output.text);
  }
  if (typeof b.stopReason === 'string') out.stopReason = b.stopReason;
  if (isObj(b.usage)) {
    out.inputTokens = num(b.usage.inputTokens) ?? num(b.usage.input_tokens) ?? num(b.usage.prompt_tokens);
    out.outputTokens = num(b.usage.outputTokens) ?? num(b.usage.output_tokens) ?? num(b.usage.completion_tokens);
  }
  // Anthropic messages
  if (Array.isArray(b.content) && (b.type === 'message' || b.role === 'assistant')) addBlocks(b.content);
  if (typeof b.stop_reason === 'string') out.stopReason = b.stop_reason;
  if (typeof b.completion === 'string' && b.completion) out.outputs.push(b.completion);
  // Titan
  if (Array.isArray(b.results)) {
    for (const r of b.results) {
      if (!isObj(r)) continue;
      if (typeof r.outputText === 'string' && r.outputText) out.outputs.push(r.outputText);
      if (typeof r.completionReason === 'string') out.stopReason = r.completionReason;
      if (out.outputTokens === undefined) out.outputTokens = num(r.tokenCount);
    }
    if (out.inputTokens === undefined) out.inputTokens = num(b.inputTextTokenCount);
  }
  if (typeof b.outputText === 'string' && b.outputText) out.outputs.push(b.outputText);
  if (typeof b.completionReason === 'string') out.stopReason = b.completionReason;
  // Llama
  if (typeof b.generation === 'string' && b.generation) out.outputs.push(b.generation);
  if (out.inputTokens === undefined) out.inputTokens = num(b.prompt_token_count);
  if (out.outputTokens === undefined) out.outputTokens = num(b.generation_token_count);
  // Mistral completion
  if (Array.isArray(b.outputs)) {
    for (const o of b.outputs) {
      if (!isObj(o)) continue;
      if (typeof o.text === 'string' && o.text) out.outputs.push(o.text);
      if (typeof o.stop_reason === 'string') out.stopReason = o.stop_reason;
    }
  }
  // OpenAI-style chat / completion (Mistral chat, AI21 Jamba, DeepSeek, gpt-oss)
  if (Array.isArray(b.choices)) {
    for (const c of b.choices) {
      if (!isObj(c)) continue;
      const m = isObj(c.message) ? c.message : isObj(c.delta) ? c.delta : undefined;
      if (m) {
        if (m.content !== undefined && m.content !== null) addBlocks(m.content);
        if (Array.isArray(m.tool_calls)) {
          for (const tc of m.tool_calls) {
            const f = isObj(tc) && isObj(tc.function) ? tc.function : undefined;
            if (f) out.toolUses.push({ name: str(f.name) ?? '', input: serialize(f.arguments ?? '') });
          }
        }
      }
      if (typeof c.text === 'string' && c.text) out.outputs.push(c.text);
      const fr = str(c.finish_reason) ?? str(c.stop_reason);
      if (fr) out.stopReason = fr;
    }
  }
  // Cohere
  if (Array.isArray(b.generations)) {
    for (const x of b.generations) {
      if (!isObj(x)) continue;
      if (typeof x.text === 'string' && x.text) out.outputs.push(x.text);
      if (typeof x.finish_reason === 'string') out.stopReason = x.finish_reason;
    }
  }
  if (
    typeof b.text === 'string' &&
    b.text &&
    (b.generation_id !== undefined || b.finish_reason !== undefined || b.response_id !== undefined || b.is_finished !== undefined)
  ) {
    out.outputs.push(b.text);
  }
  if (typeof b.finish_reason === 'string') out.stopReason = b.finish_reason;
  if (Array.isArray(b.tool_calls)) {
    for (const tc of b.tool_calls) {
      if (isObj(tc) && typeof tc.name === 'string') out.toolUses.push({ name: tc.name, input: serialize(tc.parameters ?? '') });
    }
  }
  if (typeof b.generated_text === 'string' && b.generated_text) out.outputs.push(b.generated_text);
  const gr = finishGuardrail(g, out.stopReason);
  if (gr) out.guardrail = gr;
  return out;
}
