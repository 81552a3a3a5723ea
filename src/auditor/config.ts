// The audit configuration file (YAML): suppressions, each with a reason, and a default --fail-on. Validated
// with zod; every error names the line and the fix, because a silently ignored suppression hides nothing.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { PortcullisError } from '../core/errors/index.js';
import { SEVERITIES, type Finding } from '../core/report/finding.js';
import { RULE_ID_PATTERN, ruleInfo } from '../core/rules/catalogue.js';

const Suppression = z.object({
  id: z.string({ required_error: 'missing: name the rule id to suppress, e.g. id: PCL-DMN-008' })
    .regex(RULE_ID_PATTERN, 'must be a rule id like PCL-DMN-008'),
  reason: z.string({ required_error: 'missing: every suppression needs a reason (why this finding is accepted)' })
    .trim().min(3, 'give the reason this finding is accepted (at least a few words)'),
  target: z.string().min(1).optional(),
  expires: z.union([z.string(), z.date()]).optional(),
}).strict();

const AuditConfig = z.object({
  'fail-on': z.enum(SEVERITIES).optional(),
  suppress: z.array(Suppression).default([]),
}).strict();

export type AuditConfig = z.infer<typeof AuditConfig>;
export type SuppressionRule = z.infer<typeof Suppression>;

/** Parse and validate config text; `file` names it in errors. */
export function parseAuditConfig(text: string, file: string, now: Date): AuditConfig {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = lc.linePos(e.pos[0]).line;
    throw new PortcullisError('PCL_ERR_CONFIG_INVALID', `${file}:${line}: not valid YAML (${e.message.split('\n')[0]}); fix the syntax on that line`);
  }
  const r = AuditConfig.safeParse(doc.toJS() ?? {});
  if (!r.success) {
    const lines = r.error.issues.slice(0, 5).map((issue) => {
      let node: unknown = doc.getIn(issue.path, true);
      for (let n = issue.path.length; (!node || !(node as { range?: unknown }).range) && n > 0; n--) node = doc.getIn(issue.path.slice(0, n - 1), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      const line = range ? lc.linePos(range[0]).line : 1;
      const where = issue.path.join('.') || '(top level)';
      const hint = issue.code === 'unrecognized_keys' ? ` (allowed keys: ${issue.path.length === 0 ? 'fail-on, suppress' : 'id, reason, target, expires'})` : '';
      return `${file}:${line}: ${where}: ${issue.message}${hint}`;
    });
    throw new PortcullisError('PCL_ERR_CONFIG_INVALID', lines.join('; '));
  }
  for (const [i, s] of r.data.suppress.entries()) {
    const line = (() => { const n = doc.getIn(['suppress', i], true) as { range?: [number, number, number] } | undefined; return n?.range ? lc.linePos(n.range[0]).line : 1; })();
    if (!ruleInfo(s.id)) {
      throw new PortcullisError('PCL_ERR_CONFIG_INVALID', `${file}:${line}: suppress[${i}].id: ${s.id} is not a known rule; see docs/RULES.md for the ids`);
    }
    if (s.expires !== undefined && Number.isNaN(new Date(s.expires).getTime())) {
      throw new PortcullisError('PCL_ERR_CONFIG_INVALID', `${file}:${line}: suppress[${i}].expires: "${String(s.expires)}" is not a date; write YYYY-MM-DD`);
    }
  }
  void now;
  return r.data;
}

export function loadAuditConfig(file: string, now: Date): AuditConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PortcullisError('PCL_ERR_CONFIG_UNREADABLE', `cannot read the audit config ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseAuditConfig(text, file, now);
}

/** Mark findings suppressed by the config (expired suppressions no longer apply, and say so). */
export function applySuppressions(findings: readonly Finding[], cfg: AuditConfig | undefined, now: Date, notes: string[]): Finding[] {
  if (!cfg) return [...findings];
  const live = cfg.suppress.filter((s) => {
    if (s.expires === undefined || new Date(s.expires).getTime() > now.getTime()) return true;
    notes.push(`suppression of ${s.id}${s.target ? ` for ${s.target}` : ''} expired on ${new Date(s.expires).toISOString().slice(0, 10)} and no longer applies`);
    return false;
  });
  return findings.map((f) => {
    const s = live.find((x) => x.id === f.ruleId && (x.target === undefined || x.target === f.target || f.target.includes(x.target)));
    return s ? { ...f, suppressed: { reason: s.reason } } : f;
  });
}
