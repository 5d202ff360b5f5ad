/**
 * Maps keyed by two or three strings (account x identity x model, account x model) for the stateful analyzers.
 *
 * Each is equal to a `Map` keyed by the strings joined with '\u0000', which is how the analyzers keyed their state,
 * but finds a record's entry without building the joined string: a joined key is a new string per record that the
 * map lookup has to flatten (copy) and hash in full, a large part of the analyzers' cost per record.
 *
 * Why it is the same map: parts are converted to strings first, as the template literal did. A tuple with no '\u0000'
 * in any part lives in nested maps, one level per part; its joined key holds exactly (parts - 1) separators, so two
 * such tuples join to the same key only when they are equal part by part, which is when the nested maps find the same
 * entry. A tuple with a '\u0000' inside a part (not seen in real logs) is kept under its joined key in a separate map,
 * as before; its joined key holds more separators, so it never equals the joined key of a nested tuple.
 * `values()` lists the values in first-insertion order, like the joined-key `Map`.
 */

const text = (v: string): string => (typeof v === 'string' ? v : `${v}`);
const NUL = '\u0000';

/** A map keyed by (a, b): the same entries as a `Map` keyed by `${a}\u0000${b}`. */
export class Key2Map<V> {
  private readonly nested = new Map<string, Map<string, V>>();
  private readonly joined = new Map<string, V>();
  private readonly list: V[] = [];

  get(a: string, b: string): V | undefined {
    const x = text(a);
    const y = text(b);
    if (x.includes(NUL) || y.includes(NUL)) return this.joined.get(`${x}${NUL}${y}`);
    return this.nested.get(x)?.get(y);
  }

  /** Adds an entry for a key `get` did not find. */
  add(a: string, b: string, v: V): void {
    const x = text(a);
    const y = text(b);
    if (x.includes(NUL) || y.includes(NUL)) this.joined.set(`${x}${NUL}${y}`, v);
    else {
      let m = this.nested.get(x);
      if (!m) {
        m = new Map();
        this.nested.set(x, m);
      }
      m.set(y, v);
    }
    this.list.push(v);
  }

  /** The values in first-insertion order (the caller must not modify the array). */
  values(): readonly V[] {
    return this.list;
  }
}

/** A map keyed by (a, b, c): the same entries as a `Map` keyed by `${a}\u0000${b}\u0000${c}`. */
export class Key3Map<V> {
  private readonly nested = new Map<string, Map<string, Map<string, V>>>();
  private readonly joined = new Map<string, V>();
  private readonly list: V[] = [];

  get(a: string, b: string, c: string): V | undefined {
    const x = text(a);
    const y = text(b);
    const z = text(c);
    if (x.includes(NUL) || y.includes(NUL) || z.includes(NUL)) return this.joined.get(`${x}${NUL}${y}${NUL}${z}`);
    return this.nested.get(x)?.get(y)?.get(z);
  }

  /** Adds an entry for a key `get` did not find. */
  add(a: string, b: string, c: string, v: V): void {
    const x = text(a);
    const y = text(b);
    const z = text(c);
    if (x.includes(NUL) || y.includes(NUL) || z.includes(NUL)) this.joined.set(`${x}${NUL}${y}${NUL}${z}`, v);
    else {
      let m1 = this.nested.get(x);
      if (!m1) {
        m1 = new Map();
        this.nested.set(x, m1);
      }
      let m2 = m1.get(y);
      if (!m2) {
        m2 = new Map();
        m1.set(y, m2);
      }
      m2.set(z, v);
    }
    this.list.push(v);
  }

  /** The values in first-insertion order (the caller must not modify the array). */
  values(): readonly V[] {
    return this.list;
  }
}
