// PCL-TTP-011: an encoded payload (base64, hex, printf escapes, gzip, rev) decoded and run by a shell.
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
    return hits;
  },
};
