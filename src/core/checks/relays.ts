// Relays of the Docker socket configured in files, found at rest (no process table needed): haproxy `server ...
// /var/run/docker.sock`, nginx `proxy_pass http://unix:/var/run/docker.sock`, socat or systemd-socket-proxyd in a
// systemd unit (alone, or behind a .socket unit with a TCP ListenStream), and (relays-caddy-envoy.ts) Caddy and
// Envoy. Each yields the TCP address it opens.
import type { Evidence } from '../report/finding.js';
import type { HostFacts } from './facts.js';
import { parseDaemonHost, parseListenStream, type DaemonHost } from './hosts.js';
import { canonicalHostPath } from './containers.js';
import { effectiveEntries, parseUnitFile } from './parse-systemd.js';
import { splitWords } from './parse-env-file.js';
import { caddyRelays, envoyRelays } from './relays-caddy-envoy.js';
import { caddyJsonRelays } from './relays-caddy-json.js';

export interface ConfiguredRelay {
  readonly host: DaemonHost;
  /** What relays it ("haproxy frontend docker", "socat in docker-tcp.service"). */
  readonly via: string;
  /** TLS on the listening side: none, or TLS without client verification (mTLS relays are not reported). */
  readonly tls: 'none' | 'tls-no-verify';
  /** The relay asks for credentials (nginx auth_basic, haproxy http-request auth): weaker than root-for-all. */
  readonly auth: boolean;
  readonly evidence: Evidence[];
}

/** Is this path (or unix: URL) the Docker socket? By the daemon's socket paths, or by the docker.sock name. */
export function isDockerSocket(path: string, sockets: readonly string[]): boolean {
  const p = canonicalHostPath(path.replace(/^unix[:@]\/*/, '/').replace(/:$/, ''));
  return sockets.map(canonicalHostPath).includes(p) || /(^|\/)docker\.sock$/.test(p);
}

function ev(path: string, line: number, value: string): Evidence {
  return { kind: 'file', location: path, line, value: value.trim().slice(0, 300) };
}

/** Parse a listen address as haproxy/nginx/socat write it: `*:2375`, `:2375`, `2375`, `[::]:2375`, `ipv6@:::2375`. */
export function parseListenAddr(v: string): DaemonHost | undefined {
  const s = v.replace(/^(ipv4|ipv6|tcp|tcp4|tcp6)@/, '');
  if (/^\d+$/.test(s)) return parseListenStream(s);
  const m = /^(.*):(\d+)$/.exec(s);
  if (!m) return undefined;
  const host = m[1] === '' || m[1] === '*' || m[1] === '::' || m[1] === '[::]' ? '0.0.0.0' : (m[1] as string);
  return parseDaemonHost(`tcp://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${m[2]}`, false);
}

/** haproxy: frontends/listens whose bind reaches a backend (or listen) with a server on the Docker socket. */
export function haproxyRelays(path: string, text: string, sockets: readonly string[]): ConfiguredRelay[] {
  interface Sec { kind: string; name: string; binds: { v: string; e: Evidence; ssl: boolean; verify: boolean }[]; backends: string[]; servers: Evidence[]; auth: boolean }
  const secs: Sec[] = [];
  let cur: Sec | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const w = line.split(/\s+/);
    const k = w[0] as string;
    if (['global', 'defaults', 'frontend', 'backend', 'listen', 'resolvers', 'userlist', 'peers', 'cache', 'program', 'mailers', 'ring', 'http-errors'].includes(k)) {
      cur = { kind: k, name: w[1] ?? '', binds: [], backends: [], servers: [], auth: false };
      secs.push(cur);
      return;
    }
    if (!cur) return;
    if (k === 'bind') {
      for (const a of (w[1] ?? '').split(',')) cur.binds.push({ v: a, e: ev(path, i + 1, line), ssl: w.includes('ssl'), verify: /\bverify\s+required\b/.test(line) });
    } else if ((k === 'default_backend' || k === 'use_backend') && w[1]) cur.backends.push(w[1]);
    else if (k === 'server' && w[2] && isDockerSocket(w[2], sockets)) cur.servers.push(ev(path, i + 1, line));
    else if (k === 'http-request' && w[1] === 'auth') cur.auth = true;
  });
  const out: ConfiguredRelay[] = [];
  for (const f of secs.filter((s) => s.kind === 'frontend' || s.kind === 'listen')) {
    const targets = f.kind === 'listen' && f.servers.length ? [f] : [];
    for (const b of f.backends) targets.push(...secs.filter((s) => (s.kind === 'backend' || s.kind === 'listen') && s.name === b && s.servers.length));
    if (targets.length === 0) continue;
    for (const b of f.binds) {
      if (b.ssl && b.verify) continue;
      const host = parseListenAddr(b.v);
      if (!host || host.proto !== 'tcp') continue;
      out.push({ host, via: `haproxy ${f.kind} ${f.name} (${path})`, tls: b.ssl ? 'tls-no-verify' : 'none', auth: f.auth || targets.some((t) => t.auth),
        evidence: [b.e, ...targets.flatMap((t) => t.servers)] });
    }
  }
  return out;
}

interface NgxNode { name: string; args: string[]; line: number; children?: NgxNode[] }

/** A small nginx config parser: directives with arguments and blocks, comments and quotes handled. */
export function parseNginx(text: string): NgxNode[] {
  const root: NgxNode[] = [];
  const stack: NgxNode[][] = [root];
  let words: string[] = [];
  let startLine = 0;
  const re = /#[^\n]*|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([{};])|([^\s{};"'#]+)|(\n)/g;
  let line = 1;
  for (const m of text.matchAll(re)) {
    if (m[5]) { line++; continue; }
    if (m[0].startsWith('#')) continue;
    if (m[3]) {
      const top = stack.at(-1) as NgxNode[];
      if (m[3] === '}') { if (stack.length > 1) stack.pop(); words = []; continue; }
      if (words.length === 0) continue;
      const node: NgxNode = { name: words[0] as string, args: words.slice(1), line: startLine };
      top.push(node);
      if (m[3] === '{') { node.children = []; stack.push(node.children); }
      words = [];
      continue;
    }
    if (words.length === 0) startLine = line;
    words.push(m[1] ?? m[2] ?? m[4] ?? '');
  }
  return root;
}

function walk(nodes: readonly NgxNode[], f: (n: NgxNode) => void): void {
  for (const n of nodes) { f(n); if (n.children) walk(n.children, f); }
}

/** nginx (http and stream): server blocks whose proxy_pass reaches the Docker socket, directly or through an upstream. */
export function nginxRelays(files: readonly { path: string; text: string }[], sockets: readonly string[]): ConfiguredRelay[] {
  const parsed = files.map((f) => ({ path: f.path, nodes: parseNginx(f.text) }));
  const upstreams = new Map<string, Evidence[]>();
  for (const f of parsed) {
    walk(f.nodes, (n) => {
      if (n.name !== 'upstream' || !n.args[0]) return;
      const socks = (n.children ?? []).filter((c) => c.name === 'server' && c.args[0] && isDockerSocket(c.args[0], sockets));
      if (socks.length) upstreams.set(n.args[0], socks.map((c) => ev(f.path, c.line, `server ${c.args.join(' ')}`)));
    });
  }
  const out: ConfiguredRelay[] = [];
  for (const f of parsed) {
    walk(f.nodes, (srv) => {
      if (srv.name !== 'server' || !srv.children) return;
      const passes: Evidence[] = [];
      let auth = false;
      let verify = false;
      walk(srv.children, (n) => {
        if (n.name === 'auth_basic' && n.args[0] !== 'off') auth = true;
        if (n.name === 'auth_request') auth = true;
        if (n.name === 'ssl_verify_client' && n.args[0] === 'on') verify = true;
        if ((n.name === 'proxy_pass' || n.name === 'uwsgi_pass' || n.name === 'fastcgi_pass') && n.args[0]) {
          const target = n.args[0].replace(/^https?:\/\//, '');
          const e = ev(f.path, n.line, `${n.name} ${n.args[0]}`);
          if (target.startsWith('unix:') && isDockerSocket(target.slice(5).split(':')[0] as string, sockets)) passes.push(e);
          else if (upstreams.has(target.replace(/[/:].*$/, ''))) passes.push(e, ...(upstreams.get(target.replace(/[/:].*$/, '')) ?? []));
        }
      });
      if (passes.length === 0 || verify) return;
      for (const l of srv.children.filter((c) => c.name === 'listen')) {
        const host = parseListenAddr(l.args[0] ?? '');
        if (!host || host.proto !== 'tcp') continue;
        out.push({ host, via: `nginx server block (${f.path}:${srv.line})`, tls: l.args.includes('ssl') ? 'tls-no-verify' : 'none', auth,
          evidence: [ev(f.path, l.line, `listen ${l.args.join(' ')}`), ...passes] });
      }
    });
  }
  return out;
}

/** The TCP listen address of a socat address (`TCP-LISTEN:2375,fork,bind=127.0.0.1`, `OPENSSL-LISTEN:2376,verify=0`). */
export function socatListen(arg: string): { host: DaemonHost; tls: 'none' | 'tls-no-verify' | 'mtls' } | undefined {
  const m = /^(TCP\d?-LISTEN|TCP\d?-L|OPENSSL-LISTEN|SSL-L|OPENSSL-L):(\d+)(,.*)?$/i.exec(arg);
  if (!m) return undefined;
  const opts = m[3] ?? '';
  const bind = /,bind=([^,]+)/i.exec(opts)?.[1];
  const host = parseListenAddr(`${bind ?? ''}:${m[2]}`);
  if (!host) return undefined;
  const ssl = /^(OPENSSL|SSL)/i.test(m[1] as string);
  const tls = !ssl ? 'none' : /,verify=0/i.test(opts) || !/,cafile=/i.test(opts) ? 'tls-no-verify' : 'mtls';
  return { host, tls };
}

/**
 * Relays in systemd units other than docker.*: a socat that listens on TCP and connects to the Docker socket, or
 * a service that talks to the socket (socat STDIO, systemd-socket-proxyd) activated by a .socket with a TCP port.
 */
export function unitRelays(files: readonly { path: string; text: string }[], sockets: readonly string[]): ConfiguredRelay[] {
  const out: ConfiguredRelay[] = [];
  for (const f of files) {
    const name = f.path.split('/').pop() as string;
    if (!name.endsWith('.service') || name.startsWith('docker.')) continue;
    const exec = effectiveEntries([f], 'Service').get('ExecStart')?.at(-1);
    if (!exec) continue;
    // `sh -c "socat ..."` keeps the relay in one word: split again on blanks.
    const words = splitWords(exec.value.replace(/^[-@+!:]+/, '')).flatMap((w) => w.split(/\s+/)).filter(Boolean);
    const sockArg = words.find((w) => /(UNIX-CONNECT|UNIX-CLIENT|UNIX):/i.test(w) ? isDockerSocket(w.replace(/^[A-Z-]+:/i, '').split(',')[0] as string, sockets)
      : w.startsWith('/') && isDockerSocket(w, sockets));
    if (!sockArg) continue;
    const e = ev(exec.path, exec.line, `ExecStart=${exec.value}`);
    const listen = words.map(socatListen).find((x) => x);
    if (listen) {
      if (listen.tls !== 'mtls') out.push({ host: listen.host, via: `socat in ${name}`, tls: listen.tls, auth: false, evidence: [e] });
      continue;
    }
    // Socket activation: foo.socket (or foo@.service <- foo.socket with Accept=yes) holds the TCP port.
    // Socket units that name this service with Service=, or share its name (foo@.service for Accept=yes).
    const sockUnits = files.filter((u) => u.path.endsWith('.socket') && (u.path.split('/').pop() === name.replace(/@?\.service$/, '.socket')
      || parseUnitFile(u.path, u.text).some((x) => x.section === 'Socket' && x.key === 'Service' && x.value === name)));
    for (const sockUnit of sockUnits) for (const l of parseUnitFile(sockUnit.path, sockUnit.text).filter((x) => x.section === 'Socket' && x.key === 'ListenStream' && x.value)) {
      const host = parseListenStream(l.value);
      if (host.proto !== 'tcp') continue;
      out.push({ host, via: `${sockUnit.path.split('/').pop()} -> ${name}`, tls: 'none', auth: false,
        evidence: [ev(l.path, l.line, `ListenStream=${l.value}`), e] });
    }
  }
  return out;
}

/** Every relay configured in files the collector read (haproxy, nginx, systemd units, Caddy, Envoy). */
export function configuredRelays(facts: HostFacts, sockets: readonly string[]): ConfiguredRelay[] {
  const texts = Object.values(facts.files).filter((f) => f.content !== undefined).map((f) => ({ path: f.path, text: f.content as string }));
  const out: ConfiguredRelay[] = [];
  for (const f of texts.filter((t) => /\/haproxy[^/]*\/.*\.cfg$|\/haproxy\.cfg$/.test(t.path))) out.push(...haproxyRelays(f.path, f.text, sockets));
  out.push(...nginxRelays(texts.filter((t) => /\/nginx\//.test(t.path)), sockets));
  out.push(...unitRelays(texts.filter((t) => /\/systemd\/system\/[^/]+\.(service|socket)$/.test(t.path)), sockets));
  for (const f of texts.filter((t) => /\/caddy\/(Caddyfile[^/]*|.*\.caddy(file)?)$/.test(t.path))) out.push(...caddyRelays(f.path, f.text, sockets));
  for (const f of texts.filter((t) => /\/caddy\/[^/]+\.json$/.test(t.path))) out.push(...caddyJsonRelays(f.path, f.text, sockets));
  for (const f of texts.filter((t) => /\/envoy\/[^/]+\.ya?ml$/.test(t.path))) out.push(...envoyRelays(f.path, f.text, sockets));
  return out;
}
