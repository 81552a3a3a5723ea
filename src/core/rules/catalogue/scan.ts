// Rule catalogue part: scan verdicts (PCL-NET-xxx).
import type { RuleInfo } from '../../report/finding.js';

export const SCAN_RULES: readonly RuleInfo[] = [
];
