// What the suite compares: the fields of dockerd's stored container that the core predicts, with the
// daemon's own defaults (image Cmd/Env, IpcMode, CgroupnsMode, Labels) applied to the prediction.
import type { ContainerCreateSpec } from '../../../src/core/docker-api/index.js';

export interface ImageDefaults {
  readonly Cmd: readonly string[] | null;
  readonly Env: readonly string[] | null;
}

type Rec = Record<string, unknown>;
const nil = (v: unknown): unknown => (v === undefined ? null : v);
const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0);
const envKey = (e: string): string => e.split('=')[0]!;

/** Drop zero-valued fields inside list elements (inspect and the prediction differ only in omitempty). */
function stripZero(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripZero);
  if (v && typeof v === 'object') {
    const out: Rec = {};
    for (const [k, x] of Object.entries(v)) if (!(x === '' || x === false || x === 0 || x === null)) out[k] = stripZero(x);
    return out;
  }
  return v;
}

/** daemon adaptContainerSettings -> generateSecurityOpt: label=disable appended for privileged/host ipc/pid. */
function daemonSecurityOpt(h: Rec, legacyIpc: boolean): unknown {
  const opts = (h.SecurityOpt as string[] | null | undefined) ?? undefined;
  const ipc = (h.IpcMode as string | undefined) || (legacyIpc ? 'shareable' : 'private');
  const hasLabel = (opts ?? []).some((o) => o.split('=')[0] === 'label');
  if (!hasLabel && (h.Privileged === true || ipc === 'host' || h.PidMode === 'host')) return [...(opts ?? []), 'label=disable'];
  return opts === undefined ? null : opts;
}

/** The prediction, projected onto inspect's shape for the compared fields. */
export function expectedInspect(spec: ContainerCreateSpec, img: ImageDefaults, apiVersion: string): Rec {
  const c = spec.Config as Rec;
  const h = (spec.HostConfig ?? {}) as Rec;
  const cmd = (c.Cmd as string[] | null | undefined) ?? [];
  const ep = (c.Entrypoint as string[] | null | undefined) ?? [];
  const env = [...((c.Env as string[] | null | undefined) ?? [])];
  for (const e of img.Env ?? []) if (!env.some((u) => envKey(u) === envKey(e))) env.push(e);
  // The route's IpcMode=shareable default for API < 1.40 applies only when the body carried a host config.
  const legacyIpc = spec.HostConfig !== undefined && Number(apiVersion.split('.')[1]) < 40;
  return {
    Image: c.Image ?? '',
    Cmd: cmd.length === 0 && ep.length === 0 ? img.Cmd : nil(c.Cmd),
    Entrypoint: nil(c.Entrypoint),
    Env: env.length === 0 ? null : env,
    User: c.User ?? '',
    WorkingDir: c.WorkingDir ?? '',
    Labels: c.Labels ?? {},
    Tty: c.Tty ?? false,
    Privileged: h.Privileged ?? false,
    Binds: nil(h.Binds),
    CapAdd: nil(h.CapAdd),
    CapDrop: nil(h.CapDrop),
    PidMode: h.PidMode ?? '',
    NetworkMode: h.NetworkMode ?? 'default',
    IpcMode: (h.IpcMode as string | undefined) || (legacyIpc ? 'shareable' : 'private'),
    UTSMode: h.UTSMode ?? '',
    UsernsMode: h.UsernsMode ?? '',
    SecurityOpt: daemonSecurityOpt(h, legacyIpc),
    Devices: stripZero(nil(h.Devices)),
    RestartPolicy: { Name: (h.RestartPolicy as Rec | undefined)?.Name ?? '', MaximumRetryCount: (h.RestartPolicy as Rec | undefined)?.MaximumRetryCount ?? 0 },
    Memory: num(h.Memory),
    NanoCpus: num(h.NanoCpus),
    CpuShares: num(h.CpuShares),
    PidsLimit: h.PidsLimit === undefined || h.PidsLimit === null ? null : num(h.PidsLimit),
    ReadonlyRootfs: h.ReadonlyRootfs ?? false,
    AutoRemove: h.AutoRemove ?? false,
    Mounts: stripZero(nil(h.Mounts)),
    Sysctls: nil(h.Sysctls),
    ConsoleSize: h.ConsoleSize ?? [0, 0],
    CpusetCpus: h.CpusetCpus ?? '',
  };
}

/** The same fields read from `GET /containers/{id}/json`. */
export function actualInspect(inspect: Rec): Rec {
  const c = inspect.Config as Rec;
  const h = inspect.HostConfig as Rec;
  const out: Rec = {};
  for (const k of ['Image', 'Cmd', 'Entrypoint', 'Env', 'User', 'WorkingDir', 'Labels', 'Tty']) out[k] = c[k] ?? null;
  for (const k of ['Privileged', 'Binds', 'CapAdd', 'CapDrop', 'PidMode', 'NetworkMode', 'IpcMode', 'UTSMode', 'UsernsMode', 'SecurityOpt', 'Devices', 'RestartPolicy', 'Memory', 'NanoCpus', 'CpuShares', 'PidsLimit', 'ReadonlyRootfs', 'AutoRemove', 'Mounts', 'Sysctls', 'ConsoleSize', 'CpusetCpus'])
    out[k] = h[k] ?? null;
  if (out.Labels === null) out.Labels = {};
  out.Devices = stripZero(out.Devices);
  out.Mounts = stripZero(out.Mounts);
  return out;
}

/** Plain-object copy (null-prototype maps become ordinary objects) for deep equality. */
export function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x))) as unknown;
}
