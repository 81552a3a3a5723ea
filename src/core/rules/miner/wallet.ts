// PCL-MIN-005: a cryptocurrency wallet address (Monero standard/sub/integrated, Dero) in a command or config.
import { WALLET_PATTERNS } from '../knowledge/miners.js';
import { evidenceOf, evidenceTexts } from '../helpers.js';
import type { DetectionRule, RuleHit } from '../types.js';

const MINING_COINS = new Set(['xmr', 'xmr-integrated', 'dero']);

export const walletAddress: DetectionRule = {
  id: 'PCL-MIN-005',
  title: 'Mining wallet address',
  severity: 'high',
  area: 'miner',
  description: 'A Monero address (95 characters starting 4 or 8; integrated 106) or a Dero address (dero1/deroi1) ' +
    'appears in a command line, environment, label or file; BTC/ETH addresses count only with a pool next to them.',
  remediation: 'Treat the container as a miner: stop it, keep the address as an indicator, and find how it was deployed.',
  attack: ['T1496'],
  appliesTo: ['container', 'exec', 'process', 'archive'],
  check(a) {
    const hits: RuleHit[] = [];
    const pool = a.indicators.some((i) => i.type === 'pool');
    for (const t of evidenceTexts(a)) {
      for (const { coin, re } of WALLET_PATTERNS) {
        const m = new RegExp(re.source).exec(t.text);
        if (!m || (!MINING_COINS.has(coin) && !pool)) continue;
        hits.push({ message: `carries a ${coin} wallet address`, evidence: [evidenceOf(t, m[0])] });
        break;
      }
    }
    return hits;
  },
};
