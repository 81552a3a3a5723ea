// Reads catalogue ids out of a docs/*.md page: the first cell of each Markdown table row, with or without
// backticks, when it matches the catalogue's id pattern (prose and header rows are ignored).
import { readFileSync } from 'node:fs';

export interface DocRow {
  readonly id: string;
  /** The remaining cells, trimmed, backticks and emphasis removed. */
  readonly cells: readonly string[];
  readonly line: number;
}

function clean(cell: string): string {
  return cell.trim().replace(/^[`*_]+|[`*_]+$/g, '').trim();
}

export function docRows(docPath: string, pattern: RegExp): DocRow[] {
  const text = readFileSync(new URL(`../../${docPath}`, import.meta.url), 'utf8');
  const rows: DocRow[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line.startsWith('|')) return;
    const cells = line.replace(/^\||\|$/g, '').split('|').map(clean);
    const id = cells[0] ?? '';
    if (pattern.test(id)) rows.push({ id, cells: cells.slice(1), line: i + 1 });
  });
  return rows;
}

/** Items that occur more than once. */
export function duplicates(items: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const it of items) (seen.has(it) ? dup : seen).add(it);
  return [...dup];
}

/** `a` minus `b`, sorted. */
export function missing(a: Iterable<string>, b: Iterable<string>): string[] {
  const bs = new Set(b);
  return [...new Set(a)].filter((x) => !bs.has(x)).sort();
}
