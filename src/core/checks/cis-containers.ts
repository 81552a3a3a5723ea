// CIS Docker Benchmark container controls that docker-bench-security warns on and the core risk analysis does not
// cover (root user, no healthcheck, privileged host ports, cgroup parent, ulimits, sshd), judged for every container.
import type { Evidence } from '../report/finding.js';
import type { Inspect } from './containers.js';
import type { ContainerTop, EngineFacts } from './facts.js';
import type { FindingSet } from './finding-set.js';

type Ctx = { readonly c: Inspect; readonly target: string; readonly state: string; readonly name: string; readonly set: FindingSet };

const obj = (v: unknown): Inspect => (v && typeof v === 'object' && !Array.isArray(v) ? v as Inspect : {});

/** True when a Config.User value runs the process as uid 0: empty, 0, root, or 0/root with any group. */
export function isRootUser(user: string): boolean {
  const u = user.trim().split(':')[0] ?? '';
  return u === '' || u === 'root' || /^0+$/.test(u);
}

function rootUser({ c, target, state, name, set }: Ctx): void {
  const cfg = obj(c.Config);
  const user = typeof cfg.User === 'string' ? cfg.User : '';
  if (!isRootUser(user)) return;
  const image = String(cfg.Image ?? c.Image ?? '');
  // The image's USER is copied into Config.User at create time, so an empty value means neither set one.
  const why = user.trim() === '' ? 'Config.User is empty (neither the image nor the create request sets a user)' : `Config.User is ${JSON.stringify(user)}`;
  set.add('PCL-CFG-037', target, `${target} (${state}) runs as root: ${why}.`,
    [{ kind: 'field', location: `${target} Config.User`, value: JSON.stringify(user) }],
    { remediation: `Recreate ${name} with --user 1000:1000 (a non-zero numeric uid), or add USER <uid> to its image ${image || '(unknown)'} and rebuild.` });
}

/** The effective healthcheck test: the container's (the image's is merged into it at create), else the image's. */
function healthTest(h: unknown): readonly string[] | undefined {
  const t = obj(h).Test;
  return Array.isArray(t) && t.length > 0 ? t.map(String) : undefined;
}

function healthcheck({ c, target, state, name, set }: Ctx, images: EngineFacts['images']): void {
  const cfg = obj(c.Config);
  const own = healthTest(cfg.Healthcheck);
  const imageId = typeof c.Image === 'string' ? c.Image : '';
  const imageDoc = images?.[imageId];
  const fromImage = imageDoc ? healthTest(obj(imageDoc.Config).Healthcheck) : undefined;
  // ["NONE"] on the container disables any image healthcheck (--no-healthcheck); absent means the image decides.
  const test = own ?? fromImage;
  if (test && test[0] !== 'NONE') return;
  const imageName = String(cfg.Image ?? imageId);
  const ev: Evidence[] = [{ kind: 'field', location: `${target} Config.Healthcheck`, value: own ? JSON.stringify(own) : 'not set' }];
  if (imageDoc && !own) ev.push({ kind: 'field', location: `image ${imageName} Config.Healthcheck`, value: fromImage ? JSON.stringify(fromImage) : 'not set' });
  const what = own?.[0] === 'NONE' ? 'its healthcheck is disabled (Test ["NONE"], --no-healthcheck)'
    : fromImage?.[0] === 'NONE' ? 'its image disables the healthcheck (HEALTHCHECK NONE)' : `neither it nor its image ${imageName} defines a HEALTHCHECK`;
  set.add('PCL-CFG-038', target, `${target} (${state}) has no healthcheck: ${what}.`, ev,
    { remediation: `Add a HEALTHCHECK to the image ${imageName}, or recreate ${name} with --health-cmd '<probe>'${own?.[0] === 'NONE' ? ' and without --no-healthcheck' : ''}.` });
}

function privilegedPorts({ c, target, state, name, set }: Ctx): void {
  const pb = obj(obj(c.HostConfig).PortBindings);
  for (const [k, v] of Object.entries(pb)) {
    if (!Array.isArray(v)) continue;
    v.forEach((b: unknown, i: number) => {
      const hostPort = String(obj(b).HostPort ?? '');
      // A range ("80-90") is privileged when it starts below 1024; an empty HostPort is ephemeral (>= 32768).
      const first = Number(/^(\d+)(-\d+)?$/.exec(hostPort.trim())?.[1] ?? NaN);
      if (!(first >= 1 && first <= 1023)) return;
      const ip = String(obj(b).HostIp || '0.0.0.0');
      set.add('PCL-CFG-039', target, `${target} (${state}) publishes the privileged host port ${ip.includes(':') ? `[${ip}]` : ip}:${hostPort} (container ${k}).`,
        [{ kind: 'field', location: `${target} HostConfig.PortBindings["${k}"][${i}].HostPort`, value: hostPort }],
        { remediation: `Recreate ${name} publishing ${k} on a host port of 1024 or above (e.g. -p ${first + 8000 <= 65535 ? first + 8000 : 8080}:${k.split('/')[0]}), and front the low port with a reverse proxy if clients need it.` });
    });
  }
}

function cgroupParent({ c, target, state, name, set }: Ctx): void {
  const parent = obj(c.HostConfig).CgroupParent;
  if (typeof parent !== 'string' || parent.trim() === '') return;
  set.add('PCL-CFG-040', target, `${target} (${state}) runs under the cgroup parent ${parent}, not the engine default.`,
    [{ kind: 'field', location: `${target} HostConfig.CgroupParent`, value: parent }],
    { remediation: `Recreate ${name} without --cgroup-parent ${parent}, or confirm ${parent} is a cgroup you manage and limit.` });
}

function ulimits({ c, target, state, name, set }: Ctx): void {
  const list = obj(c.HostConfig).Ulimits;
  if (!Array.isArray(list) || list.length === 0) return;
  const shown = list.map((u: unknown) => { const o = obj(u); return `${String(o.Name)}=${String(o.Soft)}:${String(o.Hard)}`; });
  set.add('PCL-CFG-041', target, `${target} (${state}) overrides the default ulimits: ${shown.join(', ')}.`,
    shown.map((v, i) => ({ kind: 'field' as const, location: `${target} HostConfig.Ulimits[${i}]`, value: v })),
    { remediation: `Confirm each override of ${name} is needed; recreate it without ${shown.map((v) => `--ulimit ${v}`).join(' ')} to use the daemon's default-ulimits.` });
}

/** True for an sshd process: the executable is sshd (any path), or OpenSSH's retitled "sshd: ..." processes. */
export function isSshd(cmd: string): boolean {
  const t = cmd.trim();
  if (/^sshd:/.test(t)) return true;
  const exe = t.split(/\s+/)[0] ?? '';
  return /(^|\/)sshd$/.test(exe);
}

function sshd({ c, target, state, name, set }: Ctx, top: ContainerTop | undefined): void {
  if (!top?.processes) return;
  const titles = top.titles ?? [];
  const cmdCol = titles.findIndex((t) => t === 'CMD' || t === 'COMMAND');
  const pidCol = titles.indexOf('PID');
  const hits = top.processes.filter((p) => isSshd(String((cmdCol >= 0 ? p[cmdCol] : p[p.length - 1]) ?? '')));
  if (hits.length === 0) return;
  const id = String(c.Id ?? '').slice(0, 12);
  set.add('PCL-CFG-042', target, `${target} (${state}) runs an SSH server: ${hits.map((p) => String(cmdCol >= 0 ? p[cmdCol] : p[p.length - 1])).join('; ')}.`,
    hits.map((p) => ({ kind: 'process' as const, location: `${target} /containers/${id}/top PID ${pidCol >= 0 ? String(p[pidCol]) : '?'}`,
      value: String(cmdCol >= 0 ? p[cmdCol] : p[p.length - 1]) })),
    { remediation: `Remove the SSH server from ${name} and its image ${String(obj(c.Config).Image ?? c.Image ?? '')}; use docker exec through an authenticated, role-limited API (portcullis guard) for shell access.` });
}

/**
 * Judge one container (any state) against the CIS controls above; `engine` supplies image inspects (healthcheck)
 * and the processes of running containers (sshd).
 * @example checkCisContainer(inspect, 'container web (0123456789ab)', 'exited', facts.engine, set)
 */
export function checkCisContainer(c: Inspect, target: string, state: string, engine: EngineFacts | undefined, set: FindingSet): void {
  const name = target.replace(/^container /, '').split(' ')[0] ?? target;
  const ctx: Ctx = { c, target, state, name, set };
  rootUser(ctx);
  healthcheck(ctx, engine?.images);
  privilegedPorts(ctx);
  cgroupParent(ctx);
  ulimits(ctx);
  sshd(ctx, engine?.top?.[String(c.Id ?? '')]);
}
