// Rule catalogue part: miner evidence (PCL-MIN-xxx) and campaign tactics (PCL-TTP-xxx) from core/rules.
// Derived from the rule modules themselves (registry.ts) so ids, titles and severities cannot drift.
import type { RuleInfo } from '../../report/finding.js';
import { listDetectionRules } from '../registry.js';

export const DETECTION_RULES: readonly RuleInfo[] = listDetectionRules();
