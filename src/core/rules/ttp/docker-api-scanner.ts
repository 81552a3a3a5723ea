// PCL-TTP-008: an internet scanner started inside a container, aimed at the Docker API ports — worming.
import { cmdEvidence } from '../helpers.js';
import { progName } from '../shell/split.js';
import type { DetectionRule, RuleHit } from '../types.js';

const SCANNERS = new Set(['masscan', 'zmap', 'zgrab', 'zgrab2', 'pnscan', 'nmap', 'rustscan', 'naabu', 'unicornscan', 'hping3']);
const DOCKER_PORTS = /(?:^|[^\d])(?:2375|2376|2377|4243|4244)(?!\d)/;

export const dockerApiScanner: DetectionRule = {
  id: 'PCL-TTP-008',
  title: 'Scanner for Docker API ports run in a container',
  severity: 'high',
  area: 'tactic',
  description: 'masscan, zmap, zgrab, pnscan, nmap (and similar) run with 2375/2376/2377/4243 among their ports — ' +
    'the container is looking for more exposed engines to infect. Scanners with other ports give medium.',
  remediation: 'Stop the container at once (it attacks others from your address), then find how it was started.',
  attack: ['T1046'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const hits: RuleHit[] = [];
    for (const c of a.commands) {
      const p = progName(c.argv[0]);
      if (!SCANNERS.has(p)) continue;
      const rest = c.argv.slice(1).join(' ');
      const docker = DOCKER_PORTS.test(rest);
      hits.push({ severity: docker ? 'high' : 'medium', message: docker ? `scans for Docker API ports with ${p}` : `runs the network scanner ${p}`,
        evidence: [cmdEvidence(c)] });
    }
    return hits;
  },
};
