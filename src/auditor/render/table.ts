// Human output of an audit: one block per finding (severity, id, target, what, evidence with file:line, fix),
// then what could not be checked, then the verdict line.
import type { Evidence, Report } from '../../core/report/finding.js';
import type { AuditSummary } from '../run-audit.js';

export function evidenceText(e: Evidence): string {
  const where = e.line !== undefined ? `${e.location}:${e.line}` : e.location;
  return e.value !== undefined ? `${where}: ${e.value}` : where;
}

export function renderTable(report: Report, summary: AuditSummary): string {
  const out: string[] = [];
  for (const f of report.findings) {
    const tag = f.suppressed ? ' [suppressed]' : '';
    out.push(`${f.severity.toUpperCase().padEnd(8)} ${f.ruleId}  ${f.title}${tag}`);
    out.push(`         target:   ${f.target}${f.cis ? `   (CIS Docker ${f.cis})` : ''}`);
    out.push(`         what:     ${f.message}`);
    for (const e of f.evidence) out.push(`         evidence: ${evidenceText(e)}`);
    if (f.remediation) out.push(`         fix:      ${f.remediation}`);
    if (f.suppressed) out.push(`         reason:   ${f.suppressed.reason}`);
    out.push('');
  }
  if (report.findings.length === 0) out.push('No findings.', '');
  for (const n of report.notes ?? []) out.push(`note: ${n}`);
  out.push(`portcullis audit: ${summary.verdict}`);
  return `${out.join('\n')}\n`;
}
