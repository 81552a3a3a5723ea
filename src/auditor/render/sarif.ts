// SARIF 2.1.0 output of an audit, in the shape GitHub code scanning accepts: rules with security-severity,
// one result per finding with a physical location when the evidence names a file, suppressions with reasons.
import { createHash } from 'node:crypto';
import type { Finding, Report, Severity } from '../../core/report/finding.js';
import { evidenceText } from './table.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
const SCORE: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

function location(f: Finding): Record<string, unknown>[] {
  const file = f.evidence.find((e) => e.kind === 'file' && e.location.startsWith('/'));
  if (file) {
    return [{ physicalLocation: { artifactLocation: { uri: `file://${encodeURI(file.location)}` },
      region: { startLine: file.line ?? 1 } } }];
  }
  return [{ logicalLocations: [{ name: f.target, kind: 'resource' }] }];
}

export function renderSarif(report: Report): string {
  const rules = report.rules.map((r) => ({
    id: r.id, name: r.id.replace(/-/g, ''),
    shortDescription: { text: r.title }, fullDescription: { text: r.description },
    help: { text: `${r.description}${r.remediation ? `\nFix: ${r.remediation}` : ''}${r.cis ? `\nCIS Docker Benchmark ${r.cis}` : ''}` },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { tags: ['security', 'docker', ...(r.cis ? [`CIS-${r.cis}`] : [])], 'security-severity': SCORE[r.severity], precision: 'high' },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.findings.map((f) => ({
    ruleId: f.ruleId, ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: `${f.message}${f.evidence.length ? `\nEvidence: ${f.evidence.map(evidenceText).join('; ')}` : ''}${f.remediation ? `\nFix: ${f.remediation}` : ''}` },
    locations: location(f),
    partialFingerprints: { 'portcullisFinding/v1': createHash('sha256').update(`${f.ruleId}\u0000${f.target}`).digest('hex').slice(0, 32) },
    properties: { severity: f.severity, target: f.target, 'security-severity': SCORE[f.severity] },
    ...(f.suppressed ? { suppressions: [{ kind: 'external', justification: f.suppressed.reason }] } : {}),
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'portcullis', semanticVersion: report.toolVersion, informationUri: 'https://github.com/portcullis/portcullis', rules } },
      automationDetails: { id: 'portcullis/audit/' },
      invocations: [{ executionSuccessful: true, startTimeUtc: report.startedAt, endTimeUtc: report.finishedAt,
        toolExecutionNotifications: (report.notes ?? []).map((n) => ({ level: 'note', message: { text: n } })) }],
      results,
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
