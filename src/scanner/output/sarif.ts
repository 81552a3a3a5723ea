// SARIF 2.1.0 for scan findings (exposed endpoints, leaky proxies, --deep signs) with PCL-NET rule ids, so
// code-scanning dashboards can ingest a sweep the same way they ingest the auditor's findings.
import type { Report, Severity } from '../../core/report/finding.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

export function sarif(report: Report): string {
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: {
        name: 'portcullis', version: report.toolVersion, informationUri: 'https://github.com/portcullis/portcullis',
        rules: report.rules.map((r) => ({
          id: r.id, name: r.id, shortDescription: { text: r.title }, fullDescription: { text: r.description },
          ...(r.remediation ? { help: { text: r.remediation } } : {}),
          defaultConfiguration: { level: LEVEL[r.severity] },
          properties: { 'security-severity': { critical: '9.8', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' }[r.severity], tags: ['security'] },
        })),
      } },
      invocations: [{ executionSuccessful: true, startTimeUtc: report.startedAt, endTimeUtc: report.finishedAt }],
      results: report.findings.map((f) => ({
        ruleId: f.ruleId, level: LEVEL[f.severity], message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: `tcp://${f.target}` } }, logicalLocations: [{ name: f.target, kind: 'endpoint' }] }],
        properties: { severity: f.severity, evidence: f.evidence },
      })),
    }],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
