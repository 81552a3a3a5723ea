// PCL-TTP-008: an internet scanner aimed at the Docker API ports, or a client driving other engines over
// 2375/2376, started inside a container — worming.
import { cmdEvidence } from '../helpers.js';
import { progName } from '../shell/split.js';
import { parseDockerCli } from '../shell/docker-cli.js';
import { isDownload } from '../downloads.js';
import type { DetectionRule, RuleHit } from '../types.js';

const SCANNERS = new Set(['masscan', 'zmap', 'zgrab', 'zgrab2', 'pnscan', 'nmap', 'rustscan', 'naabu', 'unicornscan', 'hping3']);
const DOCKER_PORTS = /(?:^|[^\d])(?:2375|2376|2377|4243|4244)(?!\d)/;

export const dockerApiScanner: DetectionRule = {
  id: 'PCL-TTP-008',
  title: 'Scanning for or spreading to Docker APIs',
  severity: 'high',
  area: 'tactic',
  description: 'masscan, zmap, zgrab, pnscan, nmap (and similar) run with 2375/2376/2377/4243 among their ports — ' +
    'the container is looking for more exposed engines to infect. Also a docker client or curl driving a remote engine ' +
    'on tcp 2375/2376 (`docker -H tcp://X:2375 run`, DOCKER_HOST=tcp://..., `curl X:2375/containers/create`). Scanners ' +
    'with other ports give medium.',
  remediation: 'Stop the container at once (it attacks others from your address), then find how it was started.',
  attack: ['T1046', 'T1610'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const hits: RuleHit[] = [];
    const REMOTE = /^(?:tcp|https?):\/\/[^/\s]+:(?:2375|2376)\b/;
    for (const c of a.commands) {
      const p = progName(c.argv[0]);
      const dc = parseDockerCli(c.argv);
      const remote = (dc?.hosts.find((h) => REMOTE.test(h))) ?? c.assignments.find((x) => /^DOCKER_HOST=/.test(x) && REMOTE.test(x.slice(12)));
      if (remote && dc && dc.sub !== '') {
        hits.push({ message: `drives a remote Docker engine (${remote}) with docker ${dc.sub}`, evidence: [cmdEvidence(c)] });
        continue;
      }
      if (isDownload(c) && c.argv.some((x) => /:(?:2375|2376)\/(?:v[\d.]+\/)?(?:containers|images|exec)\//.test(x))) {
        hits.push({ message: 'calls a remote Docker API over 2375/2376', evidence: [cmdEvidence(c)] });
        continue;
      }
      if (!SCANNERS.has(p)) continue;
      const rest = c.argv.slice(1).join(' ');
      const docker = DOCKER_PORTS.test(rest);
      hits.push({ severity: docker ? 'high' : 'medium', message: docker ? `scans for Docker API ports with ${p}` : `runs the network scanner ${p}`,
        evidence: [cmdEvidence(c)] });
    }
    return hits;
  },
};
