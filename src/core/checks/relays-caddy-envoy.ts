// Relays of the Docker socket in Caddy and Envoy configs, found at rest: a Caddyfile site whose reverse_proxy
// goes to `unix//var/run/docker.sock`, an Envoy listener routed to a cluster whose endpoint is the socket pipe.
// Each yields the TCP address it opens, as relays.ts does for haproxy, nginx and socat.
import { parse as parseYaml } from 'yaml';
import type { ConfiguredRelay } from './relays.js';
import { isDockerSocket, parseListenAddr } from './relays.js';
import type { DaemonHost } from './hosts.js';
import { caddyVerifiesClients } from './relays-caddy-json.js';

interface CaddyLine {
  readonly words: string[];
  readonly line: number;
  readonly depth: number;
}

/** Caddyfile lines as words, with the brace depth each starts at; comments and quotes handled. */
function caddyLines(text: string): CaddyLine[] {
  const out: CaddyLine[] = [];
  let depth = 0;
  text.split('\n').forEach((raw, i) => {
    const words = (raw.replace(/(^|\s)#.*$/, '').match(/"[^"]*"|`[^`]*`|[^\s]+/g) ?? []).map((w) => w.replace(/^["`]|["`]$/g, ''));
    if (words.length === 0) return;
    const start = depth;
    for (const w of words) {
      if (w === '{') depth++;
      else if (w === '}') depth = Math.max(0, depth - 1);
    }
    out.push({ words, line: i + 1, depth: start });
  });
  return out;
}

/** The listen address of a Caddy site address: `:2375`, `http://host:2375`, `host:2376` (HTTPS), `localhost`. */
function caddySite(addr: string): { host: DaemonHost; tls: boolean } | undefined {
  const m = /^(?:(https?):\/\/)?(\[[^\]]+\]|[^:/]*)(?::(\d+))?(?:\/.*)?$/.exec(addr);
  if (!m) return undefined;
  const [, scheme, name = '', port] = m;
  // Caddy serves a site with a host name over HTTPS automatically, unless told http:// or given no host.
  const tls = scheme === 'https' || (scheme === undefined && name !== '' && !/^(localhost|127\.|\[?::1\]?$|\d+\.\d+\.\d+\.\d+$)/.test(name) && port !== '80');
  const p = port ?? (tls ? '443' : '80');
  const ip = /^(\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\])$/i.test(name) ? name.replace(/^\[|\]$/g, '') : name === 'localhost' ? '127.0.0.1' : '';
  const host = parseListenAddr(`${ip}:${p}`);
  return host ? { host, tls } : undefined;
}

/**
 * Caddyfile sites that reverse-proxy to the Docker socket. A site verifying client certificates (`client_auth`
 * in `require_and_verify` mode, or with trusted CAs and no mode) is not reported; basic or forward auth is noted.
 */
export function caddyRelays(path: string, text: string, sockets: readonly string[]): ConfiguredRelay[] {
  const lines = caddyLines(text);
  const out: ConfiguredRelay[] = [];
  lines.forEach((l, i) => {
    if (l.depth !== 0 || l.words[l.words.length - 1] !== '{' || l.words[0]?.startsWith('(')) return;
    const addrs = l.words.slice(0, -1).flatMap((w) => w.split(',')).filter(Boolean);
    if (addrs.length === 0) return; // the global options block
    const body: CaddyLine[] = [];
    for (let k = i + 1; k < lines.length && (lines[k] as CaddyLine).depth > 0; k++) body.push(lines[k] as CaddyLine);
    const proxy = body.find((b) => (b.words[0] === 'reverse_proxy' || b.words[0] === 'to') && b.words.slice(1).some((w) => w.startsWith('unix/') && isDockerSocket(w.replace(/^unix\/+/, '/'), sockets)));
    if (!proxy) return;
    // Only verified client certificates protect: `mode require_and_verify`, or trusted CAs with no mode given.
    if (body.some((b) => b.words[0] === 'client_auth')) {
      const mode = body.find((b) => b.words[0] === 'mode')?.words[1] ?? '';
      const cas = body.some((b) => /^(trusted_ca_cert|trusted_ca_cert_file|trust_pool|trusted_leaf_cert|trusted_leaf_cert_file)$/.test(b.words[0] ?? ''));
      if (caddyVerifiesClients(mode, cas)) return;
    }
    const auth = body.some((b) => /^(basicauth|basic_auth|forward_auth)$/.test(b.words[0] ?? ''));
    for (const a of addrs) {
      const site = caddySite(a);
      if (!site) continue;
      out.push({ host: site.host, via: `Caddy site ${a} (${path}:${l.line})`, tls: site.tls ? 'tls-no-verify' : 'none', auth,
        evidence: [{ kind: 'file', location: path, line: l.line, value: l.words.join(' ').slice(0, 300) },
          { kind: 'file', location: path, line: proxy.line, value: proxy.words.join(' ').slice(0, 300) }] });
    }
  });
  return out;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Every value under `key` anywhere in `v` (cluster names a listener's filters route to). */
function valuesOf(v: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(v)) for (const x of v) valuesOf(x, key, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { if (k === key) out.push(x); valuesOf(x, key, out); }
  return out;
}

/**
 * Envoy static listeners whose filters route to a cluster with a pipe endpoint on the Docker socket. A filter
 * chain whose TLS requires client certificates is not reported.
 */
export function envoyRelays(path: string, text: string, sockets: readonly string[]): ConfiguredRelay[] {
  let doc: unknown;
  try { doc = parseYaml(text); } catch { return []; }
  const res = obj(obj(doc).static_resources);
  const socketClusters = new Set(arr(res.clusters).filter((c) => valuesOf(c, 'pipe').some((p) => isDockerSocket(String(obj(p).path ?? ''), sockets)))
    .map((c) => String(obj(c).name ?? '')));
  if (socketClusters.size === 0) return [];
  const lineOf = (needle: string) => Math.max(1, text.split('\n').findIndex((l) => l.includes(needle)) + 1);
  const out: ConfiguredRelay[] = [];
  for (const l of arr(res.listeners)) {
    const sa = obj(obj(obj(l).address).socket_address);
    const port = Number(sa.port_value);
    if (!Number.isInteger(port) || port <= 0) continue;
    for (const chain of arr(obj(l).filter_chains)) {
      const cluster = valuesOf(chain, 'cluster').map(String).find((c) => socketClusters.has(c));
      if (!cluster) continue;
      const tlsCtx = obj(obj(chain).transport_socket);
      if (valuesOf(tlsCtx, 'require_client_certificate').some((v) => v === true)) continue;
      const address = String(sa.address ?? '0.0.0.0');
      const host = parseListenAddr(`${address === '::' ? '' : address.includes(':') ? `[${address}]` : address}:${port}`);
      if (!host) continue;
      const name = String(obj(l).name ?? `port ${port}`);
      out.push({ host, via: `Envoy listener ${name} (${path})`, tls: Object.keys(tlsCtx).length > 0 ? 'tls-no-verify' : 'none', auth: false,
        evidence: [{ kind: 'file', location: path, line: lineOf(`port_value: ${port}`), value: `listener ${name} on ${address}:${port}` },
          { kind: 'file', location: path, line: lineOf('pipe'), value: `cluster ${cluster} → the Docker socket` }] });
    }
  }
  return out;
}
