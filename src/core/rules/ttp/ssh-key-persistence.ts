// PCL-TTP-005: an SSH key appended to authorized_keys — critical when it lands on the host.
import { cmdEvidence, hostPathOf, writesOf } from '../helpers.js';
import type { DetectionRule, RuleHit } from '../types.js';

export const sshKeyPersistence: DetectionRule = {
  id: 'PCL-TTP-005',
  title: 'SSH authorized_keys written',
  severity: 'critical',
  area: 'tactic',
  description: 'A command writes an authorized_keys file. Critical when the file is on the host (through a bind ' +
    'mount or a chroot into one); low inside the container (some images set up their own sshd that way).',
  remediation: 'Remove unknown keys from every authorized_keys on the host, rotate host credentials, remove the container.',
  attack: ['T1098.004'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const hits: RuleHit[] = [];
    for (const c of a.commands) {
      for (const w of writesOf(c)) {
        if (!/(?:^|\/)\.ssh\/authorized_keys2?$/.test(w)) continue;
        const h = w.startsWith('/') ? hostPathOf(a, c, w) : undefined;
        hits.push({ severity: h ? (h.guessed ? 'high' : 'critical') : 'low',
          message: h ? `adds an SSH key to the host's ${h.hostPath}` : `adds an SSH key to ${w} inside the container`,
          evidence: [cmdEvidence(c, w)] });
      }
    }
    for (const m of a.input.archiveMembers ?? []) {
      if (!/\/\.ssh\/authorized_keys2?$/.test(m.path)) continue;
      const h = hostPathOf(a, {}, m.path);
      if (h && !h.guessed) hits.push({ message: `uploads an authorized_keys file onto the host's ${h.hostPath}`, evidence: [{ kind: 'file', location: `${a.field('archive')}:${m.path}`, value: `host ${h.hostPath}` }] });
    }
    return hits;
  },
};
