import { describe, expect, it } from 'vitest';
import { Key2Map, Key3Map } from '../../../shared/detectors/keyed.ts';

/** The reference: a Map keyed by the parts joined with '\u0000' (how the analyzers keyed their state before). */
function joined(parts: unknown[]): string {
  return parts.map((p) => `${p}`).join('\u0000');
}

describe('maps keyed by two or three strings', () => {
  // parts chosen so that joined keys collide across different tuples when a part holds a '\u0000'
  const pool: unknown[] = ['', 'a', 'b', 'a\u0000b', '\u0000', 'b\u0000', 'undefined', undefined, 'acct', 'arn:aws:iam::1:role/x'];

  it('finds the same entry as a Map keyed by the joined parts, for every tuple of a pool with separators in parts', () => {
    const ref3 = new Map<string, number>();
    const ref2 = new Map<string, number>();
    const m3 = new Key3Map<number>();
    const m2 = new Key2Map<number>();
    const order3: number[] = [];
    const order2: number[] = [];
    let next = 0;
    for (const a of pool)
      for (const b of pool)
        for (const c of pool) {
          const [x, y, z] = [a, b, c] as string[];
          const k3 = joined([a, b, c]);
          expect(m3.get(x, y, z)).toBe(ref3.get(k3));
          if (!ref3.has(k3)) {
            ref3.set(k3, next);
            m3.add(x, y, z, next);
            order3.push(next++);
          }
          const k2 = joined([a, b]);
          expect(m2.get(x, y)).toBe(ref2.get(k2));
          if (!ref2.has(k2)) {
            ref2.set(k2, next);
            m2.add(x, y, next);
            order2.push(next++);
          }
        }
    for (const a of pool)
      for (const b of pool) {
        for (const c of pool) expect(m3.get(a as string, b as string, c as string)).toBe(ref3.get(joined([a, b, c])));
        expect(m2.get(a as string, b as string)).toBe(ref2.get(joined([a, b])));
      }
    // tuples that join to the same key share one entry (e.g. ('a\0b', 'c') and ('a', 'b\0c')), as before
    expect(m2.get('a\u0000b', '')).toBe(m2.get('a', 'b\u0000'));
    expect(m2.get('undefined', 'a')).toBe(m2.get(undefined as unknown as string, 'a'));
    expect(m3.values()).toEqual(order3);
    expect(m2.values()).toEqual(order2);
    expect(m3.values()).toHaveLength(ref3.size);
  });
});
