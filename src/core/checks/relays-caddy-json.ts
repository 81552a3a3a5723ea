// Relays of the Docker socket in Caddy's JSON config (`caddy run --config caddy.json`, or the autosave that the
// admin API writes): an HTTP server whose routes, at any depth of subroutes, reach a reverse_proxy upstream
// dialling `unix//var/run/docker.sock`. Each yields the TCP addresses the server listens on.
import type { ConfiguredRelay } from './relays.js';
import { isDockerSocket, parseListenAddr } from './relays.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The handlers of a route list, subroutes flattened (Caddy runs them in order within the same request). */
function handlersOf(routes: unknown): Obj[] {
  const out: Obj[] = [];
  for (const r of arr(routes)) {
    for (const h of arr(obj(r).handle).map(obj)) {
      out.push(h);
      if (h.handler === 'subroute') out.push(...handlersOf(h.routes));
    }
  }
  return out;
}

/**
 * Caddy's client authentication verifies certificates only in `require_and_verify` mode, which is also the
 * default once trusted CAs are given; `require` takes any certificate and `verify_if_given` takes none.
 */
export function caddyVerifiesClients(mode: string, trustedCas: boolean): boolean {
  return mode === 'require_and_verify' || (mode === '' && trustedCas);
}

/** `:2375`, `tcp/0.0.0.0:2375`, `[::1]:4243`, `127.0.0.1:8000-8001` (a range: its first port). */
function listenHost(addr: string): ReturnType<typeof parseListenAddr> {
  const m = /^(?:(tcp[46]?)\/)?(\[[^\]]*\]|[^:]*):(\d+)(?:-\d+)?$/.exec(addr);
  if (!m) return undefined;
  return parseListenAddr(`${m[2] ?? ''}:${m[3] ?? ''}`);
}

export function caddyJsonRelays(path: string, text: string, sockets: readonly string[]): ConfiguredRelay[] {
  let doc: unknown;
  try { doc = JSON.parse(text); } catch { return []; }
  const servers = obj(obj(obj(obj(doc).apps).http).servers);
  const lines = text.split('\n');
  // The first line holding `needle` at or after line `from` (1-based), for evidence.
  const lineOf = (needle: string, from = 1) => Math.max(1, lines.findIndex((l, i) => i + 1 >= from && l.includes(needle)) + 1);
  const out: ConfiguredRelay[] = [];
  for (const [name, s] of Object.entries(servers).map(([n, v]) => [n, obj(v)] as const)) {
    const handlers = handlersOf(s.routes);
    const proxy = handlers.find((h) => h.handler === 'reverse_proxy'
      && arr(h.upstreams).some((u) => { const d = str(obj(u).dial); return d.startsWith('unix/') && isDockerSocket(d.replace(/^unix\/+/, '/'), sockets); }));
    if (!proxy) continue;
    const policies = arr(s.tls_connection_policies).map(obj);
    const verified = policies.length > 0 && policies.every((p) => {
      const ca = obj(p.client_authentication);
      return caddyVerifiesClients(str(ca.mode), arr(ca.trusted_ca_certs).length > 0 || arr(ca.trusted_ca_certs_pem_files).length > 0 || Object.keys(obj(ca.ca)).length > 0);
    });
    if (verified) continue;
    const auth = handlers.some((h) => h.handler === 'authentication');
    const dial = str(obj(arr(proxy.upstreams)[0]).dial);
    const serverLine = lineOf(`"${name}"`);
    for (const addr of arr(s.listen).map(str)) {
      const host = listenHost(addr);
      if (!host) continue;
      const listenLine = lineOf(`"${addr}"`, serverLine);
      // Caddy serves TLS on a server with connection policies, or on 443 by its automatic HTTPS.
      const tls = policies.length > 0 || host.port === 443;
      out.push({ host, via: `Caddy server ${name} (${path})`, tls: tls ? 'tls-no-verify' : 'none', auth,
        evidence: [{ kind: 'file', location: path, line: listenLine, value: `server ${name} listens on ${addr}` },
          { kind: 'file', location: path, line: lineOf(dial, serverLine), value: `reverse_proxy to ${dial}` }] });
    }
  }
  return out;
}
