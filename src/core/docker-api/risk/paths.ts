// Host-path judgement for mounts: clean paths as Go's path.Clean does (//, /./, .., trailing slash), then
// classify them against sensitive host locations and the Docker socket.

/**
 * path.Clean for absolute and relative slash paths.
 *
 * @example
 * cleanPath('//etc/./ssh/../'); // '/etc'
 */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

export const SENSITIVE_HOST_PATHS = ['/', '/etc', '/proc', '/sys', '/dev', '/boot', '/root', '/home', '/run', '/var/run', '/var/lib/docker', '/var/lib/containerd', '/lib/modules', '/usr', '/bin', '/sbin', '/lib'] as const;

const under = (p: string, base: string): boolean => base === '/' ? true : p === base || p.startsWith(`${base}/`);

export type HostPathClass = 'docker-socket' | 'sensitive' | 'host';

/**
 * Classify a host path: the Docker socket (any path ending in docker.sock, or a directory that holds the
 * default socket), a sensitive system location (or an ancestor of one), or an ordinary host path.
 *
 * @example
 * classifyHostPath('/var/run//docker.sock'); // 'docker-socket'
 * classifyHostPath('/srv/data');             // 'host'
 */
export function classifyHostPath(raw: string): HostPathClass {
  const p = cleanPath(raw);
  if (/docker\.sock$/i.test(p) || p === '/run/docker' || p === '/var/run' || p === '/run' || p === '/var/run/docker') return 'docker-socket';
  if (p === '/') return 'sensitive';
  for (const s of SENSITIVE_HOST_PATHS) {
    if (s === '/') continue;
    if (under(p, s) || under(s, p)) return 'sensitive';
  }
  return 'host';
}

export interface BindSpec {
  readonly source: string;
  readonly target: string;
  readonly mode: string;
  /** True when the source is a host path (absolute), false for a named volume. */
  readonly hostPath: boolean;
}

/**
 * Split a Binds entry `src:dst[:mode]` the way the Linux bind parser does (sources are absolute paths or
 * volume names; neither side may contain ':').
 *
 * @example
 * parseBind('/:/host:ro'); // { source: '/', target: '/host', mode: 'ro', hostPath: true }
 */
export function parseBind(spec: string): BindSpec {
  const parts = spec.split(':');
  const source = parts.length >= 2 ? parts[0]! : '';
  const target = parts.length >= 2 ? parts[1]! : parts[0]!;
  const mode = parts.length >= 3 ? parts.slice(2).join(':') : '';
  return { source, target, mode, hostPath: source.startsWith('/') };
}

/** Container paths where writing a file changes system behaviour. */
export const SENSITIVE_CONTAINER_PATHS = ['/', '/etc', '/bin', '/sbin', '/usr', '/lib', '/lib64', '/root', '/var/spool/cron', '/boot', '/proc', '/sys', '/dev', '/run', '/var/run'] as const;

/**
 * True when extracting into `raw` (cleaned) writes into a system location of the container.
 *
 * @example
 * isSensitiveContainerPath('/usr/local/bin'); // true
 */
export function isSensitiveContainerPath(raw: string): boolean {
  const p = cleanPath(raw.startsWith('/') ? raw : `/${raw}`);
  return SENSITIVE_CONTAINER_PATHS.some((s) => (s === '/' ? p === '/' : under(p, s)));
}
