// Users judged by what a container cannot remap: dockerd resolves a user NAME (and a group name) in the
// container's own /etc/passwd and /etc/group, which a root container may rewrite, so names are refused.
import type { CompiledRole } from './compile.js';
import { deny, type Decision } from './types.js';

/** A numeric `uid[:gid]` with uid (and gid, when given) in 1..2^31-1; undefined when it is not one. */
export function numericNonRootUser(user: string): { uid: number; gid?: number } | undefined {
  const m = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(user);
  if (!m) return undefined;
  const uid = Number(m[1]);
  const gid = m[2] === undefined ? undefined : Number(m[2]);
  const ok = (n: number): boolean => n >= 1 && n <= 2 ** 31 - 1;
  if (!ok(uid) || (gid !== undefined && !ok(gid))) return undefined;
  return gid === undefined ? { uid } : { uid, gid };
}

const why = 'names are resolved in the container\'s own /etc/passwd, which the container can rewrite; use a numeric uid[:gid] other than 0 (e.g. 65534)';

/** Config.User of a created container, when the role forbids root (`container.allowRoot: false`). */
export function checkContainerUser(role: CompiledRole, user: string, field: string): Decision | undefined {
  if (role.container.allowRoot) return undefined;
  if (user === '') return deny('policy.container.user', `this role forbids root, and an empty ${field} runs as the image's user (often root); set a numeric non-zero uid (docker run --user 65534)`, field);
  if (numericNonRootUser(user) === undefined) return deny('policy.container.user', `user "${user}" is not allowed for this role: ${why}`, field);
  return undefined;
}

/** Whether the role limits exec users (a list without `*`). */
export const execUsersRestricted = (role: CompiledRole): boolean => !role.exec.users.includes('*');

/** The User of an exec create body. */
export function checkExecUser(role: CompiledRole, user: string): Decision | undefined {
  if (user === '') {
    if (!role.execUsers('')) return deny('policy.exec.user', 'exec as the container\'s default user is not allowed for this role; use a numeric uid', 'User');
    if (!role.container.allowRoot) return deny('policy.exec.user', 'this role forbids root, and the container\'s default user may be root; use a numeric uid (docker exec -u 65534)', 'User');
    return undefined;
  }
  if (!execUsersRestricted(role)) return role.execUsers(user) ? undefined : deny('policy.exec.user', `exec as user "${user}" is not allowed for this role`, 'User');
  if (numericNonRootUser(user) === undefined) return deny('policy.exec.user', `exec as user "${user}" is not allowed for this role: ${why}`, 'User');
  if (!role.execUsers(user)) return deny('policy.exec.user', `exec as user "${user}" is not in this role's exec.users`, 'User');
  return undefined;
}

/** Configuration check: a restricted exec.users list may name only '' and numeric non-root uids (globs allowed). */
export function badExecUserEntry(users: readonly string[]): string | undefined {
  if (users.includes('*')) return undefined;
  return users.find((u) => u !== '' && !(/^[\d*?]+(:[\d*?]+)?$/.test(u) && !/^0+(:|$)/.test(u)));
}
