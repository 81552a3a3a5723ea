// Ground truth from the engine itself: what exists now (containers, volumes, images, execs, files), and which
// forbidden effects are present, whatever the guard answered. A bypass shows up here even if the guard said 403.
import { realpathSync } from 'node:fs';
import { engine, engineJson, FX, LOG_MARKER, MAKER, P, READER } from './harness.js';

type Obj = Record<string, unknown>;
interface Inspect { Id: string; Name: string; HostConfig: Obj; Mounts: Obj[]; ExecIDs: string[] | null; Config: Obj }

export interface Snapshot {
  readonly containers: Map<string, Inspect>;
  readonly volumes: Map<string, Obj>;
  readonly images: Set<string>;
  readonly execs: Set<string>;
  readonly fixtureNames: Set<string>;
  readonly putFile: boolean;
}

const enc = (v: unknown): string => encodeURIComponent(JSON.stringify(v));

export async function snapshot(): Promise<Snapshot> {
  const ids = new Set<string>();
  for (const filters of [{ name: [P] }, { label: [`io.portcullis.owner=token:${MAKER}`] }, { label: [`io.portcullis.owner=token:${READER}`] }]) {
    for (const c of await engineJson<Array<{ Id: string }>>(`/containers/json?all=1&filters=${enc(filters)}`)) ids.add(c.Id);
  }
  const containers = new Map<string, Inspect>();
  const execs = new Set<string>();
  const fixtureNames = new Set<string>();
  for (const id of ids) {
    const r = await engine('GET', `/containers/${id}/json`);
    if (r.status !== 200) continue; // removed meanwhile
    const c = JSON.parse(r.body) as Inspect;
    containers.set(c.Id, c);
    for (const e of c.ExecIDs ?? []) execs.add(e);
    if (c.Name.startsWith(`/${FX}`)) fixtureNames.add(c.Name.slice(1));
  }
  const volumes = new Map<string, Obj>();
  for (const v of (await engineJson<{ Volumes: Obj[] | null }>('/volumes')).Volumes ?? []) {
    if (String(v.Name).startsWith(P)) volumes.set(String(v.Name), v);
  }
  const images = new Set<string>();
  for (const i of await engineJson<Array<{ RepoTags: string[] | null }>>('/images/json')) {
    for (const t of i.RepoTags ?? []) if (t.startsWith(P)) images.add(t);
  }
  const putFile = (await engine('HEAD', `/containers/${FX}target/archive?path=/${P}put`)).status === 200;
  return { containers, volumes, images, execs, fixtureNames, putFile };
}

/** The host's real path (symlinks followed); missing paths are compared as they are. */
const real = (p: string): string => { try { return realpathSync(p); } catch { return p; } };
const under = (p: string, prefix: string): boolean => p === prefix || p.startsWith(`${prefix}/`);

/** Forbidden effects present on the engine for our non-fixture containers, our volumes, images and execs. */
export async function violations(s: Snapshot, allowed: string, baseline: Obj): Promise<string[]> {
  const out: string[] = [];
  for (const c of s.containers.values()) {
    if (c.Name.startsWith(`/${FX}`)) continue;
    const hc = c.HostConfig;
    const v = (what: string): void => { out.push(`${c.Name}: ${what}`); };
    if (hc.Privileged === true) v('privileged');
    for (const cap of (hc.CapAdd as string[] | null) ?? []) if (!/^(CAP_)?CHOWN$/i.test(cap)) v(`capability ${cap}`);
    for (const b of (hc.Binds as string[] | null) ?? []) {
      const src = b.split(':')[0] ?? '';
      if (src.startsWith('/') && !under(src, allowed)) v(`bind ${b}`);
      if (src.startsWith('/') && !under(real(src), real(allowed))) v(`bind ${b} leads through a symlink to ${real(src)}`);
    }
    for (const m of c.Mounts) {
      if (m.Type === 'bind' && !under(String(m.Source), allowed)) v(`bind mount ${String(m.Source)}`);
      if (m.Type === 'bind' && m.RW === true) v(`read-write bind mount ${String(m.Source)}`);
      if (m.Type === 'volume' && String(m.Name).startsWith(FX)) v(`mounts the bind-backed volume ${String(m.Name)}`);
      if (m.Type === 'volume' && m.Driver !== 'local') v(`volume driver ${String(m.Driver)}`);
    }
    for (const k of ['NetworkMode', 'PidMode', 'IpcMode', 'UTSMode', 'UsernsMode']) {
      const mode = String(hc[k] ?? '');
      if (mode === 'host' || mode.startsWith('container:') || (k === 'UsernsMode' && mode !== '')) v(`${k}=${mode}`);
    }
    // cgroup v1 engines default to the host cgroup namespace: compare with a plain container's.
    if (String(hc.CgroupnsMode ?? '') !== String(baseline.CgroupnsMode ?? '')) v(`CgroupnsMode=${String(hc.CgroupnsMode)}`);
    if (String(hc.CgroupParent ?? '') !== '') v(`CgroupParent=${String(hc.CgroupParent)}`);
    if (!['', 'runc'].includes(String(hc.Runtime ?? ''))) v(`Runtime=${String(hc.Runtime)}`);
    for (const k of ['VolumesFrom', 'SecurityOpt', 'Devices', 'DeviceCgroupRules', 'DeviceRequests']) {
      if (Array.isArray(hc[k]) && (hc[k] as unknown[]).length > 0) v(`${k}=${JSON.stringify(hc[k])}`);
    }
    // dockerd fills the default /proc and /sys masks; an empty list means they were overridden.
    for (const k of ['MaskedPaths', 'ReadonlyPaths']) if (Array.isArray(hc[k]) && (hc[k] as unknown[]).length === 0) v(`${k}=[]`);
    if (Object.keys((hc.Sysctls as Obj | null) ?? {}).length > 0) v(`Sysctls=${JSON.stringify(hc.Sysctls)}`);
    const rp = String((hc.RestartPolicy as Obj | undefined)?.Name ?? '');
    if (rp !== '' && rp !== 'no') v(`restart policy ${rp}`);
    const img = String(c.Config.Image);
    if (!/^(alpine|busybox)(:latest)?$/.test(img)) v(`image ${img}`);
  }
  for (const e of s.execs) {
    const r = await engine('GET', `/exec/${e}/json`);
    if (r.status !== 200) continue;
    const x = JSON.parse(r.body) as { ProcessConfig?: { privileged?: boolean; user?: string } };
    if (x.ProcessConfig?.privileged) out.push(`exec ${e}: privileged`);
    if ((x.ProcessConfig?.user ?? '') !== '65534') out.push(`exec ${e}: user ${JSON.stringify(x.ProcessConfig?.user ?? '')}`);
  }
  for (const [name, vol] of s.volumes) {
    if (name.startsWith(FX)) continue;
    const o = (vol.Options ?? {}) as Obj;
    if (o.o !== undefined || o.device !== undefined || o.type !== undefined || vol.Driver !== 'local') out.push(`volume ${name}: ${JSON.stringify(o)}`);
  }
  for (const i of s.images) out.push(`image ${i}`);
  for (const fx of ['target', 'hostbind', 'priv']) if (!s.fixtureNames.has(`${FX}${fx}`)) out.push(`fixture ${FX}${fx} renamed or removed`);
  const target = [...s.containers.values()].find((c) => c.Name === `/${FX}target`);
  const trp = String((target?.HostConfig.RestartPolicy as Obj | undefined)?.Name ?? '');
  if (trp !== '' && trp !== 'no') out.push(`fixture restart policy changed to ${trp}`);
  if (s.putFile) out.push('a file was written into the fixture through archive PUT');
  return out;
}

/** Everything new between two snapshots: for a refused attempt this must be empty. */
export function newEffects(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const [id, c] of after.containers) if (!before.containers.has(id)) out.push(`new container ${c.Name}`);
  for (const v of after.volumes.keys()) if (!before.volumes.has(v)) out.push(`new volume ${v}`);
  for (const i of after.images) if (!before.images.has(i)) out.push(`new image ${i}`);
  for (const e of after.execs) if (!before.execs.has(e)) out.push(`new exec ${e}`);
  for (const n of before.fixtureNames) if (!after.fixtureNames.has(n)) out.push(`fixture ${n} renamed or removed`);
  if (after.putFile && !before.putFile) out.push('archive PUT wrote a file');
  return out;
}

export { LOG_MARKER };
