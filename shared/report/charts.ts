import { html, type SafeHtml } from './escape.ts';

/** Inline SVG charts (no script, no external assets). Colours come from attributes, so the CSP needs no style hashes for them. */

export const SEVERITY_COLORS: Record<string, string> = {
  CRITICAL: '#7f1d1d',
  HIGH: '#dc2626',
  MEDIUM: '#f59e0b',
  LOW: '#3b82f6',
  INFORMATIONAL: '#6b7280',
};

export interface Bar {
  label: string;
  value: number;
  color: string;
  /** Text after the bar (defaults to the value). */
  note?: string;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Horizontal bar chart; `max` fixes the scale (e.g. 100 for scores). */
export function barChart(title: string, bars: Bar[], opts: { max?: number; width?: number; labelWidth?: number } = {}): SafeHtml {
  const width = opts.width ?? 640;
  const labelWidth = opts.labelWidth ?? 180;
  const rowH = 26;
  const chartW = width - labelWidth - 70;
  const max = Math.max(opts.max ?? 0, ...bars.map((b) => b.value), 1);
  const height = bars.length * rowH + 10;
  const rows = bars.map((b, i) => {
    const y = 5 + i * rowH;
    const w = b.value > 0 ? Math.max(2, Math.round((b.value / max) * chartW)) : 0;
    return html`<g><text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end" font-size="12" fill="#111827">${truncate(b.label, 28)}</text><rect x="${labelWidth}" y="${y + 4}" width="${chartW}" height="18" fill="#f3f4f6"></rect><rect x="${labelWidth}" y="${y + 4}" width="${w}" height="18" fill="${b.color}"><title>${b.label}: ${b.note ?? fmt(b.value)}</title></rect><text x="${labelWidth + chartW + 6}" y="${y + 17}" font-size="12" fill="#111827">${b.note ?? fmt(b.value)}</text></g>`;
  });
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${title}</title>${rows}</svg>`;
}

export interface StackedColumn {
  /** Axis label (short). */
  label: string;
  /** Tooltip label (full). */
  title?: string;
  parts: { key: string; value: number; color: string }[];
}

/** Stacked column chart over time (one column per bucket), with a legend. */
export function stackedColumns(title: string, columns: StackedColumn[], legend: { key: string; color: string }[]): SafeHtml {
  const width = 720;
  const height = 240;
  const left = 40;
  const bottom = 50;
  const top = 24;
  const plotH = height - bottom - top;
  const plotW = width - left - 10;
  const max = Math.max(1, ...columns.map((c) => c.parts.reduce((s, p) => s + p.value, 0)));
  const colW = columns.length > 0 ? Math.min(48, plotW / columns.length) : plotW;
  const gap = Math.max(2, Math.round(colW * 0.2));
  const ticks = niceTicks(max);
  const grid = ticks.map((t) => {
    const y = top + plotH - (t / max) * plotH;
    return html`<line x1="${left}" x2="${width - 10}" y1="${y}" y2="${y}" stroke="#e5e7eb"></line><text x="${left - 4}" y="${y + 4}" text-anchor="end" font-size="10" fill="#374151">${t}</text>`;
  });
  const cols = columns.map((c, i) => {
    const x = left + i * colW + gap / 2;
    let y = top + plotH;
    const total = c.parts.reduce((s, p) => s + p.value, 0);
    const rects = c.parts
      .filter((p) => p.value > 0)
      .map((p) => {
        const h = (p.value / max) * plotH;
        y -= h;
        return html`<rect x="${x}" y="${y}" width="${colW - gap}" height="${h}" fill="${p.color}"><title>${c.title ?? c.label} ${p.key}: ${p.value}</title></rect>`;
      });
    const showLabel = columns.length <= 12 || i % Math.ceil(columns.length / 12) === 0;
    return html`<g>${rects}${showLabel ? html`<text x="${x + (colW - gap) / 2}" y="${top + plotH + 14}" text-anchor="middle" font-size="10" fill="#374151">${c.label}</text>` : ''}<text x="${x + (colW - gap) / 2}" y="${top + plotH - (total / max) * plotH - 3}" text-anchor="middle" font-size="9" fill="#111827">${total || ''}</text></g>`;
  });
  const leg = legend.map(
    (l, i) =>
      html`<rect x="${left + i * 120}" y="${height - 18}" width="10" height="10" fill="${l.color}"></rect><text x="${left + i * 120 + 14}" y="${height - 9}" font-size="11" fill="#111827">${l.key}</text>`,
  );
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${title}</title>${grid}${cols}${leg}</svg>`;
}

/** Donut of one ratio (posture score), with the number in the middle; null renders "n/a". */
export function scoreDonut(title: string, score: number | null): SafeHtml {
  const r = 42;
  const c = 2 * Math.PI * r;
  const v = score ?? 0;
  const color = score === null ? '#9ca3af' : v >= 90 ? '#16a34a' : v >= 70 ? '#f59e0b' : '#dc2626';
  const dash = `${((v / 100) * c).toFixed(2)} ${c.toFixed(2)}`;
  return html`<svg class="donut" role="img" aria-label="${title}" viewBox="0 0 110 110" width="110" height="110" xmlns="http://www.w3.org/2000/svg"><title>${title}</title><circle cx="55" cy="55" r="${r}" fill="none" stroke="#e5e7eb" stroke-width="12"></circle><circle cx="55" cy="55" r="${r}" fill="none" stroke="${color}" stroke-width="12" stroke-dasharray="${dash}" transform="rotate(-90 55 55)"></circle><text x="55" y="60" text-anchor="middle" font-size="20" font-weight="bold" fill="#111827">${score === null ? 'n/a' : fmt(score)}</text></svg>`;
}

function niceTicks(max: number): number[] {
  const step = max <= 5 ? 1 : max <= 10 ? 2 : 10 ** Math.floor(Math.log10(max)) * (max / 10 ** Math.floor(Math.log10(max)) > 5 ? 2 : 1);
  const out: number[] = [];
  for (let t = 0; t <= max; t += step) out.push(t);
  return out;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export interface StackedRow {
  label: string;
  parts: { key: string; value: number; color: string }[];
}

/** Horizontal 100 % stacked bars (one row per framework: share of requirements per verdict), with a legend. */
export function stackedBars(title: string, rows: StackedRow[], legend: { key: string; color: string }[]): SafeHtml {
  const width = 780;
  const labelWidth = 290;
  const rowH = 26;
  const barW = width - labelWidth - 60;
  const height = rows.length * rowH + 34;
  const body = rows.map((r, i) => {
    const y = 4 + i * rowH;
    const total = r.parts.reduce((s, p) => s + p.value, 0);
    let x = labelWidth;
    const segs = r.parts
      .filter((p) => p.value > 0)
      .map((p) => {
        const w = total > 0 ? (p.value / total) * barW : 0;
        const seg = html`<rect x="${x.toFixed(2)}" y="${y + 4}" width="${w.toFixed(2)}" height="18" fill="${p.color}"><title>${r.label} ${p.key}: ${p.value}</title></rect>`;
        x += w;
        return seg;
      });
    return html`<g><text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end" font-size="12" fill="#111827">${truncate(r.label, 40)}</text><rect x="${labelWidth}" y="${y + 4}" width="${barW}" height="18" fill="#f3f4f6"></rect>${segs}<text x="${labelWidth + barW + 6}" y="${y + 17}" font-size="12" fill="#111827">${total}</text></g>`;
  });
  const leg = legend.map(
    (l, i) =>
      html`<rect x="${10 + i * 120}" y="${height - 16}" width="10" height="10" fill="${l.color}"></rect><text x="${24 + i * 120}" y="${height - 7}" font-size="11" fill="#111827">${l.key}</text>`,
  );
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${title}</title>${body}${leg}</svg>`;
}
