// JSON views of emulated objects exactly as dockerd shapes them: `containers/json` rows, container inspect
// (echoing the attacker's config), `images/json` rows and image inspect.
import type { EmuContainer, EmuImage } from './state.js';
import { inspectConfig, inspectHostConfig } from './container-inspect.js';
import { field } from './context.js';
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
  if (c.status === 'running') return `Up ${humanDuration(now - (c.startedAt ?? now))}${c.paused === true ? ' (Paused)' : ''}`;
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

/** A bind's or volume's mount point as inspect shows it (`-v` strings and `--mount` objects alike). */
function volumeMount(name: string, dst: string, mode: string, rw: boolean, driver = 'local'): Record<string, unknown> {
  return { Type: 'volume', Name: name, Source: `/var/lib/docker/volumes/${name}/_data`, Destination: dst, Driver: driver, Mode: mode, RW: rw, Propagation: '' };
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
      : volumeMount(src, dst, mode || 'z', !mode.split(',').includes('ro')));
  }
  const mounts = Array.isArray(field(c.hostConfig, 'Mounts')) ? (field(c.hostConfig, 'Mounts') as unknown[]) : [];
  for (const m of mounts) {
    const type = str(field(m, 'Type'));
    const src = str(field(m, 'Source'));
    const dst = str(field(m, 'Target'));
    const rw = field(m, 'ReadOnly') !== true;
    if (type === 'bind') out.push({ Type: 'bind', Source: src, Destination: dst, Mode: '', RW: rw, Propagation: str(field(field(m, 'BindOptions'), 'Propagation')) || 'rprivate' });
    else if (type === 'volume') out.push(volumeMount(src || stableHex('anon-volume', c.id, dst), dst, 'z', rw, str(field(field(field(m, 'VolumeOptions'), 'DriverConfig'), 'Name')) || 'local'));
    else if (type === 'tmpfs') out.push({ Type: 'tmpfs', Source: '', Destination: dst, Mode: '', RW: rw, Propagation: '' });
  }
  return out;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function ipOf(c: EmuContainer): string {
  const n = parseInt(c.id.slice(0, 2), 16) % 200;
  return `172.17.0.${n + 2}`;
}

/** Networks as inspect and `containers/json` show them; `nets` (name → id) from the session's networks when known. */
function networkSettings(c: EmuContainer, nets?: ReadonlyMap<string, string>): Record<string, unknown> {
  const mode = typeof c.hostConfig.NetworkMode === 'string' && c.hostConfig.NetworkMode !== 'default' && c.hostConfig.NetworkMode !== '' ? c.hostConfig.NetworkMode : 'bridge';
  const out: Record<string, unknown> = {};
  for (const [name, id] of nets ?? new Map([[mode, stableHex('net', mode)]])) {
    const up = c.status === 'running' && name === 'bridge';
    // A running container has an endpoint on each of its networks (none included); only bridge hands out addresses.
    out[name] = { IPAMConfig: null, Links: null, Aliases: null, NetworkID: id, EndpointID: c.status === 'running' ? stableHex('ep', c.id, name) : '',
      Gateway: up ? '172.17.0.1' : '', IPAddress: up ? ipOf(c) : '', IPPrefixLen: up ? 16 : 0, IPv6Gateway: '', GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0, MacAddress: up ? `02:42:ac:11:00:${(parseInt(c.id.slice(0, 2), 16) % 200 + 2).toString(16).padStart(2, '0')}` : '', DriverOpts: null };
  }
  return { Networks: out };
}

export function listRow(c: EmuContainer, now: number): Record<string, unknown> {
  return {
    Id: c.id, Names: [`/${c.name}`], Image: c.image, ImageID: c.imageId, Command: commandText(c), Created: Math.floor(c.created / 1000),
    Ports: [], Labels: (c.config.Labels as Record<string, string> | undefined) ?? {}, State: c.paused === true ? 'paused' : c.status, Status: statusText(c, now),
    HostConfig: { NetworkMode: (c.hostConfig.NetworkMode as string | undefined) ?? 'default' }, NetworkSettings: networkSettings(c),
    Mounts: mountsOf(c).map((m) => ({ ...m })),
  };
}

/** NetworkSettings of inspect: the legacy top-level fields (API < 1.52) mirror the default bridge endpoint. */
function inspectNetworkSettings(c: EmuContainer, ids?: ReadonlyMap<string, string>): Record<string, unknown> {
  const running = c.status === 'running';
  const nets = networkSettings(c, ids).Networks as Record<string, Record<string, unknown>>;
  const bridge = nets.bridge;
  for (const n of Object.values(nets)) if (!running && c.startedAt === undefined) n.NetworkID = '';
  return { Bridge: '', SandboxID: running ? stableHex('sandbox', c.id) : '', HairpinMode: false, LinkLocalIPv6Address: '', LinkLocalIPv6PrefixLen: 0,
    Ports: {}, SandboxKey: running ? `/var/run/docker/netns/${c.id.slice(0, 12)}` : '', SecondaryIPAddresses: null, SecondaryIPv6Addresses: null,
    EndpointID: bridge?.EndpointID ?? '', Gateway: bridge?.Gateway ?? '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0,
    IPAddress: bridge?.IPAddress ?? '', IPPrefixLen: bridge?.IPPrefixLen ?? 0, IPv6Gateway: '', MacAddress: bridge?.MacAddress ?? '', Networks: nets };
}

export function inspectContainer(c: EmuContainer, apiBelow142: boolean, networks?: ReadonlyMap<string, string>): Record<string, unknown> {
  const running = c.status === 'running';
  const started = c.startedAt !== undefined;
  const dir = `/var/lib/docker/containers/${c.id}`;
  const host = inspectHostConfig(c.hostConfig, apiBelow142);
  const mounts = mountsOf(c);
  return {
    Id: c.id, Created: iso(c.created), Path: c.entrypoint[0] ?? c.cmd[0] ?? '', Args: [...c.entrypoint, ...c.cmd].slice(1),
    State: { Status: c.paused === true ? 'paused' : c.status, Running: running, Paused: c.paused === true, Restarting: false, OOMKilled: false, Dead: false, Pid: running ? c.pid : 0,
      ExitCode: c.exitCode, Error: '', StartedAt: iso(c.startedAt), FinishedAt: iso(c.finishedAt) },
    // The files and the AppArmor profile come with the first start (before it dockerd shows them empty).
    Image: c.imageId, ResolvConfPath: started ? `${dir}/resolv.conf` : '', HostnamePath: started ? `${dir}/hostname` : '',
    HostsPath: started ? `${dir}/hosts` : '', LogPath: started ? `${dir}/${c.id}-json.log` : '', Name: `/${c.name}`,
    RestartCount: 0, Driver: 'overlay2', Platform: 'linux', MountLabel: '', ProcessLabel: '',
    AppArmorProfile: started ? (host.Privileged === true ? 'unconfined' : 'docker-default') : '', ExecIDs: null,
    HostConfig: host,
    GraphDriver: { Data: { MergedDir: `/var/lib/docker/overlay2/${stableHex('layer', c.id)}/merged` }, Name: 'overlay2' },
    Mounts: mounts,
    Config: inspectConfig(c.config, c.id, c.cmd, c.entrypoint),
    NetworkSettings: inspectNetworkSettings(c, networks),
  };
}

export function imageRow(img: EmuImage): Record<string, unknown> {
  const repo = img.ref.replace(/:[^:/]+$/, '');
  return { Containers: -1, Created: Math.floor(img.created / 1000), Id: img.id, Labels: null, ParentId: '',
    RepoDigests: img.local ? [] : [`${repo}@sha256:${stableHex('digest', img.ref)}`], RepoTags: [img.ref], SharedSize: -1, Size: img.size, VirtualSize: img.size };
}

export function inspectImage(img: EmuImage, version: string, arch: string): Record<string, unknown> {
  const repo = img.ref.replace(/:[^:/]+$/, '');
  const layers = layerDigests(img.ref).map((d) => `sha256:${d}`);
  return {
    Id: img.id, RepoTags: [img.ref], RepoDigests: img.local ? [] : [`${repo}@sha256:${stableHex('digest', img.ref)}`], Parent: '', Comment: '',
    Created: iso(img.created), Container: '', ContainerConfig: { Hostname: '', Env: null, Cmd: null, Image: '', Labels: null },
    DockerVersion: version, Author: '', Config: img.config ?? { Hostname: '', Domainname: '', User: '', AttachStdin: false, AttachStdout: false, AttachStderr: false,
      Tty: false, OpenStdin: false, StdinOnce: false, Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
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
