// Container inspect's Config and HostConfig as dockerd stores them (its defaults and merges applied, Go's field order
// and omitempty rules), not as the attacker sent them: tools that diff inspect output against a real engine see one.
import { field } from './context.js';

/** The image's own environment (every emulated image is an alpine/ubuntu-like rootfs). */
export const IMAGE_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** oci.DefaultSpec's masked and read-only paths (dockerd 20.10), shown for every unprivileged container. */
const MASKED_PATHS = ['/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats',
  '/proc/sched_debug', '/proc/scsi', '/sys/firmware'];
const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** [key, zero value, omitempty]: container.Config in field order. */
const CONFIG: ReadonlyArray<readonly [string, unknown, boolean]> = [
  ['Hostname', '', false], ['Domainname', '', false], ['User', '', false], ['AttachStdin', false, false], ['AttachStdout', false, false],
  ['AttachStderr', false, false], ['ExposedPorts', undefined, true], ['Tty', false, false], ['OpenStdin', false, false], ['StdinOnce', false, false],
  ['Env', null, false], ['Cmd', null, false], ['Healthcheck', undefined, true], ['ArgsEscaped', false, true], ['Image', '', false],
  ['Volumes', null, false], ['WorkingDir', '', false], ['Entrypoint', null, false], ['NetworkDisabled', false, true], ['MacAddress', '', true],
  ['OnBuild', null, false], ['Labels', {}, false], ['StopSignal', '', true], ['StopTimeout', undefined, true], ['Shell', undefined, true],
];

/** container.HostConfig (with Resources inlined) in field order. */
const HOST_CONFIG: ReadonlyArray<readonly [string, unknown, boolean]> = [
  ['Binds', null, false], ['ContainerIDFile', '', false], ['LogConfig', { Type: '', Config: {} }, false], ['NetworkMode', '', false],
  ['PortBindings', null, false], ['RestartPolicy', { Name: '', MaximumRetryCount: 0 }, false], ['AutoRemove', false, false],
  ['VolumeDriver', '', false], ['VolumesFrom', null, false], ['CapAdd', null, false], ['CapDrop', null, false], ['CgroupnsMode', '', false],
  ['Dns', null, false], ['DnsOptions', null, false], ['DnsSearch', null, false], ['ExtraHosts', null, false], ['GroupAdd', null, false],
  ['IpcMode', '', false], ['Cgroup', '', false], ['Links', null, false], ['OomScoreAdj', 0, false], ['PidMode', '', false],
  ['Privileged', false, false], ['PublishAllPorts', false, false], ['ReadonlyRootfs', false, false], ['SecurityOpt', null, false],
  ['StorageOpt', undefined, true], ['Tmpfs', undefined, true], ['UTSMode', '', false], ['UsernsMode', '', false], ['ShmSize', 0, false],
  ['Sysctls', undefined, true], ['Runtime', '', false], ['ConsoleSize', [0, 0], false], ['Isolation', '', false], ['CpuShares', 0, false],
  ['Memory', 0, false], ['NanoCpus', 0, false], ['CgroupParent', '', false], ['BlkioWeight', 0, false], ['BlkioWeightDevice', null, false],
  ['BlkioDeviceReadBps', null, false], ['BlkioDeviceWriteBps', null, false], ['BlkioDeviceReadIOps', null, false],
  ['BlkioDeviceWriteIOps', null, false], ['CpuPeriod', 0, false], ['CpuQuota', 0, false], ['CpuRealtimePeriod', 0, false],
  ['CpuRealtimeRuntime', 0, false], ['CpusetCpus', '', false], ['CpusetMems', '', false], ['Devices', null, false],
  ['DeviceCgroupRules', null, false], ['DeviceRequests', null, false], ['KernelMemory', 0, false], ['KernelMemoryTCP', 0, false],
  ['MemoryReservation', 0, false], ['MemorySwap', 0, false], ['MemorySwappiness', null, false], ['OomKillDisable', false, false],
  ['PidsLimit', null, false], ['Ulimits', null, false], ['CpuCount', 0, false], ['CpuPercent', 0, false], ['IOMaximumIOps', 0, false],
  ['IOMaximumBandwidth', 0, false], ['Mounts', undefined, true], ['MaskedPaths', undefined, true], ['ReadonlyPaths', undefined, true],
  ['Init', undefined, true],
];

function empty(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

/** Known keys only (read case-insensitively, as Go decoded them), in order, zero values for the missing ones. */
function ordered(src: Record<string, unknown>, fields: ReadonlyArray<readonly [string, unknown, boolean]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, zero, omitEmpty] of fields) {
    const v = field(src, k) ?? zero;
    if (omitEmpty && empty(v)) continue;
    out[k] = v;
  }
  return out;
}

/** container.Merge: the user's Env first, then the image's variables the user did not set. */
export function mergedEnv(userEnv: readonly string[]): string[] {
  const keys = new Set(userEnv.map((e) => e.split('=')[0]));
  return [...userEnv, ...[IMAGE_ENV].filter((e) => !keys.has(e.split('=')[0]))];
}

/** Config after create: host name (first 12 of the id), merged Env, image Volumes when none were asked. */
export function inspectConfig(raw: Record<string, unknown>, id: string, cmd: readonly string[], entrypoint: readonly string[]): Record<string, unknown> {
  const env = field(raw, 'Env');
  const volumes = field(raw, 'Volumes');
  const labels = field(raw, 'Labels');
  return ordered({
    ...raw, Hostname: field(raw, 'Hostname') || id.slice(0, 12),
    Env: mergedEnv(Array.isArray(env) ? env.filter((e): e is string => typeof e === 'string') : []),
    Volumes: empty(volumes) ? null : volumes, Labels: labels ?? {},
    Cmd: cmd.length ? cmd : null, Entrypoint: entrypoint.length ? entrypoint : null,
  }, CONFIG);
}

/** HostConfig after create (adaptContainerSettings and the daemon defaults), as the advertised engine shows it. */
export function inspectHostConfig(raw: Record<string, unknown>, apiVersionBelow142: boolean): Record<string, unknown> {
  const log = field(raw, 'LogConfig') as Record<string, unknown> | undefined;
  const privileged = field(raw, 'Privileged') === true;
  const swappiness = field(raw, 'MemorySwappiness');
  const host = ordered({
    ...raw,
    LogConfig: { Type: (log && field(log, 'Type')) || 'json-file', Config: (log && field(log, 'Config')) ?? {} },
    NetworkMode: field(raw, 'NetworkMode') || 'default',
    CgroupnsMode: field(raw, 'CgroupnsMode') || 'private', IpcMode: field(raw, 'IpcMode') || 'private',
    ShmSize: field(raw, 'ShmSize') || 67_108_864, Runtime: field(raw, 'Runtime') || 'runc',
    // A cgroup v2 host has no memory swappiness: dockerd discards the value (the CLI always sends -1).
    MemorySwappiness: swappiness === -1 ? null : swappiness ?? null,
    MaskedPaths: field(raw, 'MaskedPaths') ?? (privileged ? undefined : MASKED_PATHS),
    ReadonlyPaths: field(raw, 'ReadonlyPaths') ?? (privileged ? undefined : READONLY_PATHS),
  }, HOST_CONFIG);
  // Kernel memory limits left the API with 1.42 (engine 23.0); older engines always show them.
  if (!apiVersionBelow142) {
    if (host.KernelMemory === 0) delete host.KernelMemory;
    if (host.KernelMemoryTCP === 0) delete host.KernelMemoryTCP;
  }
  return host;
}
