// PCL-TTP-011: an encoded payload (base64, hex, printf escapes, gzip, rev) decoded and run by a shell.
import { cmdEvidence } from '../helpers.js';
import { isDownload } from '../downloads.js';
import { progName, SHELLS } from '../shell/split.js';
import type { DetectionRule, RuleHit } from '../types.js';

export const encodedPayload: DetectionRule = {
  id: 'PCL-TTP-011',
  title: 'Encoded payload decoded and run',
  severity: 'high',
  area: 'tactic',
  description: 'A command decodes text (`echo B64 | base64 -d | sh`, `xxd -r -p`, `printf \'\\x..\'`, gunzip, rev, ' +
    'brace-expanded `{echo,B64}|{base64,-d}|bash`) and runs it with a shell or eval. Decoded text that is not run is ' +
    'still analysed by every other rule; it gives medium here only when it holds a URL.',
  remediation: 'Decode the payload (the finding shows it) and handle what it does; remove the container.',
  attack: ['T1027', 'T1140', 'T1059.004'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const hits: RuleHit[] = [];
    for (const p of a.payloads) {
      const shown = p.text.replace(/\s+/g, ' ').trim().slice(0, 200);
      if (p.toShell) {
        hits.push({ message: `decodes (${p.encoding.join(' → ')}) and runs: ${shown}`,
          evidence: [{ kind: 'field', location: p.source, value: shown }] });
      } else if (/\b(?:https?|ftp|stratum\S*):\/\//i.test(p.text)) {
        hits.push({ severity: 'medium', message: `hides a URL in ${p.encoding.join(' → ')}: ${shown}`,
          evidence: [{ kind: 'field', location: p.source, value: shown }] });
      }
    }
    for (const c of a.commands) {
      // $'\x63\x75\x72\x6c' spells curl: escapes hiding a downloader or shell name are obfuscation, not style.
      if (c.ansiC && /^[a-z0-9./_-]+$/i.test(c.argv[0] ?? '') && (isDownload(c) || SHELLS.has(progName(c.argv[0])))) {
        hits.push({ message: `hides the program name ${progName(c.argv[0])} in $'...' escapes`, evidence: [cmdEvidence(c)] });
      }
    }
    return hits;
  },
};
