// Exec, volume, update, swarm service and plugin-privilege structs of dockerd 20.10 in the go-json DSL. The
// swarm ServiceSpec is modelled partially (security-relevant fields); its other keys are decoded as unknown.
import { embed, f, t } from '../go-json/index.js';
import { HEALTH_CONFIG, MOUNT, ULIMIT } from './container-schemas.js';

const str = t.string;
const strs = t.slice(t.string);
const strMap = t.map(t.string);

/** types.ExecConfig */
export const EXEC_CONFIG = t.struct('ExecConfig', [
  f('User', str), f('Privileged', t.bool), f('Tty', t.bool), f('AttachStdin', t.bool), f('AttachStderr', t.bool),
  f('AttachStdout', t.bool), f('Detach', t.bool), f('DetachKeys', str), f('Env', strs), f('WorkingDir', str), f('Cmd', strs),
]);

/** volume.VolumeCreateBody (all fields tagged with their own name). */
export const VOLUME_CREATE = t.struct('VolumeCreateBody', [
  f('Driver', str, 'Driver'), f('DriverOpts', strMap, 'DriverOpts'), f('Labels', strMap, 'Labels'), f('Name', str, 'Name'),
]);

/** types.PluginPrivilege; the body of plugin pull/upgrade is a JSON array of these. */
export const PLUGIN_PRIVILEGES = t.slice(t.struct('PluginPrivilege', [f('Name', str), f('Description', str), f('Value', strs)]));

const ANNOTATIONS = t.struct('Annotations', [f('Name', str), f('Labels', strMap)]);

const SWARM_CONTAINER_SPEC = t.partial('ContainerSpec', [
  f('Image', str), f('Labels', strMap), f('Command', strs), f('Args', strs), f('Hostname', str), f('Env', strs), f('Dir', str),
  f('User', str), f('Groups', strs),
  f('Privileges', t.ptr(t.partial('Privileges', [
    f('CredentialSpec', t.ptr(t.struct('CredentialSpec', [f('Config', str), f('File', str), f('Registry', str)]))),
    f('SELinuxContext', t.ptr(t.struct('SELinuxContext', [f('Disable', t.bool), f('User', str), f('Role', str), f('Type', str), f('Level', str)]))),
  ]))),
  f('Init', t.ptr(t.bool)), f('StopSignal', str), f('TTY', t.bool), f('OpenStdin', t.bool), f('ReadOnly', t.bool),
  f('Mounts', t.slice(MOUNT)), f('StopGracePeriod', t.ptr(t.int64)), f('Healthcheck', t.ptr(HEALTH_CONFIG)), f('Hosts', strs),
  f('Isolation', str), f('Sysctls', strMap), f('CapabilityAdd', strs), f('CapabilityDrop', strs), f('Ulimits', t.slice(t.ptr(ULIMIT))),
]);

const LIMIT = t.struct('Limit', [f('NanoCPUs', t.int64), f('MemoryBytes', t.int64), f('Pids', t.int64)]);
const PORT_CONFIG = t.struct('PortConfig', [
  f('Name', str), f('Protocol', str), f('TargetPort', t.uint32), f('PublishedPort', t.uint32), f('PublishMode', str),
]);

/** swarm.ServiceSpec (partial: TaskTemplate.ContainerSpec, Resources, RestartPolicy, Mode, EndpointSpec). */
export const SERVICE_SPEC = t.partial('ServiceSpec', [
  embed('Annotations', ANNOTATIONS),
  f('TaskTemplate', t.partial('TaskSpec', [
    f('ContainerSpec', t.ptr(SWARM_CONTAINER_SPEC)),
    f('Resources', t.ptr(t.partial('ResourceRequirements', [f('Limits', t.ptr(LIMIT))]))),
    f('RestartPolicy', t.ptr(t.partial('RestartPolicy', [f('Condition', str), f('Delay', t.ptr(t.int64)), f('MaxAttempts', t.ptr(t.uint64))]))),
    f('ForceUpdate', t.uint64), f('Runtime', str),
  ])),
  f('Mode', t.struct('ServiceMode', [
    f('Replicated', t.ptr(t.struct('ReplicatedService', [f('Replicas', t.ptr(t.uint64))]))),
    f('Global', t.ptr(t.struct('GlobalService', []))),
    f('ReplicatedJob', t.ptr(t.struct('ReplicatedJob', [f('MaxConcurrent', t.ptr(t.uint64)), f('TotalCompletions', t.ptr(t.uint64))]))),
    f('GlobalJob', t.ptr(t.struct('GlobalJob', []))),
  ])),
  f('EndpointSpec', t.ptr(t.struct('EndpointSpec', [f('Mode', str), f('Ports', t.slice(PORT_CONFIG))]))),
]);
