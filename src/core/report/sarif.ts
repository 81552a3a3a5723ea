// SARIF 2.1.0 as GitHub code scanning accepts it: rules with security-severity and tags, results with a
// file location (path + line) when the evidence is a file, else the target as a logical location (plus the
// synthetic artifact GitHub requires), and stable fingerprints.
import { createHash } from 'node:crypto';
import type { Evidence, Finding, Report, RuleInfo, Severity } from './finding.js';
import { PORTCULLIS_INFORMATION_URI, type RenderOptions, type Reporter } from './reporter.js';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note',
};

/** GitHub maps >= 9.0 critical, >= 7.0 high, >= 4.0 medium, > 0 low. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0',
};

/** Absolute host paths are expressed relative to a `ROOTPATH` base of file:///. */
const ROOT_BASE = 'ROOTPATH';

/** SARIF wants `name` as an identifier-like friendly name: "Docker API on TCP" -> "DockerApiOnTcp". */
function pascalName(title: string): string {
  return title.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join('');
}

function ruleDescriptor(r: RuleInfo) {
  const help = r.remediation ? `${r.description}\n\nRemediation: ${r.remediation}` : r.description;
  const markdown = r.remediation ? `${r.description}\n\n**Remediation:** ${r.remediation}` : r.description;
  const tags = ['security', 'docker', ...(r.cis ? [`cis-docker-${r.cis}`] : []), ...(r.attack ?? []).map((t) => `attack-${t}`)];
  return {
    id: r.id,
    name: pascalName(r.title) || r.id,
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text: help, markdown },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { 'security-severity': SECURITY_SEVERITY[r.severity], tags, precision: 'high', severity: r.severity },
  };
}

/** Rules from the report, then any rule a finding names that the report did not describe. */
function collectRules(report: Report): RuleInfo[] {
  const rules = new Map<string, RuleInfo>();
  for (const r of report.rules) if (!rules.has(r.id)) rules.set(r.id, r);
  for (const f of report.findings) {
    if (!rules.has(f.ruleId)) rules.set(f.ruleId, { id: f.ruleId, title: f.title, severity: f.severity, description: f.title });
  }
  return [...rules.values()];
}

function fileUri(path: string): { uri: string; uriBaseId?: string } {
  const rel = path.replace(/^\/+/, '');
  const uri = rel.split('/').map(encodeURIComponent).join('/');
  return path.startsWith('/') ? { uri, uriBaseId: ROOT_BASE } : { uri };
}

/**
 * GitHub code scanning rejects the whole upload when any result lacks a physical artifact location
 * ("locationFromSarifResult: expected artifact location"), so findings without file evidence point at a
 * synthetic artifact `portcullis/<tool>/<target>` and name the target as a logical location beside it.
 */
function locationsOf(f: Finding, tool: string) {
  const file = f.evidence.find((e: Evidence) => e.kind === 'file' && e.location !== '');
  if (file) {
    return [{
      physicalLocation: {
        artifactLocation: fileUri(file.location),
        ...(file.line !== undefined && file.line >= 1 ? { region: { startLine: file.line } } : {}),
      },
    }];
  }
  return [{
    physicalLocation: { artifactLocation: { uri: `portcullis/${encodeURIComponent(tool)}/${encodeURIComponent(f.target)}` } },
    logicalLocations: [{ name: f.target, fullyQualifiedName: f.target, kind: 'resource' }],
  }];
}

/** Stable across runs for the same rule, target and evidence places (not values, which may change). */
export function findingFingerprint(f: Finding): string {
  const places = f.evidence.map((e) => `${e.kind}:${e.location}:${e.line ?? ''}`).join('\n');
  return createHash('sha256').update(`${f.ruleId}\0${f.target}\0${places}`).digest('hex');
}

function result(f: Finding, ruleIndex: number, tool: string) {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: locationsOf(f, tool),
    partialFingerprints: { 'portcullisFinding/v1': findingFingerprint(f) },
    ...(f.suppressed ? { suppressions: [{ kind: 'external', justification: f.suppressed.reason }] } : {}),
    properties: {
      severity: f.severity,
      target: f.target,
      title: f.title,
      evidence: f.evidence,
      ...(f.remediation ? { remediation: f.remediation } : {}),
      ...(f.cis ? { cis: f.cis } : {}),
      ...(f.attack?.length ? { attack: f.attack } : {}),
    },
  };
}

function renderSarif(report: Report, options: RenderOptions = {}): string {
  const rules = collectRules(report);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const needsRoot = report.findings.some((f) => f.evidence.some((e) => e.kind === 'file' && e.location.startsWith('/')));
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'portcullis',
          version: report.toolVersion,
          semanticVersion: report.toolVersion,
          informationUri: options.informationUri ?? PORTCULLIS_INFORMATION_URI,
          rules: rules.map(ruleDescriptor),
        },
      },
      automationDetails: { id: `portcullis/${report.tool}/` },
      ...(needsRoot ? { originalUriBaseIds: { [ROOT_BASE]: { uri: 'file:///' } } } : {}),
      invocations: [{
        executionSuccessful: true,
        startTimeUtc: report.startedAt,
        endTimeUtc: report.finishedAt,
        ...(report.notes?.length ? {
          toolExecutionNotifications: report.notes.map((n) => ({ level: 'warning', message: { text: n } })),
        } : {}),
      }],
      results: report.findings.map((f) => result(f, index.get(f.ruleId)!, report.tool)),
    }],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export const sarifReporter: Reporter = {
  format: 'sarif',
  description: 'SARIF 2.1.0 for GitHub code scanning and other SAST viewers',
  extension: 'sarif',
  mediaType: 'application/sarif+json',
  render: renderSarif,
};
