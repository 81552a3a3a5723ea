// PCL-TTP-007: disabling defences and wiping traces: setenforce 0, ufw disable, iptables -F, stopping
// apparmor/cloud agents, chattr -i, nmi_watchdog, history -c, log wiping (Kinsing, TeamTNT, Bad Packets).
import { cmdEvidence, writesOf } from '../helpers.js';
import { progName } from '../shell/split.js';
import type { DetectionRule, RuleHit } from '../types.js';

const SECURITY_SERVICES = /^(?:apparmor|firewalld|ufw|iptables|auditd|falco|aliyun|aegis|aliyun-service|cloudmonitor|qcloud|yunjing|barad_agent|bcm-agent|hostguard|osqueryd|wazuh-agent|ossec|crowdstrike|falcon-sensor|selinux|clamav|clamd|rkhunter|sysdig|tracee|google-guest-agent|amazon-ssm-agent|cwagent|nscd)(?:\.service)?$/i;
const AGENT_DIRS = /^\/usr\/local\/(?:aegis|qcloud|cloudmonitor|yunjing)|^\/usr\/sbin\/aliyun|^\/etc\/init\.d\/(?:aegis|cloudmonitor)/;

export const defenceImpairment: DetectionRule = {
  id: 'PCL-TTP-007',
  title: 'Security tools disabled or traces wiped',
  severity: 'high',
  area: 'tactic',
  description: 'setenforce 0, `ufw disable`, `iptables -F`, stopping or disabling security services and cloud agents ' +
    '(apparmor, aliyun/aegis, qcloud, falco, auditd), removing agent directories, `chattr -i`, nmi_watchdog off, ' +
    'history -c / HISTFILE=/dev/null, deleting or truncating /var/log files.',
  remediation: 'Re-enable the defences on the host, check what the container changed, then remove it.',
  attack: ['T1562.001', 'T1562.004', 'T1070'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const hits: RuleHit[] = [];
    const hit = (c: (typeof a.commands)[number], what: string) => hits.push({ message: what, evidence: [cmdEvidence(c)] });
    for (const c of a.commands) {
      const p = progName(c.argv[0]);
      const args = c.argv.slice(1);
      const rest = args.join(' ');
      if (p === 'setenforce' && args[0] === '0') hit(c, 'turns SELinux enforcement off');
      else if (p === 'ufw' && args[0] === 'disable') hit(c, 'disables the ufw firewall');
      else if ((p === 'iptables' || p === 'ip6tables') && /(?:^|\s)(?:-F|--flush|-X)(?:\s|$)/.test(rest)) hit(c, 'flushes the firewall rules');
      else if ((p === 'systemctl' && /^(?:stop|disable|mask|kill)$/.test(args[0] ?? '') && args.slice(1).some((s) => SECURITY_SERVICES.test(s))) ||
        (p === 'service' && SECURITY_SERVICES.test(args[0] ?? '') && args[1] === 'stop')) hit(c, `stops a security service (${rest})`);
      else if (p === 'chattr' && args.some((x) => /^-[aiu]*i/.test(x) || x === '-ia' || x === '-a')) hit(c, 'removes immutable attributes (chattr -i)');
      else if (p === 'history' && args[0] === '-c') hit(c, 'clears shell history');
      else if (p === 'unset' && args.some((x) => /^HIST(?:FILE|SIZE)$/.test(x))) hit(c, 'turns off shell history');
      else if ((p === 'export' && args.some((x) => /^HIST(?:FILE=\/dev\/null|SIZE=0|FILESIZE=0)$/.test(x))) ||
        c.assignments.some((x) => /^HISTFILE=\/dev\/null$/.test(x))) hit(c, 'turns off shell history');
      else if (p === 'sysctl' && /nmi_watchdog\s*=\s*0/.test(rest)) hit(c, 'turns the NMI watchdog off');
      else if ((p === 'rm' || p === 'shred' || p === 'truncate') && args.some((x) => /^\/var\/log(?:\/|$)|\.bash_history$|\/(?:wtmp|btmp|lastlog|secure|auth\.log|syslog|messages)$/.test(x) || AGENT_DIRS.test(x))) {
        hit(c, args.some((x) => AGENT_DIRS.test(x)) ? 'removes a cloud security agent' : 'deletes logs or history');
      } else if (args.some((x) => AGENT_DIRS.test(x) && /uninstall|quartz_uninstall/.test(x)) || AGENT_DIRS.test(c.argv[0] ?? '') && /uninstall/.test(c.argv[0] ?? '')) {
        hit(c, 'uninstalls a cloud security agent');
      }
      for (const w of writesOf(c)) {
        if (/nmi_watchdog$/.test(w)) hit(c, 'turns the NMI watchdog off');
        else if (/^\/var\/log\/|\.bash_history$|\/(?:wtmp|btmp|lastlog)$/.test(w) && (c.argv.length <= 1 || progName(c.argv[0]) === 'echo' || progName(c.argv[0]) === 'cat') && c.redirects.some((r) => /^\d*>$/.test(r.op))) {
          hit(c, `truncates ${w}`);
        }
      }
    }
    return hits;
  },
};
