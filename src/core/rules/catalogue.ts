// The rule catalogue: every PCL-... id used in findings, SARIF, events and docs/RULES.md, merged from one
// list per owner so areas never edit each other's files. test/conformance/rule-ids.test.ts ties it to docs.
import type { RuleInfo } from '../report/finding.js';
import { CONFIG_RULES } from './catalogue/config.js';
import { DETECTION_RULES } from './catalogue/detection.js';
import { AUDIT_RULES } from './catalogue/audit.js';
import { SCAN_RULES } from './catalogue/scan.js';

export const RULES: readonly RuleInfo[] = [...CONFIG_RULES, ...DETECTION_RULES, ...AUDIT_RULES, ...SCAN_RULES];

export const RULE_ID_PATTERN = /^PCL-[A-Z]{2,5}-\d{3}$/;

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleInfo | undefined {
  return BY_ID.get(id);
}
