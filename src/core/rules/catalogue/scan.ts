// Rule catalogue part: scan verdicts (PCL-NET-xxx).
import type { RuleInfo } from '../../report/finding.js';

export const SCAN_RULES: readonly RuleInfo[] = [
  {
    id: 'PCL-NET-001', severity: 'critical', title: 'Docker API exposed without authentication over plain HTTP',
    description: 'The Docker Engine API answers /version and lists containers to anyone over plain HTTP (usually TCP 2375). '
      + 'Anyone who reaches it can start a privileged container that mounts the host root: this is how cryptomining campaigns take hosts.',
    remediation: 'Remove the tcp:// listener (-H / "hosts" in daemon.json) or bind it to 127.0.0.1; if remote access is needed, '
      + 'use SSH (DOCKER_HOST=ssh://) or --tlsverify with a client CA, or put `portcullis guard` in front.',
    cis: '2.7', attack: ['T1190', 'T1610'],
  },
  {
    id: 'PCL-NET-002', severity: 'critical', title: 'Docker API exposed over TLS that accepts any client',
    description: 'The endpoint speaks TLS but does not require a client certificate, so TLS only encrypts the attacker\'s session: '
      + 'anyone can list and create containers.',
    remediation: 'Start dockerd with --tlsverify --tlscacert=<client CA> (or "tlsverify": true in daemon.json) so only holders of a '
      + 'certificate signed by your CA can connect.',
    cis: '2.7', attack: ['T1190', 'T1610'],
  },
  {
    id: 'PCL-NET-003', severity: 'info', title: 'Docker API reachable but protected (credentials required)',
    description: 'A Docker API answers on this endpoint but refuses control without credentials (mutual TLS, an authenticating '
      + 'proxy, an authorization plugin or a socket proxy).',
    remediation: 'None required; keep the port off the internet if it does not need to be reachable.',
  },
  {
    id: 'PCL-NET-004', severity: 'low', title: 'Docker API identity readable without credentials behind a proxy',
    description: 'A socket proxy or authorization plugin refuses control, but /_ping and /version answer anyone, disclosing the '
      + 'engine and kernel versions to scanners.',
    remediation: 'Restrict /version and /_ping to authenticated clients, or keep the endpoint off untrusted networks.',
  },
];
