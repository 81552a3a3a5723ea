// The engine the trap poses as: the headers every response carries, and the `/_ping`, `/version` and `/info`
// bodies, all derived from one config so Server, Api-Version and /version never contradict each other.
import type { TrapConfig } from './config.js';
import { apiLess, ENGINE_PROFILES } from './config.js';
import { stableHex } from './ids.js';
import type { SessionState } from './state.js';

export interface EngineProfile {
  readonly version: string;
  readonly apiVersion: string;
  readonly minApiVersion: string;
  /** `Server: Docker/<version> (linux)`. */
  readonly server: string;
  /** Headers on every normal response (not 404 page-not-found, which dockerd sends bare). */
  readonly headers: Readonly<Record<string, string>>;
  readonly pingHeaders: Readonly<Record<string, string>>;
  versionBody(): Record<string, unknown>;
  infoBody(state: SessionState, now: Date): Record<string, unknown>;
}

export function buildProfile(cfg: TrapConfig): EngineProfile {
  const e = cfg.engine;
  const facts = ENGINE_PROFILES[e.version] ?? { api: e.apiVersion, gitCommit: stableHex(e.version).slice(0, 7), goVersion: 'go1.21.13',
    buildTime: '2024-01-01T00:00:00.000000000+00:00', containerd: '1.6.28', runc: '1.1.12' };
  const server = `Docker/${e.version} (linux)`;
  const headers = { 'Api-Version': e.apiVersion, 'Content-Type': 'application/json', 'Docker-Experimental': 'false', Ostype: 'linux', Server: server };
  // 20.10 sends no Builder-Version (BuildKit became the default in 23.0) and no Swarm header (both came with 23.0, API 1.42).
  const pingHeaders: Record<string, string> = {
    'Api-Version': e.apiVersion, 'Cache-Control': 'no-cache, no-store, must-revalidate',
    'Content-Type': 'text/plain; charset=utf-8', 'Docker-Experimental': 'false', Ostype: 'linux', Pragma: 'no-cache', Server: server,
  };
  if (!apiLess(e.apiVersion, '1.42')) pingHeaders['Builder-Version'] = '2';
  if (!apiLess(e.apiVersion, '1.42')) pingHeaders.Swarm = 'inactive';
  const legacy = apiLess(e.apiVersion, '1.42');
  const arch = e.arch;
  const engineId = stableHex(cfg.sensor, 'engine-id').toUpperCase();
  const daemonId = [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44].map((i) => engineId.slice(i, i + 4)).join(':');
  return {
    version: e.version, apiVersion: e.apiVersion, minApiVersion: e.minApiVersion, server, headers, pingHeaders,
    versionBody: () => ({
      Platform: { Name: 'Docker Engine - Community' },
      Components: [
        { Name: 'Engine', Version: e.version, Details: { ApiVersion: e.apiVersion, Arch: arch, BuildTime: facts.buildTime, Experimental: 'false',
          GitCommit: facts.gitCommit, GoVersion: facts.goVersion, KernelVersion: e.kernel, MinAPIVersion: e.minApiVersion, Os: 'linux' } },
        { Name: 'containerd', Version: facts.containerd, Details: { GitCommit: stableHex('containerd', facts.containerd).slice(0, 40) } },
        { Name: 'runc', Version: facts.runc, Details: { GitCommit: `v${facts.runc}-0-g${stableHex('runc', facts.runc).slice(0, 7)}` } },
        { Name: 'docker-init', Version: '0.19.0', Details: { GitCommit: 'de40ad0' } },
      ],
      Version: e.version, ApiVersion: e.apiVersion, MinAPIVersion: e.minApiVersion, GitCommit: facts.gitCommit, GoVersion: facts.goVersion,
      Os: 'linux', Arch: arch, KernelVersion: e.kernel, BuildTime: facts.buildTime,
    }),
    infoBody: (state, now) => {
      const all = [...state.containers.values()];
      const running = all.filter((c) => c.status === 'running').length;
      return {
        ID: daemonId, Containers: all.length, ContainersRunning: running, ContainersPaused: 0, ContainersStopped: all.length - running,
        Images: state.images.size, Driver: 'overlay2',
        DriverStatus: [['Backing Filesystem', 'extfs'], ['Supports d_type', 'true'], ['Using metacopy', 'false'], ['Native Overlay Diff', 'true'], ['userxattr', 'false']],
        Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'], Authorization: null,
          Log: ['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'logentries', 'splunk', 'syslog'] },
        MemoryLimit: true, SwapLimit: false, ...(legacy ? { KernelMemory: true } : {}), KernelMemoryTCP: true, CpuCfsPeriod: true, CpuCfsQuota: true, CPUShares: true, CPUSet: true,
        PidsLimit: true, IPv4Forwarding: true, BridgeNfIptables: true, BridgeNfIp6tables: true, Debug: false, NFd: 33 + running * 4,
        OomKillDisable: false, NGoroutines: 41 + running * 6, SystemTime: now.toISOString().replace('Z', '000000Z'), LoggingDriver: 'json-file',
        CgroupDriver: 'systemd', CgroupVersion: '2', NEventsListener: 0, KernelVersion: e.kernel, OperatingSystem: e.os, OSVersion: e.os.replace(/^\D+/, '').split(' ')[0] ?? '',
        OSType: 'linux', Architecture: arch === 'amd64' ? 'x86_64' : 'aarch64', IndexServerAddress: 'https://index.docker.io/v1/',
        RegistryConfig: { AllowNondistributableArtifactsCIDRs: null, AllowNondistributableArtifactsHostnames: null, InsecureRegistryCIDRs: ['127.0.0.0/8'],
          IndexConfigs: { 'docker.io': { Name: 'docker.io', Mirrors: [], Secure: true, Official: true } }, Mirrors: null },
        NCPU: e.ncpu, MemTotal: e.memTotal, GenericResources: null, DockerRootDir: '/var/lib/docker', HttpProxy: '', HttpsProxy: '', NoProxy: '',
        Name: e.hostname, Labels: [], ExperimentalBuild: false, ServerVersion: e.version,
        // 20.10 still lists containerd's v1 shim; 23.0 dropped it.
        Runtimes: { 'io.containerd.runc.v2': { path: 'runc' }, ...(legacy ? { 'io.containerd.runtime.v1.linux': { path: 'runc' } } : {}), runc: { path: 'runc' } },
        DefaultRuntime: 'runc',
        Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
        LiveRestoreEnabled: false, Isolation: '', InitBinary: 'docker-init',
        // The same commit /version shows for containerd.
        ContainerdCommit: { ID: stableHex('containerd', facts.containerd).slice(0, 40), Expected: stableHex('containerd', facts.containerd).slice(0, 40) },
        RuncCommit: { ID: `v${facts.runc}-0-g${stableHex('runc', facts.runc).slice(0, 7)}`, Expected: `v${facts.runc}-0-g${stableHex('runc', facts.runc).slice(0, 7)}` },
        InitCommit: { ID: 'de40ad0', Expected: 'de40ad0' },
        // The built-in seccomp profile is called `default` by 20.10 and `builtin` since 23.0.
        SecurityOptions: ['name=apparmor', `name=seccomp,profile=${legacy ? 'default' : 'builtin'}`, 'name=cgroupns'],
        Warnings: ['WARNING: API is accessible on http://0.0.0.0:2375 without encryption.\n         Access to the remote API is equivalent to root access on the host. Refer\n         to the \'Docker daemon attack surface\' section in the documentation for\n         more information: https://docs.docker.com/go/attack-surface/'],
      };
    },
  };
}
