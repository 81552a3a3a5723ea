// PCL-MIN-007: an XMRig/xmr-stak configuration (pools[].url/user, donate-level, pool_list/wallet_address).
import { evidenceOf, evidenceTexts } from '../helpers.js';
import type { DetectionRule, RuleHit } from '../types.js';

const KEYS = /"(?:donate-level|donate-over-proxy|pool_list|pool_address|wallet_address|randomx|cpu_threads_conf)"\s*:/;

function poolsInJson(text: string): string | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  try {
    const j = JSON.parse(text.slice(start, text.lastIndexOf('}') + 1)) as unknown;
    const pools = (j as { pools?: unknown }).pools;
    if (Array.isArray(pools)) {
      const p = pools.find((x) => x && typeof x === 'object' && 'url' in x && ('user' in x || 'pass' in x)) as { url?: unknown } | undefined;
      if (p) return `pools[].url=${String(p.url)}`;
    }
  } catch { /* not (only) JSON: fall back to key search */ }
  const m = /"pools"\s*:\s*\[\s*\{[^}]*"url"\s*:\s*"([^"]+)"[^}]*"user"\s*:/.exec(text);
  return m ? `pools[].url=${m[1]}` : undefined;
}

export const minerConfig: DetectionRule = {
  id: 'PCL-MIN-007',
  title: 'Miner configuration file',
  severity: 'critical',
  area: 'miner',
  description: 'Text written, uploaded or passed to the container is an XMRig-family JSON configuration: "pools" ' +
    'entries with url and user, or keys such as "donate-level", "pool_list", "pool_address", "wallet_address".',
  remediation: 'Remove the configuration and the miner it configures; keep the pool and wallet as indicators.',
  attack: ['T1496'],
  appliesTo: ['container', 'exec', 'archive'],
  check(a) {
    const hits: RuleHit[] = [];
    for (const t of evidenceTexts(a)) {
      const pools = poolsInJson(t.text);
      const key = KEYS.exec(t.text);
      if (pools || key) hits.push({ message: 'carries a miner configuration', evidence: [evidenceOf(t, pools ?? key?.[0] ?? '')] });
    }
    return hits;
  },
};
