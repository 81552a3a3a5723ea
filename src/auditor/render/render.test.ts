// Unit tests of the audit output formats: exact table lines with file:line evidence, the JSON field names
// the issue fixes ({"findings":[{"id","severity","title","evidence",...}]}), JUnit escaping and skips.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../core/report/finding.js';
import type { AuditSummary } from '../run-audit.js';
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
  counts: { critical: 1, high: 0, medium: 0, low: 0, info: 0 }, suppressed: 1, exposures: 1, notApplicable: ['PCL-EXP-005'], verdict: 'the Docker API is exposed by 1 route(s)' };

describe('audit renderers', () => {
  it('table: one block per finding, evidence as file:line, notes, then the verdict', () => {
    const lines = renderAudit('table', report, summary).split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'CRITICAL PCL-EXP-001  Docker API served on TCP without TLS',
      '         target:   tcp://*:2375   (CIS Docker 2.7)',
      '         what:     served <plain> & open',
      '         evidence: /etc/docker/daemon.json:4: "hosts": "tcp://0.0.0.0:2375"',
      '         fix:      Remove the tcp:// host.',
      '',
    ]);
    expect(lines).toContain('INFO     PCL-DMN-008  No centralized logging [suppressed]');
    expect(lines.slice(-3)).toEqual(['note: could not read /root', 'portcullis audit: the Docker API is exposed by 1 route(s)', '']);
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
