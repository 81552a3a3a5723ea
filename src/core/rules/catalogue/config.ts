// Rule catalogue part: container, exec, service and volume configuration risks from the docker-api core (PCL-CFG-xxx).
import type { RuleInfo } from '../../report/finding.js';

export const CONFIG_RULES: readonly RuleInfo[] = [
];
