// PCL-TTP-006: removing the competition — killing miners by name or pool string, removing other containers,
// firewalling 2375 so no one else gets in (Graboid, Kinsing, TeamTNT, the 2025 Tor variant).
import { cmdEvidence, pipelines, words } from '../helpers.js';
import { progName, type ShellCommand } from '../shell/split.js';
import type { DetectionRule, RuleHit } from '../types.js';

export const RIVAL_WORDS = /xmrig|xmr-stak|minerd|cpuminer|kdevtmpfsi|kinsing|stratum|cryptonight|monero|minexmr|supportxmr|nanopool|c3pool|moneroocean|hashvault|kswapd0|kthreaddk|sysupdate|networkservice|dbused|watchbog|\bxmr\b|miner|\.x11|dota|ddgs|qW3xT|2t3ik|zzh|solr\.sh|pool\./i;

const KILLERS = new Set(['pkill', 'killall', 'kill', 'skill']);

export const rivalRemoval: DetectionRule = {
  id: 'PCL-TTP-006',
  title: 'Rival miners or containers removed',
  severity: 'high',
  area: 'tactic',
  description: 'pkill/killall/kill aimed at miner names or pool strings (also `ps | grep xmrig | awk | xargs kill`), ' +
    'mass removal of other containers (`docker rm -f $(docker ps -aq)`, `docker ps | grep ... | xargs docker rm`), or ' +
    'an iptables rule dropping the Docker API port — what worms do on arrival.',
  remediation: 'Treat the host as compromised: the container is cleaning up for its own payload. Remove it and audit the engine.',
  attack: ['T1489', 'T1562.004'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const hits: RuleHit[] = [];
    // docker commands nested in each command (for `docker rm $(docker ps -aq)`), built once: O(n).
    const listsBelow = new Set<number>();
    for (const x of a.commands) {
      if (x.parent !== undefined && progName(x.argv[0]) === 'docker' && /^(?:ps|images|container ls)/.test(x.argv.slice(1).join(' '))) listsBelow.add(x.parent);
    }
    for (const [k, c] of a.commands.entries()) {
      const p = progName(c.argv[0]);
      const rest = c.argv.slice(1).join(' ');
      if (KILLERS.has(p) && RIVAL_WORDS.test(rest)) hits.push({ message: `kills rival miners (${p} ${rest.slice(0, 80)})`, evidence: [cmdEvidence(c)] });
      if (p === 'docker' && /^(?:rm|kill|stop|rmi|container rm|container kill|container stop|image rm)\b/.test(rest)) {
        if (listsBelow.has(k) || /\$\(\s*docker\s+(?:ps|images)/.test(rest)) hits.push({ message: 'removes other containers or images en masse', evidence: [cmdEvidence(c)] });
      }
      if (p === 'iptables' && /--dport\s+(?:2375|2376)\b/.test(rest) && /-j\s+(?:DROP|REJECT)/.test(rest)) {
        hits.push({ message: 'firewalls the Docker API port against everyone else', evidence: [cmdEvidence(c)] });
      }
    }
    for (const stages of pipelines(a)) {
      const lister = stages.findIndex((c: ShellCommand) => /^(?:ps|pgrep|docker|netstat|ss|lsof)$/.test(progName(c.argv[0])));
      if (lister < 0) continue;
      const grep = stages.slice(lister + 1).find((c) => /grep$/.test(progName(c.argv[0])) && !c.argv.includes('-v') && RIVAL_WORDS.test(words(c)));
      const kill = stages.slice(lister + 1).find((c) => KILLERS.has(progName(c.argv[0])) || (progName(c.argv[0]) === 'docker' && /^(?:rm|kill|stop|rmi)\b/.test(c.argv.slice(1).join(' '))));
      if (grep && kill) hits.push({ message: `finds rivals with ${words(grep).slice(0, 60)} and kills them`, evidence: [cmdEvidence(grep), cmdEvidence(kill)] });
      else if (kill && progName(stages[lister]?.argv[0]) === 'docker' && progName(kill.argv[0]) === 'docker') {
        hits.push({ message: 'removes other containers en masse', evidence: [cmdEvidence(kill)] });
      }
    }
    return hits;
  },
};
