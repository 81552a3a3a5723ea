// Container checks over `docker inspect` documents, stopped containers included: the Docker socket reached
// through a bind (by path, through /run or a parent directory, or a renamed file with the same inode), the CIS
// controls of cis-containers.ts, plus any analyzers the caller plugs in (the core risk analysis for PCL-CFG, the
// detection rules for PCL-MIN/TTP).
import type { Evidence, Finding } from '../report/finding.js';
import { checkCisContainer } from './cis-containers.js';
import type { HostFacts } from './facts.js';
import type { FindingSet } from './finding-set.js';

export type Inspect = Record<string, unknown>;

/** Extra per-container analysis (risk analysis, detection rules), given the inspect document and the target name. */
export type ContainerAnalyzer = (inspect: Inspect, target: string) => readonly Finding[];

interface BindRef { source: string; destination: string; field: string }

/** The host directory behind a named volume of the local driver created with `o=bind` (`device=/path`), if any. */
export function volumeBindDevice(v: Inspect | undefined): string | undefined {
  if (!v || (v.Driver !== undefined && v.Driver !== 'local')) return undefined;
  const o = (v.Options ?? {}) as Record<string, unknown>;
  return typeof o.device === 'string' && o.device.startsWith('/') && /(^|,)r?bind(,|$)/.test(String(o.o ?? '')) ? o.device : undefined;
}

/**
 * Every host path a container reaches by bind: its own binds (HostConfig.Binds, HostConfig.Mounts), the binds it
 * inherits with --volumes-from (they appear only in the top-level Mounts), and named volumes that are binds of a
 * host directory (local driver, o=bind, device=...), looked up in `volumes` (GET /volumes) by name.
 */
export function bindsOf(c: Inspect, volumes?: ReadonlyMap<string, Inspect>): BindRef[] {
  const out = binds(c);
  const seen = new Set(out.map((b) => `${canonicalHostPath(b.source)}|${b.destination}`));
  const from = ((c.HostConfig ?? {}) as Inspect).VolumesFrom;
  const via = Array.isArray(from) && from.length > 0 ? ` (via --volumes-from ${from.map(String).join(', ')})` : '';
  (Array.isArray(c.Mounts) ? c.Mounts : []).forEach((m: unknown, i: number) => {
    const mm = (m ?? {}) as Inspect;
    const destination = String(mm.Destination ?? '');
    let ref: BindRef | undefined;
    if (mm.Type === 'bind' && typeof mm.Source === 'string' && mm.Source.startsWith('/')) {
      ref = { source: mm.Source, destination, field: `Mounts[${i}]${via}` };
    } else if (mm.Type === 'volume' && typeof mm.Name === 'string') {
      const dev = volumeBindDevice(volumes?.get(mm.Name));
      if (dev) ref = { source: dev, destination, field: `Mounts[${i}] (volume ${mm.Name}: o=bind, device=${dev})` };
    }
    if (!ref || seen.has(`${canonicalHostPath(ref.source)}|${destination}`)) return;
    seen.add(`${canonicalHostPath(ref.source)}|${destination}`);
    out.push(ref);
  });
  return out;
}

/** Named volumes by name, from GET /volumes. */
export function volumesByName(list: readonly Inspect[] | undefined): Map<string, Inspect> {
  return new Map((list ?? []).filter((v) => typeof v.Name === 'string').map((v) => [v.Name as string, v]));
}

function binds(c: Inspect): BindRef[] {
  const out: BindRef[] = [];
  const hc = (c.HostConfig ?? {}) as Inspect;
  (Array.isArray(hc.Binds) ? hc.Binds : []).forEach((b: unknown, i: number) => {
    if (typeof b !== 'string') return;
    const [source, destination] = b.split(':');
    if (source && source.startsWith('/')) out.push({ source, destination: destination ?? '', field: `HostConfig.Binds[${i}]` });
  });
  (Array.isArray(hc.Mounts) ? hc.Mounts : []).forEach((m: unknown, i: number) => {
    const mm = m as Inspect;
    if (mm && mm.Type === 'bind' && typeof mm.Source === 'string') out.push({ source: mm.Source, destination: String(mm.Target ?? ''), field: `HostConfig.Mounts[${i}]` });
  });
  return out;
}

/** Collapse //, trailing / and the /var/run -> /run symlink every distribution ships. */
export function canonicalHostPath(p: string): string {
  let s = p.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  if (s === '/var/run' || s.startsWith('/var/run/')) s = s.slice(4);
  return s;
}

/** Short display name of a container: "name (id12)". */
export function containerTarget(c: Inspect): string {
  const name = String(c.Name ?? '').replace(/^\//, '');
  const id = String(c.Id ?? '').slice(0, 12);
  return name ? `container ${name} (${id})` : `container ${id}`;
}

export function containerState(c: Inspect): string {
  const st = (c.State ?? {}) as Inspect;
  return typeof st.Status === 'string' ? st.Status : st.Running ? 'running' : 'stopped';
}

function socketMatch(facts: HostFacts, b: BindRef, sockets: readonly string[]): string | undefined {
  const src = canonicalHostPath(b.source);
  const canon = sockets.map(canonicalHostPath);
  if (canon.includes(src)) return `the bind source is the daemon socket ${b.source}`;
  const fact = facts.bindSources?.[b.source];
  if (fact?.realpath && canon.includes(canonicalHostPath(fact.realpath))) return `the bind source resolves to the daemon socket ${fact.realpath}`;
  if (fact?.stat) {
    for (const s of sockets) {
      const st = facts.files[s]?.stat;
      if (st && st.kind === 'socket' && st.ino === fact.stat.ino && st.dev === fact.stat.dev) {
        return `the bind source ${b.source} is the same file (inode ${st.ino}) as the daemon socket ${s}`;
      }
    }
    if (fact.stat.kind === 'socket' && /docker/.test(b.source)) return `the bind source ${b.source} is a socket named like Docker's`;
  }
  if (/(^|\/)docker\.sock$/.test(src)) return `the bind source ${b.source} is named docker.sock`;
  for (const s of canon) {
    if (src === '/' || s.startsWith(`${src}/`)) return `the bind source ${b.source} contains the daemon socket ${s}`;
  }
  return undefined;
}

function env(c: Inspect): Map<string, string> {
  const list = ((c.Config ?? {}) as Inspect).Env;
  return new Map((Array.isArray(list) ? list : []).filter((e): e is string => typeof e === 'string')
    .map((e) => [e.slice(0, e.indexOf('=') < 0 ? e.length : e.indexOf('=')).toUpperCase(), e.slice(e.indexOf('=') + 1)]));
}

/** Host addresses a container publishes: PortBindings, or the exposed ports themselves on the host network. */
interface Published { ip: string; port: number; containerPort: number; field: string; value: string }

function published(c: Inspect): Published[] {
  const hc = (c.HostConfig ?? {}) as Inspect;
  const out: Published[] = [];
  for (const [k, v] of Object.entries((hc.PortBindings ?? {}) as Record<string, unknown>)) {
    if (!k.endsWith('/tcp') || !Array.isArray(v)) continue;
    const containerPort = Number(k.split('/')[0]);
    for (const b of v as Inspect[]) {
      // An empty HostPort means an ephemeral port chosen at start: the container port names it best.
      const port = Number(b?.HostPort || containerPort);
      if (port > 0) out.push({ ip: String(b?.HostIp || '0.0.0.0'), port, containerPort, field: `HostConfig.PortBindings["${k}"]`, value: JSON.stringify(b) });
    }
  }
  if (hc.NetworkMode === 'host') {
    for (const k of Object.keys((((c.Config ?? {}) as Inspect).ExposedPorts ?? {}) as Record<string, unknown>)) {
      const port = Number(k.split('/')[0]);
      if (k.endsWith('/tcp')) out.push({ ip: '0.0.0.0', port, containerPort: port, field: 'HostConfig.NetworkMode', value: `host, Config.ExposedPorts ${k}` });
    }
  }
  return out;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
/** Sections of tecnativa/linuxserver docker-socket-proxy that let a client take the host (write access, exec...). */
const PROXY_WRITE = ['POST', 'ALLOW_START', 'ALLOW_RESTARTS', 'ALLOW_STOP', 'EXEC', 'BUILD', 'SWARM', 'SERVICES', 'PLUGINS', 'SESSION'];

/**
 * A container that has the Docker socket and publishes a port is a socket proxy exposing the API to the network.
 * docker-socket-proxy images (tecnativa, linuxserver) judge requests by environment switches: with POST=1 (or
 * EXEC, BUILD...) a client can create containers; read-only sections still leak every container's environment.
 */
function socketProxy(c: Inspect, target: string, state: string, b: BindRef, set: FindingSet): void {
  const ports = published(c);
  if (ports.length === 0) return;
  const image = String(((c.Config ?? {}) as Inspect).Image ?? c.Image ?? '');
  const isProxy = /socket-proxy|docker-proxy|dockerproxy/i.test(image);
  const e = env(c);
  const on = [...e.entries()].filter(([k, v]) => TRUE.has(v.toLowerCase()) && /^[A-Z_]+$/.test(k)).map(([k]) => k);
  const write = on.filter((k) => PROXY_WRITE.includes(k));
  const envEv: Evidence[] = isProxy ? [{ kind: 'field', location: `${target} Config.Env`, value: on.length ? on.map((k) => `${k}=${e.get(k)}`).join(' ') : 'only the image defaults (EVENTS, PING, VERSION)' }] : [];
  for (const p of ports) {
    const loop = /^(127\.|::1$|localhost$)/.test(p.ip);
    const key = p.ip === '0.0.0.0' || p.ip === '::' || p.ip === '' ? `*:${p.port}` : p.ip.includes(':') ? `[${p.ip}]:${p.port}` : `${p.ip}:${p.port}`;
    const what = !isProxy ? 'forwards the whole API' : write.length ? `allows ${write.join(', ')} (a client can start containers: root on the host)`
      : on.length ? `allows reading ${on.join(', ')} (container environments and secrets leak)` : 'allows only the read-only defaults';
    const severity = !isProxy || write.length ? (loop ? 'high' : 'critical') : on.length ? (loop ? 'medium' : 'high') : 'low';
    set.add('PCL-EXP-003', `tcp://${key}`,
      `${target} (${state}, image ${image}) has the Docker socket (${b.source}) and publishes ${key}: it ${what}.`,
      [{ kind: 'field', location: `${target} ${b.field}`, value: `${b.source}:${b.destination}` }, { kind: 'field', location: `${target} ${p.field}`, value: p.value }, ...envEv],
      { severity, remediation: isProxy
        ? `Publish the proxy on a unix socket or an internal network only (drop -p ${p.port}), and turn off ${write.length ? write.join(', ') : 'the sections'} it does not need.`
        : `Stop publishing port ${p.port} of ${target.replace(/^container /, '').split(' ')[0]}, or put portcullis guard with authentication in front.` });
  }
}

/**
 * docker:dind publishing its daemon port: the inner dockerd listens on tcp://0.0.0.0:2375 without TLS when
 * DOCKER_TLS_CERTDIR is empty, else on 2376 with --tlsverify (the image's entrypoint). It is privileged, so its
 * API is the host's too.
 */
function dind(c: Inspect, target: string, state: string, set: FindingSet): void {
  const image = String(((c.Config ?? {}) as Inspect).Image ?? '');
  const cmd = [((c.Config ?? {}) as Inspect).Entrypoint, ((c.Config ?? {}) as Inspect).Cmd].flat().filter((x) => typeof x === 'string').join(' ');
  if (!/(^|\/)docker:[^/]*dind|dind$|dind-rootless/.test(image) && !/dockerd-entrypoint|\bdockerd\b/.test(cmd)) return;
  const e = env(c);
  const certdir = e.get('DOCKER_TLS_CERTDIR');
  // The entrypoint serves tcp://0.0.0.0:2375 in plaintext when DOCKER_TLS_CERTDIR is empty (or unset, on images
  // before 19.03), else only 2376 with --tlsverify; an explicit tcp host on 2375 in the command says the same.
  const plain = !certdir || /(-H|--host)[= ]?tcp:\/\/[^ ]*:2375/.test(cmd);
  for (const p of published(c)) {
    if (p.containerPort !== 2375 || !plain) continue;
    const key = p.ip === '0.0.0.0' || p.ip === '::' || p.ip === '' ? `*:${p.port}` : p.ip.includes(':') ? `[${p.ip}]:${p.port}` : `${p.ip}:${p.port}`;
    const loop = /^(127\.|::1$|localhost$)/.test(p.ip);
    set.add('PCL-EXP-001', `tcp://${key}`,
      `${target} (${state}, image ${image}) runs a Docker daemon and publishes it without TLS at ${key}${certdir === '' ? ' (DOCKER_TLS_CERTDIR is empty)' : ''}: whoever reaches the port controls that daemon, and through its privileged container the host.`,
      [{ kind: 'field', location: `${target} ${p.field}`, value: p.value },
        ...(certdir !== undefined ? [{ kind: 'field' as const, location: `${target} Config.Env`, value: `DOCKER_TLS_CERTDIR=${certdir}` }] : [])],
      { severity: loop ? 'high' : 'critical',
        remediation: `Drop the published port of ${target.replace(/^container /, '').split(' ')[0]}, or keep DOCKER_TLS_CERTDIR=/certs so the inner daemon requires client certificates on 2376.` });
  }
}

/** Socket-mount and CIS container checks (cis-containers.ts) on every container; returns the findings of the plugged-in analyzers separately. */
export function checkContainers(facts: HostFacts, sockets: readonly string[], set: FindingSet,
  analyzers: readonly ContainerAnalyzer[] = []): Finding[] {
  const extra: Finding[] = [];
  const volumes = volumesByName(facts.engine?.volumes);
  for (const c of facts.engine?.containers ?? []) {
    const target = containerTarget(c);
    const state = containerState(c);
    let proxied = false;
    for (const b of bindsOf(c, volumes)) {
      const why = socketMatch(facts, b, sockets);
      if (!why) continue;
      if (!proxied) { proxied = true; socketProxy(c, target, state, b, set); }
      const ev: Evidence = { kind: 'field', location: `${target} ${b.field}`, value: `${b.source}:${b.destination}` };
      set.add('PCL-EXP-005', target, `${target} (${state}) can drive the engine: ${why}, mounted at ${b.destination}.`, [ev],
        { remediation: `Recreate ${target.replace(/^container /, '').split(' ')[0]} without the bind ${b.source}:${b.destination}; if it needs the API, give it a portcullis guard socket with a narrow role.` });
    }
    if (!proxied) dind(c, target, state, set);
    checkCisContainer(c, target, state, facts.engine, set);
    for (const a of analyzers) {
      for (const f of a(c, target)) extra.push(f.message.includes(state) ? f : { ...f, message: `${f.message} (${state})` });
    }
  }
  return extra;
}
