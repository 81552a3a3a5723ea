// Reads files of the audited root: the live host ("/") or a mounted/extracted root given with --root, where
// absolute symlinks must resolve inside that root, never on the machine running the audit.
import { lstatSync, readFileSync, readdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { FileFact, FileStat } from '../core/checks/index.js';

const MAX_BYTES = 1024 * 1024;

function kindOf(st: Stats): FileStat['kind'] {
  if (st.isSocket()) return 'socket';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isFile()) return 'file';
  return 'other';
}

export function toStat(st: Stats): FileStat {
  return { uid: st.uid, gid: st.gid, perm: st.mode & 0o7777, kind: kindOf(st), dev: st.dev, ino: st.ino };
}

function errCode(err: unknown): string {
  return err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : 'EIO';
}

export class RootFs {
  constructor(readonly root: string) {}

  get live(): boolean {
    return this.root === '/';
  }

  /** Host path of an in-root path, resolving symlinks component by component inside the root. */
  resolve(p: string, hops = 0): string {
    if (this.live) return p;
    const parts = p.split('/').filter(Boolean);
    let cur = '';
    for (let i = 0; i < parts.length; i++) {
      const next = `${cur}/${parts[i]}`;
      let link: string | undefined;
      try {
        if (lstatSync(join(this.root, next)).isSymbolicLink()) link = readlinkSync(join(this.root, next));
      } catch { /* missing: keep walking, the final read reports ENOENT */ }
      if (link !== undefined && hops < 40) {
        const target = link.startsWith('/') ? link : `${cur}/${link}`;
        const rest = parts.slice(i + 1).join('/');
        return this.resolve(normalize(`${target}/${rest}`), hops + 1);
      }
      cur = next;
    }
    return join(this.root, cur || '/');
  }

  stat(p: string): FileFact {
    try {
      return { path: p, stat: toStat(statSync(this.resolve(p))) };
    } catch (err) {
      return { path: p, error: errCode(err) };
    }
  }

  read(p: string): FileFact {
    const f = this.stat(p);
    if (!f.stat || f.stat.kind !== 'file') return f;
    try {
      const buf = readFileSync(this.resolve(p));
      return { ...f, content: buf.subarray(0, MAX_BYTES).toString('utf8') };
    } catch (err) {
      return { ...f, error: errCode(err) };
    }
  }

  list(p: string): string[] {
    try {
      return readdirSync(this.resolve(p)).sort();
    } catch {
      return [];
    }
  }

  readRaw(p: string): string | undefined {
    try { return readFileSync(this.resolve(p), 'utf8'); } catch { return undefined; }
  }

  /** readlink without resolution (for /proc/<pid>/fd entries). */
  readlink(p: string): string | undefined {
    try { return readlinkSync(this.live ? p : join(this.root, p)); } catch { return undefined; }
  }
}

/** Normalise an absolute path: collapse //, resolve . and .. without leaving "/". */
export function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop(); else out.push(part);
  }
  return `/${out.join('/')}`;
}
