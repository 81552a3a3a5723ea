// Rule catalogue part: host and daemon audit checks (PCL-EXP-xxx exposure, PCL-DMN-xxx daemon, PCL-FIL-xxx files).
import type { RuleInfo } from '../../report/finding.js';

export const AUDIT_RULES: readonly RuleInfo[] = [
];
