// Field-by-field judgement of decoded bodies (container create/update, exec create, volume create, image
// pull query) against one role. Returns the first denial naming rule and field, or undefined when allowed.
import type { CompiledRole } from './compile.js';
import { cleanHostPath, familiarImage, underPrefix } from './match.js';
import { deny, type Decision, type RealPaths, type VolumeFacts } from './types.js';
import { checkContainerUser, numericNonRootUser } from './user-checks.js';
import { type Obj, arr, isObj, num, obj, str } from './values.js';

type Volumes = Readonly<Record<string, VolumeFacts>> | undefined;

/** Shape errors mean the body is not what the decoder promised: deny rather than guess. */
export function badShape(body: unknown, field: string, want: 'object' | 'array' | 'string'): Decision | undefined {
  const v = field.split('.').reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), body);
  if (v === undefined || v === null) return undefined;
  const ok = want === 'object' ? isObj(v) : want === 'array' ? Array.isArray(v) : typeof v === 'string';
  return ok ? undefined : deny('policy.body.shape', `${field} is not a JSON ${want}`, field);
}

function checkHostPath(role: CompiledRole, raw: string, field: string, rule: string): Decision | undefined {
  const p = cleanHostPath(raw);
  if (p === undefined) return deny(rule, `host path "${raw}" is not absolute`, field);
  if (!underPrefix(p, role.container.hostPaths)) {
    return deny(rule, `host path ${p} is outside the allowed prefixes [${role.container.hostPaths.join(', ')}]`, field);
  }
  return undefined;
}

/** Whether the role's bind sources are judged by their real path (not when the whole host is allowed). */
export function comparesRealPaths(role: CompiledRole): boolean {
  return !role.container.hostPaths.includes('/');
}

/** Whether a resolved path lies under the role's prefixes, each resolved on the host too. */
function underRealPrefix(resolved: string, prefixes: readonly string[], real: RealPaths | undefined): boolean {
  return underPrefix(resolved, prefixes.map((x) => real?.[cleanHostPath(x) ?? x] || x));
}

/** A host path the engine will mount: lexically under a prefix, then (symlinks followed on the host) really under it. */
function checkRealHostPath(role: CompiledRole, raw: string, field: string, real: RealPaths | undefined): Decision | undefined {
  const d = checkHostPath(role, raw, field, 'policy.container.host_paths');
  if (d || !comparesRealPaths(role)) return d;
  const p = cleanHostPath(raw) ?? raw;
  const prefixes = role.container.hostPaths;
  const r = real?.[p];
  if (r === undefined || r === '') {
    return deny('policy.container.host_paths', `host path ${p} could not be resolved on the host (symlinks are followed before judging, `
      + 'which needs the guard on the same host as a unix-socket engine); use a path that exists or set the upstream to the local socket', field);
  }
  if (!underRealPrefix(r, prefixes, real)) {
    return deny('policy.container.host_paths', `host path ${p} resolves (through a symlink) to ${r}, outside the allowed prefixes [${prefixes.join(', ')}]`, field);
  }
  return undefined;
}

/** A container bind source: a real host path under the prefixes, read-only unless the role allows writable binds. */
function checkBindSource(role: CompiledRole, raw: string, field: string, real: RealPaths | undefined, writable: boolean): Decision | undefined {
  const d = checkRealHostPath(role, raw, field, real);
  if (d) return d;
  if (writable && !role.container.allowWritableBinds) {
    const p = cleanHostPath(raw) ?? raw;
    return deny('policy.container.writable_binds', `bind of host path ${p} is read-write; add :ro (docker run -v SRC:DST:ro, --mount ...,readonly) or set container.allowWritableBinds for this role`, field);
  }
  return undefined;
}

/**
 * At start and restart the engine resolves bind sources (and mounts bind-backed volume devices) again. A source this role's prefixes allow must still
 * really lead under them: a symlink swapped in after create (by a writer on the host) is caught here. Sources
 * outside the role's prefixes were not created under its rules; the route's own grant covers them.
 */
export function checkBindsAtStart(role: CompiledRole, sources: readonly string[], real: RealPaths | undefined): Decision | undefined {
  const prefixes = role.container.hostPaths;
  if (prefixes.length === 0 || !comparesRealPaths(role)) return undefined;
  for (const s of sources) {
    if (!underPrefix(s, prefixes)) continue;
    const r = real?.[s];
    if (r === undefined || r === '') {
      return deny('policy.container.host_paths', `bind source or volume device ${s} can no longer be resolved on the host; recreate the container`, 'HostConfig.Binds');
    }
    if (!underRealPrefix(r, prefixes, real)) {
      return deny('policy.container.host_paths', `bind source or volume device ${s} now resolves (through a symlink changed after create) to ${r}, `
        + `outside the allowed prefixes [${prefixes.join(', ')}]; remove the link and recreate the container`, 'HostConfig.Binds');
    }
  }
  return undefined;
}

/** Host path bind sources of a create body (Binds with a path, Mounts of type bind), cleaned; for resolving. */
export function bindSources(body: unknown): string[] {
  const hc = obj(obj(body).HostConfig);
  const out = new Set<string>();
  for (const b of arr(hc.Binds)) {
    const src = str(b).split(':')[0] ?? '';
    const c = cleanHostPath(src);
    if (c !== undefined) out.add(c);
  }
  for (const m of arr(hc.Mounts)) {
    const c = str(obj(m).Type) === 'bind' ? cleanHostPath(str(obj(m).Source)) : undefined;
    if (c !== undefined) out.add(c);
  }
  return [...out];
}

const NS: ReadonlyArray<readonly [string, 'network' | 'pid' | 'ipc' | 'uts' | 'userns' | 'cgroup']> = [
  ['NetworkMode', 'network'], ['PidMode', 'pid'], ['IpcMode', 'ipc'], ['UTSMode', 'uts'], ['UsernsMode', 'userns'],
  ['CgroupnsMode', 'cgroup'], ['Cgroup', 'cgroup'],
];

/**
 * The host path a local volume's driver options mount (`device`), cleaned, or undefined when there is none
 * (or it is not an absolute path; the check refuses those).
 */
export function volumeDevice(opts: unknown): string | undefined {
  const device = str(obj(opts).device);
  return device.startsWith('/') ? cleanHostPath(device) : undefined;
}

/**
 * Host paths behind the volumes a create body mounts: devices in Mounts' volume options and in the options of
 * the named volumes that already exist (`volumes`, looked up by the caller). The engine mounts them at start.
 */
export function volumeDeviceSources(body: unknown, volumes?: Volumes): string[] {
  const out = new Set<string>();
  for (const m of arr(obj(obj(body).HostConfig).Mounts)) {
    const d = str(obj(m).Type) === 'volume' ? volumeDevice(obj(obj(obj(m).VolumeOptions).DriverConfig).Options) : undefined;
    if (d !== undefined) out.add(d);
  }
  for (const v of Object.values(volumes ?? {})) {
    const d = v.driver === '' || v.driver === 'local' ? volumeDevice(v.options) : undefined;
    if (d !== undefined) out.add(d);
  }
  return [...out];
}

/**
 * Every host path a create request makes the engine mount, for the caller to resolve on the host before
 * judging: bind sources and volume devices of a container create, the device of a volume create.
 */
export function hostPathSources(routeId: string, body: unknown, volumes?: Volumes): string[] {
  if (routeId === 'container.create') return [...new Set([...bindSources(body), ...volumeDeviceSources(body, volumes)])];
  if (routeId === 'volume.create') {
    const d = volumeDevice(obj(body).DriverOpts);
    return d === undefined ? [] : [d];
  }
  return [];
}

/** Judge a volume's driver options: a local volume with `o=bind` or a `device` is a host path in disguise. */
export function checkVolumeOptions(role: CompiledRole, opts: Obj, field: string, real?: RealPaths): Decision | undefined {
  const o = str(opts.o) + ',' + str(opts.O);
  const device = str(opts.device);
  const bindBacked = /(^|,)\s*r?bind\s*(,|$)/i.test(o) || device !== '' || str(opts.type) !== '';
  if (!bindBacked) return undefined;
  if (!role.container.bindVolumes) return deny('policy.container.bind_volumes', 'volumes backed by host paths are not allowed for this role', field);
  if (device !== '' && !device.startsWith('/')) return deny('policy.container.bind_volumes', `volume device "${device}" is not a host path this role may use`, `${field}.device`);
  return device === '' ? undefined : checkRealHostPath(role, device, `${field}.device`, real);
}

/** Networks a create body attaches to besides NetworkMode: the keys of NetworkingConfig.EndpointsConfig. */
export function endpointNetworks(body: unknown): string[] {
  return Object.keys(obj(obj(obj(body).NetworkingConfig).EndpointsConfig));
}

/** An endpoint on a host-driver network (by name or id) puts the container in the host network namespace. */
function checkEndpoints(role: CompiledRole, body: Obj, networks: Readonly<Record<string, string>> | undefined): Decision | undefined {
  for (const key of endpointNetworks(body)) {
    const field = `NetworkingConfig.EndpointsConfig.${key}`;
    if (networks === undefined) return deny('policy.container.host_namespaces', `network ${key} could not be looked up`, field);
    const driver = key === 'host' ? 'host' : networks[key] ?? '';
    if ((driver === 'host' || key.startsWith('container:')) && !role.container.hostNamespaces.includes('network')) {
      return deny('policy.container.host_namespaces', `network ${key} is the host network, which this role may not join`, field);
    }
  }
  return undefined;
}

/** Named volumes a create body mounts (Binds `name:/path`, Mounts of type volume with a Source). */
export function namedVolumes(body: unknown): string[] {
  const hc = obj(obj(body).HostConfig);
  const names = new Set<string>();
  for (const b of arr(hc.Binds)) {
    const src = str(b).split(':')[0] ?? '';
    if (src !== '' && !src.startsWith('/') && !src.includes('/') && !src.startsWith('.')) names.add(src);
  }
  for (const m of arr(hc.Mounts)) if (str(obj(m).Type) === 'volume' && str(obj(m).Source) !== '') names.add(str(obj(m).Source));
  return [...names];
}

/** A named volume that already exists may be bind-backed or use a plugin driver: judge what it is. */
function checkNamedVolume(role: CompiledRole, name: string, volumes: Volumes, field: string, real: RealPaths | undefined): Decision | undefined {
  if (volumes === undefined) return deny('policy.container.bind_volumes', `volume ${name} could not be looked up, so what it is backed by is unknown`, field);
  const v = volumes[name];
  if (v === undefined) return undefined; // dockerd creates it: a plain local volume
  if (v.driver !== '' && v.driver !== 'local' && !role.unjudged) return deny('policy.container.bind_volumes', `volume ${name} uses driver ${v.driver}, which cannot be judged`, field);
  return checkVolumeOptions(role, v.options as Obj, field, real);
}

export function checkImage(role: CompiledRole, ref: string, field: string): Decision | undefined {
  if (ref === '') return undefined;
  if (role.images(familiarImage(ref)) || role.images(ref)) return undefined;
  return deny('policy.container.images', `image ${ref} is not in this role's image allow-list`, field);
}

/** Judge a container create body (Config + HostConfig + NetworkingConfig). */
export function checkContainerCreate(role: CompiledRole, body: unknown, owned: number | undefined, volumes?: Volumes,
  networks?: Readonly<Record<string, string>>, realPaths?: RealPaths): Decision | undefined {
  if (!isObj(body)) return deny('policy.body.shape', 'container create body is not a JSON object', '');
  for (const [f, t] of [['HostConfig', 'object'], ['Image', 'string'], ['HostConfig.Binds', 'array'], ['HostConfig.Mounts', 'array'],
    ['HostConfig.CapAdd', 'array'], ['HostConfig.Devices', 'array'], ['HostConfig.SecurityOpt', 'array'],
    ['HostConfig.VolumesFrom', 'array'], ['HostConfig.RestartPolicy', 'object'], ['HostConfig.Sysctls', 'object']] as const) {
    const d = badShape(body, f, t);
    if (d) return d;
  }
  const c = role.container;
  const d = badShape(body, 'User', 'string') ?? checkImage(role, str(body.Image), 'Image') ?? checkContainerUser(role, str(body.User), 'User');
  if (d) return d;
  const hc = obj(body.HostConfig);
  const dg = checkGroupAdd(role, hc);
  if (dg) return dg;
  return checkHostConfig(role, hc, 'HostConfig', volumes, realPaths) ?? checkEndpoints(role, body, networks) ?? checkCounts(role, owned) ?? (() => {
    if (c.requireLimits.memory && num(hc.Memory) <= 0) return deny('policy.container.limits', 'a memory limit is required (docker run --memory)', 'HostConfig.Memory');
    if (c.requireLimits.cpu && num(hc.NanoCpus) <= 0 && num(hc.CpuQuota) <= 0) {
      return deny('policy.container.limits', 'a CPU limit is required (docker run --cpus)', 'HostConfig.NanoCpus');
    }
    return undefined;
  })();
}

/** With `allowRoot: false`, supplementary groups follow the User rule: numeric, not 0 (a name resolves in the container). */
function checkGroupAdd(role: CompiledRole, hc: Obj): Decision | undefined {
  if (role.container.allowRoot) return undefined;
  const d = badShape(hc, 'GroupAdd', 'array');
  if (d) return { ...d, field: 'HostConfig.GroupAdd' };
  for (const [i, g] of arr(hc.GroupAdd).entries()) {
    if (numericNonRootUser(str(g)) === undefined || str(g).includes(':')) {
      return deny('policy.container.user', `supplementary group "${str(g)}" is not allowed for this role: group names resolve in the container's own /etc/group and gid 0 is root's group; use numeric gids other than 0`, `HostConfig.GroupAdd[${i}]`);
    }
  }
  return undefined;
}

function checkCounts(role: CompiledRole, owned: number | undefined): Decision | undefined {
  const max = role.container.maxContainers;
  if (max === undefined) return undefined;
  if (owned === undefined) return deny('policy.container.max_containers', 'the number of containers this subject owns is unknown', '');
  if (owned >= max) return deny('policy.container.max_containers', `this subject already owns ${owned} containers (max ${max})`, '');
  return undefined;
}

/** Judge the HostConfig part (shared by create and the legacy start body). */
export function checkHostConfig(role: CompiledRole, hc: Obj, at: string, volumes?: Volumes, realPaths?: RealPaths): Decision | undefined {
  const c = role.container;
  if (hc.Privileged === true && !c.privileged) return deny('policy.container.privileged', 'privileged containers are not allowed for this role', `${at}.Privileged`);
  for (const [i, cap] of arr(hc.CapAdd).entries()) {
    const n = str(cap).toUpperCase().replace(/^CAP_/, '');
    if (!(c.capabilities.includes('ALL') || (n !== 'ALL' && c.capabilities.map((x) => x.toUpperCase().replace(/^CAP_/, '')).includes(n)))) {
      return deny('policy.container.capabilities', `capability ${str(cap)} is not allowed for this role`, `${at}.CapAdd[${i}]`);
    }
  }
  for (const [i, dev] of arr(hc.Devices).entries()) {
    const p = str(obj(dev).PathOnHost);
    if (!(c.devices.includes('*') || c.devices.includes(p))) return deny('policy.container.devices', `device ${p} is not allowed for this role`, `${at}.Devices[${i}]`);
  }
  if (arr(hc.DeviceCgroupRules).length > 0 && !c.devices.includes('*')) return deny('policy.container.devices', 'device cgroup rules are not allowed for this role', `${at}.DeviceCgroupRules`);
  if (arr(hc.DeviceRequests).length > 0 && !c.devices.includes('*')) return deny('policy.container.devices', 'device requests (GPUs) are not allowed for this role', `${at}.DeviceRequests`);
  for (const [key, ns] of NS) {
    const mode = str(hc[key]);
    if ((mode === 'host' || mode.startsWith('container:') || (key === 'UsernsMode' && mode !== '')) && !c.hostNamespaces.includes(ns)) {
      return deny('policy.container.host_namespaces', `${key}=${mode} joins a namespace this role may not join`, `${at}.${key}`);
    }
  }
  for (const [i, so] of arr(hc.SecurityOpt).entries()) {
    if (!(c.securityOptions.includes('*') || c.securityOptions.includes(str(so)))) {
      return deny('policy.container.security_options', `security option "${str(so)}" is not allowed for this role`, `${at}.SecurityOpt[${i}]`);
    }
  }
  for (const [i, b] of arr(hc.Binds).entries()) {
    const [src = '', , opts = ''] = str(b).split(':');
    if (src.startsWith('/') || src.startsWith('.') || src.includes('/')) {
      const d = checkBindSource(role, src, `${at}.Binds[${i}]`, realPaths, !opts.split(',').includes('ro'));
      if (d) return d;
    } else if (src !== '') {
      const d = checkNamedVolume(role, src, volumes, `${at}.Binds[${i}]`, realPaths);
      if (d) return d;
    }
  }
  for (const [i, m] of arr(hc.Mounts).entries()) {
    const mo = obj(m);
    const type = str(mo.Type);
    const f = `${at}.Mounts[${i}]`;
    if (type === 'bind') {
      const d = checkBindSource(role, str(mo.Source), `${f}.Source`, realPaths, mo.ReadOnly !== true);
      if (d) return d;
    } else if (type === 'volume') {
      const drv = str(obj(obj(mo.VolumeOptions).DriverConfig).Name);
      if (drv !== '' && drv !== 'local' && !role.unjudged) return deny('policy.container.bind_volumes', `volume driver ${drv} cannot be judged`, `${f}.VolumeOptions.DriverConfig.Name`);
      const d = checkVolumeOptions(role, obj(obj(obj(mo.VolumeOptions).DriverConfig).Options), `${f}.VolumeOptions.DriverConfig.Options`, realPaths)
        ?? (str(mo.Source) !== '' ? checkNamedVolume(role, str(mo.Source), volumes, `${f}.Source`, realPaths) : undefined);
      if (d) return d;
    } else if (type !== 'tmpfs') {
      return deny('policy.container.mounts', `mount type "${type}" is not allowed for this role`, `${f}.Type`);
    }
  }
  if (arr(hc.VolumesFrom).length > 0 && !c.volumesFrom) return deny('policy.container.volumes_from', 'volumes-from is not allowed for this role', `${at}.VolumesFrom`);
  const rp = str(obj(hc.RestartPolicy).Name);
  if (!(c.restartPolicies as string[]).includes(rp)) return deny('policy.container.restart_policy', `restart policy "${rp}" is not allowed for this role`, `${at}.RestartPolicy.Name`);
  const rt = str(hc.Runtime);
  if (rt !== '' && rt !== 'runc' && !(c.runtimes.includes('*') || c.runtimes.includes(rt))) return deny('policy.container.runtime', `runtime ${rt} is not allowed for this role`, `${at}.Runtime`);
  for (const k of Object.keys(obj(hc.Sysctls))) {
    if (!(c.sysctls.includes('*') || c.sysctls.includes(k))) return deny('policy.container.sysctls', `sysctl ${k} is not allowed for this role`, `${at}.Sysctls`);
  }
  for (const k of ['MaskedPaths', 'ReadonlyPaths'] as const) {
    // An explicit list (even empty) replaces dockerd's default masks of /proc and /sys (systempaths=unconfined).
    if (hc[k] !== undefined && hc[k] !== null && !c.privileged) return deny('policy.container.security_options', `${k} overrides the default /proc and /sys masks`, `${at}.${k}`);
  }
  const vd = str(hc.VolumeDriver);
  if (vd !== '' && vd !== 'local' && !role.unjudged) return deny('policy.container.bind_volumes', `volume driver ${vd} cannot be judged`, `${at}.VolumeDriver`);
  if (str(hc.CgroupParent) !== '' && !c.hostNamespaces.includes('cgroup')) return deny('policy.container.host_namespaces', 'a custom cgroup parent is not allowed for this role', `${at}.CgroupParent`);
  if (c.maxMemory !== undefined && num(hc.Memory) > c.maxMemory) return deny('policy.container.limits', `memory limit above ${c.maxMemory} bytes`, `${at}.Memory`);
  return undefined;
}

export function checkVolumeCreate(role: CompiledRole, body: unknown, realPaths?: RealPaths): Decision | undefined {
  if (!isObj(body)) return deny('policy.body.shape', 'volume create body is not a JSON object', '');
  const d = badShape(body, 'DriverOpts', 'object');
  if (d) return d;
  const driver = str(body.Driver);
  if (driver !== '' && driver !== 'local' && !role.unjudged) return deny('policy.container.bind_volumes', `volume driver ${driver} cannot be judged`, 'Driver');
  return checkVolumeOptions(role, obj(body.DriverOpts), 'DriverOpts', realPaths);
}
