// JUnit XML output of an audit for CI dashboards: one test case per audit check (passed, failed per finding,
// or skipped when not applicable here), plus failures for findings of other rule families (PCL-CFG, PCL-MIN...).
import type { Report } from '../../core/report/finding.js';
import { AUDIT_RULES } from '../../core/rules/catalogue/audit.js';
import type { AuditSummary } from '../run-audit.js';
import { evidenceText } from './table.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export function renderJunit(report: Report, summary: AuditSummary): string {
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  const na = new Set(summary.notApplicable);
  const seen = new Set<string>();
  const ids = [...AUDIT_RULES.map((r) => r.id), ...report.findings.map((f) => f.ruleId)];
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const rule = AUDIT_RULES.find((r) => r.id === id) ?? report.rules.find((r) => r.id === id);
    const title = rule?.title ?? id;
    const fs = report.findings.filter((f) => f.ruleId === id);
    if (fs.length === 0) {
      if (na.has(id)) { skipped++; cases.push(`    <testcase classname="portcullis.audit" name="${esc(`${id} ${title}`)}"><skipped message="not applicable on this host"/></testcase>`); }
      else cases.push(`    <testcase classname="portcullis.audit" name="${esc(`${id} ${title}`)}"/>`);
      continue;
    }
    for (const f of fs) {
      const name = esc(`${id} ${title} [${f.target}]`);
      if (f.suppressed) { skipped++; cases.push(`    <testcase classname="portcullis.audit" name="${name}"><skipped message="${esc(`suppressed: ${f.suppressed.reason}`)}"/></testcase>`); continue; }
      failures++;
      const body = [f.message, ...f.evidence.map((e) => `evidence: ${evidenceText(e)}`), ...(f.remediation ? [`fix: ${f.remediation}`] : [])].join('\n');
      cases.push(`    <testcase classname="portcullis.audit" name="${name}"><failure type="${f.severity}" message="${esc(f.message)}">${esc(body)}</failure></testcase>`);
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="portcullis audit" tests="${cases.length}" failures="${failures}" skipped="${skipped}">\n`
    + `  <testsuite name="portcullis audit" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${esc(report.startedAt)}">\n`
    + `${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
