// dockerd 20.10's checks of a container's settings beyond the body's shape: verifyContainerSettings (before the
// image is looked up: working dir, stop signal, healthcheck, mounts, extra hosts, ports, capabilities, resources,
// runtime, cgroupns, endpoint addresses) and the create-time parsing of Binds and SecurityOpt, in its words.
import { parseSignal } from './signals.js';

export interface SettingsRefusal {
  readonly status: 400 | 500;
  readonly message: string;
}

type Obj = Readonly<Record<string, unknown>>;
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const bad = (message: string, status: 400 | 500 = 400): SettingsRefusal => ({ status, message });

const MIN_MEMORY = 6_291_456;
const CAPS = new Set(['CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP', 'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE',
  'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL',
  'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF', 'CHECKPOINT_RESTORE'].map((c) => `CAP_${c}`));
const RUNTIMES = new Set(['', 'runc', 'io.containerd.runc.v2', 'io.containerd.runtime.v1.linux']);
const MOUNT_TYPES = new Set(['bind', 'volume', 'tmpfs', 'npipe']);
const MODES = new Set(['rw', 'ro', 'z', 'Z', 'nocopy', 'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate', 'delegated', 'cached', 'consistent']);

function uint16(s: string): boolean {
  return /^[0-9]+$/.test(s) && Number(s) <= 65535;
}

function capsError(list: readonly string[], which: string): string | undefined {
  for (const c of list) {
    if (c.toUpperCase() === 'ALL') continue;
    const n = c.toUpperCase().startsWith('CAP_') ? c.toUpperCase() : `CAP_${c.toUpperCase()}`;
    if (!CAPS.has(n)) return `invalid ${which}: unknown capability: ${JSON.stringify(n)}`;
  }
  return undefined;
}

function healthError(h: Obj): string | undefined {
  for (const k of ['Interval', 'Timeout', 'StartPeriod']) {
    const v = num(h[k]);
    if (v !== 0 && v < 1_000_000) return `${k} in Healthcheck cannot be less than 1ms`;
  }
  return num(h.Retries) < 0 ? 'Retries in Healthcheck cannot be negative' : undefined;
}

/** cpuset lists: `0-3,5`. */
function cpusetError(s: string): string | undefined {
  for (const part of s.split(',')) if (!/^\d+(-\d+)?$/.test(part)) return `invalid format: ${s}`;
  return undefined;
}

/**
 * verifyContainerSettings for create (and the endpoint checks after it): the refusal dockerd answers before it
 * looks the image up, or undefined. `ncpu` bounds NanoCpus like the host's CPU count does.
 *
 * @example
 * verifyCreateSettings({ WorkingDir: 'tmp' }, {}, undefined, 8)?.message; // "the working directory 'tmp' is invalid, it needs to be an absolute path"
 */
export function verifyCreateSettings(config: Obj, hc: Obj, networking: Obj | undefined, ncpu: number): SettingsRefusal | undefined {
  const wd = typeof config.WorkingDir === 'string' ? config.WorkingDir : '';
  if (wd !== '' && !wd.startsWith('/')) return bad(`the working directory '${wd}' is invalid, it needs to be an absolute path`);
  if (typeof config.StopSignal === 'string' && config.StopSignal !== '') {
    const s = parseSignal(config.StopSignal);
    if (!s.ok) return bad(s.error);
  }
  const health = healthError(obj(config.Healthcheck));
  if (health) return bad(health);
  for (const m of Array.isArray(hc.Mounts) ? (hc.Mounts as unknown[]).map(obj) : []) {
    const type = typeof m.Type === 'string' ? m.Type : '';
    if (!MOUNT_TYPES.has(type)) return bad(`invalid mount config for type ${JSON.stringify(type)}: mount type unknown`);
    const target = typeof m.Target === 'string' ? m.Target : '';
    if (target === '') return bad(`invalid mount config for type ${JSON.stringify(type)}: field Target must not be empty`);
    if (!target.startsWith('/')) return bad(`invalid mount config for type ${JSON.stringify(type)}: invalid mount path: '${target}' mount path must be absolute`);
  }
  for (const h of strs(hc.ExtraHosts)) {
    const i = h.indexOf(':');
    if (i <= 0) return bad(`bad format for add-host: ${JSON.stringify(h)}`);
  }
  for (const [port, bindings] of Object.entries(obj(hc.PortBindings))) {
    const p = port.split('/')[0] ?? '';
    if (p !== '' && !uint16(p)) return bad(`invalid port specification: ${JSON.stringify(p)}`);
    for (const b of Array.isArray(bindings) ? (bindings as unknown[]).map(obj) : []) {
      const hp = (typeof b.HostPort === 'string' ? b.HostPort : '').split('/')[0] ?? '';
      if (hp !== '' && !hp.split('-').every(uint16)) return bad(`invalid port specification: ${JSON.stringify(hp)}`);
    }
  }
  const caps = capsError(strs(hc.CapAdd), 'CapAdd') ?? capsError(strs(hc.CapDrop), 'CapDrop');
  if (caps) return bad(caps);
  const mem = num(hc.Memory);
  if (mem !== 0 && mem < MIN_MEMORY) return bad('Minimum memory limit allowed is 6MB');
  const swappiness = hc.MemorySwappiness;
  if (swappiness !== undefined && swappiness !== null && num(swappiness) !== -1 && (num(swappiness) < 0 || num(swappiness) > 100)) {
    return bad(`Invalid value: ${num(swappiness)}, valid memory swappiness range is 0-100`);
  }
  const kmem = num(hc.KernelMemory);
  if (kmem !== 0 && kmem < MIN_MEMORY) return bad('Minimum kernel memory limit allowed is 6MB');
  const nano = num(hc.NanoCpus);
  if (nano > 0 && num(hc.CpuPeriod) > 0) return bad('Conflicting options: Nano CPUs and CPU Period cannot both be set');
  if (nano > 0 && num(hc.CpuQuota) > 0) return bad('Conflicting options: Nano CPUs and CPU Quota cannot both be set');
  if (nano < 0 || nano > ncpu * 1e9) return bad(`Range of CPUs is from 0.01 to ${ncpu}.00, as there are only ${ncpu} CPUs available`);
  for (const [k, label] of [['CpusetCpus', 'cpus'], ['CpusetMems', 'mems']] as const) {
    const v = typeof hc[k] === 'string' ? (hc[k] as string) : '';
    const e = v !== '' ? cpusetError(v) : undefined;
    if (e) return bad(`Invalid value ${v} for cpuset ${label}: ${e}`);
  }
  if (num(hc.ShmSize) < 0) return bad('SHM size can not be less than 0');
  const oom = num(hc.OomScoreAdj);
  if (oom < -1000 || oom > 1000) return bad(`Invalid value ${oom}, range for oom score adj is [-1000, 1000]`);
  const runtime = typeof hc.Runtime === 'string' ? hc.Runtime : '';
  if (!RUNTIMES.has(runtime)) return bad(`Unknown runtime specified ${runtime}`);
  const cgroupns = typeof hc.CgroupnsMode === 'string' ? hc.CgroupnsMode : '';
  if (!['', 'host', 'private'].includes(cgroupns)) return bad(`invalid cgroup namespace mode: ${cgroupns}`);
  for (const ep of Object.values(obj(obj(networking).EndpointsConfig)).map(obj)) {
    const ipam = obj(ep.IPAMConfig);
    const v4 = typeof ipam.IPv4Address === 'string' ? ipam.IPv4Address : '';
    if (v4 !== '' && !/^(\d{1,3})(\.\d{1,3}){3}$/.test(v4)) return bad(`invalid IPv4 address: ${v4}`);
    const v6 = typeof ipam.IPv6Address === 'string' ? ipam.IPv6Address : '';
    if (v6 !== '' && !v6.includes(':')) return bad(`invalid IPv6 address: ${v6}`);
  }
  return undefined;
}

/**
 * The create-time refusals after the image is found: Binds (the volume parser, untyped 500s) and SecurityOpt.
 *
 * @example
 * createTimeError({ Binds: ['/a:/b:zz'] })?.message; // 'invalid mode: zz'
 */
export function createTimeError(hc: Obj): SettingsRefusal | undefined {
  for (const spec of strs(hc.Binds)) {
    const parts = spec.split(':');
    if (parts.length > 3 || parts.some((p) => p === '')) return bad(`invalid volume specification: '${spec}'`, 500);
    const [a = '', b, mode] = parts;
    if (mode !== undefined && !mode.split(',').every((m) => MODES.has(m))) return bad(`invalid mode: ${mode}`, 500);
    const dst = b ?? a;
    const type = b !== undefined && a.startsWith('/') ? 'bind' : 'volume';
    if (!dst.startsWith('/')) {
      return bad(`invalid volume specification: '${spec}': invalid mount config for type "${type}": invalid mount path: '${dst}' mount path must be absolute`, 500);
    }
  }
  for (const opt of strs(hc.SecurityOpt)) {
    if (opt === 'no-new-privileges' || opt === 'disable') continue;
    const sep = opt.includes('=') ? '=' : opt.includes(':') ? ':' : undefined;
    if (!sep) return bad(`invalid --security-opt 1: ${JSON.stringify(opt)}`, 500);
    const key = opt.slice(0, opt.indexOf(sep));
    if (!['label', 'apparmor', 'seccomp', 'no-new-privileges'].includes(key)) return bad(`invalid --security-opt 2: ${JSON.stringify(opt)}`, 500);
  }
  return undefined;
}
