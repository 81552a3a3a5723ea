// Scan results as the one findings model (PCL-NET rules), so SARIF and the store speak the same ids as the
// other front ends: exposed endpoints, protected ones that still leak identity, and --deep compromise signs.
import type { Finding, Report, RuleInfo, Severity } from '../../core/report/finding.js';
import { ruleInfo } from '../../core/rules/catalogue.js';
import type { ScanResult } from '../types.js';

export function endpointName(r: Pick<ScanResult, 'host' | 'port'>): string {
  return r.host.includes(':') ? `[${r.host}]:${r.port}` : `${r.host}:${r.port}`;
}

function finding(ruleId: string, r: ScanResult, message: string, extra: Partial<Finding> = {}): Finding {
  const info = ruleInfo(ruleId);
  return {
    ruleId, severity: info?.severity ?? 'high', title: info?.title ?? ruleId, target: endpointName(r), message,
    evidence: [{ kind: 'endpoint', location: endpointName(r), value: [r.transport, r.engine?.product, r.engine?.version, r.engine?.apiVersion && `API ${r.engine.apiVersion}`].filter(Boolean).join(' ') }],
    ...(info?.remediation ? { remediation: info.remediation } : {}),
    ...(info?.attack ? { attack: info.attack } : {}),
    ...(info?.cis ? { cis: info.cis } : {}),
    ...extra,
  };
}

/** Findings for one result (none for closed, filtered, not-docker, unresponsive, error). */
export function findingsOf(r: ScanResult): Finding[] {
  const out: Finding[] = [];
  if (r.state === 'exposed' && r.ruleId) out.push(finding(r.ruleId, r, r.reason));
  if (r.state === 'protected') {
    out.push(finding('PCL-NET-003', r, r.reason));
    if (r.engine && r.refusal && r.refusal.by !== 'mtls' && r.refusal.by !== 'auth') {
      out.push(finding('PCL-NET-004', r, `control is refused but /version answers anyone: ${r.engine.product} ${r.engine.version ?? ''}`.trim()));
    }
  }
  for (const s of r.deep?.compromise ?? []) {
    out.push(finding(s.ruleId, r, `${s.title}: ${s.subject}`, {
      severity: s.severity as Severity,
      evidence: [{ kind: 'container', location: `${endpointName(r)} ${s.subject}`, value: s.detail }],
    }));
  }
  return out;
}

/** A core Report of the scan, for SARIF and any core reporter. */
export function scanReport(results: readonly ScanResult[], meta: { toolVersion: string; startedAt: string; finishedAt: string }): Report {
  return reportOf(results.flatMap(findingsOf), meta);
}

/** A core Report from findings gathered while the scan ran (results themselves are not kept). */
export function reportOf(findings: readonly Finding[], meta: { toolVersion: string; startedAt: string; finishedAt: string }): Report {
  const ids = [...new Set(findings.map((f) => f.ruleId))];
  const rules = ids.map((id) => ruleInfo(id)).filter((x): x is RuleInfo => !!x);
  return { tool: 'scan', ...meta, findings: [...findings], rules };
}
