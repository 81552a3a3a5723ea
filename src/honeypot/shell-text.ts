// What the inert shell's text commands print: recon files of the decoy host (`cat`), `id`, and the filters a pipe
// feeds (`grep`, line lists); pure functions of their arguments, split from output.ts so each stays small.
import type { TrapConfig } from './config.js';
import { passwdFile, type ProcessUser } from './users.js';

/** The decoy host's /etc/os-release (Ubuntu, from the engine's `OperatingSystem`). */
export function osRelease(os: string): string {
  const m = /Ubuntu (\d+\.\d+)(\.\d+)?/.exec(os);
  const ver = m ? `${m[1]}${m[2] ?? ''}` : '22.04.3';
  return `PRETTY_NAME="Ubuntu ${ver} LTS"\nNAME="Ubuntu"\nVERSION_ID="${m?.[1] ?? '22.04'}"\nVERSION="${ver} LTS (Jammy Jellyfish)"\n`
    + 'VERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\n';
}

/** An absolute path from a working directory, `.` and `..` resolved without leaving `/`. */
export function resolvePath(cwd: string, p: string): string {
  const parts = (p.startsWith('/') ? p : `${cwd}/${p}`).split('/');
  const out: string[] = [];
  for (const s of parts) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return `/${out.join('/')}`;
}

/** Lines of a text without the empty one after its last newline. */
export function lineList(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
export const joinLines = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join('');

/** grep over what was piped in (or the decoy files named): -c, -v, -i, -q, -e; exit 1 when nothing matched. */
export function grep(args: readonly string[], read: (files: string[]) => string): { out: string; status: number } {
  const flags = new Set<string>();
  const rest: string[] = [];
  let pattern: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-e') pattern = args[++i];
    else if (/^-[a-zA-Z]+$/.test(a)) for (const f of a.slice(1)) flags.add(f);
    else if (a.startsWith('--')) continue;
    else if (pattern === undefined) pattern = a;
    else rest.push(a);
  }
  if (pattern === undefined) return { out: '', status: 2 };
  let re: RegExp;
  try { re = new RegExp(flags.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : pattern, flags.has('i') ? 'i' : ''); } catch { return { out: '', status: 2 }; }
  const hits = lineList(read(rest)).filter((l) => re.test(l) !== flags.has('v'));
  const status = hits.length > 0 ? 0 : 1;
  if (flags.has('q')) return { out: '', status };
  return { out: flags.has('c') ? `${hits.length}\n` : joinLines(hits), status };
}

/** `id` as coreutils prints it; undefined when a name is asked for an id without one (stderr, status 1). */
export function idLine(u: ProcessUser, args: readonly string[]): string | undefined {
  const flags = args.filter((a) => a.startsWith('-')).join('').replace(/-/g, '');
  const named = flags.includes('n');
  if (flags.includes('u')) return named ? (u.name ? `${u.name}\n` : undefined) : `${u.uid}\n`;
  if (flags.includes('g')) return named ? (u.groupName ? `${u.groupName}\n` : undefined) : `${u.gid}\n`;
  const g = `${u.gid}${u.groupName ? `(${u.groupName})` : ''}`;
  const groups = u.uid === 0 ? '0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)' : g;
  return `uid=${u.uid}${u.name ? `(${u.name})` : ''} gid=${g} groups=${groups}\n`;
}

export function catFile(args: readonly string[], cfg: TrapConfig, hostname: string, cwd: string): string {
  let out = '';
  for (const a of args.filter((x) => !x.startsWith('-'))) {
    const p = resolvePath(cwd, a);
    if (p.endsWith('/etc/os-release')) out += osRelease(cfg.engine.os);
    // One block per CPU, as the kernel prints it: miners count `^processor` lines to size their threads.
    else if (p.endsWith('/proc/cpuinfo')) {
      for (let i = 0; i < cfg.engine.ncpu; i++) {
        out += `processor\t: ${i}\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\nmodel name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz\n`
          + `cpu MHz\t\t: 2499.998\ncache size\t: 36608 KB\nphysical id\t: 0\nsiblings\t: ${cfg.engine.ncpu}\ncore id\t\t: ${i >> 1}\ncpu cores\t: ${Math.max(1, cfg.engine.ncpu >> 1)}\n`
          + 'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid aperfmperf tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch invpcid_single pti fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid mpx avx512f avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves ida arat pku ospke\n\n';
      }
    }
    else if (p.endsWith('/etc/hostname')) out += `${hostname}\n`;
    else if (p === '/etc/passwd') out += passwdFile();
    else if (/^\/proc\/(self|1|\d+)\/cgroup$/.test(p)) out += '0::/\n';
    else if (p === '/proc/version') out += `Linux version ${cfg.engine.kernel} (buildd@lcy02-amd64-044) (x86_64-linux-gnu-gcc-12 (Ubuntu 12.3.0-1ubuntu1~22.04) 12.3.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #98-Ubuntu SMP Mon Oct 2 15:18:56 UTC 2023\n`;
  }
  return out;
}
