// Exec create/start/inspect: `docker exec` and SDK scripts (XORDDoS-style "run in every container") get an
// exec id, a hijacked stream with inert output, and exit code 0; every command is recorded and analysed.
import { decodeBody, decodeExecCreate, decoderMessage, goAtoi, validDetachKeys } from '../../core/docker-api/index.js';
import { field, jsonSafe, strList, type Handler } from '../context.js';
import { encodeOutput, STDERR, STDOUT } from '../frames.js';
import { recordAnalysis } from '../recorder.js';
import { badContentType, lookupContainer } from './containers.js';
import { boundHijack, captureStdin, processOf, stdinOutput, streamType } from './lifecycle.js';

export const execCreate: Handler = (ctx) => {
  if (badContentType(ctx)) return;
  const c = lookupContainer(ctx);
  if (!c) return;
  const decoded = decodeExecCreate(ctx.body);
  const body = jsonSafe((decoded.value ?? {}) as Record<string, unknown>);
  const cmd = strList(field(body, 'Cmd'));
  const payload = {
    container: c.id, container_name: c.name, decoy: c.decoy, cmd, user: typeof field(body, 'User') === 'string' ? field(body, 'User') : '',
    privileged: field(body, 'Privileged') === true, tty: field(body, 'Tty') === true, env: strList(field(body, 'Env')),
    working_dir: typeof field(body, 'WorkingDir') === 'string' ? field(body, 'WorkingDir') : '',
  };
  if (decoded.error) {
    // 20.10 answers every unreadable exec body with 400 (InvalidParameter), in json.Decoder's words.
    const noCmd = decoded.error.message === 'No exec command specified';
    const message = decoderMessage(decoded.error, 'got EOF while reading request body');
    ctx.session.log.emit('trap.exec.create_attempted', { ...payload, outcome: noCmd ? 'no_command' : 'invalid_body', error: message });
    ctx.res.error(400, message);
    return;
  }
  if (c.status !== 'running') {
    ctx.session.log.emit('trap.exec.create_attempted', { ...payload, outcome: 'not_running' });
    ctx.res.error(409, `Container ${c.id} is not running`);
    return;
  }
  if (c.paused === true) {
    ctx.session.log.emit('trap.exec.create_attempted', { ...payload, outcome: 'paused' });
    ctx.res.error(409, `Container ${ctx.params.id ?? c.name} is paused, unpause the container before exec`);
    return;
  }
  const detachKeys = typeof field(body, 'DetachKeys') === 'string' ? (field(body, 'DetachKeys') as string) : '';
  if (!validDetachKeys(detachKeys)) {
    ctx.session.log.emit('trap.exec.create_attempted', { ...payload, outcome: 'invalid_body', error: 'invalid detach keys' });
    ctx.res.error(500, `Invalid escape keys (${detachKeys}) provided`);
    return;
  }
  if (ctx.session.state.execs.size >= ctx.cfg.limits.maxObjectsPerSession) {
    ctx.res.error(500, 'exec: resource temporarily unavailable');
    return;
  }
  const e = ctx.session.state.createExec(c, {
    cmd, tty: payload.tty, user: payload.user as string, env: payload.env, workingDir: payload.working_dir as string, privileged: payload.privileged,
    attachStdin: field(body, 'AttachStdin') === true, attachStdout: field(body, 'AttachStdout') !== false, attachStderr: field(body, 'AttachStderr') !== false,
  });
  ctx.session.log.emit('trap.exec.create_attempted', { ...payload, outcome: 'created', exec: e.id });
  ctx.session.state.dockerEvent('container', `exec_create: ${cmd.join(' ')}`, c.id, { execID: e.id, image: c.image, name: c.name }, ctx.now());
  recordAnalysis(ctx.session, ctx.analyse, { execCmds: [cmd] }, { route: ctx.routeId, container: c.id, exec: e.id });
  ctx.res.json(201, { Id: e.id });
};

export const execStart: Handler = (ctx) => {
  // Content type, then the body (json.Decoder: one value, errors 400), then the exec id.
  if (badContentType(ctx)) return;
  const decoded = decodeBody('execStart', ctx.body, 'got EOF while reading request body');
  if (decoded.error) {
    ctx.res.error(400, decoded.error.message);
    return;
  }
  const body = decoded.value;
  const id = ctx.params.id ?? '';
  const e = ctx.session.state.execs.get(id);
  if (!e) {
    ctx.res.error(404, `No such exec instance: ${id}`);
    return;
  }
  if (e.running) {
    ctx.res.error(409, `Error: Exec command ${e.id} is already running`);
    return;
  }
  const c = ctx.session.state.containers.get(e.containerId);
  const proc = c ? processOf(c, e) : undefined;
  const commands = ctx.analyse({ execCmds: [e.cmd] }).commands;
  const run = c ? stdinOutput(ctx, c, commands, e, false, { argv: e.cmd }) : { stdout: '', stderr: '', exitCode: 0 };
  e.running = true;
  e.pid = ctx.session.state.pid();
  if (c) ctx.session.state.dockerEvent('container', `exec_start: ${e.cmd.join(' ')}`, c.id, { execID: e.id, image: c.image, name: c.name }, ctx.now());
  let exitCode = run.exitCode;
  const finish = () => {
    e.running = false;
    e.exitCode = exitCode;
  };
  if (proc && !proc.ok) {
    // runc refuses the user after dockerd took the connection: the words go out on the stream, the exec exits 126.
    exitCode = 126;
    if (field(body, 'Detach') === true) {
      finish();
      ctx.res.empty(200);
      return;
    }
    const stream = ctx.res.hijack(streamType(ctx, field(body, 'Tty') === true || e.tty), true);
    finish();
    stream.end(encodeOutput(field(body, 'Tty') === true || e.tty, STDOUT, `${proc.error}\r\n`));
    return;
  }
  if (field(body, 'Detach') === true) {
    finish();
    ctx.res.empty(200);
    return;
  }
  const tty = field(body, 'Tty') === true || e.tty;
  const stream = ctx.res.hijack(streamType(ctx, tty), true);
  boundHijack(stream);
  // The process prints only once runc started it, never in the segment that carries the 101 headers: clients that
  // read those headers through a buffered reader and then the raw socket (docker-py) would lose the output.
  const printed = new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      if (e.attachStdout && !stream.closed) stream.write(encodeOutput(tty, STDOUT, run.stdout));
      if (e.attachStderr && !stream.closed) stream.write(encodeOutput(tty, STDERR, run.stderr));
      resolve();
    }, PROCESS_START_MS);
    t.unref?.();
  });
  // A short, plausible run time; with stdin attached the "process" reads it to EOF, answers, then exits.
  if (e.attachStdin) {
    captureStdin(ctx, stream, { route: ctx.routeId, container: e.containerId, exec: e.id }, (cmds, source) => {
      const script = c ? stdinOutput(ctx, c, cmds, e, true, source) : { stdout: '', stderr: '', exitCode: 0 };
      exitCode = script.exitCode;
      void printed.then(() => {
        if (e.attachStdout && !stream.closed) stream.write(encodeOutput(tty, STDOUT, script.stdout));
        if (e.attachStderr && !stream.closed) stream.write(encodeOutput(tty, STDERR, script.stderr));
      });
    });
    stream.onInputEnd(() => void printed.then(() => setTimeout(() => { finish(); stream.end(); }, 50).unref?.()));
    stream.onClose(finish);
    const t = setTimeout(() => { finish(); stream.end(); }, Math.max(ctx.cfg.timing.runMs, 200) * 4);
    t.unref?.();
    stream.onClose(() => clearTimeout(t));
    return;
  }
  void printed.then(() => {
    const t = setTimeout(() => { finish(); stream.end(); }, Math.max(0, Math.min(ctx.cfg.timing.runMs, 300) - PROCESS_START_MS));
    t.unref?.();
  });
};

/** How long after the hijack the exec'd process "starts" and prints. */
const PROCESS_START_MS = 30;

export const execInspect: Handler = (ctx) => {
  const id = ctx.params.id ?? '';
  const e = ctx.session.state.execs.get(id);
  if (!e) {
    ctx.res.error(404, `No such exec instance: ${id}`);
    return;
  }
  const [entrypoint = '', ...args] = e.cmd;
  ctx.res.json(200, {
    CanRemove: false, ContainerID: e.containerId, DetachKeys: '', ExitCode: e.exitCode, ID: e.id, OpenStderr: e.attachStderr,
    OpenStdin: e.attachStdin, OpenStdout: e.attachStdout, ProcessConfig: { arguments: args, entrypoint, privileged: e.privileged, tty: e.tty, ...(e.user ? { user: e.user } : {}) },
    Running: e.running, Pid: e.running ? e.pid : 0,
  });
};

/** `POST /exec/{id}/resize`: h and w must be integers (400); a finished exec is gone from containerd (404). */
export const execResize: Handler = (ctx) => {
  for (const k of ['h', 'w']) {
    const r = goAtoi(ctx.query[k] ?? '');
    if (!r.ok) {
      ctx.res.error(400, r.error);
      return;
    }
  }
  const e = ctx.session.state.execs.get(ctx.params.id ?? '');
  if (!e) ctx.res.error(404, `No such exec instance: ${ctx.params.id ?? ''}`);
  else if (!e.running && e.pid) ctx.res.error(404, 'no such exec');
  else ctx.res.empty(200);
};
