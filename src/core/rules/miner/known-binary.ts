// PCL-MIN-001: a known miner executable (xmrig, xmr-stak, minerd, kdevtmpfsi, ...) is run, downloaded or shipped.
import { MINER_BINARY_RE } from '../knowledge/miners.js';
import { cmdEvidence } from '../helpers.js';
import { isDownload, downloadOutput, urlsOf } from '../downloads.js';
import { progName, SHELLS } from '../shell/split.js';
import type { DetectionRule, RuleHit } from '../types.js';

const base = (p: string) => (p.split(/[?#]/)[0] ?? '').split('/').filter(Boolean).pop()?.toLowerCase() ?? '';

export const knownMinerBinary: DetectionRule = {
  id: 'PCL-MIN-001',
  title: 'Known cryptominer executable',
  severity: 'critical',
  area: 'miner',
  description: 'A command runs an executable named like a known miner (XMRig family, xmr-stak, minerd, cpuminer, ' +
    'Kinsing\'s kdevtmpfsi, ...), or downloads or uploads a file with such a name.',
  remediation: 'Stop and remove the container, find how it was created (engine API access, image), and rotate anything it could reach.',
  attack: ['T1496'],
  appliesTo: ['container', 'exec', 'process', 'archive'],
  check(a) {
    const hits: RuleHit[] = [];
    for (const c of a.commands) {
      // A script run through its interpreter (`/bin/sh /tmp/xmrig ...`, as top shows it) names the program second.
      const p = SHELLS.has(progName(c.argv[0])) && c.argv[1] && !c.argv[1].startsWith('-') ? progName(c.argv[1]) : progName(c.argv[0]);
      if (MINER_BINARY_RE.test(p)) {
        hits.push({ message: `runs the miner executable ${p}`, evidence: [cmdEvidence(c)] });
      } else if (isDownload(c)) {
        const out = downloadOutput(c);
        const names = [...urlsOf(c), ...(out && out !== 'stdout' ? [out] : [])].map(base);
        const hit = names.find((n) => MINER_BINARY_RE.test(n));
        if (hit) hits.push({ severity: 'high', message: `downloads a miner executable (${hit})`, evidence: [cmdEvidence(c)] });
      }
    }
    for (const m of a.input.archiveMembers ?? []) {
      if (MINER_BINARY_RE.test(base(m.path))) {
        hits.push({ severity: 'high', message: `uploads a file named like a miner (${m.path})`,
          evidence: [{ kind: 'file', location: `${a.field('archive')}:${m.path}`, value: m.path }] });
      }
    }
    return hits;
  },
};
