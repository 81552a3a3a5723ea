// The terminal format: findings worst first in aligned columns, a one-line summary and the run's notes.
// Colour (severity only) is opt-in so piped output and golden files stay plain.
import type { Report, Severity } from './finding.js';
import { renderTable, type TableColumn } from './render-table.js';
import type { RenderOptions, Reporter } from './reporter.js';
import { escapeControl } from './sanitize.js';
import { sortFindings, summarize, summaryLine } from './summary.js';

const COLOURS: Readonly<Record<Severity, string>> = {
  critical: '\u001b[1;31m', high: '\u001b[31m', medium: '\u001b[33m', low: '\u001b[36m', info: '\u001b[2m',
};
const RESET = '\u001b[0m';

function severityColumn(color: boolean): TableColumn {
  return {
    header: 'SEVERITY',
    ...(color ? { style: (padded: string, raw: unknown) => {
      const sev = String(raw).split(' ')[0] as Severity;
      return COLOURS[sev] ? `${COLOURS[sev]}${padded}${RESET}` : padded;
    } } : {}),
  };
}

function renderFindingsTable(report: Report, options: RenderOptions = {}): string {
  const findings = sortFindings(report.findings);
  const out: string[] = [];
  if (findings.length > 0) {
    const columns: TableColumn[] = [
      severityColumn(options.color ?? false),
      { header: 'RULE' },
      { header: 'TARGET', maxWidth: 40 },
      { header: 'TITLE', maxWidth: 60 },
    ];
    out.push(renderTable(columns, findings.map((f) => [
      f.suppressed ? `${f.severity} (suppressed)` : f.severity, f.ruleId, f.target, f.title,
    ])));
    out.push('\n');
  }
  out.push(`${summaryLine(summarize(report))}\n`);
  if (report.notes?.length) {
    out.push('\nNotes:\n');
    for (const n of report.notes) out.push(`  - ${escapeControl(n)}\n`);
  }
  return out.join('');
}

export const tableReporter: Reporter = {
  format: 'table',
  description: 'aligned columns for a terminal, worst first (colour with --color)',
  extension: 'txt',
  mediaType: 'text/plain',
  render: renderFindingsTable,
};
