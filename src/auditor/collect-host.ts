// Collects the host part of the audit: Docker's config files, unit files and drop-ins, env files, group files,
// sockets, Docker Desktop settings, the process table and listening sockets with their owners — all relative to
// the audited root, noting what could not be read instead of failing.
import type { FileFact, ListenFact, ProcessFact } from '../core/checks/index.js';
import { parseProcNetTcp, parseProcNetUnix, SOCKET_PATHS, UNIT_DIRS, userUnitDirs } from '../core/checks/index.js';
import type { RootFs } from './root-fs.js';

export interface HostCollection {
  files: Record<string, FileFact>;
  processes?: ProcessFact[];
  listeners?: ListenFact[];
  notes: string[];
}

const BASE_FILES = ['/etc/docker/daemon.json', '/etc/default/docker', '/etc/sysconfig/docker', '/etc/group', '/etc/passwd'];
const STAT_ONLY = ['/etc/docker', ...SOCKET_PATHS];
const DESKTOP_REL = ['.docker/desktop/settings.json', '.docker/desktop/settings-store.json',
  'Library/Group Containers/group.com.docker/settings.json', 'Library/Group Containers/group.com.docker/settings-store.json',
  'AppData/Roaming/Docker/settings.json', 'AppData/Roaming/Docker/settings-store.json'];

/** Programs whose own network namespace is read for listeners when it differs from the auditor's. */
const NETNS_PROGRAMS = /^(dockerd|dockerd-current|dockerd-ce|rootlesskit|socat|haproxy|nginx|caddy|envoy|docker-proxy|systemd-socket-proxyd|docker-socket-proxy|socket-proxy)$/;

/** Files every audit reads (before following references from the configuration). */
export function baseFileList(fs: RootFs): { read: string[]; stat: string[] } {
  const read = [...BASE_FILES];
  for (const d of UNIT_DIRS) {
    for (const unit of ['docker.service', 'docker.socket']) {
      read.push(`${d}/${unit}`);
      for (const n of fs.list(`${d}/${unit}.d`)) if (n.endsWith('.conf')) read.push(`${d}/${unit}.d/${n}`);
    }
  }
  const homes = ['/root', ...['/home', '/Users'].flatMap((h) => fs.list(h).map((n) => `${h}/${n}`))];
  for (const h of homes) for (const rel of DESKTOP_REL) read.push(`${h}/${rel}`);
  const stat = [...STAT_ONLY];
  // Relays configured in files: every system unit (socat, systemd-socket-proxyd), haproxy, nginx, Caddy, Envoy.
  for (const d of UNIT_DIRS) for (const n of fs.list(d)) if (/\.(service|socket)$/.test(n) && !n.startsWith('docker.')) read.push(`${d}/${n}`);
  read.push('/etc/haproxy/haproxy.cfg', '/usr/local/etc/haproxy/haproxy.cfg', '/etc/nginx/nginx.conf');
  for (const d of ['/etc/haproxy', '/etc/haproxy/conf.d']) for (const n of fs.list(d)) if (n.endsWith('.cfg')) read.push(`${d}/${n}`);
  for (const d of ['/etc/nginx/conf.d', '/etc/nginx/sites-enabled', '/etc/nginx/streams-enabled', '/etc/nginx/stream.d', '/etc/nginx/http.d']) {
    for (const n of fs.list(d)) read.push(`${d}/${n}`);
  }
  read.push('/etc/caddy/Caddyfile');
  for (const d of ['/etc/caddy', '/etc/caddy/conf.d', '/etc/caddy/sites-enabled']) for (const n of fs.list(d)) if (/^Caddyfile|\.caddy(file)?$/.test(n)) read.push(`${d}/${n}`);
  // Caddy's JSON config, and the autosave its admin API writes under the caddy user's (or root's) config dir.
  for (const n of fs.list('/etc/caddy')) if (n.endsWith('.json')) read.push(`/etc/caddy/${n}`);
  for (const h of ['/var/lib/caddy', ...homes]) read.push(`${h}/.config/caddy/autosave.json`);
  for (const n of fs.list('/etc/envoy')) if (/\.ya?ml$/.test(n)) read.push(`/etc/envoy/${n}`);
  // Rootless Docker: user units (per home and global) and the user's own daemon.json.
  for (const h of [...homes.filter((x) => x !== '/root'), undefined]) {
    for (const d of userUnitDirs(h)) {
      if (h === undefined || d.startsWith(h)) {
        read.push(`${d}/docker.service`);
        for (const n of fs.list(`${d}/docker.service.d`)) if (n.endsWith('.conf')) read.push(`${d}/docker.service.d/${n}`);
      }
    }
  }
  // Clients pointed at a TCP engine: login environment, profile scripts, shell rc files, docker contexts.
  read.push('/etc/environment', '/etc/profile', '/etc/bash.bashrc', '/etc/bashrc', '/etc/zsh/zshenv');
  for (const n of fs.list('/etc/profile.d')) if (n.endsWith('.sh')) read.push(`/etc/profile.d/${n}`);
  for (const h of homes) {
    for (const rc of ['.bashrc', '.profile', '.bash_profile', '.zshrc', '.zshenv', '.pam_environment']) read.push(`${h}/${rc}`);
    for (const id of fs.list(`${h}/.docker/contexts/meta`)) {
      read.push(`${h}/.docker/contexts/meta/${id}/meta.json`);
      stat.push(`${h}/.docker/contexts/tls/${id}/docker`);
    }
  }
  return { read, stat };
}

export function readFiles(fs: RootFs, paths: readonly string[], into: Record<string, FileFact>, statOnly = false): void {
  for (const p of paths) {
    if (p in into) continue;
    into[p] = statOnly ? fs.stat(p) : fs.read(p);
  }
}

/** Processes and listening sockets from <root>/proc; undefined parts when there is no process table. */
export function collectProc(fs: RootFs, notes: string[]): { processes?: ProcessFact[]; listeners?: ListenFact[] } {
  const pids = fs.list('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
  if (pids.length === 0) {
    notes.push(fs.live ? 'no process table under /proc: running-daemon and listener checks skipped'
      : `no process table under ${fs.root}/proc (offline root): running-daemon, listener and relay checks not applicable`);
    return {};
  }
  const processes: ProcessFact[] = [];
  const owner = new Map<number, number>();
  let fdDenied = 0;
  for (const pid of pids) {
    const raw = fs.readRaw(`/proc/${pid}/cmdline`);
    if (raw === undefined || raw === '') continue;
    const argv = raw.replace(/\0+$/, '').split('\0');
    const comm = (fs.readRaw(`/proc/${pid}/comm`) ?? '').trim();
    const uidLine = /^Uid:\s+(\d+)/m.exec(fs.readRaw(`/proc/${pid}/status`) ?? '');
    processes.push({ pid, argv, comm, source: `/proc/${pid}/cmdline`, ...(uidLine ? { uid: Number(uidLine[1]) } : {}) });
    const fds = fs.list(`/proc/${pid}/fd`);
    if (fds.length === 0 && fs.live && process.getuid?.() !== 0) fdDenied++;
    for (const fd of fds) {
      const l = fs.readlink(`/proc/${pid}/fd/${fd}`);
      const m = l ? /^socket:\[(\d+)\]$/.exec(l) : null;
      if (m && !owner.has(Number(m[1]))) owner.set(Number(m[1]), pid);
    }
  }
  if (fdDenied > 0) notes.push(`could not read the open files of ${fdDenied} processes (not root): listeners they own are shown without an owner`);
  const listeners: ListenFact[] = [];
  let sawNet = false;
  for (const proto of ['tcp', 'tcp6'] as const) {
    const t = fs.readRaw(`/proc/net/${proto}`);
    if (t === undefined) continue;
    sawNet = true;
    listeners.push(...parseProcNetTcp(t, proto));
  }
  // Daemons and relays in other network namespaces (a rootless dockerd, docker-in-docker, a relay in a container):
  // their listeners are in /proc/<pid>/net/tcp, which /proc/net/tcp (this namespace) does not show.
  const ref = fs.readlink(fs.live ? '/proc/self/ns/net' : '/proc/1/ns/net');
  if (ref && sawNet) {
    const seen = new Set([ref]);
    for (const p of processes) {
      const prog = (p.argv[0] ?? '').split('/').pop() ?? '';
      if (!NETNS_PROGRAMS.test(prog) && !NETNS_PROGRAMS.test(p.comm)) continue;
      const ns = fs.readlink(`/proc/${p.pid}/ns/net`);
      if (!ns || seen.has(ns)) continue;
      seen.add(ns);
      for (const proto of ['tcp', 'tcp6'] as const) {
        const t = fs.readRaw(`/proc/${p.pid}/net/${proto}`);
        if (t !== undefined) listeners.push(...parseProcNetTcp(t, proto).map((l) => ({ ...l, netns: ns })));
      }
    }
  }
  const u = fs.readRaw('/proc/net/unix');
  if (u !== undefined) listeners.push(...parseProcNetUnix(u));
  if (!sawNet) notes.push('could not read /proc/net/tcp: listening sockets not checked');
  else if (fs.live && !ref) notes.push('listening sockets are those of this network namespace');
  return { processes, listeners: listeners.map((l) => (owner.has(l.inode) ? { ...l, pid: owner.get(l.inode) } : l)) };
}

/** Notes for files that exist but could not be read (EACCES as non-root). */
export function unreadableNotes(files: Record<string, FileFact>): string[] {
  const denied = Object.values(files).filter((f) => f.error === 'EACCES').map((f) => f.path);
  if (denied.length === 0) return [];
  // Group by top directory (/root/..., /home/alice/...) so one unreadable home is one entry, not nine.
  const groups = new Map<string, string[]>();
  for (const p of denied) {
    const key = p.split('/').slice(0, p.startsWith('/home/') || p.startsWith('/Users/') ? 3 : 2).join('/');
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const parts = [...groups.entries()].map(([dir, ps]) => (ps.length > 2 ? `${dir}/... (${ps.length} files)` : ps.join(', ')));
  return [`could not read (permission denied; run as root to check them): ${parts.join(', ')}`];
}
