// The inert shell's control flow: walks the tree sh-parse.ts reads from the original script (or exec argv) over
// output.ts's emulated process, so `&&`/`||`/`if`/`case`/`$(…)` take the branches sh would. Nothing is executed.
import { splitArgv, splitShell } from '../core/rules/index.js';
import type { WordToken } from '../core/rules/shell/lex.js';
import type { TrapConfig } from './config.js';
import { emulate, isWrapper, Shell, stdoutRedirected, type ObservedCommand, type ProcessView, type ShellRun } from './output.js';
import { parseScript, ShParseError, type AndOr, type Cmd, type List, type Pipeline, type Redir } from './sh-parse.js';
import { isToolPath, lookupCommands } from './sh-path.js';
import { shTest } from './sh-test.js';

/** What the process was given: an exec-form argv (Entrypoint+Cmd, exec Cmd) or a script (stdin). */
export type ShellSource = { readonly argv: readonly string[] } | { readonly script: string };

const OUTPUT_CAP = 16_384;
const MAX_STEPS = 5_000;
const MAX_DEPTH = 16;
const LOOP_CAP = 100;
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

class Exit { constructor(readonly status: number) {} }
class Return { constructor(readonly status: number) {} }
class Stop {}

const word = (value: string): WordToken => ({ kind: 'word', value, subs: [], quoted: true, ansiC: false });
const globRe = (p: string): RegExp => new RegExp(`^${p.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');

class Interp {
  private steps = 0;
  private depth = 0;
  private readonly funcs = new Map<string, Cmd>();
  constructor(readonly sh: Shell, private chroot: string | undefined) {}

  private tick(): void {
    if (++this.steps > MAX_STEPS || this.sh.out.length > OUTPUT_CAP) throw new Stop();
  }

  /** A child shell (`( … )`, `$( … )`, `sh -c`, pipeline stages): its cwd, variables and exit stay inside. */
  subshell(run: () => void): void {
    const { cwd } = this.sh;
    const env = new Map(this.sh.env);
    const chroot = this.chroot;
    if (++this.depth > MAX_DEPTH) { this.depth--; return; }
    try { run(); } catch (e) {
      if (e instanceof Exit) this.sh.status = e.status;
      else throw e;
    } finally {
      this.depth--;
      this.sh.cwd = cwd;
      this.chroot = chroot;
      this.sh.env.clear();
      for (const [k, v] of env) this.sh.env.set(k, v);
    }
  }

  /**
   * Runs shell text in a child shell. Text the parser does not follow (bash-isms, broken scripts) is walked flat,
   * command after command as core split it, as the trap did before it followed control flow.
   */
  script(text: string): void {
    let list: List;
    try { list = parseScript(text); } catch (e) {
      if (!(e instanceof ShParseError)) throw e;
      this.subshell(() => {
        for (const c of splitShell(text)) {
          this.tick();
          if (c.depth === 0 && !isWrapper(c.argv) && !this.sh.run({ ...c, ...((c.chroot ?? this.chroot) !== undefined ? { chroot: c.chroot ?? this.chroot } : {}) })) throw new Exit(this.sh.status);
        }
      });
      return;
    }
    this.subshell(() => this.list(list));
  }

  list(l: List): void { for (const a of l) this.andOr(a); }

  private andOr(a: AndOr): void {
    this.pipeline(a.first);
    for (const { op, p } of a.rest) if ((op === '&&') === (this.sh.status === 0)) this.pipeline(p);
  }

  private pipeline(p: Pipeline): void {
    if (p.cmds.length === 1) this.cmd(p.cmds[0] as Cmd);
    else {
      let input: string | undefined;
      p.cmds.forEach((c, k) => {
        const before = this.sh.out.length;
        this.subshell(() => this.cmd(c, input));
        if (k < p.cmds.length - 1) { input = this.sh.out.slice(before); this.sh.out = this.sh.out.slice(0, before); }
      });
    }
    if (p.bang) this.sh.status = this.sh.status === 0 ? 1 : 0;
  }

  /** Expands a word: `$(…)` and backticks become the emulated output of their commands (`$X` is output.ts's). */
  private words(ws: readonly WordToken[]): string[] {
    const out: string[] = [];
    for (const w of ws) {
      let v = w.value;
      for (const s of w.subs) {
        const raw = [`$(${s.text})`, `\`${s.text}\``, `\`${s.text.replace(/`/g, '\\`')}\``].find((r) => v.includes(r));
        if (raw === undefined) continue;
        const text = s.kind === 'cmd' ? this.substitute(s.text) : '/dev/fd/63';
        v = v.replace(raw, () => text);
      }
      if (!w.quoted && w.subs.length > 0) out.push(...v.split(/\s+/).filter(Boolean));
      else out.push(v);
    }
    return out;
  }

  private substitute(text: string): string {
    const { out } = this.sh;
    this.sh.out = '';
    this.script(text);
    const printed = this.sh.out;
    this.sh.out = out;
    return printed.replace(/\n+$/, '');
  }

  private cmd(c: Cmd, pipedIn?: string): void {
    this.tick();
    const before = this.sh.out.length;
    const errBefore = this.sh.err.length;
    const here = c.redirects.find((r) => r.op.startsWith('<<'));
    const input = here ? `${here.body ?? here.target}\n` : pipedIn;
    switch (c.t) {
      case 'simple': this.simple(c.words, c.redirects, input); break;
      case 'group': if (c.subshell) this.subshell(() => this.list(c.body)); else this.list(c.body); break;
      case 'func': this.funcs.set(c.name, c.body); this.sh.status = 0; break;
      case 'if': {
        const arm = c.arms.find((a) => { this.list(a.cond); return this.sh.status === 0; });
        if (arm) this.list(arm.body);
        else if (c.otherwise) this.list(c.otherwise);
        else this.sh.status = 0;
        break;
      }
      case 'case': {
        const subject = this.sh.expand(this.words([c.word]).join(' '));
        const item = c.items.find((i) => i.patterns.some((p) => globRe(this.sh.expand(this.words([p]).join(' '))).test(subject)));
        this.sh.status = 0;
        if (item) this.list(item.body);
        break;
      }
      case 'for': {
        const items = c.words ? this.words(c.words).map((w) => this.sh.expand(w)) : [];
        this.sh.status = 0;
        for (const v of items.slice(0, LOOP_CAP)) { this.sh.env.set(c.name, v); this.list(c.body); }
        break;
      }
      case 'loop': {
        let last = 0;
        for (let n = 0; n < LOOP_CAP; n++) {
          this.list(c.cond);
          if ((this.sh.status === 0) === c.until) break;
          this.list(c.body);
          last = this.sh.status;
        }
        this.sh.status = last;
        break;
      }
    }
    this.redirect(c.redirects, before, errBefore);
  }

  /** `> f`, `>&2`, `2>/dev/null`, `&>`: what the command printed goes elsewhere than the terminal. */
  private redirect(redirects: readonly Redir[], before: number, errBefore: number): void {
    if (redirects.length === 0) return;
    const c = { argv: [], redirects } as ObservedCommand;
    if (redirects.some((r) => /^(2>>?|&>>?)$/.test(r.op))) this.sh.err = this.sh.err.slice(0, errBefore);
    if (stdoutRedirected(c)) {
      if (redirects.some((r) => /^1?>&$/.test(r.op) && r.target === '2')) this.sh.err += this.sh.out.slice(before);
      this.sh.out = this.sh.out.slice(0, before);
    }
  }

  private simple(ws: readonly WordToken[], redirects: readonly Redir[], input: string | undefined): void {
    const argv = this.words(ws);
    const subStatus = this.sh.status;
    const hadSub = ws.some((w) => w.subs.length > 0);
    const obs = observe(argv, redirects, this.chroot);
    const [prog = '', ...args] = obs.argv.map((a) => this.sh.expand(a));
    const base = prog.split('/').pop() ?? prog;
    const raw0 = obs.rawArgv?.[0] ?? '';
    if (obs.chroot !== undefined) this.chroot = obs.chroot;
    // `command -v X` (the split steps over `command` as a wrapper), `which X`, `type X`.
    if ((raw0 === 'command' && /^-[vV]$/.test(obs.rawArgv?.[1] ?? '')) || base === 'which' || base === 'type') {
      const names = raw0 === 'command' ? (obs.rawArgv ?? []).slice(2).map((a) => this.sh.expand(a)) : args;
      const r = lookupCommands(raw0 === 'command' ? 'command' : base as 'which' | 'type', names, (p) => this.exists(obs, p), new Set(this.funcs.keys()));
      this.sh.out += r.out;
      this.sh.status = r.status;
      return;
    }
    const fn = this.funcs.get(prog);
    if (fn && obs.wrappers?.length === 0) {
      const saved = args.map((_, k) => [String(k + 1), this.sh.env.get(String(k + 1))] as const);
      args.forEach((a, k) => this.sh.env.set(String(k + 1), a));
      if (this.depth >= MAX_DEPTH) { this.sh.status = 2; return; }
      this.depth++;
      try { this.cmd(fn, input); } catch (e) {
        if (e instanceof Return) this.sh.status = e.status; else throw e;
      } finally { this.depth--; for (const [k, v] of saved) if (v === undefined) this.sh.env.delete(k); else this.sh.env.set(k, v); }
      return;
    }
    // The script of `sh -c` and `eval` is expanded by the shell that runs it, not here.
    const literal = obs.argv.slice(1);
    const inline = SHELLS.has(base) ? literal.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a)) : -1;
    if (inline >= 0) { this.script(literal[inline + 1] ?? ''); return; }
    if (SHELLS.has(base) && input !== undefined && args.every((a) => a.startsWith('-'))) { this.script(input); return; }
    switch (base) {
      case 'test': case '[': {
        const r = shTest(args, base === '[', { info: (p) => this.sh.fileInfo(obs, p), executable: (p) => this.exists(obs, p), tty: this.sh.proc.tty === true });
        this.sh.err += r.err;
        this.sh.status = r.status;
        return;
      }
      case 'true': case ':': this.sh.status = 0; return;
      case 'return': throw new Return(args[0] === undefined ? this.sh.status : Number.parseInt(args[0], 10) & 255);
      case 'eval': this.script(literal.join(' ')); return;
      case 'base64': {
        const text = input ?? '';
        this.sh.out += args.some((a) => /^(-d|--decode)$/.test(a))
          ? Buffer.from(text, 'base64').toString('utf8')
          : `${(Buffer.from(text).toString('base64').match(/.{1,76}/g) ?? []).join('\n')}\n`;
        this.sh.status = 0;
        return;
      }
      default: break;
    }
    if (!this.sh.run(obs, input)) throw new Exit(this.sh.status);
    // `x=$(false)` leaves the substitution's status.
    if (obs.argv.length === 0 && hadSub && (obs.wrappers ?? []).length === 0) this.sh.status = subStatus;
  }

  /** `[ -x p ]`, `command -v /p`: an emulated file, or one of the image's programs. */
  private exists(obs: ObservedCommand, p: string): boolean {
    return isToolPath(p) || this.sh.fileInfo(obs, p) !== undefined;
  }
}

/** One simple command as output.ts reads it: core's split of its words (wrappers, `K=V`, `chroot DIR`). */
function observe(argv: readonly string[], redirects: readonly Redir[], chroot: string | undefined): ObservedCommand {
  const c = argv.length === 1 && /\s/.test(argv[0] as string) ? undefined : splitArgv(argv)[0];
  const obs: ObservedCommand = c
    ? { argv: c.argv, rawArgv: c.rawArgv, wrappers: c.wrappers, assignments: c.assignments, ...(c.chroot ?? chroot) !== undefined ? { chroot: c.chroot ?? chroot } : {} }
    : { argv, rawArgv: argv, wrappers: [], assignments: [], ...(chroot !== undefined ? { chroot } : {}) };
  return { ...obs, redirects };
}

/**
 * What the emulated process prints and exits with, following the script's control flow. `commands` (the
 * analysis of the same input) is walked flat instead when the text uses syntax the parser does not follow.
 */
export function emulateSource(source: ShellSource, commands: readonly ObservedCommand[], cfg: TrapConfig, proc: ProcessView, script = false): ShellRun {
  let list: List;
  try {
    if ('script' in source) list = parseScript(source.script);
    else if (source.argv.length === 1 && /\s/.test(source.argv[0] as string)) list = parseScript(source.argv[0] as string);
    else if (source.argv.length === 0) return { stdout: '', stderr: '', exitCode: 0 };
    else list = [{ first: { bang: false, cmds: [{ t: 'simple', words: source.argv.map(word), redirects: [] }] }, rest: [] }];
  } catch (e) {
    if (e instanceof ShParseError) return emulate(commands, cfg, proc, script);
    throw e;
  }
  const sh = new Shell(cfg, proc, 'script' in source || script || commands.some((c) => isWrapper(c.argv)));
  const interp = new Interp(sh, undefined);
  try { interp.list(list); } catch (e) {
    if (e instanceof Exit || e instanceof Return) sh.status = e.status;
    else if (!(e instanceof Stop)) throw e;
  }
  return { stdout: sh.out, stderr: sh.err, exitCode: sh.status };
}
