// Which response a finding gets: alert, pause, stop or kill, chosen per rule id or per severity, with an
// allow-list of known-good images and labels. Pure, so `--dry-run` and tests see the same decision.
import { PortcullisError } from '../core/errors/index.js';
import { SEVERITIES, severityRank, type Finding, type Severity } from '../core/report/finding.js';

export const RESPONSES = ['alert', 'pause', 'stop', 'kill'] as const;
export type ResponseAction = (typeof RESPONSES)[number];

export interface ResponsePolicy {
  /** Per-rule actions win over per-severity ones. */
  readonly byRule: Readonly<Record<string, ResponseAction>>;
  readonly bySeverity: Readonly<Partial<Record<Severity, ResponseAction>>>;
  /** Image patterns (glob with *) and label selectors (key or key=value) that are never acted on. */
  readonly allowImages: readonly string[];
  readonly allowLabels: readonly string[];
  /** Findings below this severity raise no alert. */
  readonly minSeverity: Severity;
}

export const DEFAULT_POLICY: ResponsePolicy = { byRule: {}, bySeverity: {}, allowImages: [], allowLabels: [], minSeverity: 'medium' };

/**
 * Parse `--respond` values: `critical=kill`, `high=stop`, `PCL-MIN-001=pause`.
 * @example parseResponseSpecs(['critical=kill']) // { byRule: {}, bySeverity: { critical: 'kill' } }
 */
export function parseResponseSpecs(specs: readonly string[]): Pick<ResponsePolicy, 'byRule' | 'bySeverity'> {
  const byRule: Record<string, ResponseAction> = {};
  const bySeverity: Partial<Record<Severity, ResponseAction>> = {};
  for (const spec of specs) {
    const m = /^([A-Za-z0-9-]+)=([a-z]+)$/.exec(spec.trim());
    const action = m?.[2] as ResponseAction | undefined;
    if (!m || !action || !RESPONSES.includes(action)) {
      throw new PortcullisError('PCL_ERR_CLI_USAGE',
        `cannot read --respond "${spec}": use SEVERITY=ACTION or RULE-ID=ACTION with ACTION one of ${RESPONSES.join(', ')} (e.g. critical=kill)`);
    }
    const key = m[1] as string;
    if ((SEVERITIES as readonly string[]).includes(key)) bySeverity[key as Severity] = action;
    else if (/^PCL-[A-Z]{2,5}-\d{3}$/.test(key)) byRule[key] = action;
    else throw new PortcullisError('PCL_ERR_CLI_USAGE', `--respond "${spec}": "${key}" is neither a severity (${SEVERITIES.join(', ')}) nor a rule id like PCL-MIN-001`);
  }
  return { byRule, bySeverity };
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

/** True when the container is allow-listed by image or label. */
export function isAllowed(policy: ResponsePolicy, image: string, labels: Readonly<Record<string, string>>): boolean {
  if (policy.allowImages.some((p) => globMatch(p, image))) return true;
  return policy.allowLabels.some((sel) => {
    const eq = sel.indexOf('=');
    if (eq < 0) return sel in labels;
    return labels[sel.slice(0, eq)] === sel.slice(eq + 1);
  });
}

const STRENGTH: Record<ResponseAction, number> = { alert: 0, pause: 1, stop: 2, kill: 3 };

/** How strong an action is (alert 0 < pause < stop < kill): a stronger one supersedes a weaker one taken before. */
export function responseStrength(a: ResponseAction): number {
  return STRENGTH[a];
}

/** The strongest action any of the findings calls for (alert when none asks for more). */
export function actionFor(policy: ResponsePolicy, findings: readonly Finding[]): ResponseAction {
  let best: ResponseAction = 'alert';
  for (const f of findings) {
    if (severityRank(f.severity) < severityRank(policy.minSeverity)) continue;
    const a = policy.byRule[f.ruleId] ?? policy.bySeverity[f.severity] ?? 'alert';
    if (STRENGTH[a] > STRENGTH[best]) best = a;
  }
  return best;
}
