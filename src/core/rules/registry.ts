// The detection rule list, in id order: the one place a new rule is registered (catalogue/detection.ts and
// docs/RULES.md follow from it; the conformance and unit tests check both).
import type { RuleInfo } from '../report/finding.js';
import type { DetectionRule } from './types.js';
import { knownMinerBinary } from './miner/known-binary.js';
import { minerArguments } from './miner/miner-arguments.js';
import { stratumUrl } from './miner/stratum-url.js';
import { poolHost } from './miner/pool-host.js';
import { walletAddress } from './miner/wallet.js';
import { minerImage } from './miner/miner-image.js';
import { minerConfig } from './miner/miner-config.js';
import { masqueradingProcess } from './miner/masquerading-process.js';
import { poolPort } from './miner/pool-port.js';
import { cpuSaturation } from './miner/cpu-saturation.js';
import { hostMountChroot } from './ttp/host-mount-chroot.js';
import { downloadPipeShell } from './ttp/download-pipe-shell.js';
import { downloadExecute } from './ttp/download-execute.js';
import { hostPersistence } from './ttp/host-persistence.js';
import { sshKeyPersistence } from './ttp/ssh-key-persistence.js';
import { rivalRemoval } from './ttp/rival-removal.js';
import { defenceImpairment } from './ttp/defence-impairment.js';
import { dockerApiScanner } from './ttp/docker-api-scanner.js';
import { credentialTheft } from './ttp/credential-theft.js';
import { anonymisedC2 } from './ttp/anonymised-c2.js';
import { encodedPayload } from './ttp/encoded-payload.js';
import { socketEscape } from './ttp/socket-escape.js';

export const DETECTION_RULE_MODULES: readonly DetectionRule[] = [
  knownMinerBinary, minerArguments, stratumUrl, poolHost, walletAddress, minerImage, minerConfig, masqueradingProcess, poolPort, cpuSaturation,
  hostMountChroot, downloadPipeShell, downloadExecute, hostPersistence, sshKeyPersistence, rivalRemoval, defenceImpairment,
  dockerApiScanner, credentialTheft, anonymisedC2, encodedPayload, socketEscape,
];

export function toRuleInfo(r: DetectionRule): RuleInfo {
  return { id: r.id, title: r.title, severity: r.severity, description: r.description, remediation: r.remediation, attack: r.attack };
}

/** Rule list for docs, SARIF and `--list-rules`. */
export function listDetectionRules(): readonly RuleInfo[] {
  return DETECTION_RULE_MODULES.map(toRuleInfo);
}
