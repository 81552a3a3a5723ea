// Human output of an audit, readable on a busy engine: the verdict and counts first, then exposure routes, then
// host and daemon findings, then one group per container (serious findings in full, hygiene rolled into one line),
// a roll-up of hygiene findings across containers, the fixes once per rule, notes, and the verdict line last.
import type { Evidence, Finding, Report } from '../../core/report/finding.js';
import { SEVERITIES, atLeast } from '../../core/report/finding.js';
import type { AuditSummary } from '../run-audit.js';

export function evidenceText(e: Evidence): string {
  const where = e.line !== undefined ? `${e.location}:${e.line}` : e.location;
  return e.value !== undefined ? `${where}: ${e.value}` : where;
}

const EXPOSURE = /^PCL-EXP-00[1-4]$|^PCL-EXP-01[12]$/;
/**
 * Container findings below this severity are hygiene (no limits, always-restart...): one line per container, with
 * medium findings that most containers share.
 */
const HYGIENE_BELOW = 'medium';

function counts(fs: readonly Finding[]): string {
  const c = SEVERITIES.map((s) => [s, fs.filter((f) => f.severity === s && !f.suppressed).length] as const).filter(([, n]) => n > 0);
  return c.map(([s, n]) => `${n} ${s}`).join(', ') || 'none';
}

function block(out: string[], f: Finding, withFix: boolean): void {
  const tag = f.suppressed ? ' [suppressed]' : '';
  out.push(`${f.severity.toUpperCase().padEnd(8)} ${f.ruleId}  ${f.title}${tag}`);
  out.push(`         target:   ${f.target}${f.cis ? `   (CIS Docker ${f.cis})` : ''}`);
  out.push(`         what:     ${f.message}`);
  for (const e of f.evidence) out.push(`         evidence: ${evidenceText(e)}`);
  if (withFix && f.remediation) out.push(`         fix:      ${f.remediation}`);
  if (f.suppressed) out.push(`         reason:   ${f.suppressed.reason}`);
  out.push('');
}

function header(summary: AuditSummary, total: number): string[] {
  const routes = summary.routes ?? [];
  const head = !summary.dockerPresent && summary.exposures === 0 ? 'NO DOCKER: no Docker engine found on this host; nothing exposed'
    : summary.exposures > 0 ? `EXPOSED: the Docker API is exposed by ${summary.exposures} route(s)` : 'NOT EXPOSED: no route exposes the Docker API';
  const lines = [`portcullis audit — ${head}`];
  for (const r of routes.slice(0, 20)) lines.push(`  route: ${r}`);
  if (routes.length > 20) lines.push(`  ... and ${routes.length - 20} more route(s)`);
  const c = SEVERITIES.map((s) => `${summary.counts[s]} ${s}`).join(', ');
  lines.push(`findings: ${total} (${c})${summary.suppressed ? `, ${summary.suppressed} suppressed` : ''}; ${summary.containers} container(s) checked; engine ${summary.engine}`);
  if (summary.minSeverity) lines.push(`showing ${summary.minSeverity} and above (--min-severity): ${summary.hidden ?? 0} finding(s) not shown`);
  lines.push('');
  return lines;
}

export function renderTable(report: Report, summary: AuditSummary): string {
  const all = report.findings;
  const total = Object.values(summary.counts).reduce((a, b) => a + b, 0) + summary.suppressed;
  const out = header(summary, total);
  const isContainer = (f: Finding) => f.target.startsWith('container ');
  const exposure = all.filter((f) => EXPOSURE.test(f.ruleId) && !isContainer(f));
  const host = all.filter((f) => !EXPOSURE.test(f.ruleId) && !isContainer(f));
  const byContainer = new Map<string, Finding[]>();
  for (const f of all.filter(isContainer)) byContainer.set(f.target, [...(byContainer.get(f.target) ?? []), f]);

  if (exposure.length) { out.push(`== Exposure routes (${exposure.length}) ==`, ''); for (const f of exposure) block(out, f, true); }
  if (host.length) { out.push(`== Host, daemon and files (${host.length}) ==`, ''); for (const f of host) block(out, f, true); }
  if (byContainer.size) {
    out.push(`== Containers (${byContainer.size} with findings) ==`, '');
    // Every distinct fix per rule: one shared fix is shown as is; fixes that name each container give way to the rule's.
    const fixes = new Map<string, Set<string>>();
    const addFix = (id: string, fix: string) => fixes.set(id, (fixes.get(id) ?? new Set<string>()).add(fix));
    const hygiene = new Map<string, { title: string; n: number }>();
    // Worst containers first: by their most severe finding, then by how many serious findings they have.
    const worst = (fs: Finding[]) => Math.min(...fs.map((f) => SEVERITIES.indexOf(f.severity)));
    // A medium finding that most containers share (e.g. the host cgroup namespace on cgroup v1) is an engine-wide
    // default, not news about one container: it is rolled up with the hygiene findings.
    const perRule = new Map<string, number>();
    for (const fs of byContainer.values()) for (const id of new Set(fs.map((f) => f.ruleId))) perRule.set(id, (perRule.get(id) ?? 0) + 1);
    const common = (f: Finding) => f.severity === 'medium' && (perRule.get(f.ruleId) ?? 0) >= Math.max(10, byContainer.size / 2);
    const groups = [...byContainer.entries()].sort((a, b) => worst(a[1]) - worst(b[1]) || b[1].length - a[1].length || a[0].localeCompare(b[0]));
    const quiet: string[] = [];
    for (const [target, fs] of groups) {
      const serious = fs.filter((f) => (atLeast(f.severity, HYGIENE_BELOW) && !common(f)) || f.suppressed);
      const minor = fs.filter((f) => !serious.includes(f));
      for (const f of minor) {
        const h = hygiene.get(f.ruleId) ?? { title: f.title, n: 0 };
        hygiene.set(f.ruleId, { title: h.title, n: h.n + 1 });
        if (f.remediation) addFix(f.ruleId, f.remediation);
      }
      // Containers with nothing but hygiene findings are listed by name once, not one block each.
      if (serious.length === 0) { quiet.push(target.replace(/^container /, '')); continue; }
      out.push(`-- ${target}: ${counts(fs)}`);
      for (const f of serious) {
        out.push(`   ${f.severity.toUpperCase().padEnd(8)} ${f.ruleId}  ${f.title}${f.suppressed ? ' [suppressed]' : ''}${f.cis ? `   (CIS Docker ${f.cis})` : ''}`);
        out.push(`            ${f.message}`);
        for (const e of f.evidence.slice(0, 3)) out.push(`            evidence: ${evidenceText(e)}`);
        if (f.evidence.length > 3) out.push(`            evidence: ... ${f.evidence.length - 3} more`);
        if (f.suppressed) out.push(`            reason:   ${f.suppressed.reason}`);
        if (f.remediation && !/^PCL-EXP/.test(f.ruleId)) addFix(f.ruleId, f.remediation);
        else if (f.remediation) out.push(`            fix:      ${f.remediation}`);
      }
      if (minor.length) out.push(`   hygiene: ${minor.map((f) => `${f.ruleId} ${f.title.toLowerCase()}`).join('; ')}`);
      out.push('');
    }
    if (quiet.length) out.push(`-- ${quiet.length} container(s) with hygiene findings only (see below): ${quiet.join(', ')}`, '');
    if (hygiene.size) {
      out.push('== Hygiene across containers ==');
      for (const [id, h] of [...hygiene.entries()].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0]))) {
        out.push(`   ${id}  ${h.title}: ${h.n} container(s)`);
      }
      out.push('');
    }
    if (fixes.size) {
      out.push('== Fixes for container findings (one per rule) ==');
      for (const [id, set] of [...fixes.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
        const fix = set.size === 1 ? [...set][0] : report.rules.find((r) => r.id === id)?.remediation ?? [...set][0];
        out.push(`   ${id}: ${fix}${set.size > 1 ? ` (${set.size} containers; each finding names its own change)` : ''}`);
      }
      out.push('');
    }
  }
  if (all.length === 0) out.push(summary.minSeverity && (summary.hidden ?? 0) > 0 ? `No findings at ${summary.minSeverity} or above.` : 'No findings.', '');
  for (const n of report.notes ?? []) out.push(`note: ${n}`);
  out.push(`portcullis audit: ${summary.verdict}`);
  return `${out.join('\n')}\n`;
}
