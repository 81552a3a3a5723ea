// Risk analysis of the other inspected requests: exec create, volume create, container update, swarm
// services, plugin privileges, build query parameters and archive uploads.
import type { Finding } from '../../report/finding.js';
import type { ArchiveUploadSpec, BuildQuerySpec } from '../specs/query.js';
import type { ExecSpec, PluginPrivilege, ServiceSpec, UpdateSpec, VolumeCreateSpec } from '../specs/types.js';
import { capabilityFindings, isBindOpts, mountFindings } from './container.js';
import { finding, field, type AnalyzeOptions } from './finding.js';
import { classifyHostPath, cleanPath, isSensitiveContainerPath } from './paths.js';

/**
 * @example
 * analyzeExecCreate({ Cmd: ['sh'], Privileged: true, User: 'root' }).map((f) => f.ruleId); // ['PCL-CFG-026', 'PCL-CFG-027']
 */
export function analyzeExecCreate(spec: ExecSpec, opts: AnalyzeOptions = {}): Finding[] {
  const target = opts.target ?? 'request';
  const out: Finding[] = [];
  if (spec.Privileged) out.push(finding('PCL-CFG-026', target, 'exec runs privileged', [field('Privileged', true)]));
  const user = (spec.User ?? '').split(':')[0];
  if (user === 'root' || user === '0') out.push(finding('PCL-CFG-027', target, 'exec runs as root', [field('User', spec.User)]));
  return out;
}

/**
 * @example
 * analyzeVolumeCreate({ Name: 'v', DriverOpts: { type: 'none', o: 'bind', device: '/' } })[0]?.ruleId; // 'PCL-CFG-018'
 */
export function analyzeVolumeCreate(spec: VolumeCreateSpec, opts: AnalyzeOptions = {}): Finding[] {
  const target = opts.target ?? 'request';
  const o = spec.DriverOpts ?? {};
  if ((spec.Driver ?? '') !== '' && spec.Driver !== 'local') return [];
  if (!isBindOpts(o)) return [];
  const dev = o.device ?? '';
  const cls = classifyHostPath(dev);
  return [finding('PCL-CFG-018', target, `volume ${spec.Name ?? ''} is a bind of host path ${cleanPath(dev)}${cls === 'docker-socket' ? ' (Docker socket location)' : ''}`, [field('DriverOpts', o)], cls === 'host' ? 'medium' : 'critical')];
}

/**
 * @example
 * analyzeContainerUpdate({ RestartPolicy: { Name: 'always' }, PidsLimit: 0 }).map((f) => f.ruleId); // ['PCL-CFG-022', 'PCL-CFG-023']
 */
export function analyzeContainerUpdate(spec: UpdateSpec, opts: AnalyzeOptions = {}): Finding[] {
  const target = opts.target ?? 'request';
  const out: Finding[] = [];
  if (spec.PidsLimit !== undefined && spec.PidsLimit !== null && spec.PidsLimit <= 0) out.push(finding('PCL-CFG-022', target, 'the update removes the PIDs limit', [field('PidsLimit', spec.PidsLimit)]));
  const restart = spec.RestartPolicy?.Name ?? '';
  if (restart === 'always' || restart === 'unless-stopped') out.push(finding('PCL-CFG-023', target, `restart policy becomes ${restart}`, [field('RestartPolicy.Name', restart)]));
  return out;
}

/**
 * @example
 * analyzeServiceSpec({ TaskTemplate: { ContainerSpec: { Mounts: [{ Type: 'bind', Source: '/' }] } } })[0]?.ruleId; // 'PCL-CFG-016'
 */
export function analyzeServiceSpec(spec: ServiceSpec, opts: AnalyzeOptions = {}): Finding[] {
  const target = opts.target ?? spec.Name ?? 'request';
  const p = 'TaskTemplate.ContainerSpec';
  const cs = spec.TaskTemplate?.ContainerSpec ?? {};
  const out: Finding[] = [...mountFindings(cs.Mounts, `${p}.Mounts`, target), ...capabilityFindings(cs.CapabilityAdd, `${p}.CapabilityAdd`, target)];
  if (cs.Privileges?.SELinuxContext?.Disable) out.push(finding('PCL-CFG-013', target, 'SELinux labelling is disabled for the service', [field(`${p}.Privileges.SELinuxContext.Disable`, true)]));
  for (const k of Object.keys(cs.Sysctls ?? {})) out.push(finding('PCL-CFG-029', target, `sysctl ${k} is set`, [field(`${p}.Sysctls[${JSON.stringify(k)}]`, cs.Sysctls?.[k])]));
  const lim = spec.TaskTemplate?.Resources?.Limits;
  const zero = (v: unknown): boolean => v === undefined || v === null || v === 0 || v === 0n;
  if (zero(lim?.MemoryBytes)) out.push(finding('PCL-CFG-020', target, 'the service has no memory limit', [field('TaskTemplate.Resources.Limits.MemoryBytes', lim?.MemoryBytes ?? 0)]));
  if (zero(lim?.NanoCPUs)) out.push(finding('PCL-CFG-021', target, 'the service has no CPU limit', [field('TaskTemplate.Resources.Limits.NanoCPUs', lim?.NanoCPUs ?? 0)]));
  if (zero(lim?.Pids)) out.push(finding('PCL-CFG-022', target, 'the service has no PIDs limit', [field('TaskTemplate.Resources.Limits.Pids', lim?.Pids ?? 0)]));
  (spec.EndpointSpec?.Ports ?? []).forEach((port, i) => {
    if (port && !zero(port.PublishedPort) && (port.PublishMode ?? 'ingress') !== 'host')
      out.push(finding('PCL-CFG-024', target, `port ${String(port.PublishedPort)} is published on the routing mesh of every node`, [field(`EndpointSpec.Ports[${i}]`, port)]));
  });
  return out;
}

const RISKY_PRIVILEGES = new Set(['network', 'mount', 'device', 'allow-all-devices', 'capabilities', 'host', 'pid', 'ipc']);

/**
 * @example
 * analyzePluginPrivileges([{ Name: 'mount', Value: ['/var/lib/docker'] }])[0]?.ruleId; // 'PCL-CFG-030'
 */
export function analyzePluginPrivileges(privs: readonly PluginPrivilege[], opts: AnalyzeOptions = {}): Finding[] {
  const target = opts.target ?? 'request';
  const out: Finding[] = [];
  privs.forEach((pr, i) => {
    const name = (pr.Name ?? '').toLowerCase();
    if (RISKY_PRIVILEGES.has(name) || name.startsWith('host')) out.push(finding('PCL-CFG-030', target, `plugin privilege ${pr.Name}: ${(pr.Value ?? []).join(', ')}`, [field(`[${i}]`, pr)]));
  });
  return out;
}

/**
 * @example
 * analyzeBuildQuery({ ...spec, networkMode: 'host' })[0]?.ruleId; // 'PCL-CFG-031'
 */
export function analyzeBuildQuery(spec: BuildQuerySpec, opts: AnalyzeOptions = {}): Finding[] {
  const target = opts.target ?? 'request';
  const out: Finding[] = [];
  if (spec.networkMode === 'host') out.push(finding('PCL-CFG-031', target, 'the build runs on the host network', [field('networkmode', spec.networkMode)]));
  if (spec.remote !== '') out.push(finding('PCL-CFG-032', target, `the daemon fetches the build context from ${spec.remote}`, [field('remote', spec.remote)]));
  return out;
}

/**
 * @example
 * analyzeArchiveUpload({ path: '/etc/../usr/bin', noOverwriteDirNonDir: false, copyUIDGID: false })[0]?.ruleId; // 'PCL-CFG-033'
 */
export function analyzeArchiveUpload(spec: ArchiveUploadSpec, opts: AnalyzeOptions = {}): Finding[] {
  const target = opts.target ?? 'request';
  if (!isSensitiveContainerPath(spec.path)) return [];
  return [finding('PCL-CFG-033', target, `the archive is extracted into ${cleanPath(spec.path.startsWith('/') ? spec.path : `/${spec.path}`)}${spec.noOverwriteDirNonDir ? '' : ' and may replace directories with files'}`, [field('path', spec.path)])];
}
