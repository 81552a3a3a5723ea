// PCL-TTP-003: download a file, then make it executable or run it (wget -O /tmp/x; chmod +x /tmp/x; /tmp/x).
import { cmdEvidence } from '../helpers.js';
import { downloadOutput, isDownload } from '../downloads.js';
import { progName, SHELLS, type ShellCommand } from '../shell/split.js';
import type { DetectionRule, RuleHit } from '../types.js';

const LOOKAHEAD = 64;
const base = (p: string) => p.split('/').filter(Boolean).pop() ?? p;

function names(c: ShellCommand, file: string): boolean {
  const w = c.argv[0] ?? '';
  if (w === file || (w.includes('/') && base(w) === base(file))) return true;
  const p = progName(w);
  return (SHELLS.has(p) || p === 'python' || p === 'python3' || p === 'perl' || p === 'source' || p === '.') &&
    c.argv.slice(1).some((x) => x === file || (x.includes('/') ? base(x) === base(file) : x === base(file)));
}

export const downloadExecute: DetectionRule = {
  id: 'PCL-TTP-003',
  title: 'Downloaded file made executable or run',
  severity: 'high',
  area: 'tactic',
  description: 'A command downloads to a file (curl -o/-O, wget [-O]) and a later command runs that file (./x, ' +
    '/tmp/x, sh x) — high — or only makes it executable (chmod +x) — medium. Downloading an archive and unpacking it ' +
    'does not match.',
  remediation: 'Remove the container and the dropped file; block the download host.',
  attack: ['T1105', 'T1059.004'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const hits: RuleHit[] = [];
    a.commands.forEach((c, k) => {
      if (!isDownload(c)) return;
      const out = downloadOutput(c);
      if (!out || out === 'stdout' || out === '/dev/null') return;
      // Look a bounded distance ahead: droppers run what they fetched within a few commands.
      const later = a.commands.slice(k + 1, k + 1 + LOOKAHEAD).filter((x) => x.source === c.source);
      const run = later.find((x) => names(x, out));
      if (run) {
        hits.push({ message: `downloads ${out} and runs it`, evidence: [cmdEvidence(c), cmdEvidence(run)] });
        return;
      }
      const chmod = later.find((x) => progName(x.argv[0]) === 'chmod' && x.argv.some((w) => /^(?:\+x|[ugoa]*\+[rw]*x|[0-7]?[0-7][157][0-7]*)$/.test(w)) &&
        x.argv.slice(1).some((w) => w === out || base(w) === base(out) || w === '*'));
      if (chmod) hits.push({ severity: 'medium', message: `downloads ${out} and makes it executable`, evidence: [cmdEvidence(c), cmdEvidence(chmod)] });
    });
    return hits;
  },
};
