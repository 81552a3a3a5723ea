// Container lifecycle: start (the emulated process "runs" for a while, prints inert output and exits 0), wait
// held open until then, attach hijacks with stdcopy frames, logs, top, stats, stop, kill, restart, pause.
import { parseSignal, parseUnixTimestamp, validDetachKeys, validSignalForPlatform } from '../../core/docker-api/index.js';
import { apiLess } from '../config.js';
import { boolOr, truthy, type Handler, type TrapContext } from '../context.js';
import { encodeOutput, STDERR, STDOUT } from '../frames.js';
import { listDecoyDir, readDecoyFile } from '../decoy-fs.js';
import type { HijackedStream, StreamWriter } from '../http/responder.js';
import { emulate, type ProcessView, type ShellRun } from '../output.js';
import { emulateSource, type ShellSource } from '../sh-eval.js';
import { emulateTop } from '../ps.js';
import { recordAnalysis } from '../recorder.js';
import type { EmuContainer, EmuExec } from '../state.js';
import { resolveUser } from '../users.js';
import { lookupContainer, removeContainer } from './containers.js';
import { findNetwork } from './resources.js';
import { atoiParams } from './update.js';

/** `plain`: output as the process wrote it (websocket attach: no stdcopy frames, no TTY newline translation). */
interface Attachment { readonly stream: HijackedStream; readonly tty: boolean; readonly plain?: boolean }
const ATTACHED = new WeakMap<EmuContainer, Set<Attachment>>();
/** Hijacked streams never outlive this, whatever the client does. */
const HIJACK_MAX_MS = 10 * 60_000;
const STDIN_CAP = 64 * 1024;

function attachments(c: EmuContainer): Set<Attachment> {
  let s = ATTACHED.get(c);
  if (!s) ATTACHED.set(c, (s = new Set()));
  return s;
}

/** The emulated process ends: attached streams close, waiters answer, AutoRemove removes. */
export function exitContainer(ctx: TrapContext, c: EmuContainer, code: number): void {
  if (c.status !== 'running') return;
  if (c.exitTimer) clearTimeout(c.exitTimer);
  c.status = 'exited';
  c.paused = false;
  c.exitCode = code;
  c.finishedAt = ctx.now();
  c.pid = 0;
  ctx.session.state.dockerEvent('container', 'die', c.id, { exitCode: String(code), image: c.image, name: c.name }, ctx.now());
  for (const a of attachments(c)) a.stream.end();
  attachments(c).clear();
  c.waiters = c.waiters.filter((w) => !w(code, 'exit'));
  if (c.hostConfig.AutoRemove === true && ctx.session.state.containers.has(c.id)) removeContainer(ctx, c);
}

/** Where the host's files show inside the container: the destinations of its bind mounts. */
function hostMounts(c: EmuContainer): string[] {
  const binds = Array.isArray(c.hostConfig.Binds) ? c.hostConfig.Binds.filter((b): b is string => typeof b === 'string' && b.startsWith('/')) : [];
  const mounts = Array.isArray(c.hostConfig.Mounts) ? (c.hostConfig.Mounts as Array<{ Type?: unknown; Target?: unknown }>) : [];
  return [...binds.map((b) => b.split(':')[1] ?? ''), ...mounts.filter((m) => m.Type === 'bind').map((m) => String(m.Target ?? ''))].filter((d) => d !== '');
}

const IMAGE_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * The emulated process of a container, or of an exec in it: its user (refused in runc's words when the name is
 * not in the decoy passwd), working directory, environment and host name.
 */
export function processOf(c: EmuContainer, e?: EmuExec): { ok: true; view: ProcessView } | { ok: false; error: string } {
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const user = resolveUser(e?.user || str(c.config.User));
  if (!user.ok) return user;
  return { ok: true, view: {
    hostname: str(c.config.Hostname) || c.id.slice(0, 12), user: user.user,
    workdir: e?.workingDir || str(c.config.WorkingDir) || '/', env: [IMAGE_PATH, ...strings(c.config.Env), ...(e?.env ?? [])],
    tty: e ? e.tty : c.tty,
    fs: { read: (p) => readDecoyFile(c, p), list: (p) => listDecoyDir(c, p), hostMounts: hostMounts(c) },
  } };
}

/**
 * Starts the emulated process, or answers why it cannot start (the container stays as it was): its network is
 * looked up first (a network removed since create, or never there), then its user.
 */
function startProcess(ctx: TrapContext, c: EmuContainer): { status: 404 | 500; message: string } | undefined {
  const mode = typeof c.hostConfig.NetworkMode === 'string' ? c.hostConfig.NetworkMode : '';
  if (!c.decoy && mode !== '' && mode !== 'default' && !mode.startsWith('container:') && !findNetwork(ctx, mode).net) {
    return { status: 404, message: `network ${mode} not found` };
  }
  const proc = processOf(c);
  if (!proc.ok) return { status: 500, message: proc.error };
  c.status = 'running';
  c.pid = ctx.session.state.pid();
  c.startedAt = ctx.now();
  c.finishedAt = undefined;
  ctx.session.state.dockerEvent('container', 'start', c.id, { image: c.image, name: c.name }, ctx.now());
  const commands = ctx.analyse({ cmd: c.cmd, entrypoint: c.entrypoint }).commands;
  const run = emulateSource({ argv: processArgv(c.entrypoint, c.cmd) }, commands, ctx.cfg, proc.view);
  c.output = run.stdout;
  c.errOutput = run.stderr;
  for (const a of attachments(c)) {
    a.stream.write(a.plain ? Buffer.from(c.output) : encodeOutput(a.tty, STDOUT, c.output));
    if (run.stderr) a.stream.write(a.plain ? Buffer.from(run.stderr) : encodeOutput(a.tty, STDERR, run.stderr));
  }
  if (!c.longRunning && !c.decoy) {
    c.exitTimer = setTimeout(() => exitContainer(ctx, c, run.exitCode), ctx.cfg.timing.runMs);
    c.exitTimer.unref?.();
  }
  return undefined;
}

/** dockerd after a failed start: exit code 128 unless one was set, attached streams closed, an AutoRemove container removed. */
function startFailed(ctx: TrapContext, c: EmuContainer): void {
  if (c.exitCode === 0) c.exitCode = 128;
  for (const a of attachments(c)) a.stream.end();
  attachments(c).clear();
  if (c.hostConfig.AutoRemove === true && ctx.session.state.containers.has(c.id)) removeContainer(ctx, c);
}

/** What a script sent on stdin prints in the container's (or exec's) process. */
export function stdinOutput(ctx: TrapContext, c: EmuContainer, commands: ReturnType<TrapContext['analyse']>['commands'], e?: EmuExec, script = true,
  source?: ShellSource): ShellRun {
  const proc = processOf(c, e);
  if (!proc.ok) return { stdout: '', stderr: '', exitCode: 126 };
  return source ? emulateSource(source, commands, ctx.cfg, proc.view, script) : emulate(commands, ctx.cfg, proc.view, script);
}

/** Entrypoint+Cmd as the analysis reads them (an Entrypoint sent as one plain string is split on spaces). */
function processArgv(entrypoint: readonly string[], cmd: readonly string[]): string[] {
  const ep = entrypoint.length === 1 && cmd.length > 0 && /\s/.test(entrypoint[0] as string) && !/['"\\$`]/.test(entrypoint[0] as string)
    ? (entrypoint[0] as string).trim().split(/\s+/) : entrypoint;
  return [...ep, ...cmd];
}

export const containerStart: Handler = (ctx) => {
  // "A non-nil json object is at least 7 characters": a longer body is the host config of API < 1.24, refused since.
  if (ctx.body.length > 7 && !apiLess(ctx.apiVersion, '1.24')) {
    ctx.res.error(400, 'starting container with non-empty request body was deprecated since API v1.22 and removed in v1.24');
    return;
  }
  const c = lookupContainer(ctx);
  if (!c) return;
  if (c.status === 'running') {
    ctx.res.empty(304);
    return;
  }
  const refused = startProcess(ctx, c);
  if (refused) {
    startFailed(ctx, c);
    ctx.res.error(refused.status, refused.message);
  } else ctx.res.empty(204);
};

export const containerWait: Handler = (ctx) => {
  const c = lookupContainer(ctx);
  if (!c) return;
  // dockerd knows next-exit and removed; any other value (or none) waits for not-running.
  const condition = ctx.query.condition === 'removed' || ctx.query.condition === 'next-exit' ? ctx.query.condition : 'not-running';
  // dockerd flushes the headers at once (so the answer is always chunked) and writes the body when the container
  // exits; the CLI waits before start.
  const stream = ctx.res.stream(200, 'application/json');
  if (condition === 'not-running' && c.status !== 'running') {
    stream.end(`${JSON.stringify({ Error: null, StatusCode: c.exitCode })}\n`);
    return;
  }
  const waiter = (code: number, event: 'exit' | 'removed'): boolean => {
    if (condition === 'removed' && event !== 'removed') return false;
    stream.end(`${JSON.stringify({ Error: null, StatusCode: code })}\n`);
    return true;
  };
  c.waiters.push(waiter);
  stream.onClose(() => { c.waiters = c.waiters.filter((w) => w !== waiter); });
};

/** Content type of a hijacked stream: multiplexed-stream only for non-TTY on API >= 1.42. */
export function streamType(ctx: TrapContext, tty: boolean): string {
  return !tty && !apiLess(ctx.apiVersion, '1.42') ? 'application/vnd.docker.multiplexed-stream' : 'application/vnd.docker.raw-stream';
}

/**
 * Collect stdin (capped) and analyse it as a script at stdin EOF (or close); `onScript` gets the commands so a
 * `docker run -i ... sh < script` prints the same inert output a piped shell would.
 */
export function captureStdin(ctx: TrapContext, stream: HijackedStream, context: Record<string, unknown>,
  onScript?: (commands: ReturnType<TrapContext['analyse']>['commands'], source: ShellSource) => void): void {
  const parts: Buffer[] = [];
  let size = 0;
  let done = false;
  stream.onInput((chunk) => {
    if (size >= STDIN_CAP) return;
    parts.push(chunk.subarray(0, STDIN_CAP - size));
    size += Math.min(chunk.length, STDIN_CAP - size);
  });
  const finish = () => {
    if (done) return;
    done = true;
    const script = Buffer.concat(parts).toString('utf8').trim();
    if (!script) return;
    const a = recordAnalysis(ctx.session, ctx.analyse, { script }, { ...context, field: 'stdin' });
    onScript?.(a.commands, { script });
  };
  stream.onInputEnd(finish);
  stream.onClose(finish);
}

export function boundHijack(stream: StreamWriter): void {
  const t = setTimeout(() => stream.end(), HIJACK_MAX_MS);
  t.unref?.();
  stream.onClose(() => clearTimeout(t));
}

/**
 * dockerd writes attach refusals itself on the taken-over connection: a bare status line, the raw-stream type and
 * the message (no engine headers, no Date), then closes. Detach keys are checked before the container.
 */
function attachRefusal(ctx: TrapContext, status: 400 | 404, message: string): void {
  ctx.res.rawReply(`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Bad Request'}\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n${message}\r\n`);
}

export const containerAttach: Handler = (ctx) => {
  const keys = ctx.query.detachKeys ?? '';
  if (!validDetachKeys(keys)) {
    attachRefusal(ctx, 400, `Invalid detach keys (${keys}) provided`);
    return;
  }
  const ref = ctx.params.id ?? '';
  const c = ctx.session.state.findContainer(ref);
  if (!c) {
    attachRefusal(ctx, 404, `No such container: ${ref}`);
    return;
  }
  const stream = ctx.res.hijack(streamType(ctx, c.tty));
  boundHijack(stream);
  if (truthy(ctx.query.stdin)) {
    captureStdin(ctx, stream, { route: ctx.routeId, container: c.id }, (commands, source) => {
      const out = stdinOutput(ctx, c, commands, undefined, true, source).stdout;
      if (c.output.length < 65_536) c.output += out;
      if (!stream.closed) stream.write(encodeOutput(c.tty, STDOUT, out));
    });
  }
  if (truthy(ctx.query.logs) && c.output) stream.write(encodeOutput(c.tty, STDOUT, c.output));
  if (truthy(ctx.query.logs) && c.errOutput) stream.write(encodeOutput(c.tty, STDERR, c.errOutput));
  if (c.status === 'exited') {
    stream.end();
    return;
  }
  ctx.session.state.dockerEvent('container', 'attach', c.id, { image: c.image, name: c.name }, ctx.now());
  const a: Attachment = { stream, tty: c.tty };
  attachments(c).add(a);
  stream.onClose(() => attachments(c).delete(a));
};

/** Attach an already-framed stream (websocket) to a container's output, written plain. */
export function registerAttachment(c: EmuContainer, stream: HijackedStream): void {
  const a: Attachment = { stream, tty: c.tty, plain: true };
  attachments(c).add(a);
  stream.onClose(() => attachments(c).delete(a));
}

export const containerLogs: Handler = (ctx) => {
  if (!truthy(ctx.query.stdout) && !truthy(ctx.query.stderr)) {
    ctx.res.error(400, 'Bad parameters: you must choose at least one stream');
    return;
  }
  const c = lookupContainer(ctx);
  if (!c) return;
  // An unreadable tail means "all"; since/until must be unix timestamps (the CLI converts durations and dates).
  for (const k of ['since', 'until'] as const) {
    const r = parseUnixTimestamp(ctx.query[k] ?? '', 0);
    if (!r.ok) {
      ctx.res.error(500, r.error);
      return;
    }
  }
  const stamp = truthy(ctx.query.timestamps);
  // jsonmessage.RFC3339NanoFixed: always nine fraction digits, each line a little later than the one before.
  const at = (i: number): string => new Date(c.startedAt ?? ctx.now()).toISOString().replace(/Z$/, `${String(Math.min(104_518 + i * 36_611, 999_999))}Z`);
  const stamped = (out: string): string => (stamp ? out.split('\n').filter(Boolean).map((l, i) => `${at(i)} ${l}\n`).join('') : out);
  const text = stamped(c.output);
  // 20.10 (API 1.41) flushes the headers with no Content-Type at all; 23.0+ labels the stream.
  const stream = ctx.res.stream(200, apiLess(ctx.profile.apiVersion, '1.42') ? '' : streamType(ctx, c.tty));
  if (truthy(ctx.query.stdout)) stream.write(encodeOutput(c.tty, STDOUT, text));
  if (truthy(ctx.query.stderr) && c.errOutput) stream.write(encodeOutput(c.tty, STDERR, stamped(c.errOutput)));
  if (truthy(ctx.query.follow) && c.status === 'running') {
    boundHijack(stream);
    const waiter = (): boolean => { stream.end(); return true; };
    c.waiters.push(waiter);
    stream.onClose(() => { c.waiters = c.waiters.filter((w) => w !== waiter); });
    return;
  }
  stream.end();
};

export const containerTop: Handler = (ctx) => {
  const c = lookupContainer(ctx);
  if (!c) return;
  if (c.status !== 'running') {
    ctx.res.error(409, `Container ${c.id} is not running`);
    return;
  }
  const proc = processOf(c);
  const user = proc.ok ? proc.view.user : { uid: 0, gid: 0, name: 'root', groupName: 'root' };
  const top = emulateTop(ctx.query.ps_args ?? '', [{
    pid: c.pid, ppid: c.pid - 21, user: user.name ?? String(user.uid), uid: user.uid, group: user.groupName ?? String(user.gid), gid: user.gid,
    started: new Date(c.startedAt ?? ctx.now()), args: [...c.entrypoint, ...c.cmd].join(' ') || '/bin/sh', tty: c.tty,
  }], new Date(ctx.now()));
  if (top.ok) ctx.res.json(200, { Processes: top.processes, Titles: top.titles });
  else ctx.res.error(500, top.error);
};

function statsSample(ctx: TrapContext, c: EmuContainer, n: number): Record<string, unknown> {
  const t = ctx.now();
  const step = 4_000_000 * (1 + (parseInt(c.id.slice(6, 8), 16) % 23));
  const usage = 40_000_000_000 + n * step + (parseInt(c.id.slice(0, 6), 16) % 1_000_000_000);
  const system = 9_000_000_000_000_000 + n * ctx.cfg.engine.ncpu * 1_000_000_000;
  const cpu = { cpu_usage: { total_usage: usage, usage_in_kernelmode: Math.floor(usage / 5), usage_in_usermode: Math.floor(usage * 0.8) },
    system_cpu_usage: system, online_cpus: ctx.cfg.engine.ncpu, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } };
  const running = c.status === 'running';
  return { read: new Date(t).toISOString(), preread: new Date(t - 1000).toISOString(), pids_stats: { current: running ? 3 : 0, limit: 4_194_304 },
    num_procs: 0, storage_stats: {}, blkio_stats: { io_service_bytes_recursive: running ? [] : null, io_serviced_recursive: null, io_queue_recursive: null,
      io_service_time_recursive: null, io_wait_time_recursive: null, io_merged_recursive: null, io_time_recursive: null, sectors_recursive: null }, cpu_stats: cpu, precpu_stats: { ...cpu, cpu_usage: { ...cpu.cpu_usage, total_usage: usage - step }, system_cpu_usage: system - ctx.cfg.engine.ncpu * 1_000_000_000 },
    memory_stats: running ? { usage: 9_437_184, stats: { anon: 4_194_304, file: 2_097_152 }, limit: ctx.cfg.engine.memTotal } : {},
    name: `/${c.name}`, id: c.id, networks: running && c.hostConfig.NetworkMode !== 'none' ? { eth0: { rx_bytes: 1446, rx_packets: 17, rx_errors: 0, rx_dropped: 0, tx_bytes: 0, tx_packets: 0, tx_errors: 0, tx_dropped: 0 } } : undefined };
}

export const containerStats: Handler = (ctx) => {
  const c = lookupContainer(ctx);
  if (!c) return;
  const streamIt = ctx.query.stream === undefined ? !truthy(ctx.query['one-shot']) : boolOr(ctx.query.stream, true);
  if (!streamIt) {
    ctx.res.json(200, statsSample(ctx, c, 0));
    return;
  }
  const stream = ctx.res.stream(200, 'application/json');
  let n = 0;
  const tick = () => stream.write(`${JSON.stringify(statsSample(ctx, c, n++))}\n`);
  tick();
  const t = setInterval(tick, 1000);
  t.unref?.();
  boundHijack(stream);
  stream.onClose(() => clearInterval(t));
};

export const containerStop: Handler = (ctx) => {
  if (!atoiParams(ctx, ['t'], 500)) return;
  const c = lookupContainer(ctx);
  if (!c) return;
  if (c.status !== 'running') {
    ctx.res.empty(304);
    return;
  }
  ctx.session.state.dockerEvent('container', 'kill', c.id, { image: c.image, name: c.name, signal: '15' }, ctx.now());
  exitContainer(ctx, c, c.decoy ? 0 : 137);
  ctx.session.state.dockerEvent('container', 'stop', c.id, { image: c.image, name: c.name }, ctx.now());
  ctx.res.empty(204);
};

export const containerKill: Handler = (ctx) => {
  const ref = ctx.params.id ?? '';
  // The signal is parsed first (400), then the container looked up (404), then the number checked (500).
  const raw = ctx.query.signal ?? '';
  const sig = raw === '' ? { ok: true as const, value: 9n } : parseSignal(raw);
  if (!sig.ok) {
    ctx.res.error(400, sig.error);
    return;
  }
  const c = ctx.session.state.findContainer(ref);
  if (!c) {
    ctx.res.error(404, `Cannot kill container: ${ref}: No such container: ${ref}`);
    return;
  }
  if (!validSignalForPlatform(sig.value)) {
    ctx.res.error(500, `Cannot kill container: ${ref}: The linux daemon does not support signal ${sig.value}`);
    return;
  }
  if (c.status !== 'running') {
    ctx.res.error(409, `Cannot kill container: ${ctx.params.id ?? c.id}: Container ${c.id} is not running`);
    return;
  }
  ctx.session.state.dockerEvent('container', 'kill', c.id, { image: c.image, name: c.name, signal: String(sig.value) }, ctx.now());
  exitContainer(ctx, c, 137);
  ctx.res.empty(204);
};

export const containerRestart: Handler = (ctx) => {
  if (!atoiParams(ctx, ['t'], 500)) return;
  const c = lookupContainer(ctx);
  if (!c) return;
  if (c.status === 'running') exitContainer(ctx, c, 0);
  const refused = startProcess(ctx, c);
  if (refused) {
    startFailed(ctx, c);
    ctx.res.error(500, `Cannot restart container ${ctx.params.id ?? c.id}: ${refused.message}`);
  } else ctx.res.empty(204);
};
