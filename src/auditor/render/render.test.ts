// Unit tests of the audit output formats: exact table lines with file:line evidence, the JSON field names
// the issue fixes ({"findings":[{"id","severity","title","evidence",...}]}), JUnit escaping and skips.
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../core/report/finding.js';
import { filterBySeverity, type AuditSummary } from '../run-audit.js';
import { renderAudit } from './index.js';

const report: Report = {
  tool: 'audit', toolVersion: '1.2.3', startedAt: '2027-01-01T00:00:00.000Z', finishedAt: '2027-01-01T00:00:01.000Z',
  findings: [
    { ruleId: 'PCL-EXP-001', severity: 'critical', title: 'Docker API served on TCP without TLS', target: 'tcp://*:2375', cis: '2.7',
      message: 'served <plain> & open', remediation: 'Remove the tcp:// host.',
      evidence: [{ kind: 'file', location: '/etc/docker/daemon.json', line: 4, value: '"hosts": "tcp://0.0.0.0:2375"' }] },
    { ruleId: 'PCL-DMN-008', severity: 'info', title: 'No centralized logging', target: 'engine', message: 'json-file',
      evidence: [], suppressed: { reason: 'shipped by the node agent' } },
  ],
  rules: [], notes: ['could not read /root'],
};
const summary: AuditSummary = { dockerPresent: true, engine: 'unix:///var/run/docker.sock', containers: 0,
  counts: { critical: 1, high: 0, medium: 0, low: 0, info: 0 }, suppressed: 1, exposures: 1, routes: ['PCL-EXP-001 tcp://*:2375'], notApplicable: ['PCL-EXP-005'], verdict: 'the Docker API is exposed by 1 route(s)' };

describe('audit renderers', () => {
  it('table: verdict and counts first, exposure routes, host findings with file:line evidence, notes, verdict last', () => {
    const lines = renderAudit('table', report, summary).split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'portcullis audit — EXPOSED: the Docker API is exposed by 1 route(s)',
      '  route: PCL-EXP-001 tcp://*:2375',
      'findings: 2 (1 critical, 0 high, 0 medium, 0 low, 0 info), 1 suppressed; 0 container(s) checked; engine unix:///var/run/docker.sock',
      '',
    ]);
    expect(lines.slice(4, 12)).toEqual([
      '== Exposure routes (1) ==',
      '',
      'CRITICAL PCL-EXP-001  Docker API served on TCP without TLS',
      '         target:   tcp://*:2375   (CIS Docker 2.7)',
      '         what:     served <plain> & open',
      '         evidence: /etc/docker/daemon.json:4: "hosts": "tcp://0.0.0.0:2375"',
      '         fix:      Remove the tcp:// host.',
      '',
    ]);
    expect(lines).toContain('== Host, daemon and files (1) ==');
    expect(lines).toContain('INFO     PCL-DMN-008  No centralized logging [suppressed]');
    expect(lines.slice(-3)).toEqual(['note: could not read /root', 'portcullis audit: the Docker API is exposed by 1 route(s)', '']);
  });

  it('table on a busy engine: grouped by container, worst first, hygiene rolled up, fixes once per rule', () => {
    const c = (name: string, id: string, severity: Finding['severity'], title: string): Finding => ({ ruleId: id, severity, title,
      target: `container ${name} (${name}00000000)`, message: `${title} (running)`, remediation: `fix ${id}`, evidence: [{ kind: 'field', location: 'HostConfig', value: id }] });
    const many: Finding[] = [];
    for (let i = 0; i < 50; i++) many.push(c(`app${i}`, 'PCL-CFG-020', 'low', 'No memory limit'), c(`app${i}`, 'PCL-CFG-022', 'low', 'No PIDs limit'));
    many.push(c('miner', 'PCL-CFG-001', 'critical', 'Privileged container'), c('miner', 'PCL-CFG-020', 'low', 'No memory limit'));
    const big: Report = { ...report, findings: many, notes: [] };
    const sum: AuditSummary = { ...summary, exposures: 0, routes: [], suppressed: 0, containers: 51,
      counts: { critical: 1, high: 0, medium: 0, low: 101, info: 0 }, verdict: 'v' };
    const text = renderAudit('table', big, sum);
    const lines = text.split('\n');
    expect(lines[0]).toBe('portcullis audit — NOT EXPOSED: no route exposes the Docker API');
    expect(lines).toContain('== Containers (51 with findings) ==');
    const first = lines.findIndex((l) => l.startsWith('-- container '));
    expect(lines.slice(first, first + 5)).toEqual([
      '-- container miner (miner00000000): 1 critical, 1 low',
      '   CRITICAL PCL-CFG-001  Privileged container',
      '            Privileged container (running)',
      '            evidence: HostConfig: PCL-CFG-001',
      '   hygiene: PCL-CFG-020 no memory limit',
    ]);
    // Hygiene-only containers: one line naming them all, not a block each.
    const quiet = lines.find((l) => l.startsWith('-- 50 container(s) with hygiene findings only (see below): '));
    expect(quiet?.split(': ')[1]?.split(', ')).toHaveLength(50);
    expect(quiet).toContain('app7 (app700000000)');
    expect(lines.some((l) => l.startsWith('-- container app7'))).toBe(false);
    expect(lines).toContain('   PCL-CFG-020  No memory limit: 51 container(s)');
    expect(lines).toContain('   PCL-CFG-022  No PIDs limit: 50 container(s)');
    // One fix line per rule, not one per container.
    expect(text.split('fix PCL-CFG-020').length - 1).toBe(1);
    // The big table stays short whatever the number of hygiene-only containers.
    expect(lines.length).toBeLessThan(40);
  });

  it('table: fixes that name each container give way to the rule\'s own fix in the per-rule roll-up', () => {
    const f = (name: string): Finding => ({ ruleId: 'PCL-CFG-037', severity: 'low', title: 'Container runs as root', target: `container ${name} (${name}0000)`,
      message: 'root', remediation: `Recreate ${name} with --user 1000:1000.`, evidence: [] });
    const rules = [{ id: 'PCL-CFG-037', severity: 'low' as const, title: 'Container runs as root', description: 'd', remediation: 'Add USER <uid> to the image.' }];
    const two = renderAudit('table', { ...report, findings: [f('a'), f('b')], rules, notes: [] }, { ...summary, exposures: 0, routes: [] }).split('\n');
    expect(two).toContain('   PCL-CFG-037: Add USER <uid> to the image. (2 containers; each finding names its own change)');
    expect(two.some((l) => l.includes('Recreate a with'))).toBe(false);
    // A single container keeps its own, exact fix.
    const one = renderAudit('table', { ...report, findings: [f('a')], rules, notes: [] }, { ...summary, exposures: 0, routes: [] }).split('\n');
    expect(one).toContain('   PCL-CFG-037: Recreate a with --user 1000:1000.');
  });

  it('--min-severity: output keeps the findings at or above it; the summary keeps full counts and says what is hidden', () => {
    const shown = filterBySeverity({ report, summary }, 'high');
    expect(shown.report.findings.map((f) => f.ruleId)).toEqual(['PCL-EXP-001']);
    expect(shown.summary).toMatchObject({ minSeverity: 'high', hidden: 1, counts: summary.counts });
    expect(renderAudit('table', shown.report, shown.summary)).toContain('showing high and above (--min-severity): 1 finding(s) not shown');
    const doc = JSON.parse(renderAudit('json', shown.report, shown.summary));
    expect(Object.keys(doc)).toEqual(['tool', 'version', 'startedAt', 'finishedAt', 'summary', 'findings', 'notes']);
    expect(doc.findings).toHaveLength(1);
    expect(doc.summary).toMatchObject({ minSeverity: 'high', hidden: 1, exposures: 1, routes: ['PCL-EXP-001 tcp://*:2375'] });
    expect(filterBySeverity({ report, summary }, undefined).report).toBe(report);
  });

  it('json: findings with id, severity, title, evidence, remediation, cis, suppressed', () => {
    const doc = JSON.parse(renderAudit('json', report, summary));
    expect(Object.keys(doc)).toEqual(['tool', 'version', 'startedAt', 'finishedAt', 'summary', 'findings', 'notes']);
    expect(doc.findings[0]).toEqual({ id: 'PCL-EXP-001', severity: 'critical', title: 'Docker API served on TCP without TLS',
      target: 'tcp://*:2375', message: 'served <plain> & open', evidence: report.findings[0]!.evidence,
      remediation: 'Remove the tcp:// host.', cis: '2.7', attack: [], suppressed: null });
    expect(doc.findings[1].suppressed).toEqual({ reason: 'shipped by the node agent' });
  });

  it('junit: failures escaped, suppressed and not-applicable checks skipped, clean checks passed', () => {
    const x = renderAudit('junit', report, summary);
    expect(x).toContain('<failure type="critical" message="served &lt;plain&gt; &amp; open">');
    expect(x).toContain('name="PCL-DMN-008 No centralized logging [engine]"><skipped message="suppressed: shipped by the node agent"/>');
    expect(x).toContain('name="PCL-EXP-005 Docker socket mounted into a container"><skipped message="not applicable on this host"/>');
    expect(x).toContain('<testcase classname="portcullis.audit" name="PCL-DMN-001 No authorization plugin"/>');
    expect(x).toMatch(/failures="1" errors="0" skipped="2"/);
  });

  it('refuses an unknown format with the catalogued code', () => {
    expect(() => renderAudit('xml', report, summary)).toThrow(expect.objectContaining({ code: 'PCL_ERR_REPORT_FORMAT' }));
  });
});
