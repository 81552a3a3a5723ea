// Inert, believable answers for what an attacker runs: the commands the analysis split out of a container's
// command, an exec or a stdin script are walked in order against an emulated process (user, working directory,
// environment, exit status) and answered from canned recon output. Nothing is executed or fetched; commands the
// emulation does not know print nothing and succeed, so downloads "work" quietly.
import type { TrapConfig } from './config.js';
import { passwdFile, type ProcessUser } from './users.js';

export interface ObservedCommand {
  readonly argv: readonly string[];
}

/** The emulated process the commands run in. */
export interface ProcessView {
  readonly hostname: string;
  readonly user: ProcessUser;
  /** Working directory ('' is /). */
  readonly workdir: string;
  /** Environment as `KEY=value`, image defaults first, later entries win. */
  readonly env: readonly string[];
}

export interface ShellRun {
  readonly stdout: string;
  readonly exitCode: number;
}

const OUTPUT_CAP = 16_384;
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'busybox']);

function osRelease(os: string): string {
  const m = /Ubuntu (\d+\.\d+)(\.\d+)?/.exec(os);
  const ver = m ? `${m[1]}${m[2] ?? ''}` : '22.04.3';
  return `PRETTY_NAME="Ubuntu ${ver} LTS"\nNAME="Ubuntu"\nVERSION_ID="${m?.[1] ?? '22.04'}"\nVERSION="${ver} LTS (Jammy Jellyfish)"\n`
    + 'VERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\n';
}

/** A shell wrapper (`sh -c ...`, `chroot /mnt bash -c ...`): the analysis lists the commands inside it after it. */
function isWrapper(argv: readonly string[]): boolean {
  return argv.some((a, i) => SHELLS.has(a.split('/').pop() ?? a) && argv[i + 1] === '-c');
}

function resolvePath(cwd: string, p: string): string {
  const parts = (p.startsWith('/') ? p : `${cwd}/${p}`).split('/');
  const out: string[] = [];
  for (const s of parts) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return `/${out.join('/')}`;
}

/** Mutable state of one emulated shell run. */
class Shell {
  cwd: string;
  status = 0;
  out = '';
  readonly env = new Map<string, string>();

  constructor(private readonly cfg: TrapConfig, private readonly proc: ProcessView) {
    this.cwd = proc.workdir || '/';
    this.env.set('HOSTNAME', proc.hostname);
    this.env.set('HOME', proc.user.home);
    for (const kv of proc.env) {
      const i = kv.indexOf('=');
      if (i > 0) this.env.set(kv.slice(0, i), kv.slice(i + 1));
    }
  }

  /** `$X`, `${X}`, `$?` and `$PWD` as the shell would expand them (quoting was already removed by the split). */
  expand(arg: string): string {
    return arg.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*)|(\?))/g, (_m, a: string | undefined, b: string | undefined, q: string | undefined) => {
      if (q) return String(this.status);
      const k = a ?? b ?? '';
      return k === 'PWD' ? this.cwd : this.env.get(k) ?? '';
    });
  }

  environment(): string {
    const lines = [...this.env].map(([k, v]) => `${k}=${v}`);
    return `${[...lines, 'SHLVL=1', `PWD=${this.cwd}`].join('\n')}\n`;
  }

  /** Runs one command; returns false when the shell exits. */
  run(argv0: readonly string[]): boolean {
    const [prog = '', ...args] = argv0.map((a) => this.expand(a));
    const base = prog.split('/').pop() ?? prog;
    const { cfg, proc } = this;
    const arch = cfg.engine.arch === 'amd64' ? 'x86_64' : 'aarch64';
    const u = proc.user;
    const last = this.status;
    this.status = 0;
    switch (base) {
      case 'exit': {
        const n = args[0] === undefined ? last : Number.parseInt(args[0], 10);
        this.status = Number.isNaN(n) ? 2 : ((n % 256) + 256) % 256;
        return false;
      }
      case 'false': this.status = 1; break;
      case 'echo': this.out += `${args.filter((a) => a !== '-n' && a !== '-e').join(' ')}${args.includes('-n') ? '' : '\n'}`; break;
      case 'cd': this.env.set('OLDPWD', this.cwd); this.cwd = resolvePath(this.cwd, args[0] ?? u.home); break;
      case 'pwd': this.out += `${this.cwd}\n`; break;
      case 'export': for (const a of args) { const i = a.indexOf('='); if (i > 0) this.env.set(a.slice(0, i), a.slice(i + 1)); } break;
      case 'env': if (args.length === 0) this.out += this.environment(); break;
      case 'printenv':
        if (args.length === 0) this.out += this.environment();
        else for (const k of args) { const v = k === 'PWD' ? this.cwd : this.env.get(k); if (v === undefined) this.status = 1; else this.out += `${v}\n`; }
        break;
      case 'uname': this.out += args.includes('-a')
        ? `Linux ${proc.hostname} ${cfg.engine.kernel} #98-Ubuntu SMP Mon Oct 2 15:18:56 UTC 2023 ${arch} Linux\n`
        : args.includes('-m') ? `${arch}\n` : args.includes('-r') ? `${cfg.engine.kernel}\n` : 'Linux\n';
        break;
      case 'id': {
        const line = idLine(u, args);
        if (line === undefined) this.status = 1;
        else this.out += line;
        break;
      }
      case 'whoami':
        if (u.name) this.out += `${u.name}\n`;
        else this.status = 1;
        break;
      case 'hostname': this.out += `${proc.hostname}\n`; break;
      case 'nproc': this.out += `${cfg.engine.ncpu}\n`; break;
      case 'cat': this.out += catFile(args, cfg, proc.hostname, this.cwd); break;
      case 'ls': this.out += 'bin\ndev\netc\nhome\nlib\nmedia\nmnt\nopt\nproc\nroot\nrun\nsbin\nsrv\nsys\ntmp\nusr\nvar\n'; break;
      case 'free': {
        const kb = Math.round(cfg.engine.memTotal / 1024);
        this.out += `               total        used        free      shared  buff/cache   available\nMem:       ${kb}     ${Math.round(kb * 0.21)}     ${Math.round(kb * 0.52)}        2044     ${Math.round(kb * 0.27)}     ${Math.round(kb * 0.75)}\nSwap:              0           0           0\n`;
        break;
      }
      default: break;
    }
    return true;
  }
}

/** `id` as coreutils prints it; undefined when a name is asked for an id without one (stderr, status 1). */
function idLine(u: ProcessUser, args: readonly string[]): string | undefined {
  const flags = args.filter((a) => a.startsWith('-')).join('').replace(/-/g, '');
  const named = flags.includes('n');
  if (flags.includes('u')) return named ? (u.name ? `${u.name}\n` : undefined) : `${u.uid}\n`;
  if (flags.includes('g')) return named ? (u.groupName ? `${u.groupName}\n` : undefined) : `${u.gid}\n`;
  const g = `${u.gid}${u.groupName ? `(${u.groupName})` : ''}`;
  const groups = u.uid === 0 ? '0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)' : g;
  return `uid=${u.uid}${u.name ? `(${u.name})` : ''} gid=${g} groups=${groups}\n`;
}

function catFile(args: readonly string[], cfg: TrapConfig, hostname: string, cwd: string): string {
  let out = '';
  for (const a of args.filter((x) => !x.startsWith('-'))) {
    const p = resolvePath(cwd, a);
    if (p.endsWith('/etc/os-release')) out += osRelease(cfg.engine.os);
    else if (p.endsWith('/proc/cpuinfo')) out += `processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz\ncpu cores\t: ${cfg.engine.ncpu}\n`;
    else if (p === '/etc/hostname') out += `${hostname}\n`;
    else if (p === '/etc/passwd') out += passwdFile();
    else if (/^\/proc\/(self|1|\d+)\/cgroup$/.test(p)) out += '0::/\n';
    else if (p === '/proc/version') out += `Linux version ${cfg.engine.kernel} (buildd@lcy02-amd64-044) (x86_64-linux-gnu-gcc-12 (Ubuntu 12.3.0-1ubuntu1~22.04) 12.3.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #98-Ubuntu SMP Mon Oct 2 15:18:56 UTC 2023\n`;
  }
  return out;
}

/** What the emulated process prints (stdout) and the status it exits with. */
export function emulate(commands: readonly ObservedCommand[], cfg: TrapConfig, proc: ProcessView): ShellRun {
  const sh = new Shell(cfg, proc);
  for (const c of commands) {
    if (isWrapper(c.argv)) continue;
    if (!sh.run(c.argv)) break;
    if (sh.out.length > OUTPUT_CAP) break;
  }
  return { stdout: sh.out, exitCode: sh.status };
}
