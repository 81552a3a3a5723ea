// Normalisers for capability names and security options in every form dockerd accepts: CAP_ prefix or
// not, any case; `key=value` and the legacy `key:value`; no-new-privileges as a bare flag or a Go bool.

/**
 * Upper-case, without the CAP_ prefix, as dockerd's caps normalisation compares them.
 *
 * @example
 * normalizeCapability('cap_sys_admin'); // 'SYS_ADMIN'
 */
export function normalizeCapability(c: string): string {
  const u = c.trim().toUpperCase();
  return u.startsWith('CAP_') ? u.slice(4) : u;
}

/** Capabilities that by themselves allow escaping the container or reading the host. */
export const HOST_CONTROL_CAPS = new Set(['ALL', 'SYS_ADMIN', 'SYS_MODULE', 'SYS_PTRACE', 'SYS_RAWIO', 'DAC_READ_SEARCH', 'BPF', 'PERFMON', 'SYS_BOOT', 'MAC_ADMIN', 'MAC_OVERRIDE', 'SYSLOG', 'NET_ADMIN', 'SYS_TIME']);

/** Docker's default capability set (adding these changes nothing). */
export const DEFAULT_CAPS = new Set(['CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE']);

export interface SecurityOpt {
  readonly key: string;
  readonly value: string;
}

/**
 * Parse one SecurityOpt entry as dockerd 20.10 does (`=` first; `:` only when there is no `=`).
 *
 * @example
 * parseSecurityOpt('seccomp:unconfined'); // { key: 'seccomp', value: 'unconfined' }
 * parseSecurityOpt('no-new-privileges');  // { key: 'no-new-privileges', value: 'true' }
 */
export function parseSecurityOpt(opt: string): SecurityOpt | undefined {
  const eq = opt.indexOf('=');
  if (eq >= 0) return { key: opt.slice(0, eq), value: opt.slice(eq + 1) };
  if (opt === 'no-new-privileges') return { key: opt, value: 'true' };
  const colon = opt.indexOf(':');
  if (colon < 0) return undefined;
  return { key: opt.slice(0, colon), value: opt.slice(colon + 1) };
}

/** strconv.ParseBool's false spellings. */
export function goParseBoolFalse(v: string): boolean {
  return ['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v);
}
