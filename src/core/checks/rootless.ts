// Rootless Docker: the systemd user units that start dockerd-rootless.sh (~/.config/systemd/user, /etc/systemd/user)
// and rootlesskit's port forwarding (DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS "-p 0.0.0.0:2375:2375/tcp", --port-driver),
// which is what makes a rootless daemon's TCP host reachable from the host's network at all.
import type { Evidence } from '../report/finding.js';
import type { HostFacts, ProcessFact } from './facts.js';
import { parseDockerdArgs } from './parse-dockerd-args.js';
import { splitWords } from './parse-env-file.js';
import { effectiveEntries, orderUnitFiles, userUnitDirs } from './parse-systemd.js';
import { emptySettings, type DaemonSettings, type Setting } from './settings.js';
import { unitEnvironment, type EnvValue } from './unit-env.js';

/** One rootlesskit `--publish` rule: parent (host) address and port -> port inside the daemon's namespace. */
export interface PortForward {
  readonly parentIp: string;
  readonly parentPort: number;
  readonly childPort: number;
  readonly proto: string;
  readonly evidence: Evidence;
}

export interface RootlessUnit {
  /** "docker.service (rootless user unit of alice)". */
  readonly name: string;
  readonly home?: string;
  readonly uid?: number;
  readonly flags: DaemonSettings;
  readonly forwards: PortForward[];
  readonly portDriver?: Setting<string>;
  readonly envTlsVerify?: Setting<string>;
}

/**
 * Parse a rootlesskit publish spec: `[parentIP:]parentPort:childPort/proto` or with a child IP
 * (`0.0.0.0:8080:10.0.2.100:80/tcp`); IPv6 parent addresses in brackets.
 */
export function parsePublish(spec: string): Omit<PortForward, 'evidence'> | undefined {
  const m = /^(?:(\[[^\]]*\]|[^:[\]]*):)?(\d+):(?:[^:]+:)?(\d+)(?:\/(\w+))?$/.exec(spec.trim());
  if (!m) return undefined;
  const ip = (m[1] ?? '').replace(/^\[|\]$/g, '');
  return { parentIp: ip === '' ? '0.0.0.0' : ip, parentPort: Number(m[2]), childPort: Number(m[3]), proto: m[4] ?? 'tcp' };
}

/** `-p`/`--publish` and `--port-driver` from rootlesskit flags (as given in DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS or argv). */
export function rootlesskitFlags(words: readonly string[], where: (text: string) => Evidence): { forwards: PortForward[]; portDriver?: Setting<string> } {
  const forwards: PortForward[] = [];
  let portDriver: Setting<string> | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const m = /^(-p|--publish|--port-driver)(?:=(.*))?$/.exec(w);
    if (!m) continue;
    let value = m[2];
    let text = w;
    if (value === undefined) {
      value = words[i + 1];
      if (value === undefined) break;
      text = `${w} ${value}`;
      i++;
    }
    if (m[1] === '--port-driver') { portDriver = { value, evidence: where(text) }; continue; }
    const p = parsePublish(value);
    if (p) forwards.push({ ...p, evidence: where(text) });
  }
  return { forwards, portDriver };
}

/** rootlesskit processes (from /proc) by uid: their publish rules, the live counterpart of the unit's flags. */
export function rootlesskitByUid(processes: readonly ProcessFact[] | undefined): Map<number, { forwards: PortForward[]; portDriver?: Setting<string> }> {
  const out = new Map<number, { forwards: PortForward[]; portDriver?: Setting<string> }>();
  for (const p of processes ?? []) {
    const prog = (p.argv[0] ?? '').split('/').pop();
    if (prog !== 'rootlesskit' && p.comm !== 'rootlesskit') continue;
    const r = rootlesskitFlags(p.argv.slice(1), (t) => ({ kind: 'process', location: `pid ${p.pid} (${p.source})`, value: `rootlesskit ${t}` }));
    const prev = out.get(p.uid ?? -1);
    out.set(p.uid ?? -1, { forwards: [...(prev?.forwards ?? []), ...r.forwards], portDriver: r.portDriver ?? prev?.portDriver });
  }
  return out;
}

function uidOfHome(facts: HostFacts, home: string): number | undefined {
  for (const line of (facts.files['/etc/passwd']?.content ?? '').split('\n')) {
    const f = line.split(':');
    if (f.length > 5 && f[5] === home) return Number(f[2]);
  }
  return undefined;
}

function fromEnv(env: readonly EnvValue[], name: string): EnvValue | undefined {
  return env.filter((e) => e.name === name).at(-1);
}

/** Read one user's (or the global) rootless docker.service with its drop-ins and environment. */
function readUserUnit(facts: HostFacts, home: string | undefined, files: { path: string; text: string }[]): RootlessUnit | undefined {
  const svc = effectiveEntries(files, 'Service');
  const exec = svc.get('ExecStart')?.at(-1);
  if (!exec) return undefined;
  const words = splitWords(exec.value.replace(/^[-@+!:]+/, ''));
  const prog = words.findIndex((w) => /(^|\/)(dockerd-rootless\.sh|dockerd)$/.test(w));
  if (prog < 0 && !/rootless/.test(exec.value)) return undefined;
  const flags = prog < 0 ? emptySettings() : parseDockerdArgs(words.slice(prog + 1), (t) => ({ kind: 'file', location: exec.path, line: exec.line, value: t }));
  const env = unitEnvironment(facts, svc, home);
  const rkFlags = fromEnv(env, 'DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS');
  const rk = rkFlags ? rootlesskitFlags(splitWords(rkFlags.value), () => rkFlags.evidence) : { forwards: [] as PortForward[] };
  const driverEnv = fromEnv(env, 'DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER');
  const portDriver = rk.portDriver ?? (driverEnv ? { value: driverEnv.value, evidence: driverEnv.evidence } : undefined);
  const verify = fromEnv(env, 'DOCKER_TLS_VERIFY');
  const uid = home ? uidOfHome(facts, home) : undefined;
  const user = home ? home.split('/').pop() : undefined;
  return {
    name: user ? `docker.service (rootless user unit of ${user})` : 'docker.service (rootless user unit for every user)',
    home, uid, flags, forwards: rk.forwards, portDriver,
    ...(verify ? { envTlsVerify: { value: verify.value, evidence: verify.evidence } } : {}),
  };
}

/** Every rootless docker.service user unit: one per home that has its own, else the global one in /etc/systemd/user. */
export function rootlessUnits(facts: HostFacts): RootlessUnit[] {
  const present = Object.keys(facts.files).filter((p) => facts.files[p]?.content !== undefined);
  const homes = new Set<string>();
  for (const p of present) {
    const m = /^(.*)\/\.config\/systemd\/user\/docker\.service(\.d\/[^/]+\.conf)?$/.exec(p);
    if (m) homes.add(m[1] as string);
  }
  const out: RootlessUnit[] = [];
  const load = (home: string | undefined) => {
    const { main, dropIns } = orderUnitFiles('docker.service', present, userUnitDirs(home));
    const files = [main, ...dropIns].filter((p): p is string => !!p).map((p) => ({ path: p, text: facts.files[p]?.content as string }));
    if (files.length === 0) return;
    const u = readUserUnit(facts, home, files);
    if (u) out.push(u);
  };
  for (const h of [...homes].sort()) load(h);
  if (homes.size === 0) load(undefined);
  return out;
}
