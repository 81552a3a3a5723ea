// Daemon settings as dockerd reads them, from any source (command line, daemon.json, env files, unit files),
// each value kept with the evidence of where it was set, so every finding can name the file and line.
import type { Evidence } from '../report/finding.js';

/** A daemon setting's value and where it was set. */
export interface Setting<T> {
  readonly value: T;
  readonly evidence: Evidence;
}

/** daemon.json key names; command-line flags are mapped onto these. */
export type BoolKey = 'tls' | 'tlsverify' | 'live-restore' | 'no-new-privileges' | 'icc' | 'experimental' |
  'userland-proxy' | 'selinux-enabled' | 'iptables';
export type StringKey = 'tlscacert' | 'tlscert' | 'tlskey' | 'userns-remap' | 'log-driver' | 'seccomp-profile' |
  'config-file' | 'log-level' | 'data-root';
export type ListKey = 'hosts' | 'authorization-plugins' | 'insecure-registries';

export interface DaemonSettings {
  readonly bools: Partial<Record<BoolKey, Setting<boolean>>>;
  readonly strings: Partial<Record<StringKey, Setting<string>>>;
  /** Lists keep one Setting per element so each host has its own evidence. */
  readonly lists: Partial<Record<ListKey, Setting<string>[]>>;
}

export function emptySettings(): { bools: DaemonSettings['bools']; strings: DaemonSettings['strings']; lists: DaemonSettings['lists'] } {
  return { bools: {}, strings: {}, lists: {} };
}

export const BOOL_FLAGS: Readonly<Record<string, BoolKey>> = {
  '--tls': 'tls', '--tlsverify': 'tlsverify', '--live-restore': 'live-restore', '--no-new-privileges': 'no-new-privileges',
  '--icc': 'icc', '--experimental': 'experimental', '--userland-proxy': 'userland-proxy',
  '--selinux-enabled': 'selinux-enabled', '--iptables': 'iptables',
};
export const STRING_FLAGS: Readonly<Record<string, StringKey>> = {
  '--tlscacert': 'tlscacert', '--tlscert': 'tlscert', '--tlskey': 'tlskey', '--userns-remap': 'userns-remap',
  '--log-driver': 'log-driver', '--seccomp-profile': 'seccomp-profile', '--config-file': 'config-file',
  '--log-level': 'log-level', '-l': 'log-level', '--data-root': 'data-root', '-g': 'data-root', '--graph': 'data-root',
};
export const LIST_FLAGS: Readonly<Record<string, ListKey>> = {
  '-H': 'hosts', '--host': 'hosts', '--authorization-plugin': 'authorization-plugins',
  '--insecure-registry': 'insecure-registries',
};

/** Merge settings: `over` wins for scalars, lists concatenate (dockerd refuses duplicates across sources; we report them). */
export function mergeSettings(base: DaemonSettings, over: DaemonSettings): DaemonSettings {
  const lists: DaemonSettings['lists'] = { ...base.lists };
  for (const [k, v] of Object.entries(over.lists) as [ListKey, Setting<string>[]][]) lists[k] = [...(lists[k] ?? []), ...v];
  return { bools: { ...base.bools, ...over.bools }, strings: { ...base.strings, ...over.strings }, lists };
}

/** How a TCP listener is protected, by dockerd's own rules. */
export type TlsMode = 'none' | 'tls-no-verify' | 'mtls';

/**
 * dockerd's TLS semantics: `--tlsverify` implies `--tls` and requires client certificates signed by `--tlscacert`;
 * `--tls` alone encrypts but accepts any client. A `tlsverify` key present in daemon.json, even `false`, turns TLS
 * on without verification (moby/moby#27105), so `"tlsverify": false` is "TLS, any client", not "no TLS".
 * A DOCKER_TLS_VERIFY variable in dockerd's environment sets `--tlsverify` as well.
 */
export function tlsModeOf(s: DaemonSettings, envTlsVerify?: Setting<string>): TlsMode {
  const verify = s.bools.tlsverify;
  if (verify?.value === true) return 'mtls';
  if (!verify && envTlsVerify && envTlsVerify.value !== '') return 'mtls';
  if (verify && verify.value === false) return 'tls-no-verify';
  if (s.bools.tls?.value === true) return 'tls-no-verify';
  return 'none';
}
