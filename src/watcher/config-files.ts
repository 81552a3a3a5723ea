// Miner configuration files a container's commands point at (`-c config.json`, `--config=`, a dropped binary's
// own config.json), read from the container through the archive API: a pool hidden in a file copied in with
// `docker cp` shows nowhere in the command line, the environment or the event stream.
import type { EngineClient } from '../core/engine/index.js';
import { analyse, progName, type ArchiveMember, type DetectionInput } from '../core/rules/index.js';

/** Files read per container and judgement, and the bytes kept of each (miner configs are a few KiB). */
export const MAX_CONFIG_FILES = 4;
export const MAX_CONFIG_BYTES = 64 * 1024;

const CONFIG_FLAGS = /^(?:-c|-C|--config|--config-file|--poolconf|--pools|--cpu|--conf)$/;
const CONFIG_FLAG_EQ = /^(?:--config|--config-file|--poolconf|--pools|--conf)=(.+)$/;
/** Where programs that come with the image live: a config beside them is not a dropped miner's. */
const SYSTEM_DIRS = /^\/(?:bin|sbin|usr|lib|lib64|opt\/[^/]+\/bin|etc)\//;

/** Programs whose -c is a script, not a file (their script is split into commands of its own). */
const SCRIPT_RUNNERS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'su', 'eval', 'python', 'python3', 'perl']);

function resolve(path: string, workingDir: string): string | undefined {
  if (path === '' || /[$`*\s;|&]/.test(path)) return undefined;
  const abs = path.startsWith('/') ? path : `${workingDir.replace(/\/+$/, '')}/${path.replace(/^\.\//, '')}`;
  const parts: string[] = [];
  for (const seg of abs.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop(); else parts.push(seg);
  }
  return parts.length === 0 ? undefined : `/${parts.join('/')}`;
}

/**
 * Paths of configuration files the commands of `input` name (values of -c/--config and the like), plus
 * `config.json` beside a program started from outside the system directories (XMRig reads it with no option).
 * Pure. Relative paths are taken from the container's working directory.
 * @example configPathsOf({ cmd: ['/tmp/.x/kworker', '-c', 'c.json'] }, '/') // ['/c.json', '/tmp/.x/config.json']
 */
export function configPathsOf(input: DetectionInput, workingDir = '/'): string[] {
  const out: string[] = [];
  const add = (p: string | undefined) => { const r = p === undefined ? undefined : resolve(p, workingDir || '/'); if (r && !out.includes(r)) out.push(r); };
  for (const c of analyse(input).commands) {
    const argv = c.argv;
    if (SCRIPT_RUNNERS.has(progName(argv[0]))) continue;
    for (let k = 1; k < argv.length; k++) {
      const a = argv[k] as string;
      const eq = CONFIG_FLAG_EQ.exec(a);
      if (eq) add(eq[1]);
      else if (CONFIG_FLAGS.test(a) && argv[k + 1] !== undefined && !(argv[k + 1] as string).startsWith('-')) add(argv[k + 1]);
    }
    const prog = argv[0] ?? '';
    if (prog.startsWith('/') && !SYSTEM_DIRS.test(prog) && prog.lastIndexOf('/') > 0) add(`${prog.slice(0, prog.lastIndexOf('/'))}/config.json`);
  }
  return out.slice(0, MAX_CONFIG_FILES);
}

/**
 * Which of the named paths to read now; files read once are kept. On container and exec events ('event'),
 * named files not read yet (one missing at create may be copied in later); after an archive upload every known
 * and named file again; on samples, a file never tried, or a missing one tried once more when a running process
 * names it (so idle containers cost no request per pass). `retried` records the latter.
 */
export function pathsToRead(named: readonly string[], known: ReadonlyMap<string, ArchiveMember | null>, retried: Set<string>,
  mode: 'event' | 'upload' | 'sample'): string[] {
  const todo = (mode === 'upload' ? [...new Set([...named, ...known.keys()])]
    : mode === 'sample' ? named.filter((p) => !known.has(p) || (known.get(p) === null && !retried.has(p)))
      : named.filter((p) => !known.get(p))).slice(0, MAX_CONFIG_FILES);
  if (mode === 'sample') for (const p of todo) retried.add(p);
  return todo;
}

/** The first regular file of a tar stream (as text), or undefined. The archive API answers one entry for a file. */
export function firstTarFile(tar: string): string | undefined {
  if (tar.length < 512) return undefined;
  const size = parseInt(tar.slice(124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
  const type = tar[156];
  if (!Number.isFinite(size) || (type !== '0' && type !== '\0')) return undefined;
  return tar.slice(512, 512 + Math.min(size, MAX_CONFIG_BYTES));
}

/** Read the named files from the container (missing or unreadable ones are left out). */
export async function readContainerFiles(client: EngineClient, id: string, paths: readonly string[]): Promise<ArchiveMember[]> {
  const out: ArchiveMember[] = [];
  for (const path of paths.slice(0, MAX_CONFIG_FILES)) {
    const r = await client.request<string>(`/containers/${encodeURIComponent(id)}/archive?path=${encodeURIComponent(path)}`,
      { timeoutMs: 10_000, maxBytes: MAX_CONFIG_BYTES * 4 }).catch(() => undefined);
    if (r?.status !== 200 || typeof r.body !== 'string') continue;
    const content = firstTarFile(r.body);
    if (content !== undefined && content !== '') out.push({ path, content });
  }
  return out;
}
