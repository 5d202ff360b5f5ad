/**
 * A small, strict reader for the subset of YAML that OpenAPI documents use: block mappings and sequences, plain and
 * quoted scalars (multi-line ones are kept as text), block scalars (`|`, `>`: their content is skipped), comments, and
 * flow collections written on one line. Anything else (anchors, aliases, tags, merge or complex keys, multi-line flow
 * collections, several documents, tabs in indentation, a line it cannot place) throws `YamlUnsupported`: a caller that
 * must not miss a value then treats the document as unread, never as understood.
 */
export class YamlUnsupported extends Error {}

interface Line {
  indent: number;
  text: string;
}

const unsupported = (why: string): never => {
  throw new YamlUnsupported(why);
};

/** Strips a trailing ` # comment` from a plain scalar. */
const stripComment = (s: string) => s.replace(/(^|[ \t])#.*$/, '').trim();

/** A key line: `key:` / `"key":` / `'key':`, then the rest (the value on the same line, possibly empty). */
function keyOf(text: string): { key: string; rest: string } | undefined {
  let m = /^"((?:[^"\\]|\\.)*)"[ \t]*:(?:[ \t]+(.*)|$)/.exec(text);
  if (m) return { key: JSON.parse(`"${m[1]}"`) as string, rest: (m[2] ?? '').trim() };
  m = /^'((?:[^']|'')*)'[ \t]*:(?:[ \t]+(.*)|$)/.exec(text);
  if (m) return { key: (m[1] as string).replace(/''/g, "'"), rest: (m[2] ?? '').trim() };
  m = /^([^\s"'#[\]{},&*!|>%@`?-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?:[ \t]+(.*)|$)/.exec(text);
  if (m) return { key: (m[1] as string).trim(), rest: (m[2] ?? '').trim() };
  return undefined;
}

/** A flow collection or scalar on one line, from `pos`. */
function parseFlow(s: string, start: number): [unknown, number] {
  let pos = start;
  const ws = () => {
    while (s[pos] === ' ' || s[pos] === '\t') pos++;
  };
  const scalar = (inMap: boolean): string => {
    ws();
    const c = s[pos];
    if (c === '"' || c === "'") {
      const end = closingQuote(s, pos);
      if (end < 0) unsupported('unterminated quoted scalar in a flow collection');
      const v = unquote(s.slice(pos, end + 1));
      pos = end + 1;
      return v;
    }
    if (c === '&' || c === '*' || c === '!' || c === '?') unsupported('anchor, alias, tag or complex key');
    const from = pos;
    while (pos < s.length && !',[]{}'.includes(s[pos] as string) && !(inMap && s[pos] === ':' && /[\s,\]}]|$/.test(s[pos + 1] ?? ''))) {
      if (s[pos] === '#' && /\s/.test(s[pos - 1] ?? '')) unsupported('comment inside a flow collection');
      pos++;
    }
    return s.slice(from, pos).trim();
  };
  const value = (inMap: boolean): unknown => {
    ws();
    if (s[pos] === '[') {
      pos++;
      const out: unknown[] = [];
      ws();
      if (s[pos] === ']') return (pos++, out);
      for (;;) {
        out.push(value(false));
        ws();
        if (s[pos] === ':') unsupported('implicit mapping in a flow sequence');
        if (s[pos] === ',') pos++;
        else if (s[pos] === ']') return (pos++, out);
        else unsupported('flow sequence not closed on its line');
      }
    }
    if (s[pos] === '{') {
      pos++;
      const out: Record<string, unknown> = {};
      ws();
      if (s[pos] === '}') return (pos++, out);
      for (;;) {
        const k = scalar(true);
        ws();
        if (s[pos] !== ':') unsupported('flow mapping entry without a value');
        pos++;
        ws();
        out[k] = s[pos] === ',' || s[pos] === '}' ? null : value(true);
        ws();
        if (s[pos] === ',') pos++;
        else if (s[pos] === '}') return (pos++, out);
        else unsupported('flow mapping not closed on its line');
      }
    }
    return scalar(inMap);
  };
  const v = value(false);
  return [v, pos];
}

/** Index of the quote closing the one at `start`, or -1. */
function closingQuote(s: string, start: number): number {
  const q = s[start];
  for (let i = start + 1; i < s.length; i++) {
    if (q === '"' && s[i] === '\\') i++;
    else if (s[i] === q) {
      if (q === "'" && s[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

function unquote(q: string): string {
  if (q.startsWith("'")) return q.slice(1, -1).replace(/''/g, "'");
  try {
    return JSON.parse(q) as string;
  } catch {
    return unsupported('double-quoted escape not read');
  }
}

/** Parses `doc` (see the module comment). */
export function parseYamlSubset(doc: string): unknown {
  const lines: Line[] = [];
  let started = false;
  for (const raw of doc.split(/\r?\n/)) {
    const body = raw.replace(/^ */, '');
    if (!body || body.startsWith('#')) continue;
    if (/^\t/.test(body)) unsupported('tab in indentation');
    if (/^(---|\.\.\.)([ \t]|$)/.test(body) && raw.startsWith(body)) {
      if (started || body.startsWith('...') || stripComment(body.slice(3))) unsupported('document marker');
      started = true;
      continue;
    }
    if (/^%/.test(raw)) unsupported('directive');
    started = true;
    lines.push({ indent: raw.length - body.length, text: body.replace(/[ \t]+$/, '') });
  }
  let i = 0;

  /** Skips the lines deeper than `indent` (content of a block scalar or continuation of a multi-line scalar). */
  const skipDeeper = (indent: number) => {
    while (i < lines.length && (lines[i] as Line).indent > indent) i++;
  };

  /** The scalar or flow value `rest` of a line at `indent` (continuation lines are deeper than `indent`). */
  const inlineValue = (rest: string, indent: number): unknown => {
    const c = rest[0];
    if (c === '|' || c === '>') {
      if (!/^[|>][1-9+-]{0,2}$/.test(stripComment(rest))) unsupported('block scalar header');
      skipDeeper(indent);
      return '';
    }
    if (c === '&' || c === '*' || c === '!') unsupported('anchor, alias or tag');
    if (c === '[' || c === '{') {
      const [v, end] = parseFlow(rest, 0);
      if (stripComment(rest.slice(end))) unsupported('text after a flow collection');
      if (i < lines.length && (lines[i] as Line).indent > indent) unsupported('multi-line flow collection');
      return v;
    }
    if (c === '"' || c === "'") {
      const end = closingQuote(rest, 0);
      if (end >= 0) {
        if (stripComment(rest.slice(end + 1))) unsupported('text after a quoted scalar');
        if (i < lines.length && (lines[i] as Line).indent > indent) unsupported('lines after a closed quoted scalar');
        return unquote(rest.slice(0, end + 1));
      }
      // a multi-line quoted scalar: kept as text up to its closing quote
      const parts = [rest];
      while (i < lines.length && (lines[i] as Line).indent > indent) {
        const t = (lines[i++] as Line).text;
        parts.push(t);
        const joined = parts.join(' ');
        const e = closingQuote(joined, 0);
        if (e >= 0) {
          if (stripComment(joined.slice(e + 1))) unsupported('text after a quoted scalar');
          return joined.slice(1, e);
        }
      }
      return unsupported('unterminated quoted scalar');
    }
    const parts = [stripComment(rest)];
    while (i < lines.length && (lines[i] as Line).indent > indent) parts.push(stripComment((lines[i++] as Line).text));
    return parts.join(' ');
  };

  /** The node starting at line `i`, whose lines are indented at least `min` (null when there is none). */
  const node = (min: number): unknown => {
    const l = lines[i];
    if (!l || l.indent < min) return null;
    if (l.text === '-' || l.text.startsWith('- ')) return seq(l.indent);
    if (keyOf(l.text)) return map(l.indent);
    i++;
    return inlineValue(l.text, l.indent - 1);
  };

  const map = (indent: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    while (i < lines.length) {
      const l = lines[i] as Line;
      if (l.indent < indent) break;
      if (l.indent > indent) unsupported('line indented more than its mapping');
      if (l.text === '-' || l.text.startsWith('- ')) break;
      const kv = keyOf(l.text);
      if (!kv) unsupported(`line not read: ${l.text.slice(0, 40)}`);
      const { key, rest } = kv as { key: string; rest: string };
      if (key === '<<') unsupported('merge key');
      if (Object.hasOwn(out, key)) unsupported(`duplicate key ${key}`);
      i++;
      if (rest && !rest.startsWith('#')) out[key] = inlineValue(rest, indent);
      else {
        const next = lines[i];
        if (next && next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) out[key] = seq(indent);
        else out[key] = node(indent + 1);
      }
    }
    return out;
  };

  const seq = (indent: number): unknown[] => {
    const out: unknown[] = [];
    while (i < lines.length) {
      const l = lines[i] as Line;
      if (l.indent !== indent || !(l.text === '-' || l.text.startsWith('- '))) break;
      const content = l.text.slice(1).replace(/^ +/, '');
      if (!content || content.startsWith('#')) {
        i++;
        out.push(node(indent + 1));
      } else {
        // `- key: value ...` / `- - x` / `- scalar`: the content is a node at its own column
        lines[i] = { indent: indent + (l.text.length - content.length), text: content };
        out.push(node(indent + 1));
      }
    }
    return out;
  };

  const root = node(0);
  if (i < lines.length) unsupported('lines after the root node');
  return root;
}
