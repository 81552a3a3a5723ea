// Counts over a report's findings, shared by the table footer, the JSON summary and the JUnit totals.
// Suppressed findings are counted apart and never raise `highest` (they do not count for --fail-on).
import { SEVERITIES, severityRank, type Finding, type Report, type Severity } from './finding.js';

export interface ReportSummary {
  /** All findings, suppressed included. */
  readonly total: number;
  /** Unsuppressed findings by severity (every severity present, zero when none). */
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly suppressed: number;
  /** The worst unsuppressed severity, or null when there is none. */
  readonly highest: Severity | null;
  /** Distinct targets and rules among the findings. */
  readonly targets: number;
  readonly rules: number;
}

export function summarize(report: Pick<Report, 'findings'>): ReportSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let suppressed = 0;
  let highest: Severity | null = null;
  for (const f of report.findings) {
    if (f.suppressed) { suppressed++; continue; }
    bySeverity[f.severity]++;
    if (highest === null || severityRank(f.severity) > severityRank(highest)) highest = f.severity;
  }
  return {
    total: report.findings.length, bySeverity, suppressed, highest,
    targets: new Set(report.findings.map((f) => f.target)).size,
    rules: new Set(report.findings.map((f) => f.ruleId)).size,
  };
}

/** Worst first, then by rule id and target, stable otherwise. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity)
    || a.ruleId.localeCompare(b.ruleId) || a.target.localeCompare(b.target));
}

/** "3 findings: 1 critical, 2 high (1 suppressed)" */
export function summaryLine(s: ReportSummary): string {
  const active = s.total - s.suppressed;
  if (s.total === 0) return 'No findings.';
  const parts = SEVERITIES.filter((sev) => s.bySeverity[sev] > 0).map((sev) => `${s.bySeverity[sev]} ${sev}`);
  const head = `${active} finding${active === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
  return s.suppressed ? `${head} (${s.suppressed} suppressed)` : head;
}
