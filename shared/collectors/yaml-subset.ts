/**
 * A small, strict reader for the subset of YAML that OpenAPI documents use: block mappings and sequences, plain and
 * quoted scalars (multi-line ones are kept as text), block scalars (`|`, `>`: their content is skipped), comments, and
 * flow collections written on one line. Lines break at LF, CRLF and a lone CR (YAML 1.2); NEL (U+0085) and the
 * Unicode line and paragraph separators (U+2028, U+2029), line breaks for YAML 1.1 parsers but not for 1.2 ones, are
 * ambiguous and throw. Anything else (anchors, aliases, tags, merge or complex keys, a `__proto__` key, multi-line flow
 * collections, several documents, tabs in indentation, a line it cannot place, a document over `YAML_MAX_CHARS`)
 * throws `YamlUnsupported`: a caller that must not miss a value then treats the document as unread, never as
 * understood. Every scan is linear in the size of the document.
 */
export class YamlUnsupported extends Error {}

interface Line {
  indent: number;
  text: string;
}

const unsupported = (why: string): never => {
  throw new YamlUnsupported(why);
};

/** Documents longer than this (in UTF-16 code units, about 1 MB) are not read. */
export const YAML_MAX_CHARS = 1_000_000;

/** Characters that some YAML parser takes as a line break and this reader does not: never read. */
const AMBIGUOUS_BREAK = /[\u0085\u2028\u2029]/;

/** Strips a trailing ` # comment` from a plain scalar. */
const stripComment = (s: string) => s.replace(/(^|[ \t])#.*$/, '').trim();

/** A key line: `key:` / `"key":` / `'key':`, then the rest (the value on the same line, possibly empty). */
function keyOf(text: string): { key: string; rest: string } | undefined {
  // `[\s\S]*$`: the rest runs to the end of the line, whatever it holds (nothing is ever cut off)
  let m = /^"((?:[^"\\]|\\[\s\S])*)"[ \t]*:(?:[ \t]+([\s\S]*))?$/.exec(text);
  if (m) return { key: JSON.parse(`"${m[1]}"`) as string, rest: (m[2] ?? '').trim() };
  m = /^'((?:[^']|'')*)'[ \t]*:(?:[ \t]+([\s\S]*))?$/.exec(text);
  if (m) return { key: (m[1] as string).replace(/''/g, "'"), rest: (m[2] ?? '').trim() };
  // a plain key: up to the first `:` followed by a blank or the end of the line, with no `#` before it (a linear scan)
  const from = /^[^\s"'#[\]{},&*!|>%@`?-]/.test(text) ? 1 : /^-[^\s#]/.test(text) ? 2 : -1;
  if (from < 0) return undefined;
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '#') return undefined;
    if (c === ':' && (j + 1 === text.length || text[j + 1] === ' ' || text[j + 1] === '\t'))
      return { key: text.slice(0, j).trim(), rest: text.slice(j + 1).trim() };
  }
  return undefined;
}

/** Refuses the keys this reader does not store as data. */
const checkKey = (key: string) => {
  if (key === '__proto__') unsupported('__proto__ key');
  if (key === '<<') unsupported('merge key');
};

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
        checkKey(k);
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
  return scanQuoted(s, s[start] as string, start + 1, false).end;
}

/**
 * Scans `s` from `from` for the quote `q` that closes a quoted scalar (`escaped`: the first character is escaped by a
 * backslash ending the previous piece). `end` is its index or -1, then `escaped` carries over to the next piece.
 */
function scanQuoted(s: string, q: string, from: number, escaped: boolean): { end: number; escaped: boolean } {
  let esc = escaped;
  for (let i = from; i < s.length; i++) {
    if (esc) esc = false;
    else if (q === '"' && s[i] === '\\') esc = true;
    else if (s[i] === q) {
      if (q === "'" && s[i + 1] === "'") i++;
      else return { end: i, escaped: false };
    }
  }
  return { end: -1, escaped: esc };
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
  if (doc.length > YAML_MAX_CHARS) unsupported('document too large');
  if (AMBIGUOUS_BREAK.test(doc)) unsupported('NEL, line or paragraph separator (a line break for YAML 1.1 only)');
  const lines: Line[] = [];
  let started = false;
  for (const raw of doc.split(/\r\n|\r|\n/)) {
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
    let end = body.length;
    while (end > 0 && (body[end - 1] === ' ' || body[end - 1] === '\t')) end--;
    lines.push({ indent: raw.length - body.length, text: body.slice(0, end) });
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
      // a multi-line quoted scalar: kept as text (its lines joined by spaces) up to its closing quote; each line is
      // scanned once, carrying over a trailing backslash
      const parts = [rest];
      let escaped = scanQuoted(rest, c, 1, false).escaped;
      while (i < lines.length && (lines[i] as Line).indent > indent) {
        const piece = ` ${(lines[i++] as Line).text}`;
        parts.push(piece.slice(1));
        const scan = scanQuoted(piece, c, 0, escaped);
        escaped = scan.escaped;
        if (scan.end >= 0) {
          if (stripComment(piece.slice(scan.end + 1))) unsupported('text after a quoted scalar');
          const joined = parts.join(' ');
          return joined.slice(1, joined.length - piece.length + scan.end);
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
      checkKey(key);
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
