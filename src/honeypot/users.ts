// The emulated containers' users: the decoy /etc/passwd and /etc/group, and how runc turns a `User` setting
// (`name`, `uid`, `name:group`, `uid:gid`) into the process's ids and home, refusing names it cannot find in
// dockerd's words. `docker run -u` and `docker exec -u` read back through `id`, `whoami` and `$HOME`.

export interface ProcessUser {
  readonly uid: number;
  readonly gid: number;
  /** Login name, when the uid is in /etc/passwd. */
  readonly name?: string;
  readonly groupName?: string;
  readonly home: string;
}

/** name, uid, gid, home (Ubuntu 22.04's base image). */
const PASSWD: ReadonlyArray<readonly [string, number, number, string, string]> = [
  ['root', 0, 0, '/root', '/bin/bash'], ['daemon', 1, 1, '/usr/sbin', '/usr/sbin/nologin'], ['bin', 2, 2, '/bin', '/usr/sbin/nologin'],
  ['sys', 3, 3, '/dev', '/usr/sbin/nologin'], ['sync', 4, 65534, '/bin', '/bin/sync'], ['games', 5, 60, '/usr/games', '/usr/sbin/nologin'],
  ['man', 6, 12, '/var/cache/man', '/usr/sbin/nologin'], ['lp', 7, 7, '/var/spool/lpd', '/usr/sbin/nologin'], ['mail', 8, 8, '/var/mail', '/usr/sbin/nologin'],
  ['news', 9, 9, '/var/spool/news', '/usr/sbin/nologin'], ['uucp', 10, 10, '/var/spool/uucp', '/usr/sbin/nologin'], ['proxy', 13, 13, '/bin', '/usr/sbin/nologin'],
  ['www-data', 33, 33, '/var/www', '/usr/sbin/nologin'], ['backup', 34, 34, '/var/backups', '/usr/sbin/nologin'], ['list', 38, 38, '/var/list', '/usr/sbin/nologin'],
  ['irc', 39, 39, '/run/ircd', '/usr/sbin/nologin'], ['gnats', 41, 41, '/var/lib/gnats', '/usr/sbin/nologin'],
  ['nobody', 65534, 65534, '/nonexistent', '/usr/sbin/nologin'], ['_apt', 100, 65534, '/nonexistent', '/usr/sbin/nologin'],
];

const GROUPS: ReadonlyArray<readonly [string, number]> = [
  ['root', 0], ['daemon', 1], ['bin', 2], ['sys', 3], ['adm', 4], ['tty', 5], ['disk', 6], ['lp', 7], ['mail', 8], ['news', 9], ['uucp', 10],
  ['man', 12], ['proxy', 13], ['kmem', 15], ['dialout', 20], ['fax', 21], ['voice', 22], ['cdrom', 24], ['floppy', 25], ['tape', 26],
  ['sudo', 27], ['audio', 29], ['dip', 30], ['www-data', 33], ['backup', 34], ['operator', 37], ['list', 38], ['irc', 39], ['src', 40],
  ['gnats', 41], ['shadow', 42], ['utmp', 43], ['video', 44], ['sasl', 45], ['plugdev', 46], ['staff', 50], ['games', 60], ['users', 100],
  ['nogroup', 65534],
];

export const ROOT_USER: ProcessUser = { uid: 0, gid: 0, name: 'root', groupName: 'root', home: '/root' };

/** The decoy /etc/passwd, as `cat /etc/passwd` prints it. */
export function passwdFile(): string {
  return PASSWD.map(([n, u, g, home, shell]) => `${n}:x:${u}:${g}:${n}:${home}:${shell}\n`).join('');
}

/** The decoy /etc/group (each group without members). */
export function groupFile(): string {
  return GROUPS.map(([n, g]) => `${n}:x:${g}:\n`).join('');
}

const isId = (s: string): boolean => /^\d+$/.test(s);

/**
 * runc's reading of a `User` setting: a name must be in /etc/passwd (a bare uid need not be: gid 0, home /), a
 * group name in /etc/group. The error is dockerd's start/exec refusal.
 */
export function resolveUser(spec: string): { ok: true; user: ProcessUser } | { ok: false; error: string } {
  if (spec === '') return { ok: true, user: ROOT_USER };
  const i = spec.indexOf(':');
  const userPart = i < 0 ? spec : spec.slice(0, i);
  const groupPart = i < 0 ? undefined : spec.slice(i + 1);
  const entry = isId(userPart) ? PASSWD.find((p) => p[1] === Number(userPart)) : PASSWD.find((p) => p[0] === userPart);
  if (!entry && !isId(userPart)) return { ok: false, error: `unable to find user ${userPart}: no matching entries in passwd file` };
  let gid = entry ? entry[2] : 0;
  if (groupPart !== undefined && groupPart !== '') {
    const g = isId(groupPart) ? GROUPS.find((x) => x[1] === Number(groupPart)) : GROUPS.find((x) => x[0] === groupPart);
    if (!g && !isId(groupPart)) return { ok: false, error: `unable to find group ${groupPart}: no matching entries in group file` };
    gid = g ? g[1] : Number(groupPart);
  }
  const groupName = GROUPS.find((x) => x[1] === gid)?.[0];
  const uid = entry ? entry[1] : Number(userPart);
  return { ok: true, user: { uid, gid, home: entry ? entry[3] : '/', ...(entry ? { name: entry[0] } : {}), ...(groupName ? { groupName } : {}) } };
}
