// The filesystem a `docker cp` out of an emulated container sees: a small canned rootfs (never the host's files)
// plus what the attacker uploaded into that container, rendered as tar (archive GET, export) and path stats.
import { pack } from 'tar-stream';
import { keptUpload } from './kept-uploads.js';
import type { EmuContainer } from './state.js';
import { groupFile, passwdFile } from './users.js';

export interface DecoyFile {
  readonly type: 'file' | 'directory' | 'symlink';
  readonly mode: number;
  readonly content?: Buffer;
  /** Size of an uploaded file (its bytes are in kept-uploads under `kept`, or were too large to keep). */
  readonly size?: number;
  /** Key of the uploaded bytes in kept-uploads. */
  readonly kept?: string;
  readonly linkname?: string;
  readonly mtime?: number;
}

const DIRS = ['/', '/bin', '/dev', '/etc', '/home', '/lib', '/media', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp',
  '/usr', '/usr/bin', '/usr/lib', '/usr/local', '/usr/local/bin', '/usr/sbin', '/var', '/var/log', '/var/tmp', '/var/spool', '/var/spool/cron',
  '/etc/cron.d', '/root/.ssh', '/dev/shm'];

function baseFiles(c: EmuContainer): Map<string, DecoyFile> {
  const m = new Map<string, DecoyFile>();
  for (const d of DIRS) m.set(d, { type: 'directory', mode: d === '/tmp' || d === '/var/tmp' || d === '/dev/shm' ? 0o1777 : d === '/root' ? 0o700 : 0o755 });
  const text = (s: string, mode = 0o644): DecoyFile => ({ type: 'file', mode, content: Buffer.from(s) });
  // The container's host name: `--hostname` when given, else the id's first 12 (what dockerd writes there).
  const given: unknown = c.config?.Hostname;
  const name = typeof given === 'string' && given !== '' ? given : c.id.slice(0, 12);
  m.set('/etc/hostname', text(`${name}\n`));
  m.set('/etc/hosts', text(`127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n172.17.0.2\t${name}\n`));
  m.set('/etc/resolv.conf', text('nameserver 10.0.0.2\nsearch ec2.internal\n'));
  // The same users and groups the emulated processes resolve (`id`, `-u name`) and `cat` prints.
  m.set('/etc/passwd', text(passwdFile()));
  m.set('/etc/group', text(groupFile()));
  m.set('/etc/shadow', text('root:*:19579:0:99999:7:::\ndaemon:*:19579:0:99999:7:::\nnobody:*:19579:0:99999:7:::\n', 0o640));
  m.set('/etc/os-release', text(osRelease(c.image ?? '')));
  m.set('/bin/sh', { type: 'symlink', mode: 0o777, linkname: '/bin/busybox' });
  m.set('/bin/busybox', { type: 'file', mode: 0o755, size: 0 });
  m.set('/.dockerenv', { type: 'file', mode: 0o755, content: Buffer.alloc(0) });
  return m;
}

/** The image's distribution, guessed from its name (an `ubuntu` container should not claim to be Alpine). */
function osRelease(image: string): string {
  if (/ubuntu/.test(image)) return 'PRETTY_NAME="Ubuntu 22.04.3 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nID_LIKE=debian\n';
  if (/debian|nginx|redis|postgres|node|python/.test(image)) return 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';
  return 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.18.4\nPRETTY_NAME="Alpine Linux v3.18"\nHOME_URL="https://alpinelinux.org/"\n';
}

const UPLOADS = new WeakMap<EmuContainer, Map<string, DecoyFile>>();
const MAX_UPLOADED = 512;

/** Remember a member `docker cp` put into the container (content only for short text; capped per container). */
export function rememberUpload(c: EmuContainer, path: string, f: DecoyFile): void {
  let m = UPLOADS.get(c);
  if (!m) UPLOADS.set(c, (m = new Map()));
  if (m.size < MAX_UPLOADED || m.has(path)) m.set(path, f);
}

export function uploadedPaths(c: EmuContainer): string[] {
  return [...(UPLOADS.get(c)?.keys() ?? [])];
}

/** Join an archive destination and a member name the way the daemon resolves them (no `..` escapes). */
export function joinPath(dir: string, name: string): string {
  const parts: string[] = [];
  for (const p of `${dir}/${name}`.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return `/${parts.join('/')}`;
}

function fileTable(c: EmuContainer): Map<string, DecoyFile> {
  const m = baseFiles(c);
  for (const [p, f] of UPLOADS.get(c) ?? []) {
    // Parent directories of uploads exist too.
    for (let d = p.slice(0, p.lastIndexOf('/')); d.length > 0; d = d.slice(0, d.lastIndexOf('/'))) if (!m.has(d)) m.set(d, { type: 'directory', mode: 0o755 });
    m.set(p, f);
  }
  return m;
}

export function lookupPath(c: EmuContainer, rawPath: string): { path: string; file: DecoyFile } | undefined {
  const path = joinPath('/', rawPath);
  const file = fileTable(c).get(path);
  return file ? { path, file } : undefined;
}

/** What a process reading `path` in the container gets: text, `null` for a directory, undefined when missing. */
export function readDecoyFile(c: EmuContainer, rawPath: string): string | null | undefined {
  let hit = lookupPath(c, rawPath);
  if (hit?.file.type === 'symlink') hit = lookupPath(c, joinPath(hit.path.slice(0, hit.path.lastIndexOf('/')) || '/', hit.file.linkname ?? ''));
  if (!hit) return undefined;
  return hit.file.type === 'directory' ? null : bytesOf(hit.file).toString('utf8');
}

/** The names in a directory of the container (`ls`), sorted; undefined when it is missing or a file. */
export function listDecoyDir(c: EmuContainer, rawPath: string): string[] | undefined {
  const path = joinPath('/', rawPath);
  const table = fileTable(c);
  if (table.get(path)?.type !== 'directory') return undefined;
  const prefix = path === '/' ? '/' : `${path}/`;
  return [...table.keys()].filter((k) => k !== path && k.startsWith(prefix) && !k.slice(prefix.length).includes('/'))
    .map((k) => k.slice(prefix.length)).sort();
}

const GO_DIR = 0x80000000;
const GO_SYMLINK = 0x8000000;
const GO_STICKY = 0x100000;

/** `X-Docker-Container-Path-Stat`: base64 JSON of Go's os.FileMode-based stat. */
export function pathStat(c: EmuContainer, path: string, f: DecoyFile): string {
  const typeBits = f.type === 'directory' ? GO_DIR : f.type === 'symlink' ? GO_SYMLINK : 0;
  const mode = typeBits + (f.mode & 0o777) + (f.mode & 0o1000 ? GO_STICKY : 0);
  const size = f.type === 'directory' ? 4096 : f.type === 'symlink' ? (f.linkname ?? '').length : sizeOf(f);
  const stat = { name: path === '/' ? '/' : path.split('/').pop(), size, mode, mtime: new Date(f.mtime ?? c.created).toISOString().replace('.000Z', 'Z'),
    linkTarget: f.linkname ?? '' };
  return Buffer.from(JSON.stringify(stat)).toString('base64');
}

/** The size a copy out serves: canned content, the kept upload, else zeros of the upload's size (at most 1 MiB). */
function sizeOf(f: DecoyFile): number {
  return f.content?.length ?? (f.kept !== undefined ? keptUpload(f.kept)?.length : undefined) ?? Math.min(f.size ?? 0, 1_048_576);
}

/** A file's bytes: canned content, the kept upload, or zeros when an upload was too large to keep (or dropped). */
function bytesOf(f: DecoyFile): Buffer {
  return f.content ?? (f.kept !== undefined ? keptUpload(f.kept) : undefined) ?? Buffer.alloc(sizeOf(f));
}

/** A tar of `path` (a file, or a directory with everything under it), named relative to its parent like dockerd. */
export async function tarOf(c: EmuContainer, path: string, opts: { root?: boolean } = {}): Promise<Buffer> {
  const table = fileTable(c);
  const p = pack();
  const parts: Buffer[] = [];
  p.on('data', (b: unknown) => { if (Buffer.isBuffer(b)) parts.push(b); });
  const done = new Promise<void>((resolve) => p.on('end', () => resolve()));
  const base = path === '/' ? '' : path.slice(0, path.lastIndexOf('/'));
  const entries = [...table.entries()].filter(([k]) => k === path || path === '/' || k.startsWith(`${path}/`)).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [k, f] of entries) {
    if (k === '/' && !opts.root) continue;
    const name = (opts.root ? k.slice(1) : k.slice(base.length + 1)) + (f.type === 'directory' ? '/' : '');
    if (name === '' || name === '/') continue;
    const header = { name, mode: f.mode, uid: 0, gid: 0, uname: 'root', gname: 'root', mtime: new Date(f.mtime ?? c.created) };
    if (f.type === 'directory') p.entry({ ...header, type: 'directory' });
    else if (f.type === 'symlink') p.entry({ ...header, type: 'symlink', linkname: f.linkname ?? '' });
    else p.entry({ ...header, type: 'file' }, bytesOf(f));
  }
  p.finalize();
  await done;
  return Buffer.concat(parts);
}
