// Inert, believable answers for what an attacker runs: each simple command runs against an emulated process
// (user, working directory, environment, exit status) and is answered from canned recon output; sh-eval.ts walks
// the script's control flow over it, and emulate() is the flat walk of the analysed commands it falls back to. Nothing is executed or fetched; commands the
// emulation does not know print nothing and succeed, so downloads "work" quietly.
import type { TrapConfig } from './config.js';
import { catFile, grep, idLine, joinLines, lineList, resolvePath } from './shell-text.js';
import type { ProcessUser } from './users.js';
import type { ObservedShellCommand } from './analysis.js';

/** What the emulation reads of a command the analysis split out (analysis.ts documents each field). */
export type ObservedCommand = Pick<ObservedShellCommand, 'argv' | 'wrappers' | 'assignments' | 'rawArgv' | 'chroot' | 'pipeline' | 'stage'
  | 'pipelineLength' | 'origin' | 'redirects'>;

/** `> f`, `>> f`, `1> f`, `&> f`, `>&2`: the command's stdout does not reach the terminal (`2>&1` keeps it). */
export function stdoutRedirected(c: ObservedCommand): boolean {
  return (c.redirects ?? []).some((r) => /^(1?>>?|>\||&>>?|1?>&)$/.test(r.op) && !(r.op.endsWith('&') && r.target === '1'));
}

/** The emulated process the commands run in. */
export interface ProcessView {
  readonly hostname: string;
  readonly user: ProcessUser;
  /** Working directory ('' is /). */
  readonly workdir: string;
  /** Environment as `KEY=value`, image defaults first, later entries win. */
  readonly env: readonly string[];
  /** A TTY was asked for (dockerd then adds `TERM=xterm`). */
  readonly tty?: boolean;
  /**
   * The container's own files (`docker cp` shows the same): read gives text, null for a directory, undefined when
   * missing. Paths under `hostMounts` (bind destinations) and `chroot`ed commands see the decoy host instead.
   */
  readonly fs?: {
    readonly read: (path: string) => string | null | undefined;
    readonly list: (path: string) => string[] | undefined;
    readonly hostMounts: readonly string[];
  };
}

export interface ShellRun {
  readonly stdout: string;
  /** What went to stderr (`echo x >&2`). */
  readonly stderr: string;
  readonly exitCode: number;
}

const OUTPUT_CAP = 16_384;
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'busybox']);

/** A shell wrapper (`sh -c ...`, `chroot /mnt bash -c ...`): the analysis lists the commands inside it after it. */
export function isWrapper(argv: readonly string[]): boolean {
  return argv.some((a, i) => SHELLS.has(a.split('/').pop() ?? a) && argv[i + 1] === '-c');
}

/** Mutable state of one emulated shell run (sh-eval.ts walks a script's control flow over it). */
export class Shell {
  cwd: string;
  status = 0;
  out = '';
  err = '';
  readonly env = new Map<string, string>();

  /**
   * The process environment in dockerd's order (CreateDaemonEnvironment: PATH, HOSTNAME, TERM with a TTY; then the
   * container's and the exec's variables, replacing in place), and runc's HOME last when none was set.
   */
  constructor(private readonly cfg: TrapConfig, readonly proc: ProcessView, private readonly inShell = true) {
    this.cwd = proc.workdir || '/';
    this.env.set('PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    this.env.set('HOSTNAME', proc.hostname);
    if (proc.tty) this.env.set('TERM', 'xterm');
    for (const kv of proc.env) this.assign(this.env, kv);
    if (!this.env.has('HOME')) this.env.set('HOME', proc.user.home);
  }

  private assign(env: Map<string, string>, kv: string): void {
    const i = kv.indexOf('=');
    if (i > 0) env.set(kv.slice(0, i), kv.slice(i + 1));
  }

  /** `$X`, `${X}`, `$1`, `$?` and `$PWD` as the shell would expand them (quoting was already removed by the split). */
  expand(arg: string): string {
    return arg.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*|\d)|(\?))/g, (_m, a: string | undefined, b: string | undefined, q: string | undefined) => {
      if (q) return String(this.status);
      const k = a ?? b ?? '';
      return k === 'PWD' ? this.cwd : this.env.get(k) ?? '';
    });
  }

  /** What `env`/`printenv` print: a shell adds SHLVL and PWD; `env K=V` and `K=V env` add theirs, `env -i` starts empty. */
  environment(c?: ObservedCommand): string {
    const env = c?.rawArgv?.includes('-i') ? new Map<string, string>() : new Map(this.env);
    for (const a of c?.assignments ?? []) this.assign(env, this.expand(a));
    const lines = [...env].map(([k, v]) => `${k}=${v}`);
    if (lines.length === 0) return '';
    return `${[...lines, ...(this.inShell ? ['SHLVL=1', `PWD=${this.cwd}`] : [])].join('\n')}\n`;
  }

  /** Whether `path` is read from the decoy host (a chroot, a bind mount) rather than the container's own files. */
  private onHost(c: ObservedCommand, path: string): boolean {
    const fs = this.proc.fs;
    return !fs || c.chroot !== undefined || path.startsWith('/proc/') || fs.hostMounts.some((m) => path === m || path.startsWith(`${m}/`));
  }

  /** The files a command reads, concatenated; a missing one is busybox's complaint on stderr and status 1. */
  private read(c: ObservedCommand, files: readonly string[], prog: string): string {
    let out = '';
    for (const f of files) {
      const p = resolvePath(this.cwd, f);
      if (this.onHost(c, p)) {
        // Through a bind mount or a chroot it is the host's own /etc/hostname.
        out += catFile([p], this.cfg, this.proc.fs ? this.cfg.engine.hostname : this.proc.hostname, '/');
        continue;
      }
      const text = this.proc.fs?.read(p);
      if (typeof text === 'string') out += text;
      else {
        this.err += text === null ? `${prog}: read error: Is a directory\n` : `${prog}: can't open '${f}': No such file or directory\n`;
        this.status = 1;
      }
    }
    return out;
  }

  /** What `test -f/-d/-s/-x` sees at `path` (no output, no status change); undefined when it is missing. */
  fileInfo(c: ObservedCommand, path: string): { dir: boolean; size: number } | undefined {
    const p = resolvePath(this.cwd, path);
    if (this.onHost(c, p)) {
      if (p === '/' || /^\/(bin|boot|dev|etc|home|lib|lib64|media|mnt|opt|proc|root|run|sbin|srv|sys|tmp|usr|var)$/.test(p)) return { dir: true, size: 4096 };
      const text = catFile([p], this.cfg, this.proc.hostname, '/');
      return text ? { dir: false, size: Buffer.byteLength(text) } : undefined;
    }
    const text = this.proc.fs?.read(p);
    if (text === null) return { dir: true, size: 4096 };
    return typeof text === 'string' ? { dir: false, size: Buffer.byteLength(text) } : undefined;
  }

  private ls(c: ObservedCommand, args: readonly string[]): void {
    const all = args.some((a) => /^-\w*[aA]/.test(a));
    const paths = args.filter((a) => !a.startsWith('-'));
    for (const a of paths.length ? paths : ['.']) {
      const p = resolvePath(this.cwd, a);
      if (this.onHost(c, p)) {
        this.out += 'bin\nboot\ndev\netc\nhome\nlib\nlib64\nmedia\nmnt\nopt\nproc\nroot\nrun\nsbin\nsrv\nsys\ntmp\nusr\nvar\n';
        continue;
      }
      const names = this.proc.fs?.list(p);
      const file = names === undefined ? this.proc.fs?.read(p) : undefined;
      if (names) this.out += joinLines(names.filter((n) => all || !n.startsWith('.')));
      else if (typeof file === 'string') this.out += `${a}\n`;
      else {
        this.err += `ls: ${a}: No such file or directory\n`;
        this.status = 1;
      }
    }
  }

  /** Runs one command (`input`: what the previous pipeline stage printed); returns false when the shell exits. */
  run(c: ObservedCommand, input?: string): boolean {
    // A bare `env` (or `K=V env`): the split keeps no words, only the wrapper.
    if (c.argv.length === 0) {
      if (c.wrappers?.at(-1) === 'env') this.out += this.environment(c);
      else for (const a of c.assignments ?? []) this.assign(this.env, this.expand(a));
      this.status = 0;
      return true;
    }
    const [prog = '', ...args] = c.argv.map((a) => this.expand(a));
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
      case 'env': if (args.length === 0) this.out += this.environment(c); break;
      case 'printenv':
        if (args.length === 0) this.out += this.environment(c);
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
      case 'tty':
        if (proc.tty) this.out += '/dev/pts/0\n';
        else { this.out += 'not a tty\n'; this.status = 1; }
        break;
      case 'nproc': this.out += `${cfg.engine.ncpu}\n`; break;
      case 'cat': this.out += input !== undefined && args.every((a) => a.startsWith('-')) ? input : this.read(c, args.filter((a) => !a.startsWith('-')), base); break;
      case 'grep': case 'egrep': case 'fgrep': {
        const r = grep(args, (files) => input ?? this.read(c, files, base));
        this.out += r.out;
        this.status = r.status;
        break;
      }
      case 'head': case 'tail': {
        const n = Number.parseInt(args.find((a) => /^-?\d+$/.test(a))?.replace('-', '') ?? '10', 10);
        const files = args.filter((a, i) => !a.startsWith('-') && !/^\d+$/.test(a) && args[i - 1] !== '-n');
        const lines = lineList(input ?? this.read(c, files, base));
        this.out += joinLines(base === 'head' ? lines.slice(0, n) : lines.slice(Math.max(0, lines.length - n)));
        break;
      }
      case 'wc': {
        const text = input ?? this.read(c, args.filter((a) => !a.startsWith('-')), base);
        const l = text.split('\n').length - 1;
        const w = text.split(/\s+/).filter(Boolean).length;
        this.out += args.includes('-l') ? `${l}\n` : args.includes('-w') ? `${w}\n` : args.includes('-c') ? `${Buffer.byteLength(text)}\n` : `${String(l).padStart(7)} ${String(w).padStart(7)} ${String(Buffer.byteLength(text)).padStart(7)}\n`;
        break;
      }
      case 'sort': this.out += joinLines(lineList(input ?? '').sort()); break;
      case 'ls': this.ls(c, args); break;
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

/** What the emulated process prints (stdout) and the status it exits with. */
export function emulate(commands: readonly ObservedCommand[], cfg: TrapConfig, proc: ProcessView, script = false): ShellRun {
  // A script on stdin, or `sh -c`, runs in a shell; a bare command (`docker run alpine env`) is exec'd directly.
  const sh = new Shell(cfg, proc, script || commands.some((c) => isWrapper(c.argv)));
  // What each pipeline's earlier stages printed goes to the next stage, not to the terminal; so does a substitution's.
  const pipes = new Map<number, string>();
  for (const c of commands) {
    if (isWrapper(c.argv)) continue;
    const before = sh.out.length;
    const piped = c.pipeline !== undefined && (c.stage ?? 0) > 0;
    const heredoc = c.redirects?.find((r) => r.op.startsWith('<<') && r.body !== undefined);
    if (!sh.run(c, piped ? pipes.get(c.pipeline as number) ?? '' : heredoc ? `${heredoc.body ?? ''}\n` : undefined)) break;
    const captured = c.pipeline !== undefined && (c.stage ?? 0) < (c.pipelineLength ?? 1) - 1;
    if (stdoutRedirected(c)) {
      if (c.redirects?.some((r) => /^1?>&$/.test(r.op) && r.target === '2')) sh.err += sh.out.slice(before);
      sh.out = sh.out.slice(0, before);
    }
    else if (captured || c.origin === 'substitution' || c.origin === 'process-substitution') {
      if (captured) pipes.set(c.pipeline as number, sh.out.slice(before));
      sh.out = sh.out.slice(0, before);
    }
    if (sh.out.length > OUTPUT_CAP) break;
  }
  return { stdout: sh.out, stderr: sh.err, exitCode: sh.status };
}
