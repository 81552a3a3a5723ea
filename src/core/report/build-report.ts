// Assembles a Report from a run's findings, filling `rules` from the rule catalogue so every format (SARIF
// above all) can describe each rule; front ends call this instead of listing rules themselves.
import { ruleInfo } from '../rules/catalogue.js';
import type { Finding, Report, RuleInfo } from './finding.js';

export interface BuildReportInput {
  readonly tool: Report['tool'];
  readonly toolVersion: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly findings: readonly Finding[];
  /** Rules evaluated without findings (JUnit shows them as passed); ids unknown to the catalogue are skipped. */
  readonly checkedRuleIds?: readonly string[];
  readonly notes?: readonly string[];
  /** Where to look rules up (defaults to the catalogue); a parameter so tests stay independent of it. */
  readonly lookup?: (id: string) => RuleInfo | undefined;
}

/**
 * @example const report = buildReport({ tool: 'audit', toolVersion: VERSION, startedAt, finishedAt, findings });
 */
export function buildReport(input: BuildReportInput): Report {
  const lookup = input.lookup ?? ruleInfo;
  const ids = [...new Set([...input.findings.map((f) => f.ruleId), ...(input.checkedRuleIds ?? [])])];
  const rules = ids.map((id) => lookup(id)).filter((r): r is RuleInfo => r !== undefined);
  return {
    tool: input.tool, toolVersion: input.toolVersion, startedAt: input.startedAt, finishedAt: input.finishedAt,
    findings: input.findings, rules, ...(input.notes?.length ? { notes: input.notes } : {}),
  };
}
