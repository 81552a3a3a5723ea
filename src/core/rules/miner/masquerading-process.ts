// PCL-MIN-008: a container process named like a kernel thread or a known miner alias (kswapd0, [kworker], kdevtmpfsi).
import { MASQUERADE_NAMES, MINER_BINARY_RE } from '../knowledge/miners.js';
import { isMinerCommand } from '../indicators/miner-args.js';
import type { DetectionRule, RuleHit } from '../types.js';

export const masqueradingProcess: DetectionRule = {
  id: 'PCL-MIN-008',
  title: 'Miner-like or kernel-thread-lookalike process',
  severity: 'high',
  area: 'miner',
  description: 'A process sampled from the container (top) is named like a miner, or like a kernel thread ' +
    '(kswapd0, [kworker/...], kthreadd.) — kernel threads never appear inside a container, so the name is a disguise.',
  remediation: 'Stop the container and inspect the process binary (/proc/<pid>/exe on the host) before removing it.',
  attack: ['T1496', 'T1036'],
  appliesTo: ['process'],
  check(a) {
    const hits: RuleHit[] = [];
    for (const p of a.input.processes ?? []) {
      const words = p.cmd.trim().split(/\s+/);
      const interp = /^(?:\/\S*\/)?(?:sh|bash|ash|dash)$/.test(words[0] ?? '') && words[1] && !words[1].startsWith('-');
      const first = (interp ? words[1] : words[0]) ?? '';
      const name = first.startsWith('[') ? first : (first.split('/').pop() ?? first);
      const miner = MINER_BINARY_RE.test(name.toLowerCase());
      if (!miner && !MASQUERADE_NAMES.some((re) => re.test(name))) continue;
      const argv = p.cmd.trim().split(/\s+/);
      hits.push({ severity: miner || isMinerCommand(argv) ? 'critical' : 'high',
        message: `process ${p.pid ?? '?'} runs as "${name}"${miner ? ', a miner name' : ', a kernel-thread lookalike'}`,
        evidence: [{ kind: 'process', location: `${a.field('processes')} pid ${p.pid ?? '?'}`, value: p.cmd.slice(0, 300) }] });
    }
    return hits;
  },
};
