// PCL-MIN-006: the image is a miner or a campaign image (xmrig names, pocosow/centos, gakeaws/nginx, zoolu2/*).
import { CAMPAIGN_IMAGES, MINER_IMAGE_TOKENS_STRONG, MINER_IMAGE_TOKENS_WEAK } from '../knowledge/miners.js';
import type { Evidence, Severity } from '../../report/finding.js';
import type { DetectionRule, RuleHit } from '../types.js';

/** Judge one image reference: critical for campaign images and miner names, low for generic mining words. */
export function judgeImage(ref: string): { severity: Severity; why: string } | undefined {
  const r = ref.toLowerCase();
  if (CAMPAIGN_IMAGES.some((re) => re.test(r))) return { severity: 'critical', why: 'an image published by a Docker-API mining campaign' };
  const repo = r.replace(/@sha256:.*$/, '').replace(/:[^/:]*$/, '');
  const tokens = repo.split(/[/_.:-]+/);
  const joined = repo.split('/');
  const strong = [...tokens, ...joined.map((s) => s.split(/[_.]/).join('-'))].find((t) => MINER_IMAGE_TOKENS_STRONG.has(t));
  if (strong) return { severity: 'critical', why: `an image named after a miner (${strong})` };
  const weak = tokens.find((t) => MINER_IMAGE_TOKENS_WEAK.has(t));
  if (weak) return { severity: 'low', why: `an image whose name suggests mining (${weak})` };
  return undefined;
}

export const minerImage: DetectionRule = {
  id: 'PCL-MIN-006',
  title: 'Miner or campaign image',
  severity: 'critical',
  area: 'miner',
  description: 'The container image, or an image a command runs or pulls, is a known campaign image (pocosow/centos, ' +
    'gakeaws/nginx, zoolu2/*, oracleiv_latest, alpine2 lookalikes) or is named after a miner (xmrig, xmr-stak, cpuminer). ' +
    'Whole name tokens are compared, so "minecraft" is not "miner"; generic words (miner, mining, monero) only give low.',
  remediation: 'Remove the container and the image, and block the repository in the registry allow-list.',
  attack: ['T1496', 'T1204.003', 'T1610'],
  appliesTo: ['container', 'image', 'exec'],
  check(a) {
    const hits: RuleHit[] = [];
    for (const i of a.indicators) {
      if (i.type !== 'image') continue;
      const j = judgeImage(i.value);
      if (!j) continue;
      const ev: Evidence = { kind: 'field', location: i.location ?? a.field('image'), value: i.value };
      hits.push({ severity: j.severity, message: `uses ${j.why}: ${i.value}`, evidence: [ev] });
    }
    return hits;
  },
};
