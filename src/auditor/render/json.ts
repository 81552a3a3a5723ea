// JSON output of an audit: {"findings":[{"id","severity","title","evidence",...}]} plus summary and notes,
// a stable schema for scripts (the field names are part of the interface; add, never rename).
import type { Finding, Report } from '../../core/report/finding.js';
import type { AuditSummary } from '../run-audit.js';

export function findingJson(f: Finding): Record<string, unknown> {
  return {
    id: f.ruleId, severity: f.severity, title: f.title, target: f.target, message: f.message,
    evidence: f.evidence, remediation: f.remediation ?? null, cis: f.cis ?? null, attack: f.attack ?? [],
    suppressed: f.suppressed ?? null,
  };
}

export function renderJson(report: Report, summary: AuditSummary): string {
  return `${JSON.stringify({
    tool: 'portcullis audit', version: report.toolVersion, startedAt: report.startedAt, finishedAt: report.finishedAt,
    summary, findings: report.findings.map(findingJson), notes: report.notes ?? [],
  }, null, 2)}\n`;
}
