// dockerd 20.10's container structs (api/types/container, mount, network, nat, blkiodev, units) written in
// the go-json DSL: field order, json tags and embedding as in moby v20.10.24, which is what decoding depends on.
import { embed, f, t, type GoStruct, type GoType } from '../go-json/index.js';

const str = t.string;
const strs = t.slice(t.string);
const strMap = t.map(t.string);

export const HEALTH_CONFIG = t.struct('HealthConfig', [
  f('Test', strs), f('Interval', t.int64), f('Timeout', t.int64), f('StartPeriod', t.int64), f('Retries', t.int),
]);

/** container.Config */
export const CONTAINER_CONFIG = t.struct('Config', [
  f('Hostname', str), f('Domainname', str), f('User', str), f('AttachStdin', t.bool), f('AttachStdout', t.bool),
  f('AttachStderr', t.bool), f('ExposedPorts', t.map(t.struct('struct {}', []))), f('Tty', t.bool), f('OpenStdin', t.bool),
  f('StdinOnce', t.bool), f('Env', strs), f('Cmd', t.strslice), f('Healthcheck', t.ptr(HEALTH_CONFIG)),
  f('ArgsEscaped', t.bool), f('Image', str), f('Volumes', t.map(t.struct('struct {}', []))), f('WorkingDir', str),
  f('Entrypoint', t.strslice), f('NetworkDisabled', t.bool), f('MacAddress', str), f('OnBuild', strs),
  f('Labels', strMap), f('StopSignal', str), f('StopTimeout', t.ptr(t.int)), f('Shell', t.strslice),
]);

export const DEVICE_MAPPING = t.struct('DeviceMapping', [f('PathOnHost', str), f('PathInContainer', str), f('CgroupPermissions', str)]);
export const RESTART_POLICY = t.struct('RestartPolicy', [f('Name', str), f('MaximumRetryCount', t.int)]);
export const LOG_CONFIG = t.struct('LogConfig', [f('Type', str), f('Config', strMap)]);
const WEIGHT_DEVICE = t.ptr(t.struct('WeightDevice', [f('Path', str), f('Weight', t.uint16)]));
const THROTTLE_DEVICE = t.ptr(t.struct('ThrottleDevice', [f('Path', str), f('Rate', t.uint64)]));
export const ULIMIT = t.struct('Ulimit', [f('Name', str), f('Hard', t.int64), f('Soft', t.int64)]);
const DEVICE_REQUEST = t.struct('DeviceRequest', [
  f('Driver', str), f('Count', t.int), f('DeviceIDs', strs), f('Capabilities', t.slice(strs)), f('Options', strMap),
]);

/** container.Resources (embedded in HostConfig and UpdateConfig). */
export const RESOURCES = t.struct('Resources', [
  f('CPUShares', t.int64, 'CpuShares'), f('Memory', t.int64), f('NanoCPUs', t.int64, 'NanoCpus'), f('CgroupParent', str),
  f('BlkioWeight', t.uint16), f('BlkioWeightDevice', t.slice(WEIGHT_DEVICE)), f('BlkioDeviceReadBps', t.slice(THROTTLE_DEVICE)),
  f('BlkioDeviceWriteBps', t.slice(THROTTLE_DEVICE)), f('BlkioDeviceReadIOps', t.slice(THROTTLE_DEVICE)),
  f('BlkioDeviceWriteIOps', t.slice(THROTTLE_DEVICE)), f('CPUPeriod', t.int64, 'CpuPeriod'), f('CPUQuota', t.int64, 'CpuQuota'),
  f('CPURealtimePeriod', t.int64, 'CpuRealtimePeriod'), f('CPURealtimeRuntime', t.int64, 'CpuRealtimeRuntime'),
  f('CpusetCpus', str), f('CpusetMems', str), f('Devices', t.slice(DEVICE_MAPPING)), f('DeviceCgroupRules', strs),
  f('DeviceRequests', t.slice(DEVICE_REQUEST)), f('KernelMemory', t.int64), f('KernelMemoryTCP', t.int64),
  f('MemoryReservation', t.int64), f('MemorySwap', t.int64), f('MemorySwappiness', t.ptr(t.int64)),
  f('OomKillDisable', t.ptr(t.bool)), f('PidsLimit', t.ptr(t.int64)), f('Ulimits', t.slice(t.ptr(ULIMIT))),
  f('CPUCount', t.int64, 'CpuCount'), f('CPUPercent', t.int64, 'CpuPercent'), f('IOMaximumIOps', t.uint64),
  f('IOMaximumBandwidth', t.uint64),
]);

/** mount.Mount */
export const MOUNT = t.struct('Mount', [
  f('Type', str), f('Source', str), f('Target', str), f('ReadOnly', t.bool), f('Consistency', str),
  f('BindOptions', t.ptr(t.struct('BindOptions', [f('Propagation', str), f('NonRecursive', t.bool)]))),
  f('VolumeOptions', t.ptr(t.struct('VolumeOptions', [
    f('NoCopy', t.bool), f('Labels', strMap), f('DriverConfig', t.ptr(t.struct('Driver', [f('Name', str), f('Options', strMap)]))),
  ]))),
  f('TmpfsOptions', t.ptr(t.struct('TmpfsOptions', [f('SizeBytes', t.int64), f('Mode', t.uint32)]))),
]);

const PORT_BINDING = t.struct('PortBinding', [f('HostIP', str, 'HostIp'), f('HostPort', str)]);

/** container.HostConfig */
export const HOST_CONFIG = t.struct('HostConfig', [
  f('Binds', strs), f('ContainerIDFile', str), f('LogConfig', LOG_CONFIG), f('NetworkMode', str),
  f('PortBindings', t.map(t.slice(PORT_BINDING))), f('RestartPolicy', RESTART_POLICY), f('AutoRemove', t.bool),
  f('VolumeDriver', str), f('VolumesFrom', strs), f('CapAdd', t.strslice), f('CapDrop', t.strslice), f('CgroupnsMode', str),
  f('DNS', strs, 'Dns'), f('DNSOptions', strs, 'DnsOptions'), f('DNSSearch', strs, 'DnsSearch'), f('ExtraHosts', strs),
  f('GroupAdd', strs), f('IpcMode', str), f('Cgroup', str), f('Links', strs), f('OomScoreAdj', t.int), f('PidMode', str),
  f('Privileged', t.bool), f('PublishAllPorts', t.bool), f('ReadonlyRootfs', t.bool), f('SecurityOpt', strs),
  f('StorageOpt', strMap), f('Tmpfs', strMap), f('UTSMode', str), f('UsernsMode', str), f('ShmSize', t.int64),
  f('Sysctls', strMap), f('Runtime', str), f('ConsoleSize', t.array(2, t.uint)), f('Isolation', str),
  embed('Resources', RESOURCES), f('Mounts', t.slice(MOUNT)), f('MaskedPaths', strs), f('ReadonlyPaths', strs),
  f('Init', t.ptr(t.bool)),
]);

const ENDPOINT_SETTINGS = t.struct('EndpointSettings', [
  f('IPAMConfig', t.ptr(t.struct('EndpointIPAMConfig', [f('IPv4Address', str), f('IPv6Address', str), f('LinkLocalIPs', strs)]))),
  f('Links', strs), f('Aliases', strs), f('NetworkID', str), f('EndpointID', str), f('Gateway', str), f('IPAddress', str),
  f('IPPrefixLen', t.int), f('IPv6Gateway', str), f('GlobalIPv6Address', str), f('GlobalIPv6PrefixLen', t.int),
  f('MacAddress', str), f('DriverOpts', strMap),
]);

/** network.NetworkingConfig */
export const NETWORKING_CONFIG = t.struct('NetworkingConfig', [f('EndpointsConfig', t.map(t.ptr(ENDPOINT_SETTINGS)))]);

/**
 * runconfig.ContainerConfigWrapper (unix): `*Config` embedded, `HostConfig` tagged, `Cpuset`, `NetworkingConfig`,
 * and `*HostConfig` embedded again so that host-config keys at the top level land somewhere (legacy clients).
 */
export const CONTAINER_CREATE_WRAPPER: GoStruct = t.struct('ContainerConfigWrapper', [
  embed('Config', t.ptr(CONTAINER_CONFIG)),
  f('InnerHostConfig', t.ptr(HOST_CONFIG), 'HostConfig'),
  f('Cpuset', str),
  f('NetworkingConfig', t.ptr(NETWORKING_CONFIG)),
  embed('HostConfig', t.ptr(HOST_CONFIG)),
]);

/** container.UpdateConfig: Resources embedded plus RestartPolicy. */
export const UPDATE_CONFIG = t.struct('UpdateConfig', [embed('Resources', RESOURCES), f('RestartPolicy', RESTART_POLICY)]);

export const SCHEMAS: Readonly<Record<string, GoType>> = {
  CONTAINER_CONFIG, HOST_CONFIG, NETWORKING_CONFIG, CONTAINER_CREATE_WRAPPER, UPDATE_CONFIG, MOUNT, RESOURCES,
};
