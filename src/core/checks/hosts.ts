// Reads dockerd `-H`/`hosts` values and systemd ListenStream values into one address form, so the same
// listener found by configuration and by /proc/net/tcp is reported once.
import { isLoopback } from './parse-proc-net.js';

export interface DaemonHost {
  readonly proto: 'tcp' | 'unix' | 'fd' | 'other';
  /** Listen address for tcp ("0.0.0.0", "127.0.0.1", "::"), socket path for unix. */
  readonly address: string;
  readonly port?: number;
  /** Stable key: "*:2375", "127.0.0.1:2375", "unix:/run/docker.sock". */
  readonly key: string;
  readonly loopback: boolean;
}

function all(address: string): boolean {
  return address === '' || address === '0.0.0.0' || address === '::' || address === '[::]' || address === '*';
}

export function hostKey(address: string, port: number): string {
  const a = address.replace(/^\[|\]$/g, '');
  if (all(a)) return `*:${port}`;
  if (a === 'localhost') return `127.0.0.1:${port}`;
  return a.includes(':') ? `[${a}]:${port}` : `${a}:${port}`;
}

function tcp(address: string, port: number): DaemonHost {
  const a = address.replace(/^\[|\]$/g, '');
  return { proto: 'tcp', address: all(a) ? '0.0.0.0' : a, port, key: hostKey(a, port), loopback: isLoopback(a) };
}

/**
 * Parse a dockerd host as moby's opts.ParseHost does: `tcp://h:p`, `h:p`, `:p`, `tcp://` (localhost),
 * default port 2376 when TLS is on, else 2375; `unix://path`, `fd://`, `npipe://`, `ssh://`.
 */
export function parseDaemonHost(value: string, tls: boolean): DaemonHost {
  const v = value.trim();
  const defPort = tls ? 2376 : 2375;
  if (v.startsWith('unix://')) return { proto: 'unix', address: v.slice(7) || '/var/run/docker.sock', key: `unix:${v.slice(7) || '/var/run/docker.sock'}`, loopback: true };
  if (v.startsWith('fd://')) return { proto: 'fd', address: v, key: v, loopback: true };
  if (/^[a-z]+:\/\//.test(v) && !v.startsWith('tcp://') && !v.startsWith('http://')) return { proto: 'other', address: v, key: v, loopback: true };
  const rest = v.replace(/^(tcp|http):\/\//, '').replace(/\/.*$/, '');
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(rest);
  if (!m) return { proto: 'other', address: v, key: v, loopback: false };
  // An empty host means localhost for dockerd (opts.DefaultHTTPHost), not "all interfaces".
  const host = m[1] === '' ? 'localhost' : (m[1] as string);
  const port = m[2] ? Number(m[2]) : defPort;
  return tcp(host, port);
}

/** Parse a systemd ListenStream value: `2375` (all interfaces), `0.0.0.0:2375`, `[::1]:2375`, `/run/docker.sock`. */
export function parseListenStream(value: string): DaemonHost {
  const v = value.trim();
  if (v.startsWith('/') || v.startsWith('@')) return { proto: 'unix', address: v, key: `unix:${v}`, loopback: true };
  if (/^\d+$/.test(v)) return tcp('', Number(v));
  const m = /^(\[[^\]]*\]|[^:]+):(\d+)$/.exec(v);
  if (m) return tcp(m[1] as string, Number(m[2]));
  return { proto: 'other', address: v, key: v, loopback: true };
}
