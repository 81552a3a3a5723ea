// Builds the Analysis every rule reads, once per input: mounts normalised, every command split (decoded
// payloads split again, depth- and size-limited), texts located by field path, indicators extracted.
import { splitArgv, splitCommands, splitShell, type ShellCommand, type SplitOptions } from './shell/split.js';
import { decodePayloads, type DecodedPayload } from './shell/decode.js';
import { embeddedShell, envExpansions } from './shell/expand.js';
import { extractIndicators, type Indicator } from './indicators/extract.js';
import type { Analysis, DetectionInput, DetectionMount, FieldKey } from './types.js';

export const MAX_DECODE_DEPTH = 4;
export const MAX_DECODED_TOTAL = 256 * 1024;

export interface LocatedMount extends DetectionMount { readonly location: string }

const DEFAULT_FIELDS: Record<FieldKey, string> = {
  image: 'Config.Image', entrypoint: 'Config.Entrypoint', cmd: 'Config.Cmd', env: 'Config.Env', mounts: 'Mounts',
  binds: 'HostConfig.Binds', labels: 'Config.Labels', processes: 'top', exec: 'exec', archive: 'archive', script: 'script',
};

/** Collapse `//`, `.` and `..`; keep `/` for the root; drop a trailing slash. */
export function normalisePath(p: string): string {
  if (!p.startsWith('/')) return p;
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop(); else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

/** Parse a `HostConfig.Binds` entry (`src:dst[:opts]`); named volumes get an empty source. */
export function parseBind(bind: string): DetectionMount | undefined {
  const parts = bind.split(':');
  if (parts.length < 2) return undefined;
  const [src, dst, opts] = parts as [string, string, string | undefined];
  const ro = (opts ?? '').split(',').includes('ro');
  return { source: src.startsWith('/') ? normalisePath(src) : '', destination: normalisePath(dst), readOnly: ro, type: src.startsWith('/') ? 'bind' : 'volume' };
}

/** Append one split batch to `all`, shifting its parent indices and pipeline ids. */
function merge(all: ShellCommand[], batch: readonly ShellCommand[], pipelineBase: { n: number }): void {
  const offset = all.length;
  let maxPipe = -1;
  for (const c of batch) {
    maxPipe = Math.max(maxPipe, c.pipeline);
    all.push({ ...c, pipeline: c.pipeline + pipelineBase.n, ...(c.parent !== undefined ? { parent: c.parent + offset } : {}) });
  }
  pipelineBase.n += maxPipe + 1;
}

const CRON_LINE = /^\s*(?:@(?:reboot|yearly|annually|monthly|weekly|daily|hourly)|(?:[\d*/,-]+\s+){4}[\d*/,A-Za-z-]+)\s+(.+)$/;

/**
 * Commands inside cron entries that a batch writes (echo/printf text or here-doc bodies shaped like crontab
 * lines), so what the entry will run is judged too. The user field of /etc/cron.d lines is dropped.
 */
export function cronEntries(batch: readonly ShellCommand[]): { command: string; source: string; decoded: boolean }[] {
  const out: { command: string; source: string; decoded: boolean }[] = [];
  for (const c of batch) {
    const p = c.argv[0]?.split('/').pop();
    const texts = c.redirects.flatMap((r) => (r.body !== undefined ? [r.body] : []));
    if (p === 'echo' || p === 'printf') texts.push(c.argv.slice(1).filter((x) => !/^-[neE]+$/.test(x)).join(' ').replace(/\\n/g, '\n'));
    for (const t of texts) {
      for (const line of t.split('\n')) {
        const m = CRON_LINE.exec(line);
        if (!m) continue;
        const cmd = (m[1] as string).replace(/^(?:root|nobody|daemon)\s+/, '');
        out.push({ command: cmd, source: c.source, decoded: c.decoded ?? false });
      }
    }
  }
  return out;
}

/** Block devices that hold a host's filesystems (disks, partitions, LVM, by-label/uuid links). */
export const HOST_DISK_RE = /^\/dev\/(?:[shv]d[a-z]{1,2}\d*|xvd[a-z]{1,2}\d*|nvme\d+n\d+(?:p\d+)?|mmcblk\d+(?:p\d+)?|dm-\d+|md\d+|mapper\/[\w.-]+|disk\/by-[\w-]+\/[\w.:-]+|root)$/;
const MOUNT_WITH_VALUE = /^(?:-[toOLUN]|--types|--options|--source|--target|--label|--uuid|--namespace)$/;

/**
 * Host disks mounted by the commands (`mount /dev/sda1 /x`, `mount -t ext4 --source /dev/vda1 --target /x`): a
 * privileged container reaches the host's root filesystem that way without any bind. Each becomes a mount whose
 * source is the host root, so chroot, cron and key writes into it resolve to the host.
 */
export function deviceMounts(commands: readonly ShellCommand[]): LocatedMount[] {
  const out: LocatedMount[] = [];
  for (const c of commands) {
    if (c.argv[0]?.split('/').pop() !== 'mount') continue;
    const ops: string[] = [];
    let source: string | undefined;
    let target: string | undefined;
    for (let k = 1; k < c.argv.length; k++) {
      const a = c.argv[k] as string;
      if (a === '--source' || a === '--target') { if (a === '--source') source = c.argv[k + 1]; else target = c.argv[k + 1]; k++; continue; }
      if (a.startsWith('--source=')) { source = a.slice(9); continue; }
      if (a.startsWith('--target=')) { target = a.slice(9); continue; }
      if (MOUNT_WITH_VALUE.test(a)) { k++; continue; }
      if (!a.startsWith('-')) ops.push(a);
    }
    const device = source ?? ops.find((x) => HOST_DISK_RE.test(x));
    const dir = target ?? ops.find((x) => x !== device && x.startsWith('/'));
    if (!device || !HOST_DISK_RE.test(device) || !dir?.startsWith('/')) continue;
    const root = c.chroot ? c.chroot.replace(/\/+$/, '') : '';
    out.push({ source: '/', destination: normalisePath(`${root}${dir}`), type: 'device', device, location: c.source });
  }
  return out;
}

const asList = <T>(v: readonly T[] | null | undefined): readonly T[] => v ?? [];

/** Compute the analysis for one input. Pure. */
export function analyse(input: DetectionInput): Analysis {
  const fields = { ...DEFAULT_FIELDS, ...(input.fields ?? {}) };
  const field = (k: FieldKey) => fields[k];
  const mounts: LocatedMount[] = [];
  asList(input.binds).forEach((b, k) => { const m = parseBind(b); if (m) mounts.push({ ...m, location: `${field('binds')}[${k}]` }); });
  asList(input.mounts).forEach((m, k) => mounts.push({
    ...m, source: m.source ? normalisePath(m.source) : '', destination: normalisePath(m.destination), location: `${field('mounts')}[${k}]` }));

  const commands: ShellCommand[] = [];
  const payloads: DecodedPayload[] = [];
  const pipes = { n: 0 };
  let decodedTotal = 0;
  const addBatch = (batch: ShellCommand[], depth: number) => {
    merge(commands, batch, pipes);
    if (depth >= MAX_DECODE_DEPTH) return;
    for (const e of cronEntries(batch)) {
      addBatch(splitShell(e.command, { source: e.source, origin: 'cron', depth: depth + 1, decoded: e.decoded }), depth + 1);
    }
    // Scripts one step away: environment variables the commands expand, strings handed to the system shell.
    for (const h of [...envExpansions(batch, asList(input.env)), ...embeddedShell(batch)]) {
      addBatch(splitShell(h.text, { source: h.source, origin: h.origin, depth: depth + 1, decoded: h.decoded }), depth + 1);
    }
    for (const p of decodePayloads(batch)) {
      if (decodedTotal + p.text.length > MAX_DECODED_TOTAL) break;
      decodedTotal += p.text.length;
      payloads.push(p);
      const opts: SplitOptions = { source: p.source, origin: 'decoded', decoded: true, depth: depth + 1, ...(p.chroot ? { chroot: p.chroot } : {}) };
      addBatch(splitShell(p.text, opts), depth + 1);
    }
  };
  if ((input.entrypoint != null && input.entrypoint.length > 0) || (input.cmd != null && input.cmd.length > 0)) {
    addBatch(splitCommands({ entrypoint: input.entrypoint ?? null, cmd: input.cmd ?? null,
      entrypointField: field('entrypoint'), cmdField: field('cmd') }), 0);
  }
  asList(input.execCmds).forEach((e, k) => {
    const source = `${field('exec')}[${k}]`;
    addBatch(typeof e === 'string' ? splitShell(e, { source }) : splitArgv(e, [], { source }), 0);
  });
  asList(input.processes).forEach((p) => {
    addBatch(splitShell(p.cmd, { source: `${field('processes')} pid ${p.pid ?? '?'}` }), 0);
  });
  if (input.script) addBatch(splitShell(input.script, { source: field('script') }), 0);
  asList(input.archiveMembers).forEach((m) => {
    if (m.content && (/\.(?:sh|bash)$/.test(m.path) || /^#!.*\b(?:sh|bash|ash|dash)\b/.test(m.content))) {
      addBatch(splitShell(m.content, { source: `${field('archive')}:${m.path}` }), 0);
    }
  });

  for (const m of deviceMounts(commands)) if (!mounts.some((x) => x.destination === m.destination)) mounts.push(m);

  const texts: { text: string; location: string }[] = [];
  for (const c of commands) {
    texts.push({ text: [...c.assignments, ...c.argv, ...c.redirects.map((r) => r.body ?? r.target)].join(' '), location: c.source });
  }
  asList(input.env).forEach((e, k) => texts.push({ text: e, location: `${field('env')}[${k}]` }));
  for (const [k, v] of Object.entries(input.labels ?? {})) texts.push({ text: `${k}=${v}`, location: `${field('labels')}.${k}` });
  asList(input.archiveMembers).forEach((m) => texts.push({ text: `${m.path}\n${m.content ?? ''}`, location: `${field('archive')}:${m.path}` }));

  const indicators: Indicator[] = [];
  const seen = new Set<string>();
  const add = (list: Indicator[]) => {
    for (const i of list) { const key = `${i.type}\0${i.value}`; if (!seen.has(key)) { seen.add(key); indicators.push(i); } }
  };
  if (input.image) add([{ type: 'image', value: input.image, context: 'container image', location: field('image') }]);
  add(extractIndicators(commands));
  add(extractIndicators(texts.slice(commands.length)));

  return { input, commands, payloads, indicators, mounts, texts, field };
}
