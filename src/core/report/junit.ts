// JUnit XML for CI dashboards: one testcase per rule and target; findings fail it, suppressed ones skip it,
// rules the report lists without findings pass. Attacker-controlled text is escaped for XML.
import { severityRank, type Finding, type Report } from './finding.js';
import type { Reporter } from './reporter.js';
import { escapeControl, escapeXml } from './sanitize.js';

/** Untrusted text on one line, XML-escaped (attribute values and body lines). */
function x(text: string): string {
  return escapeXml(escapeControl(text));
}

interface Case { readonly ruleId: string; readonly target: string | undefined; readonly title: string; readonly findings: Finding[] }

function cases(report: Report): Case[] {
  const byKey = new Map<string, Case>();
  for (const f of report.findings) {
    const key = `${f.ruleId}\0${f.target}`;
    const c = byKey.get(key) ?? { ruleId: f.ruleId, target: f.target, title: f.title, findings: [] };
    c.findings.push(f);
    byKey.set(key, c);
  }
  const seen = new Set(report.findings.map((f) => f.ruleId));
  for (const r of report.rules) {
    if (!seen.has(r.id)) byKey.set(`${r.id}\0`, { ruleId: r.id, target: undefined, title: r.title, findings: [] });
  }
  return [...byKey.values()];
}

function seconds(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : '0.000';
}

/** Lines of the failure text; each line's content escaped, the line breaks kept. */
function failureBody(fs: readonly Finding[]): string {
  return fs.map((f) => [
    `[${f.severity}] ${x(f.message)}`,
    ...f.evidence.map((e) => `  evidence: ${e.kind} ${x(e.location)}${e.line === undefined ? '' : `:${e.line}`}`
      + `${e.value === undefined ? '' : ` = ${x(e.value)}`}`),
    ...(f.remediation ? [`  fix: ${x(f.remediation)}`] : []),
  ].join('\n')).join('\n');
}

function testcase(c: Case, tool: string): string {
  const name = c.target === undefined ? `${c.ruleId}: ${c.title}` : `${c.ruleId} ${c.target}: ${c.title}`;
  const open = `    <testcase classname="portcullis.${x(tool)}.${x(c.ruleId)}" name="${x(name)}" time="0">`;
  const active = c.findings.filter((f) => !f.suppressed);
  if (c.findings.length === 0) return `${open}</testcase>\n`;
  if (active.length === 0) {
    const reasons = [...new Set(c.findings.map((f) => f.suppressed!.reason))].join('; ');
    return `${open}\n      <skipped message="${x(`suppressed: ${reasons}`)}"/>\n    </testcase>\n`;
  }
  const worst = active.reduce((a, b) => (severityRank(b.severity) > severityRank(a.severity) ? b : a));
  return `${open}\n      <failure message="${x(worst.message)}" type="${worst.severity}">${failureBody(active)}</failure>\n`
    + '    </testcase>\n';
}

export const junitReporter: Reporter = {
  format: 'junit',
  description: 'JUnit XML: one testcase per rule and target, failures for findings',
  extension: 'xml',
  mediaType: 'application/xml',
  render(report: Report): string {
    const cs = cases(report);
    const failures = cs.filter((c) => c.findings.some((f) => !f.suppressed)).length;
    const skipped = cs.filter((c) => c.findings.length > 0 && c.findings.every((f) => f.suppressed)).length;
    const time = seconds(report.startedAt, report.finishedAt);
    const counts = `tests="${cs.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}"`;
    return '<?xml version="1.0" encoding="UTF-8"?>\n'
      + `<testsuites name="portcullis ${x(report.tool)}" ${counts}>\n`
      + `  <testsuite name="portcullis.${x(report.tool)}" ${counts} timestamp="${x(report.startedAt)}">\n`
      + `    <properties>\n      <property name="toolVersion" value="${x(report.toolVersion)}"/>\n`
      + (report.notes ?? []).map((n) => `      <property name="note" value="${x(n)}"/>\n`).join('')
      + '    </properties>\n'
      + cs.map((c) => testcase(c, report.tool)).join('')
      + '  </testsuite>\n</testsuites>\n';
  },
};
