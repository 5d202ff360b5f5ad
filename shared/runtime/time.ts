/**
 * Timestamp helpers for log records. Real logs carry ISO-8601 (`2024-01-15T12:00:00Z`), ISO with nanoseconds,
 * `YYYY-MM-DD HH:MM:SS[.fffffffff]` (exports, SIEM fixtures) or epoch milliseconds.
 */

const SPACE_FORM = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}:?\d{2}|UTC)?$/;

// Records of one log object share timestamps down to the second: remember the last conversion.
let lastIn: unknown;
let lastOut: string | undefined;

/** Normalizes a timestamp to ISO-8601 UTC with milliseconds, or undefined when it cannot be read. */
export function normalizeTime(v: unknown): string | undefined {
  if (v === lastIn && typeof v === 'string') return lastOut;
  const out = convertTime(v);
  lastIn = v;
  lastOut = out;
  return out;
}

function convertTime(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) {
    const ms = v < 1e11 ? v * 1000 : v;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  if (typeof v !== 'string' || v.length < 10 || v.length > 64) return undefined;
  const m = SPACE_FORM.exec(v.trim());
  if (m) {
    const frac = (m[3] ?? '').slice(0, 3).padEnd(3, '0');
    let zone = m[4] ?? 'Z';
    if (zone === 'UTC') zone = 'Z';
    else if (zone !== 'Z' && !zone.includes(':')) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const t = Date.parse(`${m[1]}T${m[2]}.${frac}${zone}`);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Start of the window containing `iso` (floored to `windowMs`), as ISO. */
export function windowStartOf(iso: string, windowMs: number): string {
  const t = Date.parse(iso);
  return new Date(Math.floor(t / windowMs) * windowMs).toISOString();
}

/** Time encoded in an S3 log key (`.../YYYY/MM/DD/HH/...`), used when a record carries no readable timestamp. */
export function timeFromKey(key: string): string | undefined {
  const m = /\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\//.exec(key);
  if (!m) return undefined;
  const t = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:00:00Z`);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
