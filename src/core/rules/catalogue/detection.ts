// Rule catalogue part: miner evidence (PCL-MIN-xxx) and campaign tactics (PCL-TTP-xxx) from core/rules.
import type { RuleInfo } from '../../report/finding.js';

export const DETECTION_RULES: readonly RuleInfo[] = [
];
