// Audit findings: the latest audit of each host, most severe first, with evidence and the exact remediation.
import type { AuditView } from '../data.js';
import { badge, h, raw, table, when, type Html } from '../html.js';
import { hbars, SEVERITY_COLORS } from '../svg.js';

export function auditPage(v: AuditView): Html {
  if (v.runs.length === 0) return h`<p class="empty">No audit in the store yet. Run <code>portcullis audit</code>.</p>`;
  const sev = Object.entries(v.bySeverity).map(([label, value]) => ({ label, value, color: SEVERITY_COLORS[label] ?? '#888' }));
  return h`${raw(hbars('Findings by severity', sev))}
${v.runs.map(({ run, findings }) => h`<section class="run" id="run-${run.id}"><h2>${run.host} <span class="sub">${run.target ?? ''} · ${when(run.finishedAt ?? run.startedAt)} · ${run.id}</span></h2>
${table(['Severity', 'Rule', 'Target', 'Finding', 'Evidence', 'Remediation'], findings.map((f) => h`<tr${f.suppressed ? raw(' class="suppressed"') : ''}>
<td>${badge(f.severity)}</td><td>${f.ruleId}${f.cis ? h`<br><span class="sub">CIS ${f.cis}</span>` : ''}</td><td><code>${f.target}</code></td><td><strong>${f.title}</strong><br>${f.message}${f.suppressed ? h`<br><em>suppressed: ${f.suppressed.reason}</em>` : ''}</td>
<td>${f.evidence.map((e) => h`<div><code>${e.location}${e.line ? `:${e.line}` : ''}</code>${e.value ? h` = <code>${e.value}</code>` : ''}</div>`)}</td>
<td class="remediation">${f.remediation ?? ''}</td></tr>`), 'No finding: this host passed every check.')}</section>`)}`;
}
