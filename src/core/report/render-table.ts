// A plain-text column table for terminals, shared by every front end (findings, scan results, runs): cells
// are escaped (no terminal control from untrusted data), padded, optionally truncated and styled after padding.
import { escapeControl } from './sanitize.js';

export interface TableColumn {
  readonly header: string;
  readonly align?: 'left' | 'right';
  /** Longer cells are cut to this many characters, ending in "…". */
  readonly maxWidth?: number;
  /** Decorate a padded cell (e.g. ANSI colour); must not change its visible width. */
  readonly style?: (padded: string, raw: unknown, rowIndex: number) => string;
}

export interface RenderTableOptions {
  /** Spaces between columns (default 2). */
  readonly gap?: number;
  /** Print the header row (default true). */
  readonly header?: boolean;
}

function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

function fit(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  return max <= 1 ? text.slice(0, max) : `${text.slice(0, max - 1)}…`;
}

/**
 * Render rows (arrays of cell values, positionally matching `columns`) as aligned text, one line each,
 * ending with a newline. The last column is not padded, so no line has trailing spaces.
 * @example renderTable([{ header: 'HOST' }, { header: 'PORT', align: 'right' }], [['127.0.0.1', 2375]])
 */
export function renderTable(columns: readonly TableColumn[], rows: readonly (readonly unknown[])[],
  options: RenderTableOptions = {}): string {
  const { gap = 2, header = true } = options;
  const cells = rows.map((row) => columns.map((c, i) => fit(escapeControl(cellText(row[i])), c.maxWidth)));
  const widths = columns.map((c, i) => Math.max(header ? c.header.length : 0, ...cells.map((r) => r[i]!.length)));
  const sep = ' '.repeat(gap);
  const line = (texts: readonly string[], raws: readonly unknown[] | undefined, rowIndex: number): string => {
    const out = texts.map((t, i) => {
      const col = columns[i]!;
      const last = i === columns.length - 1;
      const padded = col.align === 'right' ? t.padStart(widths[i]!) : last ? t : t.padEnd(widths[i]!);
      return raws && col.style ? col.style(padded, raws[i], rowIndex) : padded;
    });
    return out.join(sep).replace(/\s+$/, '');
  };
  const lines: string[] = [];
  if (header) lines.push(line(columns.map((c) => c.header), undefined, -1));
  cells.forEach((r, i) => lines.push(line(r, rows[i], i)));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
