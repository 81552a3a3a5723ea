// Builds Findings from catalogued PCL-CFG rules so every analyser reports title, CIS control, ATT&CK ids and
// remediation from one place (the rule catalogue), with its own evidence and message.
import type { Evidence, Finding, Severity } from '../../report/finding.js';
import { CONFIG_RULES } from '../../rules/catalogue/config.js';

const BY_ID = new Map(CONFIG_RULES.map((r) => [r.id, r]));

export interface AnalyzeOptions {
  /** What the findings are about: a container name, `request 42`, an image. Default `request`. */
  readonly target?: string;
  /** Path prefix for evidence locations, e.g. `HostConfig` (default depends on the analyser). */
  readonly prefix?: string;
}

export function finding(ruleId: string, target: string, message: string, evidence: readonly Evidence[], severity?: Severity): Finding {
  const rule = BY_ID.get(ruleId);
  if (!rule) throw new Error(`unknown rule ${ruleId}`);
  return {
    ruleId,
    severity: severity ?? rule.severity,
    title: rule.title,
    target,
    message,
    evidence,
    ...(rule.remediation ? { remediation: rule.remediation } : {}),
    ...(rule.cis ? { cis: rule.cis } : {}),
    ...(rule.attack ? { attack: rule.attack } : {}),
  };
}

export const field = (location: string, value: unknown): Evidence => ({ kind: 'field', location, value: typeof value === 'string' ? value : JSON.stringify(value) ?? String(value) });
