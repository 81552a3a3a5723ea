// PCL-MIN-003: a stratum URL (stratum+tcp://, stratum+ssl://, stratum2+...) — the mining pool protocol.
import { evidenceOf, evidenceTexts } from '../helpers.js';
import type { DetectionRule, RuleHit } from '../types.js';

export const STRATUM_RE = /\bstratum\d?(?:\+(?:tcp|ssl|tls|udp))?:\/\/[^\s'"|;&)]+/i;

export const stratumUrl: DetectionRule = {
  id: 'PCL-MIN-003',
  title: 'Stratum mining-pool URL',
  severity: 'critical',
  area: 'miner',
  description: 'A command line, environment variable, label or uploaded file holds a stratum URL. Software merely ' +
    'named "stratum" does not match: the scheme and :// are required. Mentions in kill/grep commands are left to PCL-TTP-006.',
  remediation: 'Stop the container; block the pool host at the egress firewall; find the process or image that carries the URL.',
  attack: ['T1496'],
  appliesTo: ['container', 'exec', 'process', 'archive'],
  check(a) {
    const hits: RuleHit[] = [];
    for (const t of evidenceTexts(a)) {
      const m = STRATUM_RE.exec(t.text);
      if (m) hits.push({ message: `points at the mining pool ${m[0]}`, evidence: [evidenceOf(t, m[0])] });
    }
    return hits;
  },
};
