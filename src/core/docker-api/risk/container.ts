// Risk analysis of a container's configuration (create body, inspect output, service task): privileges,
// capabilities, namespaces, security options, host mounts, limits, restart and published ports.
import type { Finding } from '../../report/finding.js';
import type { ContainerCreateSpec } from '../specs/container-create.js';
import type { HostConfig, MountSpec } from '../specs/types.js';
import { finding, field, type AnalyzeOptions } from './finding.js';
import { DEFAULT_CAPS, HOST_CONTROL_CAPS, goParseBoolFalse, normalizeCapability, parseSecurityOpt } from './options.js';
import { classifyHostPath, cleanPath, parseBind } from './paths.js';
import { envSecretFindings } from './env-secrets.js';

const isZero = (v: unknown): boolean => v === undefined || v === null || v === 0 || v === 0n;

/**
 * Findings for one host path mounted at `loc` (Binds entry, Mounts entry, volume device).
 *
 * @example
 * hostPathFindings('/etc', 'HostConfig.Binds[0]', 'req', 'bind')[0]?.ruleId; // 'PCL-CFG-016'
 */
export function hostPathFindings(source: string, loc: string, target: string, what: string, observed: string = source): Finding[] {
  const cls = classifyHostPath(source);
  const clean = cleanPath(source);
  const ev = [field(loc, observed)];
  if (cls === 'docker-socket') return [finding('PCL-CFG-015', target, `${what} mounts the Docker socket location ${clean}`, ev)];
  if (cls === 'sensitive') return [finding('PCL-CFG-016', target, `${what} mounts sensitive host path ${clean}`, ev, clean === '/' ? 'critical' : undefined)];
  return [finding('PCL-CFG-017', target, `${what} mounts host path ${clean}`, ev)];
}

/**
 * Findings for capability names added at `loc` (CapAdd, CapabilityAdd).
 *
 * @example
 * capabilityFindings(['cap_sys_admin'], 'HostConfig.CapAdd', 'req')[0]?.ruleId; // 'PCL-CFG-002'
 */
export function capabilityFindings(caps: readonly string[] | null | undefined, loc: string, target: string): Finding[] {
  const out: Finding[] = [];
  (caps ?? []).forEach((c, i) => {
    const n = normalizeCapability(c);
    if (HOST_CONTROL_CAPS.has(n)) out.push(finding('PCL-CFG-002', target, `capability ${n} is added`, [field(`${loc}[${i}]`, c)]));
    else if (!DEFAULT_CAPS.has(n)) out.push(finding('PCL-CFG-003', target, `capability ${n} is added`, [field(`${loc}[${i}]`, c)]));
  });
  return out;
}

/**
 * Findings for a Mounts list (container HostConfig.Mounts or service ContainerSpec.Mounts).
 *
 * @example
 * mountFindings([{ Type: 'bind', Source: '/run/docker.sock' }], 'HostConfig.Mounts', 'req')[0]?.ruleId; // 'PCL-CFG-015'
 */
export function mountFindings(mounts: readonly (MountSpec | null)[] | null | undefined, loc: string, target: string): Finding[] {
  const out: Finding[] = [];
  (mounts ?? []).forEach((m, i) => {
    if (!m) return;
    const at = `${loc}[${i}]`;
    if (m.Type === 'bind' && m.Source) out.push(...hostPathFindings(m.Source, `${at}.Source`, target, 'a bind mount'));
    const opts = m.VolumeOptions?.DriverConfig?.Options;
    if (m.Type === 'volume' && opts && isBindOpts(opts)) {
      const dev = opts.device ?? '';
      out.push(finding('PCL-CFG-018', target, `volume mount is bind-backed on host path ${cleanPath(dev)}`, [field(`${at}.VolumeOptions.DriverConfig.Options`, opts)], classifyHostPath(dev) === 'host' ? 'medium' : 'critical'));
    }
    const prop = m.BindOptions?.Propagation ?? '';
    if (prop === 'shared' || prop === 'rshared') out.push(finding('PCL-CFG-028', target, `mount propagation is ${prop}`, [field(`${at}.BindOptions.Propagation`, prop)]));
  });
  return out;
}

/** The local driver's bind options: type=none and o containing bind, with a device path. */
export function isBindOpts(opts: Readonly<Record<string, string>>): boolean {
  return (opts.o ?? '').split(',').some((o) => o === 'bind' || o === 'rbind') && (opts.device ?? '') !== '';
}

/**
 * Findings for a decoded HostConfig (create body, legacy start body, or `/containers/{id}/json`).
 *
 * @example
 * analyzeHostConfig({ Privileged: true, Binds: ['/var/run/docker.sock:/s'] }).map((f) => f.ruleId);
 * // ['PCL-CFG-001', 'PCL-CFG-015', ...]
 */
export function analyzeHostConfig(hc: HostConfig, opts: AnalyzeOptions = {}): Finding[] {
  const target = opts.target ?? 'request';
  const p = opts.prefix ?? 'HostConfig';
  const out: Finding[] = [];
  if (hc.Privileged) out.push(finding('PCL-CFG-001', target, 'the container is privileged', [field(`${p}.Privileged`, true)]));
  out.push(...capabilityFindings(hc.CapAdd, `${p}.CapAdd`, target));
  (hc.Devices ?? []).forEach((d, i) => {
    if (d?.PathOnHost) out.push(finding('PCL-CFG-004', target, `host device ${d.PathOnHost} is mapped`, [field(`${p}.Devices[${i}].PathOnHost`, d.PathOnHost)]));
  });
  (hc.DeviceCgroupRules ?? []).forEach((r, i) => {
    if (/^\s*a\b/.test(r) || /\*:\*/.test(r)) out.push(finding('PCL-CFG-035', target, `device cgroup rule "${r}" allows all devices`, [field(`${p}.DeviceCgroupRules[${i}]`, r)]));
  });
  const ns: [string, string | undefined, string, string][] = [
    ['PidMode', hc.PidMode, 'PCL-CFG-005', 'PID'], ['NetworkMode', hc.NetworkMode, 'PCL-CFG-006', 'network'], ['IpcMode', hc.IpcMode, 'PCL-CFG-007', 'IPC'],
    ['UTSMode', hc.UTSMode, 'PCL-CFG-008', 'UTS'], ['UsernsMode', hc.UsernsMode, 'PCL-CFG-009', 'user'], ['CgroupnsMode', hc.CgroupnsMode, 'PCL-CFG-010', 'cgroup'],
  ];
  for (const [key, value, rule, name] of ns) if (value === 'host') out.push(finding(rule, target, `the container shares the host ${name} namespace`, [field(`${p}.${key}`, value)]));
  (hc.SecurityOpt ?? []).forEach((raw, i) => {
    const o = parseSecurityOpt(raw);
    const ev = [field(`${p}.SecurityOpt[${i}]`, raw)];
    if (!o) return;
    if (o.key === 'seccomp' && o.value === 'unconfined') out.push(finding('PCL-CFG-011', target, 'seccomp is disabled', ev));
    else if (o.key === 'apparmor' && o.value === 'unconfined') out.push(finding('PCL-CFG-012', target, 'AppArmor is disabled', ev));
    else if (o.key === 'label' && o.value === 'disable') out.push(finding('PCL-CFG-013', target, 'SELinux labelling is disabled', ev));
    else if (o.key === 'no-new-privileges' && goParseBoolFalse(o.value)) out.push(finding('PCL-CFG-014', target, 'no-new-privileges is explicitly off', ev));
    else if (o.key === 'systempaths' && o.value === 'unconfined') out.push(finding('PCL-CFG-034', target, 'system paths are unmasked (systempaths=unconfined)', ev));
  });
  for (const key of ['MaskedPaths', 'ReadonlyPaths'] as const) {
    const v = hc[key];
    if (Array.isArray(v) && v.length === 0) out.push(finding('PCL-CFG-034', target, `${key} is emptied`, [field(`${p}.${key}`, v)]));
  }
  (hc.Binds ?? []).forEach((b, i) => {
    const spec = parseBind(b);
    if (spec.hostPath) out.push(...hostPathFindings(spec.source, `${p}.Binds[${i}]`, target, `bind ${JSON.stringify(b)}`, b));
    if (/(^|,)r?shared(,|$)/.test(spec.mode)) out.push(finding('PCL-CFG-028', target, `bind ${b} uses shared propagation`, [field(`${p}.Binds[${i}]`, b)]));
  });
  out.push(...mountFindings(hc.Mounts, `${p}.Mounts`, target));
  (hc.VolumesFrom ?? []).forEach((v, i) => out.push(finding('PCL-CFG-019', target, `volumes are taken from container ${v}`, [field(`${p}.VolumesFrom[${i}]`, v)])));
  const sysctls = hc.Sysctls ?? {};
  for (const k of Object.keys(sysctls)) out.push(finding('PCL-CFG-029', target, `sysctl ${k} is set`, [field(`${p}.Sysctls[${JSON.stringify(k)}]`, sysctls[k])]));
  if (isZero(hc.Memory)) out.push(finding('PCL-CFG-020', target, 'no memory limit is set', [field(`${p}.Memory`, hc.Memory ?? 0)]));
  if (isZero(hc.NanoCpus) && isZero(hc.CpuQuota) && isZero(hc.CpuShares)) out.push(finding('PCL-CFG-021', target, 'no CPU limit is set', [field(`${p}.NanoCpus`, hc.NanoCpus ?? 0)]));
  if (hc.PidsLimit === undefined || hc.PidsLimit === null || hc.PidsLimit <= 0) out.push(finding('PCL-CFG-022', target, 'no PIDs limit is set', [field(`${p}.PidsLimit`, hc.PidsLimit ?? null)]));
  const restart = hc.RestartPolicy?.Name ?? '';
  if (restart === 'always' || restart === 'unless-stopped') out.push(finding('PCL-CFG-023', target, `restart policy is ${restart}`, [field(`${p}.RestartPolicy.Name`, restart)]));
  for (const [port, bindings] of Object.entries(hc.PortBindings ?? {})) {
    (bindings ?? []).forEach((b, i) => {
      const ip = b?.HostIp ?? '';
      if (ip === '' || ip === '0.0.0.0' || ip === '::' || ip === '[::]') out.push(finding('PCL-CFG-024', target, `port ${port} is published on all interfaces`, [field(`${p}.PortBindings[${JSON.stringify(port)}][${i}].HostIp`, ip)]));
    });
  }
  if (hc.PublishAllPorts) out.push(finding('PCL-CFG-024', target, 'all exposed ports are published on all interfaces', [field(`${p}.PublishAllPorts`, true)]));
  if (!hc.ReadonlyRootfs) out.push(finding('PCL-CFG-025', target, 'the root filesystem is writable', [field(`${p}.ReadonlyRootfs`, false)]));
  return out;
}

/**
 * Findings for a decoded container create request (see `decodeContainerCreate`).
 *
 * @example
 * const spec = decodeContainerCreate('{"Image":"alpine","HostConfig":{"Binds":["/:/host"]}}').value!;
 * analyzeContainerCreate(spec, { target: 'pcl-x' }).some((f) => f.ruleId === 'PCL-CFG-016'); // true
 */
export function analyzeContainerCreate(spec: ContainerCreateSpec, opts: AnalyzeOptions = {}): Finding[] {
  return [...analyzeHostConfig(spec.HostConfig ?? {}, opts), ...envSecretFindings(spec.Config.Env, 'Env', opts.target ?? 'request')];
}
