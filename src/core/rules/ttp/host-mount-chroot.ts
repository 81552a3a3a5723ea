// PCL-TTP-001: the host root (or another sensitive host path) is mounted and a command chroots into it —
// the campaigns' escape: Binds ["/:/mnt"] + `chroot /mnt sh -c ...`. Also nsenter into PID 1's namespaces and
// a host disk mounted from a privileged container (`mount /dev/sda1 /x`).
import { HOST_MOUNT_GUESSES, cmdEvidence, isScriptCarrier, isSensitiveSource, mountEvidence, mountFor } from '../helpers.js';
import type { DetectionRule, RuleHit } from '../types.js';

export const hostMountChroot: DetectionRule = {
  id: 'PCL-TTP-001',
  title: 'Host filesystem mounted and chrooted into',
  severity: 'critical',
  area: 'tactic',
  description: 'A command runs `chroot DIR` where DIR is (inside) a bind mount of the host root or another sensitive ' +
    'host path; the command then runs on the host. Without mount data (exec, process), chroot into /mnt, /host, ' +
    '/hostroot, /hostfs or /rootfs is high. `nsenter --target 1` or `nsenter --mount=/proc/1/ns/mnt` (host namespaces) ' +
    'counts too, and so does mounting a host disk inside the container (`mount /dev/sda1 /x`: critical when privileged, ' +
    'and a chroot or a write into it then lands on the host).',
  remediation: 'Remove the container; never bind-mount / into containers; guard the API so Binds of host paths are refused.',
  attack: ['T1611', 'T1610'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const hits: RuleHit[] = [];
    const seen = new Set<string>();
    for (const c of a.commands) {
      if (c.wrappers.includes('chroot') && c.chroot) {
        const dir = c.chroot.replace(/\/+$/, '') || '/';
        if (seen.has(dir)) continue;
        const m = mountFor(a, dir);
        if (m && isSensitiveSource(m.source)) {
          seen.add(dir);
          const what = m.device ? `where the host disk ${m.device} is mounted` : `a bind mount of the host's ${m.source}`;
          hits.push({ message: `chroots into ${dir}, ${what}`, evidence: [mountEvidence(m), cmdEvidence(c)] });
        } else if (a.mounts.length === 0 && HOST_MOUNT_GUESSES.includes(dir)) {
          seen.add(dir);
          hits.push({ severity: 'high', message: `chroots into ${dir}, where campaigns mount the host root`, evidence: [cmdEvidence(c)] });
        }
      }
      const raw = c.rawArgv.join(' ');
      // nsenter as the program or as a wrapper (`nsenter -t 1 -m sh -c ...` is split into the sh it runs).
      if ((c.wrappers.includes('nsenter') || (!isScriptCarrier(c) && /(?:^|\s)nsenter\s/.test(raw))) &&
        /(?:-t\s*1|--target[=\s]1)(?:\s|$)|--(?:mount|net|pid|uts|ipc|user|cgroup)=\/proc\/1\/ns\//.test(raw)) {
        hits.push({ severity: 'high', message: 'enters the namespaces of PID 1 with nsenter', evidence: [cmdEvidence(c, raw.slice(0, 300))] });
      }
    }
    // A host disk mounted from inside (privileged): the host's filesystem, reached without any bind.
    for (const m of a.mounts) {
      if (!m.device) continue;
      hits.push({ severity: a.input.privileged === true ? 'critical' : 'high',
        message: `mounts the host disk ${m.device} at ${m.destination}${a.input.privileged === true ? ' in a privileged container' : ''}`,
        evidence: [mountEvidence(m)] });
    }
    return hits;
  },
};
