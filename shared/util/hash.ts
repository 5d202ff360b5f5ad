import { createHash } from 'node:crypto';

/** JSON with object keys sorted recursively (arrays keep their order); `undefined` members are dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as Record<string, unknown>).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of the canonical JSON of a value: equal for equal content regardless of key order. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * Stable finding id: the same rule on the same resource (and, for runtime findings, the same identity, model and
 * window) always yields the same id, so re-runs update instead of duplicating. 32 hex chars (128 bits).
 */
export function fingerprint(parts: { ruleId: string; resourceId: string; identity?: string; modelId?: string; window?: string }): string {
  const key = [parts.ruleId, parts.resourceId, parts.identity ?? '', parts.modelId ?? '', parts.window ?? ''].join('\u0000');
  return sha256Hex(key).slice(0, 32);
}
