/**
 * HTML escaping for the report. Every string that reaches the HTML passes through `escapeHtml`, either directly or
 * through the `html` tagged template, which escapes every interpolated value unless it is already `SafeHtml`
 * (produced by `html` itself). Asset names, tags, finding titles, evidence and identities are attacker-controlled.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '=': '&#61;',
};

/** The one escape function: safe for element content and for quoted attribute values. */
export function escapeHtml(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return s.replace(/[&<>"'`=]/g, (c) => ENTITIES[c] as string);
}

/** A fragment of markup that has been built safely (by `html` or from constant strings). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | HtmlValue[];

function render(v: HtmlValue): string {
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(v);
}

/** Tagged template: literal parts are trusted markup, every `${value}` is escaped (arrays are joined). */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] as string;
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + (strings[i + 1] as string);
  return new SafeHtml(out);
}

/** Marks a constant (developer-written) string as markup. Never call it with data. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * A URL that may go in an `href`: only absolute http(s) URLs (documentation links) and same-document anchors.
 * Anything else (`javascript:`, `data:`, `vbscript:`, relative paths, control characters) yields undefined.
 */
export function safeHref(url: string | undefined | null): string | undefined {
  if (!url) return undefined;
  const u = url.trim();
  if (/^#[A-Za-z0-9_-]+$/.test(u)) return u;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f\s]/.test(u)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.href;
}

/** Anchor-safe id fragment derived from any string (finding ids are hex already; this guards other inputs). */
export function anchorId(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
