import { describe, expect, it } from 'vitest';
import { parseYamlSubset, YAML_MAX_CHARS, YamlUnsupported } from '../../../shared/collectors/yaml-subset.ts';

const HEAD = 'openapi: 3.0.0\nservers:\n  - url: https://api.example.com\npaths:\n  /x:\n    get:\n      summary: hi';

describe('parseYamlSubset: line breaks', () => {
  it('a lone CR is a line break (YAML 1.2): the lines after it are read, never cut off', () => {
    const doc = `${HEAD}\r      servers:\r        - url: http://plain.example.com\n`;
    const r = parseYamlSubset(doc) as { paths: Record<string, { get: unknown }> };
    expect(r.paths['/x']?.get).toEqual({ summary: 'hi', servers: [{ url: 'http://plain.example.com' }] });
    expect(parseYamlSubset('a: 1\r\nb: 2\rc: 3\n')).toEqual({ a: '1', b: '2', c: '3' });
  });

  it('NEL, U+2028 and U+2029 (line breaks for YAML 1.1 parsers) are unsupported, in a key line or anywhere', () => {
    for (const br of ['\u0085', '\u2028', '\u2029']) {
      expect(() => parseYamlSubset(`${HEAD}${br}      servers: [{url: http://plain.example.com}]\n`), JSON.stringify(br)).toThrow(
        YamlUnsupported,
      );
      expect(() => parseYamlSubset(`a: "x${br}y"\n`), JSON.stringify(br)).toThrow(YamlUnsupported);
    }
  });

  it('keys keep the whole rest of their line as the value', () => {
    expect(parseYamlSubset('"k": a b  # c\n\'q\': x\nplain key: y: z\n')).toEqual({ k: 'a b', q: 'x', 'plain key': 'y: z' });
  });
});

describe('parseYamlSubset: keys that are not data', () => {
  it('a __proto__ key (block or flow) is unsupported, never an object prototype', () => {
    expect(() => parseYamlSubset('__proto__:\n  servers: []\n')).toThrow(YamlUnsupported);
    expect(() => parseYamlSubset('"__proto__": {}\n')).toThrow(YamlUnsupported);
    expect(() => parseYamlSubset('a: {__proto__: {url: x}}\n')).toThrow(YamlUnsupported);
  });
});

describe('parseYamlSubset: bounded, linear time', () => {
  const time = (doc: string) => {
    const start = performance.now();
    let outcome = 'read';
    try {
      parseYamlSubset(doc);
    } catch (e) {
      outcome = (e as Error).constructor.name;
    }
    return { ms: performance.now() - start, outcome };
  };

  it('a document over YAML_MAX_CHARS is unsupported', () => {
    expect(() => parseYamlSubset(`a: ${'x'.repeat(YAML_MAX_CHARS)}\n`)).toThrow(YamlUnsupported);
  });

  it('pathological documents of about 1 MB parse or are refused within 1 s each', () => {
    const n = YAML_MAX_CHARS - 20;
    const docs = {
      spacesInKeyLine: `a${' '.repeat(n)}b\n`,
      spacesBeforeColon: `a${' '.repeat(n)}: b\n`,
      trailingSpaces: `a: b${' '.repeat(n)}x${' '.repeat(10)}\n`,
      multiLineQuoted: `x: "a\n${'  b\n'.repeat(Math.floor(n / 4))}  "\n`,
      multiLineSingleQuoted: `x: 'a\n${"  ''\n".repeat(Math.floor(n / 5))}  '\n`,
      multiLinePlain: `x: a\n${'  b\n'.repeat(Math.floor(n / 4))}`,
      colons: `a${':x'.repeat(Math.floor(n / 2))}\n`,
      hashes: `x: a${' #'.repeat(Math.floor(n / 2))}\n`,
    };
    for (const [name, doc] of Object.entries(docs)) {
      expect(doc.length, name).toBeLessThanOrEqual(YAML_MAX_CHARS);
      const { ms, outcome } = time(doc);
      expect(ms, `${name}: ${outcome}`).toBeLessThan(1000);
    }
  });

  it('a multi-line quoted scalar is joined by spaces, a backslash may end a line', () => {
    expect(parseYamlSubset('x: "a\n  b\n  c"\n')).toEqual({ x: 'a b c' });
    expect(parseYamlSubset("x: 'a\n  it''s\n  c'\n")).toEqual({ x: "a it''s c" });
    expect(parseYamlSubset('x: "a\\\n  "\n')).toEqual({ x: 'a\\ ' });
    expect(() => parseYamlSubset('x: "a\n  b" c\n')).toThrow(YamlUnsupported);
  });
});
