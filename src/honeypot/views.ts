// JSON views of emulated objects exactly as dockerd shapes them: `containers/json` rows, container inspect
// (echoing the attacker's config), `images/json` rows and image inspect.
import type { EmuContainer, EmuImage } from './state.js';
import { stableHex } from './ids.js';

/** docker's units.HumanDuration. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  const m = Math.floor(s / 60);
  if (m === 1) return 'About a minute';
  if (m < 60) return `${m} minutes`;
  const h = Math.round(s / 3600);
  if (h === 1) return 'About an hour';
  if (h < 48) return `${h} hours`;
  if (h < 24 * 7 * 2) return `${Math.floor(h / 24)} days`;
  if (h < 24 * 30 * 2) return `${Math.floor(h / 24 / 7)} weeks`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24 / 30)} months`;
  return `${Math.floor(h / 24 / 365)} years`;
}

export function statusText(c: EmuContainer, now: number): string {
  if (c.status === 'running') return `Up ${humanDuration(now - (c.startedAt ?? now))}`;
  if (c.status === 'exited') return `Exited (${c.exitCode}) ${humanDuration(now - (c.finishedAt ?? now))} ago`;
  return 'Created';
}

function quoteWord(w: string): string {
  return /[\s'"]/.test(w) ? `'${w.replace(/'/g, "'\\''")}'` : w;
}

/** What `docker ps` shows in COMMAND. */
export function commandText(c: EmuContainer): string {
  return [...c.entrypoint, ...c.cmd].map(quoteWord).join(' ');
}

function iso(ms: number | undefined): string {
  return ms === undefined ? '0001-01-01T00:00:00Z' : new Date(ms).toISOString().replace('Z', '000000Z').replace(/\.(\d{3})000000Z$/, '.$1456789Z');
}

export function mountsOf(c: EmuContainer): Record<string, unknown>[] {
  const binds = Array.isArray(c.hostConfig.Binds) ? (c.hostConfig.Binds as unknown[]) : [];
  const out: Record<string, unknown>[] = [];
  for (const b of binds) {
    if (typeof b !== 'string') continue;
    const [src = '', dst = '', mode = ''] = b.split(':');
    const isBind = src.startsWith('/');
    out.push(isBind
      ? { Type: 'bind', Source: src, Destination: dst, Mode: mode, RW: !mode.split(',').includes('ro'), Propagation: 'rprivate' }
      : { Type: 'volume', Name: src, Source: `/var/lib/docker/volumes/${src}/_data`, Destination: dst, Driver: 'local', Mode: mode || 'z', RW: !mode.split(',').includes('ro'), Propagation: '' });
  }
  return out;
}

function ipOf(c: EmuContainer): string {
  const n = parseInt(c.id.slice(0, 2), 16) % 200;
  return `172.17.0.${n + 2}`;
}

function networkSettings(c: EmuContainer): Record<string, unknown> {
  const mode = typeof c.hostConfig.NetworkMode === 'string' && c.hostConfig.NetworkMode !== 'default' ? c.hostConfig.NetworkMode : 'bridge';
  const up = c.status === 'running' && mode === 'bridge';
  return { Networks: { [mode]: { IPAMConfig: null, Links: null, Aliases: null, NetworkID: stableHex('net', mode), EndpointID: up ? stableHex('ep', c.id) : '',
    Gateway: up ? '172.17.0.1' : '', IPAddress: up ? ipOf(c) : '', IPPrefixLen: up ? 16 : 0, IPv6Gateway: '', GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0, MacAddress: up ? `02:42:ac:11:00:${(parseInt(c.id.slice(0, 2), 16) % 200 + 2).toString(16).padStart(2, '0')}` : '', DriverOpts: null } } };
}

export function listRow(c: EmuContainer, now: number): Record<string, unknown> {
  return {
    Id: c.id, Names: [`/${c.name}`], Image: c.image, ImageID: c.imageId, Command: commandText(c), Created: Math.floor(c.created / 1000),
    Ports: [], Labels: (c.config.Labels as Record<string, string> | undefined) ?? {}, State: c.status, Status: statusText(c, now),
    HostConfig: { NetworkMode: (c.hostConfig.NetworkMode as string | undefined) ?? 'default' }, NetworkSettings: networkSettings(c),
    Mounts: mountsOf(c).map((m) => ({ ...m })),
  };
}

export function inspectContainer(c: EmuContainer, hostname: string): Record<string, unknown> {
  const running = c.status === 'running';
  const cfg = c.config;
  return {
    Id: c.id, Created: iso(c.created), Path: c.entrypoint[0] ?? c.cmd[0] ?? '', Args: [...c.entrypoint, ...c.cmd].slice(1),
    State: { Status: c.status, Running: running, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: running ? c.pid : 0,
      ExitCode: c.exitCode, Error: '', StartedAt: iso(c.startedAt), FinishedAt: iso(c.finishedAt) },
    Image: c.imageId, ResolvConfPath: `/var/lib/docker/containers/${c.id}/resolv.conf`, HostnamePath: `/var/lib/docker/containers/${c.id}/hostname`,
    HostsPath: `/var/lib/docker/containers/${c.id}/hosts`, LogPath: `/var/lib/docker/containers/${c.id}/${c.id}-json.log`, Name: `/${c.name}`,
    RestartCount: 0, Driver: 'overlay2', Platform: 'linux', MountLabel: '', ProcessLabel: '', AppArmorProfile: 'docker-default', ExecIDs: null,
    HostConfig: { Binds: null, ContainerIDFile: '', LogConfig: { Type: 'json-file', Config: {} }, NetworkMode: 'default', PortBindings: {},
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, AutoRemove: false, VolumeDriver: '', VolumesFrom: null, CapAdd: null, CapDrop: null,
      CgroupnsMode: 'private', Dns: [], DnsOptions: [], DnsSearch: [], ExtraHosts: null, GroupAdd: null, IpcMode: 'private', Cgroup: '', Links: null,
      OomScoreAdj: 0, PidMode: '', Privileged: false, PublishAllPorts: false, ReadonlyRootfs: false, SecurityOpt: null, UTSMode: '', UsernsMode: '',
      ShmSize: 67108864, Runtime: 'runc', Isolation: '', CpuShares: 0, Memory: 0, NanoCpus: 0, CgroupParent: '', Devices: [], PidsLimit: null,
      ...c.hostConfig },
    GraphDriver: { Data: { MergedDir: `/var/lib/docker/overlay2/${stableHex('layer', c.id)}/merged` }, Name: 'overlay2' },
    Mounts: mountsOf(c),
    Config: { Hostname: hostname, Domainname: '', User: '', AttachStdin: false, AttachStdout: false, AttachStderr: false, Tty: false,
      OpenStdin: false, StdinOnce: false, Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: c.cmd.length ? c.cmd : null,
      Image: c.image, Volumes: null, WorkingDir: '', Entrypoint: c.entrypoint.length ? c.entrypoint : null, OnBuild: null, Labels: {},
      ...cfg },
    NetworkSettings: { Bridge: '', SandboxID: running ? stableHex('sandbox', c.id) : '', HairpinMode: false, Ports: {}, SandboxKey: running ? `/var/run/docker/netns/${c.id.slice(0, 12)}` : '',
      ...networkSettings(c) },
  };
}

export function imageRow(img: EmuImage): Record<string, unknown> {
  const repo = img.ref.replace(/:[^:/]+$/, '');
  return { Containers: -1, Created: Math.floor(img.created / 1000), Id: img.id, Labels: null, ParentId: '',
    RepoDigests: [`${repo}@sha256:${stableHex('digest', img.ref)}`], RepoTags: [img.ref], SharedSize: -1, Size: img.size, VirtualSize: img.size };
}

export function inspectImage(img: EmuImage, version: string, arch: string): Record<string, unknown> {
  const repo = img.ref.replace(/:[^:/]+$/, '');
  const layers = layerDigests(img.ref).map((d) => `sha256:${d}`);
  return {
    Id: img.id, RepoTags: [img.ref], RepoDigests: [`${repo}@sha256:${stableHex('digest', img.ref)}`], Parent: '', Comment: '',
    Created: iso(img.created), Container: '', ContainerConfig: { Hostname: '', Env: null, Cmd: null, Image: '', Labels: null },
    DockerVersion: version, Author: '', Config: { Hostname: '', Domainname: '', User: '', Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Cmd: ['/bin/sh'], Image: `sha256:${stableHex('parent', img.ref)}`, Volumes: null, WorkingDir: '', Entrypoint: null, OnBuild: null, Labels: null },
    Architecture: arch, Os: 'linux', Size: img.size, VirtualSize: img.size,
    GraphDriver: { Data: { MergedDir: `/var/lib/docker/overlay2/${stableHex('merged', img.ref)}/merged` }, Name: 'overlay2' },
    RootFS: { Type: 'layers', Layers: layers }, Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
  };
}

/** 1-4 stable layer digests per image reference. */
export function layerDigests(ref: string): string[] {
  const n = 1 + (parseInt(stableHex('layers', ref).slice(0, 2), 16) % 4);
  return Array.from({ length: n }, (_, i) => stableHex('layer', ref, String(i)));
}
