// PCL-MIN-004: a known mining-pool host name (supportxmr, nanopool, moneroocean, c3pool, herominers, ...).
import { isPoolHost } from '../knowledge/miners.js';
import { evidenceOf, evidenceTexts } from '../helpers.js';
import { extractIndicators } from '../indicators/extract.js';
import type { DetectionRule, RuleHit } from '../types.js';

export const poolHost: DetectionRule = {
  id: 'PCL-MIN-004',
  title: 'Known mining-pool host',
  severity: 'high',
  area: 'miner',
  description: 'A URL, host:port or host name in a command, environment, label or file belongs to a known pool ' +
    '(curated pool-only list: no exchanges or wallet sites, so "crypto-related" pages do not match).',
  remediation: 'Block the pool domain at DNS/egress and remove the workload that contacts it.',
  attack: ['T1496'],
  appliesTo: ['container', 'exec', 'process', 'archive'],
  check(a) {
    const hits: RuleHit[] = [];
    for (const t of evidenceTexts(a)) {
      for (const i of extractIndicators(t.text)) {
        const host = i.type === 'domain' ? i.value : i.type === 'pool' || i.type === 'url'
          ? (/^(?:[a-z0-9+]+:\/\/)?(?:[^@/]*@)?([^/:]+)/i.exec(i.value)?.[1] ?? '') : '';
        if (host && isPoolHost(host)) { hits.push({ message: `contacts the mining pool ${host}`, evidence: [evidenceOf(t, i.value)] }); break; }
      }
    }
    return hits;
  },
};
