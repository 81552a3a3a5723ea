// Finds every place a Docker daemon is (or would be) configured: running dockerd processes, the docker.service
// unit with its drop-ins and env files, docker.socket, and daemon.json on its own; each becomes a DaemonContext.
import type { Evidence } from '../report/finding.js';
import type { HostFacts } from './facts.js';
import { isDockerdArgv, parseDockerdArgs } from './parse-dockerd-args.js';
import { parseDaemonJson, type ParsedDaemonJson } from './parse-daemon-json.js';
import { effectiveEntries, orderUnitFiles, type UnitEntry } from './parse-systemd.js';
import { parseEnvFile, splitWords } from './parse-env-file.js';
import { environmentFiles, unitEnvironment } from './unit-env.js';
import { rootlessUnits, rootlesskitByUid, type PortForward, type RootlessUnit } from './rootless.js';
import { emptySettings, mergeSettings, type DaemonSettings, type Setting } from './settings.js';

export const DEFAULT_DAEMON_JSON = '/etc/docker/daemon.json';
export const ENV_FILES = [
  { path: '/etc/default/docker', vars: ['DOCKER_OPTS'] },
  { path: '/etc/sysconfig/docker', vars: ['OPTIONS', 'DOCKER_OPTS'] },
] as const;

export interface DaemonContext {
  /** "dockerd (pid 812)", "docker.service", "daemon.json". */
  readonly name: string;
  readonly kind: 'process' | 'service' | 'config';
  readonly pid?: number;
  /** Command line (+ env file options) merged with daemon.json. */
  readonly settings: DaemonSettings;
  readonly flagSettings: DaemonSettings;
  readonly configPath: string;
  readonly config?: ParsedDaemonJson;
  /** DOCKER_TLS_VERIFY set in the daemon's environment (unit Environment=). */
  readonly envTlsVerify?: Setting<string>;
  /** Default socket of a rootless daemon (/run/user/<uid>/docker.sock). */
  readonly rootlessSocket?: string;
  /** The user a rootless daemon runs as. */
  readonly rootlessUid?: number;
  /**
   * rootlesskit port forwarding of a rootless daemon (unit DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS, rootlesskit argv);
   * undefined when unknown. A rootless daemon's TCP host is reachable from the host's network only through these.
   */
  readonly portForwards?: readonly PortForward[];
  readonly portDriver?: Setting<string>;
  /** -H options in /etc/default/docker or /etc/sysconfig/docker that docker.service does not read (dormant). */
  readonly dormantHosts?: readonly Setting<string>[];
  /** Effective ExecStart= entries of docker.service (more than one: systemd refuses to start it). */
  readonly execStarts?: readonly UnitEntry[];
  /** docker.socket ListenStream entries (service context only). */
  readonly listenStreams?: readonly Setting<string>[];
}

function text(facts: HostFacts, path: string): string | undefined {
  return facts.files[path]?.content;
}

function loadConfig(facts: HostFacts, path: string): ParsedDaemonJson | undefined {
  const t = text(facts, path);
  return t === undefined ? undefined : parseDaemonJson(path, t);
}

/** Unit files present for a unit name, ordered as systemd applies them. */
export function unitFiles(facts: HostFacts, unit: string, dirs?: readonly string[]): { path: string; text: string }[] {
  const present = Object.keys(facts.files).filter((p) => facts.files[p]?.content !== undefined);
  const { main, dropIns } = orderUnitFiles(unit, present, dirs);
  return [main, ...dropIns].filter((p): p is string => !!p).map((p) => ({ path: p, text: text(facts, p) as string }));
}

/**
 * Options from /etc/default/docker and /etc/sysconfig/docker. Init scripts always read them; a systemd unit only
 * when it names the file in EnvironmentFile= and expands the variable in ExecStart (docker-ce's unit does neither,
 * so there the file is dormant). `active` tells which (file, variable) pairs reach dockerd; absent = all.
 */
function envFileSettings(facts: HostFacts, active?: (path: string, name: string) => boolean): DaemonSettings {
  let out: DaemonSettings = emptySettings();
  for (const f of ENV_FILES) {
    const t = text(facts, f.path);
    if (t === undefined) continue;
    for (const a of parseEnvFile(t)) {
      if (!(f.vars as readonly string[]).includes(a.name)) continue;
      if (active && !active(f.path, a.name)) continue;
      const where = (flag: string): Evidence => ({ kind: 'file', location: f.path, line: a.line, value: `${a.name}: ${flag}` });
      out = mergeSettings(out, parseDockerdArgs(splitWords(a.value), where));
    }
  }
  return out;
}

/** The configuration file a command line selects (--config-file), else the default. */
function configPathOf(flags: DaemonSettings, dflt = DEFAULT_DAEMON_JSON): string {
  return flags.strings['config-file']?.value ?? dflt;
}

/** Home directory of a uid from /etc/passwd. */
function homeOf(facts: HostFacts, uid: number): string | undefined {
  for (const line of (text(facts, '/etc/passwd') ?? '').split('\n')) {
    const f = line.split(':');
    if (f.length > 5 && Number(f[2]) === uid) return f[5];
  }
  return undefined;
}

/**
 * A dockerd whose real uid is not 0 is a rootless daemon (dockerd-rootless.sh): its defaults are the user's
 * ~/.config/docker/daemon.json and $XDG_RUNTIME_DIR/docker.sock (/run/user/<uid>/docker.sock).
 */
export function rootlessDefaults(facts: HostFacts, uid: number | undefined): { configPath: string; socket: string } | undefined {
  if (uid === undefined || uid === 0) return undefined;
  const home = homeOf(facts, uid) ?? `/home/${uid}`;
  return { configPath: `${home}/.config/docker/daemon.json`, socket: `/run/user/${uid}/docker.sock` };
}

/** Every daemon context on the host; empty when Docker is not installed or configured at all. */
export function daemonContexts(facts: HostFacts): DaemonContext[] {
  const out: DaemonContext[] = [];
  const userUnits = rootlessUnits(facts);
  const kits = rootlesskitByUid(facts.processes);
  for (const p of facts.processes ?? []) {
    if (!isDockerdArgv(p.argv, p.comm)) continue;
    const flags = parseDockerdArgs(p.argv.slice(1), (t) => ({ kind: 'process', location: `pid ${p.pid} (${p.source})`, value: t }));
    const rootless = rootlessDefaults(facts, p.uid);
    const configPath = configPathOf(flags, rootless?.configPath);
    const config = loadConfig(facts, configPath);
    const fw = rootless ? forwardsFor(p.uid as number, userUnits, kits) : undefined;
    out.push({ name: rootless ? `dockerd (pid ${p.pid}, rootless uid ${p.uid})` : `dockerd (pid ${p.pid})`, kind: 'process', pid: p.pid,
      flagSettings: flags, configPath, config, ...(rootless ? { rootlessSocket: rootless.socket, rootlessUid: p.uid } : {}), ...fw,
      settings: config ? mergeSettings(flags, config.settings) : flags });
  }
  const service = unitFiles(facts, 'docker.service');
  const socket = unitFiles(facts, 'docker.socket');
  const svcEntries = service.length > 0 ? effectiveEntries(service, 'Service') : undefined;
  const svcExec = svcEntries?.get('ExecStart')?.at(-1);
  const svcEnvFiles = new Set(svcEntries ? environmentFiles(svcEntries).map((f) => f.path) : []);
  const active = svcExec ? (path: string, name: string) => svcEnvFiles.has(path) && new RegExp(`\\$\\{?${name}\\b`).test(svcExec.value) : undefined;
  const envOpts = envFileSettings(facts, active);
  const dormant = active ? envFileSettings(facts, (p, n) => !active(p, n)) : emptySettings();
  const hasEnvOpts = Object.keys(envOpts.lists).length + Object.keys(envOpts.bools).length + Object.keys(envOpts.strings).length > 0;
  if (service.length > 0 || socket.length > 0 || hasEnvOpts) {
    let flags: DaemonSettings = emptySettings();
    let envTlsVerify: Setting<string> | undefined;
    let execStarts: readonly UnitEntry[] = [];
    if (service.length > 0) {
      const svc = effectiveEntries(service, 'Service');
      const exec = svc.get('ExecStart')?.at(-1);
      execStarts = svc.get('ExecStart') ?? [];
      // Environment= and EnvironmentFile= (other than the classic env files, which are read below in any case).
      const env = unitEnvironment(facts, svc)
        .filter((e) => !ENV_FILES.some((f) => f.path === e.evidence.location && (f.vars as readonly string[]).includes(e.name)));
      if (exec) {
        const line = exec.value.replace(/^[-@+!:]+/, '');
        const words = splitWords(line);
        flags = parseDockerdArgs(words.slice(1), (t) => ({ kind: 'file', location: exec.path, line: exec.line, value: t }));
        // $VAR / ${VAR} in ExecStart expand to the unit's environment: each variable is parsed with its own evidence.
        const used = new Set([...line.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)].map((m) => m[1] as string));
        for (const name of used) {
          const v = env.filter((e) => e.name === name).at(-1);
          if (!v) continue;
          const ev = v.evidence;
          flags = mergeSettings(flags, parseDockerdArgs(splitWords(v.value), (t) => ({ ...ev, value: `${name}: ${t}` })));
        }
      }
      const verify = env.filter((e) => e.name === 'DOCKER_TLS_VERIFY').at(-1);
      if (verify) envTlsVerify = { value: verify.value, evidence: verify.evidence };
    }
    flags = mergeSettings(flags, envOpts);
    const configPath = configPathOf(flags);
    const config = loadConfig(facts, configPath);
    const sock = effectiveEntries(socket, 'Socket').get('ListenStream') ?? [];
    const name = service.length > 0 ? 'docker.service' : socket.length > 0 ? 'docker.socket' : 'dockerd init options';
    out.push({ name, kind: 'service', flagSettings: flags, configPath, config, envTlsVerify, execStarts, dormantHosts: dormant.lists.hosts ?? [],
      settings: config ? mergeSettings(flags, config.settings) : flags,
      listenStreams: sock.map((e) => ({ value: e.value, evidence: { kind: 'file', location: e.path, line: e.line, value: `ListenStream=${e.value}` } })) });
  }
  for (const u of userUnits) {
    const configPath = configPathOf(u.flags, u.home ? `${u.home}/.config/docker/daemon.json` : DEFAULT_DAEMON_JSON);
    const config = u.home || configPath !== DEFAULT_DAEMON_JSON ? loadConfig(facts, configPath) : undefined;
    const kit = u.uid === undefined ? undefined : kits.get(u.uid);
    out.push({ name: u.name, kind: 'service', flagSettings: u.flags, configPath: u.home ? configPath : `~/.config/docker/daemon.json`, config,
      settings: config ? mergeSettings(u.flags, config.settings) : u.flags, envTlsVerify: u.envTlsVerify,
      ...(u.uid !== undefined ? { rootlessUid: u.uid, rootlessSocket: `/run/user/${u.uid}/docker.sock` } : {}),
      portForwards: [...u.forwards, ...(kit?.forwards ?? [])], portDriver: kit?.portDriver ?? u.portDriver });
  }
  const seen = new Set(out.map((c) => c.configPath));
  if (!seen.has(DEFAULT_DAEMON_JSON)) {
    const config = loadConfig(facts, DEFAULT_DAEMON_JSON);
    if (config) {
      out.push({ name: 'daemon.json', kind: 'config', flagSettings: emptySettings(), configPath: DEFAULT_DAEMON_JSON, config,
        settings: config.settings });
    }
  }
  return out;
}

/** Port forwards known for a rootless daemon's uid (its user unit and its rootlesskit process); undefined if none is known. */
function forwardsFor(uid: number, units: readonly RootlessUnit[], kits: ReturnType<typeof rootlesskitByUid>):
  { portForwards?: PortForward[]; portDriver?: Setting<string> } {
  const unit = units.find((u) => u.uid === uid) ?? units.find((u) => u.uid === undefined);
  const kit = kits.get(uid);
  if (!unit && !kit) return {};
  return { portForwards: [...(unit?.forwards ?? []), ...(kit?.forwards ?? [])], ...(kit?.portDriver ?? unit?.portDriver ? { portDriver: kit?.portDriver ?? unit?.portDriver } : {}) };
}

/** The context whose settings describe "the" daemon: the running one, else the service, else daemon.json. */
export function primaryContext(contexts: readonly DaemonContext[]): DaemonContext | undefined {
  return contexts.find((c) => c.kind === 'process') ?? contexts.find((c) => c.kind === 'service') ?? contexts[0];
}

/**
 * The daemons whose settings are judged: every running dockerd (a host can run several), else the unit, else
 * daemon.json. `engineRoot` (GET /info DockerRootDir) picks the one the engine facts belong to, by --data-root.
 */
export function judgedContexts(contexts: readonly DaemonContext[], engineRoot?: string): { ctx: DaemonContext; engine: boolean }[] {
  const procs = contexts.filter((c) => c.kind === 'process');
  const list = procs.length > 0 ? procs : [primaryContext(contexts)].filter((c): c is DaemonContext => !!c);
  const root = (c: DaemonContext) => c.settings.strings['data-root']?.value ?? '/var/lib/docker';
  // With userns-remap the engine reports <data-root>/<uid>.<gid> as its root dir.
  const match = engineRoot === undefined ? undefined : list.find((c) => engineRoot === root(c) || engineRoot.startsWith(`${root(c)}/`));
  // Without /info the single daemon is assumed to be the engine; with /info only a --data-root match counts.
  return list.map((ctx) => ({ ctx, engine: match ? ctx === match : engineRoot === undefined && list.length === 1 }));
}
