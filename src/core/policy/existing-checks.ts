// Running code in, attaching to, or copying files through a container someone else made reaches what that
// container holds: a role that may not create a privileged (host-namespaced, host-bound, ...) container may
// not exec into, start, attach to or copy through one either. Judged from the container's inspect answer.
import type { CompiledRole } from './compile.js';
import { cleanHostPath, underPrefix } from './match.js';
import { deny, type Decision } from './types.js';
import { arr, obj, str } from './values.js';

/** Routes that run (or resume) code in, attach to, or move files through an existing container (path {id}). */
export const INTO_EXISTING: ReadonlySet<string> = new Set(['exec.create', 'exec.start', 'container.start', 'container.restart', 'container.unpause',
  'container.attach', 'container.attach_ws', 'container.archive_put', 'container.archive_get', 'container.archive_head']);

const NS: ReadonlyArray<readonly [string, 'network' | 'pid' | 'ipc' | 'uts' | 'userns']> = [
  ['NetworkMode', 'network'], ['PidMode', 'pid'], ['IpcMode', 'ipc'], ['UTSMode', 'uts'], ['UsernsMode', 'userns'],
];

const capName = (c: string): string => c.toUpperCase().replace(/^CAP_/, '');

/**
 * Judge an existing container (its `GET /containers/{id}/json` answer) against what the role could have created:
 * privileged, added capabilities, devices, host namespaces, security options, bind sources (lexically) and the
 * devices of the bind-backed volumes it mounts (`volumeDevices`, looked up by the caller).
 * @example checkExistingContainer(role, { Name: '/db', HostConfig: { Privileged: true } }); // policy.container.privileged
 */
export function checkExistingContainer(role: CompiledRole, inspect: unknown, volumeDevices: readonly string[] = []): Decision | undefined {
  const c = role.container;
  const name = str(obj(inspect).Name).replace(/^\//, '') || 'the container';
  const hc = obj(obj(inspect).HostConfig);
  const why = `container ${name} was created with settings this role may not use, so it may not run code in, attach to or copy through it`;
  if (hc.Privileged === true && !c.privileged) return deny('policy.container.privileged', `${why} (privileged)`, 'container.HostConfig.Privileged');
  const caps = c.capabilities.map(capName);
  for (const cap of arr(hc.CapAdd)) {
    const n = capName(str(cap));
    if (!(caps.includes('ALL') || (n !== 'ALL' && caps.includes(n)))) return deny('policy.container.capabilities', `${why} (capability ${str(cap)})`, 'container.HostConfig.CapAdd');
  }
  for (const dev of arr(hc.Devices)) {
    const p = str(obj(dev).PathOnHost);
    if (!(c.devices.includes('*') || c.devices.includes(p))) return deny('policy.container.devices', `${why} (device ${p})`, 'container.HostConfig.Devices');
  }
  if ((arr(hc.DeviceCgroupRules).length > 0 || arr(hc.DeviceRequests).length > 0) && !c.devices.includes('*')) {
    return deny('policy.container.devices', `${why} (device rules or requests)`, 'container.HostConfig.DeviceCgroupRules');
  }
  for (const [key, ns] of NS) {
    // Only the host's own namespaces: cgroup v1 engines put every container in the host cgroup namespace.
    if (str(hc[key]) === 'host' && !c.hostNamespaces.includes(ns)) return deny('policy.container.host_namespaces', `${why} (${key}=host)`, `container.HostConfig.${key}`);
  }
  for (const so of arr(hc.SecurityOpt)) {
    if (!(c.securityOptions.includes('*') || c.securityOptions.includes(str(so)))) {
      return deny('policy.container.security_options', `${why} (security option ${str(so)})`, 'container.HostConfig.SecurityOpt');
    }
  }
  const sources = [
    ...arr(hc.Binds).map((b) => str(b).split(':')[0] ?? '').filter((s) => s.startsWith('/')),
    ...arr(hc.Mounts).filter((m) => str(obj(m).Type) === 'bind').map((m) => str(obj(m).Source)),
  ];
  for (const s of sources) {
    const p = cleanHostPath(s);
    if (p === undefined || !underPrefix(p, c.hostPaths)) return deny('policy.container.host_paths', `${why} (bind of host path ${s})`, 'container.HostConfig.Binds');
  }
  // Bind-backed volumes it mounts (their devices, looked up by the caller) are host paths too.
  for (const d of volumeDevices) {
    if (!c.bindVolumes || !underPrefix(d, c.hostPaths)) return deny('policy.container.bind_volumes', `${why} (volume backed by host path ${d})`, 'container.HostConfig.Mounts');
  }
  return undefined;
}
