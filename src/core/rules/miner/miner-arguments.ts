// PCL-MIN-002: a (possibly renamed) program is argued like a miner: pool URL, wallet user, donate level, algo.
import { MINER_BINARY_RE } from '../knowledge/miners.js';
import { minerArgSignals } from '../indicators/miner-args.js';
import { cmdEvidence } from '../helpers.js';
import { progName } from '../shell/split.js';
import type { DetectionRule, RuleHit } from '../types.js';

export const minerArguments: DetectionRule = {
  id: 'PCL-MIN-002',
  title: 'Command line argued like a cryptominer',
  severity: 'critical',
  area: 'miner',
  description: 'A program whatever its name is given XMRig-family options: a pool URL (-o/--url), a wallet as user, ' +
    '--donate-level, -a/--algo rx/0 or cn/..., --cpu-priority, --max-cpu-usage, --randomx-1gb-pages, --nicehash; -p, -B, ' +
    '--tls, -k and --threads count only next to a pool-shaped -o. Catches renamed miners (nginx, cloud, kswapd0).',
  remediation: 'Stop the container and remove the image; block the pool host; check how the workload got there.',
  attack: ['T1496', 'T1036'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const hits: RuleHit[] = [];
    for (const c of a.commands) {
      if (MINER_BINARY_RE.test(progName(c.argv[0]))) continue;
      const sig = minerArgSignals(c.argv);
      const score = sig.reduce((s, x) => s + x.weight, 0);
      if (score < 2 || !sig.some((x) => x.weight === 2)) continue;
      const flags = sig.map((x) => (x.value !== undefined ? `${x.flag} ${x.value}` : x.flag)).join(', ');
      hits.push({ severity: score >= 4 ? 'critical' : 'high',
        message: `${progName(c.argv[0]) || 'a program'} is run with miner options (${flags})`, evidence: [cmdEvidence(c)] });
    }
    return hits;
  },
};
