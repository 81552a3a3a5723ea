// The CSV format (RFC 4180, CRLF line ends) for spreadsheets. Findings carry attacker-controlled text, so
// control characters become visible escapes (one record per line) and would-be formulas get a ' prefix.
import type { Evidence, Report } from './finding.js';
import type { Reporter } from './reporter.js';
import { escapeControl } from './sanitize.js';

const HEADER = ['severity', 'rule_id', 'title', 'target', 'message', 'evidence', 'remediation', 'cis', 'attack', 'suppressed'];

function evidenceText(e: Evidence): string {
  const where = e.line === undefined ? e.location : `${e.location}:${e.line}`;
  return e.value === undefined ? `${e.kind} ${where}` : `${e.kind} ${where} = ${e.value}`;
}

/** Quote one cell when needed and defuse spreadsheet formulas. */
export function csvCell(value: string): string {
  const safe = escapeControl(value);
  const v = /^[=+\-@]/.test(safe) ? `'${safe}` : safe;
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export const csvReporter: Reporter = {
  format: 'csv',
  description: 'comma-separated values, one finding per row',
  extension: 'csv',
  mediaType: 'text/csv',
  render(report: Report): string {
    const rows = report.findings.map((f) => [
      f.severity, f.ruleId, f.title, f.target, f.message, f.evidence.map(evidenceText).join('; '),
      f.remediation ?? '', f.cis ?? '', (f.attack ?? []).join(' '), f.suppressed ? f.suppressed.reason : '',
    ]);
    return [HEADER, ...rows].map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
  },
};
