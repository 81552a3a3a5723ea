// TypeScript views of the decoded dockerd structs (JSON field names, only the fields risk analysis reads are
// typed; every other decoded field is still present). Absent field = Go zero value.

type Int = number | bigint;
type StrMap = Readonly<Record<string, string>>;

export interface ContainerConfig {
  readonly Image?: string;
  readonly User?: string;
  readonly Hostname?: string;
  readonly Env?: readonly string[] | null;
  readonly Cmd?: readonly string[] | null;
  readonly Entrypoint?: readonly string[] | null;
  readonly Labels?: StrMap | null;
  readonly Volumes?: Readonly<Record<string, unknown>> | null;
  readonly WorkingDir?: string;
  readonly Tty?: boolean;
  readonly [field: string]: unknown;
}

export interface DeviceMapping {
  readonly PathOnHost?: string;
  readonly PathInContainer?: string;
  readonly CgroupPermissions?: string;
}

export interface MountSpec {
  readonly Type?: string;
  readonly Source?: string;
  readonly Target?: string;
  readonly ReadOnly?: boolean;
  readonly BindOptions?: { readonly Propagation?: string; readonly NonRecursive?: boolean } | null;
  readonly VolumeOptions?: { readonly NoCopy?: boolean; readonly DriverConfig?: { readonly Name?: string; readonly Options?: StrMap | null } | null } | null;
  readonly [field: string]: unknown;
}

export interface PortBinding {
  readonly HostIp?: string;
  readonly HostPort?: string;
}

export interface ResourcesSpec {
  readonly Memory?: Int;
  readonly MemorySwap?: Int;
  readonly NanoCpus?: Int;
  readonly CpuShares?: Int;
  readonly CpuQuota?: Int;
  readonly CpuPeriod?: Int;
  readonly CpusetCpus?: string;
  readonly PidsLimit?: Int | null;
  readonly Devices?: readonly (DeviceMapping | null)[] | null;
  readonly DeviceCgroupRules?: readonly string[] | null;
  readonly DeviceRequests?: readonly unknown[] | null;
  readonly OomKillDisable?: boolean | null;
  readonly CgroupParent?: string;
}

export interface RestartPolicySpec {
  readonly Name?: string;
  readonly MaximumRetryCount?: Int;
}

export interface HostConfig extends ResourcesSpec {
  readonly Binds?: readonly string[] | null;
  readonly NetworkMode?: string;
  readonly PortBindings?: Readonly<Record<string, readonly (PortBinding | null)[] | null>> | null;
  readonly RestartPolicy?: RestartPolicySpec;
  readonly AutoRemove?: boolean;
  readonly VolumesFrom?: readonly string[] | null;
  readonly CapAdd?: readonly string[] | null;
  readonly CapDrop?: readonly string[] | null;
  readonly CgroupnsMode?: string;
  readonly IpcMode?: string;
  readonly PidMode?: string;
  readonly UTSMode?: string;
  readonly UsernsMode?: string;
  readonly Privileged?: boolean;
  readonly PublishAllPorts?: boolean;
  readonly ReadonlyRootfs?: boolean;
  readonly SecurityOpt?: readonly string[] | null;
  readonly Sysctls?: StrMap | null;
  readonly Mounts?: readonly (MountSpec | null)[] | null;
  readonly MaskedPaths?: readonly string[] | null;
  readonly ReadonlyPaths?: readonly string[] | null;
  readonly Links?: readonly string[] | null;
  readonly Isolation?: string;
  readonly IOMaximumBandwidth?: Int;
  readonly IOMaximumIOps?: Int;
  readonly [field: string]: unknown;
}

export interface NetworkingConfig {
  readonly EndpointsConfig?: Readonly<Record<string, unknown>> | null;
}

export interface UpdateSpec extends ResourcesSpec {
  readonly RestartPolicy?: RestartPolicySpec;
  readonly [field: string]: unknown;
}

export interface ExecSpec {
  readonly User?: string;
  readonly Privileged?: boolean;
  readonly Tty?: boolean;
  readonly Detach?: boolean;
  readonly Env?: readonly string[] | null;
  readonly WorkingDir?: string;
  readonly Cmd?: readonly string[] | null;
  readonly [field: string]: unknown;
}

export interface VolumeCreateSpec {
  readonly Name?: string;
  readonly Driver?: string;
  readonly DriverOpts?: StrMap | null;
  readonly Labels?: StrMap | null;
}

export interface ServiceContainerSpec {
  readonly Image?: string;
  readonly Command?: readonly string[] | null;
  readonly Args?: readonly string[] | null;
  readonly User?: string;
  readonly Mounts?: readonly (MountSpec | null)[] | null;
  readonly Privileges?: { readonly SELinuxContext?: { readonly Disable?: boolean } | null; readonly [k: string]: unknown } | null;
  readonly CapabilityAdd?: readonly string[] | null;
  readonly Sysctls?: StrMap | null;
  readonly [field: string]: unknown;
}

export interface ServiceSpec {
  readonly Name?: string;
  readonly TaskTemplate?: {
    readonly ContainerSpec?: ServiceContainerSpec | null;
    readonly Resources?: { readonly Limits?: { readonly NanoCPUs?: Int; readonly MemoryBytes?: Int; readonly Pids?: Int } | null } | null;
    readonly RestartPolicy?: { readonly Condition?: string } | null;
    readonly [k: string]: unknown;
  };
  readonly Mode?: { readonly Global?: unknown; readonly Replicated?: { readonly Replicas?: Int | null } | null };
  readonly EndpointSpec?: { readonly Ports?: readonly ({ readonly PublishedPort?: Int; readonly TargetPort?: Int; readonly PublishMode?: string } | null)[] | null } | null;
  readonly [field: string]: unknown;
}

export interface PluginPrivilege {
  readonly Name?: string;
  readonly Description?: string;
  readonly Value?: readonly string[] | null;
}
