// Builds audit findings from the rule catalogue: one finding per (rule, target), evidence merged across every
// route that shows the same problem, title/severity/CIS/remediation taken from the catalogue unless overridden.
import type { Evidence, Finding, Severity } from '../report/finding.js';
import { ruleInfo } from '../rules/catalogue.js';

export interface AddOptions {
  readonly severity?: Severity;
  /** The exact change for this instance (defaults to the rule's remediation). */
  readonly remediation?: string;
}

export class FindingSet {
  private readonly byKey = new Map<string, { f: Finding; ev: Evidence[]; seen: Set<string> }>();

  add(ruleId: string, target: string, message: string, evidence: readonly Evidence[], opts: AddOptions = {}): void {
    const rule = ruleInfo(ruleId);
    if (!rule) throw new Error(`unknown rule id ${ruleId}: add it to src/core/rules/catalogue/audit.ts`);
    const key = `${ruleId}\u0000${target}`;
    let entry = this.byKey.get(key);
    if (!entry) {
      const f: Finding = {
        ruleId, target, message, evidence: [],
        severity: opts.severity ?? rule.severity,
        title: rule.title,
        remediation: opts.remediation ?? rule.remediation,
        ...(rule.cis ? { cis: rule.cis } : {}),
        ...(rule.attack ? { attack: rule.attack } : {}),
      };
      entry = { f, ev: [], seen: new Set() };
      this.byKey.set(key, entry);
    } else if (opts.severity && rankOf(opts.severity) > rankOf(entry.f.severity)) {
      entry.f = { ...entry.f, severity: opts.severity, message };
    }
    for (const e of evidence) {
      const k = JSON.stringify(e);
      if (entry.seen.has(k)) continue;
      entry.seen.add(k);
      entry.ev.push(e);
    }
  }

  list(): Finding[] {
    return [...this.byKey.values()].map(({ f, ev }) => ({ ...f, evidence: ev }));
  }
}

function rankOf(s: Severity): number {
  return ['info', 'low', 'medium', 'high', 'critical'].indexOf(s);
}
