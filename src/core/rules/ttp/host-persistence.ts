// PCL-TTP-004: persistence written onto the host through a mount or a chroot into it: host crontabs
// (/mnt/etc/cron.d, /var/spool/cron, crontab -), systemd units, shell rc files such as .bash_aliases.
import { cmdEvidence, hostPathOf, writesOf } from '../helpers.js';
import { progName } from '../shell/split.js';
import type { DetectionRule, RuleHit } from '../types.js';

const CRON = /^\/(?:etc\/crontab$|etc\/cron\.(?:d|hourly|daily|weekly|monthly)(?:\/|$)|var\/spool\/cron(?:\/|$)|etc\/anacrontab$)/;
const OTHER = /^\/(?:etc\/systemd\/system\/|lib\/systemd\/system\/|usr\/lib\/systemd\/system\/|etc\/init\.d\/|etc\/rc\.local$|etc\/profile(?:\.d\/|$)|etc\/bash\.bashrc$|etc\/ld\.so\.preload$|root\/\.(?:bash_aliases|bashrc|profile|bash_profile)$|home\/[^/]+\/\.(?:bash_aliases|bashrc|profile|bash_profile)$)/;

export const hostPersistence: DetectionRule = {
  id: 'PCL-TTP-004',
  title: 'Persistence written to the host through a mount',
  severity: 'critical',
  area: 'tactic',
  description: 'A command writes a cron entry (/etc/cron.d, /etc/crontab, /var/spool/cron, `crontab`), a systemd ' +
    'unit, /etc/ld.so.preload or a shell rc file (.bash_aliases, .bashrc, /etc/profile.d) on the HOST — through a ' +
    'bind mount (/mnt/etc/cron.d/x) or chrooted into one. A crontab installed in the container\'s own filesystem ' +
    '(crond images) does not match.',
  remediation: 'Remove the entry from the host (check every crontab, cron.d, systemd unit and rc file), then the container.',
  attack: ['T1053.003', 'T1543.002', 'T1546.004', 'T1611'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const hits: RuleHit[] = [];
    for (const c of a.commands) {
      for (const w of writesOf(c)) {
        const h = hostPathOf(a, c, w);
        if (!h || (!CRON.test(h.hostPath) && !OTHER.test(h.hostPath))) continue;
        const what = CRON.test(h.hostPath) ? 'a cron entry' : 'a startup file';
        hits.push({ severity: h.guessed ? 'high' : 'critical', message: `writes ${what} to the host's ${h.hostPath}`, evidence: [cmdEvidence(c, `${w} -> host ${h.hostPath}`)] });
      }
      if (progName(c.argv[0]) === 'crontab' && !c.argv.slice(1).every((x) => x === '-l' || x === '-u' || /^-[lu]/.test(x))) {
        const h = c.chroot ? hostPathOf(a, c, '/') : undefined;
        if (h) hits.push({ severity: h.guessed ? 'high' : 'critical', message: 'installs a crontab on the host (crontab run chrooted into the host root)', evidence: [cmdEvidence(c)] });
      }
    }
    for (const m of a.input.archiveMembers ?? []) {
      const h = hostPathOf(a, {}, m.path);
      if (!h || h.guessed || (!CRON.test(h.hostPath) && !OTHER.test(h.hostPath))) continue;
      hits.push({ message: `uploads a file onto the host's ${h.hostPath}`, evidence: [{ kind: 'file', location: `${a.field('archive')}:${m.path}`, value: `host ${h.hostPath}` }] });
    }
    return hits;
  },
};
