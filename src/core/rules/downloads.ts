// Recognises downloads in commands: curl/wget (also via busybox), whether they write to stdout (piped on)
// or to a file, and which file — shared by the download-and-execute rules.
import { progName, type ShellCommand } from './shell/split.js';

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'lwp-download', 'tftp', 'wget2', 'ftpget', 'dget']);

export function isDownload(c: ShellCommand): boolean {
  const p = progName(c.argv[0]);
  if (DOWNLOADERS.has(p)) return true;
  // python -c "urllib..." / perl LWP one-liners
  return (p.startsWith('python') || p === 'perl') && c.argv.some((a) => /urllib|urlopen|requests\.get|LWP::|HTTP::Tiny/.test(a));
}

/** The URL(s) a download command fetches. */
export function urlsOf(c: ShellCommand): string[] {
  return c.argv.slice(1).filter((a) => /^(?:https?|ftp|tftp):\/\//i.test(a) || /^[\w.-]+\.[a-z]{2,}(?::\d+)?\//i.test(a) ||
    /^\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\//.test(a));
}

/** Value of an option given as `-o V`, `-oV`, `--output V` or `--output=V`; short flags may be bundled (`-qO-`). */
function optValue(argv: readonly string[], short: string, long: string): string | undefined {
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k] as string;
    if (a === long) return argv[k + 1] ?? '';
    if (a.startsWith(`${long}=`)) return a.slice(long.length + 1);
    if (/^-[a-zA-Z]+/.test(a) && !a.startsWith('--')) {
      const i = a.indexOf(short);
      if (i > 0) return a.length > i + 1 ? a.slice(i + 1) : (argv[k + 1] ?? '');
    }
  }
  return undefined;
}

/** Where the download goes: 'stdout', a file path, or undefined when it cannot be told. */
export function downloadOutput(c: ShellCommand): 'stdout' | string | undefined {
  const p = progName(c.argv[0]);
  const urls = urlsOf(c);
  const base = (u: string | undefined) => (u ? (u.split(/[?#]/)[0] ?? '').split('/').filter(Boolean).pop() : undefined);
  if (p === 'curl') {
    const o = optValue(c.argv, 'o', '--output');
    if (o !== undefined) return o === '-' || o === '/dev/stdout' ? 'stdout' : o;
    if (c.argv.some((a) => a === '-O' || a === '--remote-name' || /^-[a-zA-Z]*O[a-zA-Z]*$/.test(a))) return base(urls[0]);
    const redirect = c.redirects.find((r) => /^1?>>?$/.test(r.op));
    return redirect ? redirect.target : 'stdout';
  }
  if (p === 'wget' || p === 'wget2') {
    const o = optValue(c.argv, 'O', '--output-document');
    if (o !== undefined) return o === '-' || o === '/dev/stdout' ? 'stdout' : o;
    const dir = optValue(c.argv, 'P', '--directory-prefix');
    const b = base(urls[0]);
    return b ? (dir ? `${dir.replace(/\/$/, '')}/${b}` : b) : undefined;
  }
  const retrieve = c.argv.map((x) => /urlretrieve\([^,]+,\s*['"]([^'"]+)['"]/.exec(x)?.[1]).find(Boolean);
  if (retrieve) return retrieve;
  const redirect = c.redirects.find((r) => /^1?>>?$/.test(r.op));
  if (redirect) return redirect.target;
  return 'stdout';
}
