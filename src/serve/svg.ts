// Charts drawn on the server as inline SVG (no script, no remote asset): stacked bars over time for guard
// decisions and horizontal bars for counts by severity. Colours come from presentation attributes only.

export interface Series { readonly label: string; readonly color: string; readonly values: readonly number[] }

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** Stacked bars, one per bucket; `labels[i]` names bucket i. */
export function stackedBars(title: string, labels: readonly string[], series: readonly Series[], width = 720, height = 200): string {
  const n = labels.length;
  if (n === 0) return `<p class="empty">No data for ${esc(title)}.</p>`;
  const pad = { l: 40, r: 10, t: 24, b: 36 };
  const totals = labels.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const bw = Math.min(48, (width - pad.l - pad.r) / n);
  const y = (v: number): number => (height - pad.b) - (v / max) * (height - pad.t - pad.b);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (const s of series) {
      const v = s.values[i] ?? 0;
      if (v > 0) {
        const top = y(acc + v);
        parts.push(`<rect x="${(pad.l + i * bw + 1).toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" `
          + `height="${(y(acc) - top).toFixed(1)}" fill="${s.color}"><title>${esc(labels[i] ?? '')}: ${v} ${esc(s.label)}</title></rect>`);
      }
      acc += v;
    }
  }
  const step = Math.max(1, Math.ceil(n / 8));
  const ticks = labels.map((l, i) => (i % step === 0
    ? `<text x="${(pad.l + i * bw + bw / 2).toFixed(1)}" y="${height - pad.b + 14}" text-anchor="middle" font-size="10" fill="#555">${esc(l)}</text>` : '')).join('');
  const legend = series.map((s, i) => `<rect x="${pad.l + i * 90}" y="4" width="10" height="10" fill="${s.color}"/>`
    + `<text x="${pad.l + i * 90 + 14}" y="13" font-size="11" fill="#333">${esc(s.label)}</text>`).join('');
  return `<svg class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`
    + `<title>${esc(title)}</title>${legend}`
    + `<line x1="${pad.l}" y1="${height - pad.b}" x2="${width - pad.r}" y2="${height - pad.b}" stroke="#999"/>`
    + `<text x="${pad.l - 4}" y="${pad.t + 4}" text-anchor="end" font-size="10" fill="#555">${max}</text>`
    + `<text x="${pad.l - 4}" y="${height - pad.b}" text-anchor="end" font-size="10" fill="#555">0</text>`
    + parts.join('') + ticks + '</svg>';
}

/** Horizontal bars: one row per (label, value, colour). */
export function hbars(title: string, rows: readonly { label: string; value: number; color: string }[], width = 360): string {
  const rowH = 22;
  const height = rows.length * rowH + 8;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const body = rows.map((r, i) => {
    const w = Math.round((r.value / max) * (width - 140));
    return `<text x="0" y="${i * rowH + 16}" font-size="12" fill="#333">${esc(r.label)}</text>`
      + `<rect x="80" y="${i * rowH + 4}" width="${w}" height="16" fill="${r.color}"><title>${esc(r.label)}: ${r.value}</title></rect>`
      + `<text x="${86 + w}" y="${i * rowH + 16}" font-size="12" fill="#333">${r.value}</text>`;
  }).join('');
  return `<svg class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${esc(title)}</title>${body}</svg>`;
}

export const SEVERITY_COLORS: Readonly<Record<string, string>> = {
  critical: '#8b0000', high: '#d9480f', medium: '#e8a400', low: '#2b8a3e', info: '#5c7cfa',
};
