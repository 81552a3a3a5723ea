// File checks (PCL-FIL-001..003, 006..008): who owns and who can write the docker socket, daemon.json, the
// unit files, env files and /etc/docker, and who is in the root-equivalent docker group.
import type { Evidence } from '../report/finding.js';
import type { FileFact, HostFacts } from './facts.js';
import type { DaemonContext } from './contexts.js';
import { ENV_FILES, unitFiles, DEFAULT_DAEMON_JSON } from './contexts.js';
import type { FindingSet } from './finding-set.js';
import { parseDaemonHost, parseListenStream } from './hosts.js';
import { effectiveEntries } from './parse-systemd.js';

export const SOCKET_PATHS = ['/var/run/docker.sock', '/run/docker.sock'];

function perm(p: number): string {
  return `0${p.toString(8).padStart(3, '0')}`;
}

interface Group { name: string; gid: number; members: string[]; line: number }

export function parseGroups(text: string | undefined): Group[] {
  if (!text) return [];
  return text.split('\n').flatMap((l, i) => {
    const f = l.split(':');
    if (f.length < 4 || l.startsWith('#')) return [];
    return [{ name: f[0] as string, gid: Number(f[2]), members: (f[3] as string).split(',').map((m) => m.trim()).filter(Boolean), line: i + 1 }];
  });
}

function statEv(f: FileFact, groups: Group[]): Evidence {
  const st = f.stat!;
  const g = groups.find((x) => x.gid === st.gid)?.name ?? String(st.gid);
  return { kind: 'file', location: f.path, value: `mode ${perm(st.perm)} owner uid ${st.uid} group ${g}` };
}

/** Socket paths the daemon serves: defaults, unix:// hosts and docker.socket unix ListenStreams. */
export function daemonSocketPaths(contexts: readonly DaemonContext[]): string[] {
  const out = new Set(SOCKET_PATHS);
  for (const c of contexts) {
    if (c.rootlessSocket && !(c.settings.lists.hosts ?? []).length) out.add(c.rootlessSocket);
    for (const h of c.settings.lists.hosts ?? []) { const p = parseDaemonHost(h.value, false); if (p.proto === 'unix') out.add(p.address); }
    for (const l of c.listenStreams ?? []) { const p = parseListenStream(l.value); if (p.proto === 'unix') out.add(p.address); }
  }
  return [...out];
}

function strictFile(set: FindingSet, id: string, f: FileFact | undefined, groups: Group[], want: number, rootUid: number): void {
  if (!f?.stat) return;
  const st = f.stat;
  if ((st.perm & ~want & 0o777) === 0 && st.uid === rootUid) return;
  set.add(id, f.path, `${f.path} is ${perm(st.perm)} owned by uid ${st.uid} (want root:root, ${perm(want)} or stricter).`, [statEv(f, groups)],
    { remediation: `chown root:root ${f.path} && chmod ${perm(want).slice(1)} ${f.path}` });
}

export function checkFiles(facts: HostFacts, contexts: readonly DaemonContext[], set: FindingSet): void {
  const groups = parseGroups(facts.files['/etc/group']?.content);
  const rootUid = facts.rootOwner?.uid ?? 0;
  const rootGid = facts.rootOwner?.gid ?? 0;
  const dockerGid = groups.find((g) => g.name === 'docker')?.gid;
  const seenSockets = new Set<string>();
  // A rootless daemon's socket belongs to its user; only "anyone can write it" is wrong there.
  const rootlessSockets = new Set(contexts.map((c) => c.rootlessSocket).filter((x): x is string => !!x));
  for (const path of daemonSocketPaths(contexts)) {
    const f = facts.files[path];
    // Fixture roots cannot hold sockets; a regular file at a socket path stands in for one.
    if (!f?.stat || (f.stat.kind !== 'socket' && f.stat.kind !== 'file')) continue;
    const st = f.stat;
    // /var/run/docker.sock and /run/docker.sock are one file on every modern distribution.
    if (seenSockets.has(`${st.dev}:${st.ino}`)) continue;
    seenSockets.add(`${st.dev}:${st.ino}`);
    const groupOk = st.gid === rootGid || st.gid === dockerGid;
    if ((st.perm & 0o002) !== 0) {
      set.add('PCL-FIL-001', path, `${path} is writable by every local user (${perm(st.perm)}): any user is root.`, [statEv(f, groups)],
        { severity: 'critical', remediation: `chmod 660 ${path} && chown root:docker ${path} (and SocketMode=0660 in docker.socket)` });
    } else if (rootlessSockets.has(path)) {
      continue;
    } else if (st.uid !== rootUid || (!groupOk && (st.perm & 0o020) !== 0) || (st.perm & 0o117) !== 0) {
      set.add('PCL-FIL-001', path, `${path} is ${perm(st.perm)} owned by uid ${st.uid}, gid ${st.gid} (want root:docker 660).`, [statEv(f, groups)],
        { remediation: `chown root:docker ${path} && chmod 660 ${path}` });
    }
  }
  const sock = effectiveEntries(unitFiles(facts, 'docker.socket'), 'Socket').get('SocketMode')?.at(-1);
  if (sock && (parseInt(sock.value, 8) & 0o002) !== 0) {
    set.add('PCL-FIL-001', 'docker.socket', `docker.socket creates the socket with SocketMode=${sock.value}: any local user is root.`,
      [{ kind: 'file', location: sock.path, line: sock.line, value: `SocketMode=${sock.value}` }],
      { severity: 'critical', remediation: `Set SocketMode=0660 in ${sock.path} (and SocketGroup=docker), then systemctl daemon-reload && systemctl restart docker.socket` });
  }
  const configs = new Set([DEFAULT_DAEMON_JSON, ...contexts.map((c) => c.configPath)]);
  for (const p of configs) strictFile(set, 'PCL-FIL-002', facts.files[p], groups, 0o644, rootUid);
  for (const unit of ['docker.service', 'docker.socket']) {
    for (const u of unitFiles(facts, unit)) strictFile(set, 'PCL-FIL-003', facts.files[u.path], groups, 0o644, rootUid);
  }
  for (const e of ENV_FILES) strictFile(set, 'PCL-FIL-006', facts.files[e.path], groups, 0o644, rootUid);
  strictFile(set, 'PCL-FIL-007', facts.files['/etc/docker'], groups, 0o755, rootUid);

  const docker = groups.find((g) => g.name === 'docker');
  if (docker) {
    const primary = (facts.files['/etc/passwd']?.content ?? '').split('\n')
      .map((l) => l.split(':')).filter((f) => f.length > 3 && Number(f[3]) === docker.gid).map((f) => f[0] as string);
    const members = [...new Set([...docker.members, ...primary])];
    if (members.length > 0) {
      set.add('PCL-FIL-008', 'group docker', `${members.length} user(s) in the docker group are root-equivalent: ${members.join(', ')}.`,
        [{ kind: 'file', location: '/etc/group', line: docker.line, value: `docker:x:${docker.gid}:${docker.members.join(',')}` },
          ...primary.map((u) => ({ kind: 'file' as const, location: '/etc/passwd', value: `${u} has primary group docker` }))],
        { remediation: `Remove users who need not be root: ${members.map((m) => `gpasswd -d ${m} docker`).join('; ')}` });
    }
  }
}
