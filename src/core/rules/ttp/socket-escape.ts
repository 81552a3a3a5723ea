// PCL-TTP-012: a container drives the Docker engine (its mounted socket, or any engine) to start a sibling
// container with host-level access — privileged, the host root bound, the host PID namespace — which is an
// escape to the host in two steps (`docker run --privileged -v /:/host alpine chroot /host`, or the same as JSON
// with `curl --unix-socket /var/run/docker.sock .../containers/create`).
import { cmdEvidence, isScriptCarrier, isSensitiveSource } from '../helpers.js';
import { normalisePath } from '../analyse.js';
import { parseDockerCli } from '../shell/docker-cli.js';
import { progName, type ShellCommand } from '../shell/split.js';
import type { Analysis, DetectionRule, RuleHit } from '../types.js';

const SOCKET = /(?:^|\/)(?:docker|podman|containerd)\.sock$/;
const HOST_CAPS = /^(?:ALL|SYS_ADMIN|CAP_SYS_ADMIN|SYS_PTRACE|CAP_SYS_PTRACE|SYS_MODULE|CAP_SYS_MODULE|DAC_READ_SEARCH|CAP_DAC_READ_SEARCH)$/i;

/** What in a `docker run|create` option list hands the new container the host. */
function hostAccess(options: readonly { readonly flag: string; readonly value?: string }[]): string[] {
  const out: string[] = [];
  for (const { flag, value } of options) {
    const v = value ?? '';
    if (flag === '--privileged' && v !== 'false') out.push('--privileged');
    else if ((flag === '-v' || flag === '--volume') && v.startsWith('/')) {
      const src = normalisePath(v.split(':')[0] as string);
      if (isSensitiveSource(src) || SOCKET.test(src)) out.push(`${flag} ${v}`);
    } else if (flag === '--mount' && (/(?:^|,)type=bind(?:,|$)/.test(v) || !/type=/.test(v))) {
      const src = /(?:^|,)(?:source|src)=([^,]+)/.exec(v)?.[1];
      if (src && src.startsWith('/') && (isSensitiveSource(normalisePath(src)) || SOCKET.test(src))) out.push(`--mount ${v}`);
    } else if ((flag === '--pid' || flag === '--userns' || flag === '--ipc') && v === 'host') out.push(`${flag}=host`);
    else if (flag === '--cap-add' && HOST_CAPS.test(v)) out.push(`--cap-add ${v}`);
    else if (flag === '--device' && /^\/dev\/(?:[shv]d|xvd|nvme|mmcblk|dm-|mem|kmem|port)/.test(v)) out.push(`--device ${v}`);
    else if (flag === '--security-opt' && /^(?:apparmor|seccomp)[=:]unconfined$/.test(v)) out.push(`--security-opt ${v}`);
  }
  return out;
}

/** The same, read from a create body sent by curl/wget (`"Privileged":true`, `"Binds":["/:/h"]`, `"PidMode":"host"`). */
function hostAccessInBody(text: string): string[] {
  const out: string[] = [];
  if (/"privileged"\s*:\s*true/i.test(text)) out.push('"Privileged":true');
  const binds = /"binds"\s*:\s*\[([^\]]*)\]/i.exec(text)?.[1] ?? '';
  for (const m of binds.matchAll(/"(\/[^":]*):[^"]*"/g)) {
    const src = normalisePath(m[1] as string);
    if (isSensitiveSource(src) || SOCKET.test(src)) out.push(`Binds ${m[0]}`);
  }
  for (const m of text.matchAll(/"source"\s*:\s*"(\/[^"]*)"/gi)) if (isSensitiveSource(normalisePath(m[1] as string))) out.push(`Mounts source ${m[1]}`);
  if (/"pidmode"\s*:\s*"host"/i.test(text)) out.push('"PidMode":"host"');
  if (/"capadd"\s*:\s*\[[^\]]*"(?:CAP_)?(?:ALL|SYS_ADMIN)"/i.test(text)) out.push('CapAdd SYS_ADMIN');
  return out;
}

/** Whether the engine this command talks to is this host's (a mounted socket or a unix socket named outright). */
function viaLocalSocket(a: Analysis, c: ShellCommand, hosts: readonly string[]): boolean {
  if (c.argv.some((x) => x === '--unix-socket' || x.startsWith('--unix-socket=')) || hosts.some((h) => h.startsWith('unix://'))) return true;
  if (hosts.some((h) => /^(?:tcp|https?|ssh):\/\//.test(h))) return false;
  return a.mounts.some((m) => SOCKET.test(m.destination) || SOCKET.test(m.source));
}

export const socketEscape: DetectionRule = {
  id: 'PCL-TTP-012',
  title: 'Host-level container started through the engine',
  severity: 'critical',
  area: 'tactic',
  description: 'A command inside the container drives a Docker engine (`docker run|create`, or curl/wget posting to ' +
    '/containers/create) to start another container with host access: --privileged, the host root or another sensitive ' +
    'path or the engine socket bound, --pid/--userns host, SYS_ADMIN, a host disk device, seccomp or AppArmor off. ' +
    'Critical through the engine socket mounted into the container (escape to this host), high towards another engine.',
  remediation: 'Remove the container and the containers it started; never mount the engine socket into a container ' +
    '(use a proxy such as the portcullis guard with a narrow role if a tool needs the API).',
  attack: ['T1611', 'T1610'],
  appliesTo: ['container', 'exec', 'process'],
  check(a) {
    const hits: RuleHit[] = [];
    for (const c of a.commands) {
      if (isScriptCarrier(c)) continue;
      const dc = parseDockerCli(c.argv);
      let access: string[] = [];
      let hosts: readonly string[] = [];
      let how = '';
      if (dc && (dc.sub === 'run' || dc.sub === 'create') && dc.options) {
        access = hostAccess(dc.options);
        hosts = [...dc.hosts, ...c.assignments.filter((x) => x.startsWith('DOCKER_HOST=')).map((x) => x.slice(12))];
        how = `docker ${dc.sub}`;
      } else {
        const p = progName(c.argv[0]);
        const text = c.argv.join(' ');
        if ((p === 'curl' || p === 'wget') && /\/containers\/create\b/.test(text)) {
          access = hostAccessInBody(text + c.redirects.map((r) => r.body ?? '').join('\n'));
          how = `${p} POST /containers/create`;
        }
      }
      if (access.length === 0) continue;
      const local = viaLocalSocket(a, c, hosts);
      hits.push({ severity: local ? 'critical' : 'high',
        message: `starts a container with host access (${access.slice(0, 3).join(', ')}) via ${how}` +
          (local ? ' through the engine socket: an escape to this host' : ''),
        evidence: [cmdEvidence(c)] });
    }
    return hits;
  },
};
