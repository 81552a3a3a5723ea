// The one findings model shared by scan, audit, watch, trap and the core's risk analysis: a Finding names a
// catalogued rule (PCL-...), how bad it is, what it is about, the evidence and the exact fix.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rank for sorting and --fail-on comparisons: critical = 4 ... info = 0. */
export function severityRank(s: Severity): number {
  return 4 - SEVERITIES.indexOf(s);
}

/** True when `s` is at least as severe as `threshold`. */
export function atLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

/** One piece of evidence: where it was seen and what was seen. */
export interface Evidence {
  /** What kind of place: a file, a process flag, an API field, an endpoint, a container. */
  readonly kind: 'file' | 'flag' | 'field' | 'endpoint' | 'container' | 'process' | 'event' | 'other';
  /** Where: a path, `pid 123`, `HostConfig.Binds[0]`, `127.0.0.1:2375`. */
  readonly location: string;
  /** 1-based line number for files. */
  readonly line?: number;
  /** The value observed (secrets redacted). */
  readonly value?: string;
}

export interface Finding {
  /** Stable, catalogued rule or check id (PCL-...). */
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  /** What the finding is about: host, endpoint, container name/id, request. */
  readonly target: string;
  /** One sentence: what is wrong here. */
  readonly message: string;
  readonly evidence: readonly Evidence[];
  /** The exact change that fixes it. */
  readonly remediation?: string;
  /** CIS Docker Benchmark control, e.g. "2.1". */
  readonly cis?: string;
  /** MITRE ATT&CK technique ids, e.g. ["T1610"]. */
  readonly attack?: readonly string[];
  /** Suppressed with a reason (kept in the report, not counted for --fail-on). */
  readonly suppressed?: { readonly reason: string };
}

/** Static description of a rule, used by SARIF and docs. */
export interface RuleInfo {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly description: string;
  readonly remediation?: string;
  readonly cis?: string;
  readonly attack?: readonly string[];
}

/** A run's worth of findings, the input of every reporter. */
export interface Report {
  /** Which front end produced it. */
  readonly tool: 'scan' | 'audit' | 'watch' | 'trap' | 'guard';
  readonly toolVersion: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly findings: readonly Finding[];
  /** Rules referenced by the findings (SARIF needs their descriptions). */
  readonly rules: readonly RuleInfo[];
  /** What could not be checked, and why (e.g. unreadable files as non-root). */
  readonly notes?: readonly string[];
}
