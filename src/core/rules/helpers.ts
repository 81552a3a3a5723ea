// Small helpers the rule modules share: evidence builders, file writes of a command, and host-path
// resolution through bind mounts and chroot (the campaign's escape route).
import type { Evidence } from '../report/finding.js';
import { inlineScript, progName, SHELLS, type ShellCommand } from './shell/split.js';
import { isMinerCommand } from './indicators/miner-args.js';
import { isPoolHost, MINER_PORTS, WALLET_PATTERNS } from './knowledge/miners.js';
import type { Analysis, DetectionConnection, DetectionMount } from './types.js';

export const HOST_MOUNT_GUESSES = ['/mnt', '/host', '/hostroot', '/hostfs', '/rootfs', '/host-root', '/hostRoot'];

/** Host paths whose exposure hands over the host (root, config, cron, keys, binaries). */
export const SENSITIVE_HOST_SOURCES = ['/', '/etc', '/root', '/home', '/var', '/var/spool', '/var/spool/cron', '/usr',
  '/bin', '/sbin', '/lib', '/boot', '/etc/cron.d', '/root/.ssh', '/var/lib/docker', '/proc', '/sys'];

export function cmdText(c: ShellCommand): string {
  const s = [...c.wrappers.includes('chroot') && c.chroot ? [`chroot ${c.chroot}`] : [], ...c.argv].join(' ');
  const r = c.redirects.map((x) => `${x.op}${x.target}`).join(' ');
  const t = r ? `${s} ${r}` : s;
  return t.length > 300 ? `${t.slice(0, 300)}…` : t;
}

export function cmdEvidence(c: ShellCommand, value?: string): Evidence {
  const how = c.decoded ? ' (decoded payload)' : c.origin !== 'top' ? ` (${c.origin})` : '';
  return { kind: c.source.startsWith('top') ? 'process' : 'field', location: `${c.source}${how}`, value: value ?? cmdText(c) };
}

export function mountEvidence(m: DetectionMount & { location: string }): Evidence {
  if (m.device) return { kind: 'field', location: m.location, value: `mount ${m.device} ${m.destination} (host disk)` };
  return { kind: 'field', location: m.location, value: `${m.source || '(volume)'}:${m.destination}${m.readOnly ? ':ro' : ''}` };
}

const under = (p: string, dir: string) => dir === '/' ? p.startsWith('/') : p === dir || p.startsWith(`${dir}/`);

/** The mount whose container destination holds `path` (longest match). */
export function mountFor(a: Analysis, path: string): (DetectionMount & { location: string }) | undefined {
  let best: (DetectionMount & { location: string }) | undefined;
  for (const m of a.mounts) if (under(path, m.destination) && (!best || m.destination.length > best.destination.length)) best = m;
  return best;
}

export function isSensitiveSource(src: string): boolean {
  return src !== '' && SENSITIVE_HOST_SOURCES.includes(src);
}

export interface HostPath { readonly hostPath: string; readonly mount?: DetectionMount & { location: string }; readonly guessed: boolean }

/**
 * Where a container path lands on the host, if it does: through a bind mount, or through `chroot DIR` where
 * DIR is a host-root mount. Without mount data, the campaign's usual mount points are taken as a guess.
 */
export function hostPathOf(a: Analysis, c: { readonly chroot?: string }, path: string): HostPath | undefined {
  if (!path.startsWith('/')) return undefined;
  let p = path;
  if (c.chroot) {
    const root = c.chroot.replace(/\/+$/, '') || '/';
    p = root === '/' ? path : `${root}${path}`;
  }
  const m = mountFor(a, p);
  if (m && m.source) {
    const rest = p.slice(m.destination === '/' ? 0 : m.destination.length);
    return { hostPath: (m.source === '/' ? '' : m.source) + (rest || '/'), mount: m, guessed: false };
  }
  if (a.mounts.length === 0) {
    const g = HOST_MOUNT_GUESSES.find((d) => under(p, d));
    if (g) return { hostPath: p.slice(g.length) || '/', guessed: true };
  }
  return undefined;
}

/** Files a command writes: redirections, tee, cp/mv/install destinations, dd of=. */
export function writesOf(c: ShellCommand): string[] {
  const out: string[] = [];
  for (const r of c.redirects) {
    if (/^\d*(>|>>|>\||&>|&>>)$/.test(r.op) && r.target) out.push(r.target);
  }
  const p = progName(c.argv[0]);
  const args = c.argv.slice(1).filter((x) => !x.startsWith('-'));
  if (p === 'tee') out.push(...args);
  if ((p === 'cp' || p === 'mv' || p === 'install' || p === 'ln') && args.length >= 2) out.push(args[args.length - 1] as string);
  if (p === 'dd') for (const x of c.argv) if (x.startsWith('of=')) out.push(x.slice(3));
  if (p === 'sed' && c.argv.some((x) => /^-i/.test(x)) && args.length >= 2) out.push(args[args.length - 1] as string);
  return out;
}

export const isShell = (c: ShellCommand | undefined): boolean => !!c && SHELLS.has(progName(c.argv[0]));

/** Commands grouped by pipeline id, stages in order. */
export function pipelines(a: Analysis): ShellCommand[][] {
  const m = new Map<number, ShellCommand[]>();
  for (const c of a.commands) { const l = m.get(c.pipeline) ?? []; l[c.stage] = c; m.set(c.pipeline, l); }
  return [...m.values()].map((l) => l.filter(Boolean));
}

/** Words of a command plus redirect targets, joined (for substring tests). */
export const words = (c: ShellCommand): string => [...c.argv, ...c.redirects.map((r) => r.target)].join(' ');

/** `sh -c SCRIPT` / `eval ...`: its script is split into child commands, so text rules judge those instead. */
export const isScriptCarrier = (c: ShellCommand): boolean => inlineScript(c.argv) !== undefined;

/** Programs whose arguments name miners or pools without running them (rival cleanup, searches). */
export const MENTION_ONLY = new Set(['pkill', 'killall', 'kill', 'pgrep', 'grep', 'egrep', 'fgrep', 'awk', 'sed', 'ps', 'pidof',
  'rm', 'xargs', 'echo', 'printf', 'iptables', 'netstat', 'ss', 'lsof', 'find', 'chattr', 'crontab', 'systemctl', 'service']);

/** Texts to search for miner evidence: commands that are not mere mentions, plus env, labels and files. */
export function evidenceTexts(a: Analysis): { text: string; location: string; cmd?: ShellCommand }[] {
  const out: { text: string; location: string; cmd?: ShellCommand }[] = [];
  for (const c of a.commands) {
    if (isScriptCarrier(c)) continue;
    const p = progName(c.argv[0]);
    // echo/printf text counts when it goes somewhere (a file, a pipe into tee/crontab/sh); other mentions never.
    const feeds = c.redirects.some((r) => r.body !== undefined || /^\d*>/.test(r.op)) || ((p === 'echo' || p === 'printf') && c.pipelineLength > 1);
    if (MENTION_ONLY.has(p) && !feeds) continue;
    out.push({ text: words(c) + c.redirects.map((r) => r.body ?? '').join('\n'), location: c.source, cmd: c });
  }
  for (const t of a.texts.slice(a.commands.length)) out.push(t);
  return out;
}

export function evidenceOf(t: { text: string; location: string; cmd?: ShellCommand }, value: string): Evidence {
  return t.cmd ? cmdEvidence(t.cmd, value) : { kind: t.location.startsWith('archive') ? 'file' : 'field', location: t.location, value };
}

/** Loopback and unspecified hosts: a pool port there is a local service, not a pool. */
export const LOCAL_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|::1|\[::1\])$/i;

/** Miner evidence other than ports and CPU: miner options, a stratum pool, a pool host, a Monero-style wallet. */
export function otherMinerSignal(a: Analysis): boolean {
  return a.commands.some((c) => isMinerCommand(c.argv)) ||
    a.indicators.some((i) => (i.type === 'wallet' && i.kind !== 'btc' && i.kind !== 'eth') ||
      (i.type === 'domain' && isPoolHost(i.value)) || (i.type === 'pool' && /^stratum/i.test(i.value))) ||
    a.texts.some((t) => WALLET_PATTERNS.slice(0, 3).some(({ re }) => new RegExp(re.source).test(t.text)));
}

/** Live connections (watcher, /proc) to a common pool port on a non-local host. */
export function livePoolConnections(a: Analysis): DetectionConnection[] {
  return (a.input.connections ?? []).filter((c) => MINER_PORTS.has(c.remotePort) &&
    !LOCAL_HOST.test(c.remote.slice(0, c.remote.lastIndexOf(':')).replace(/^\[|\]$/g, '')));
}
