// Exec create/start/inspect: `docker exec` and SDK scripts (XORDDoS-style "run in every container") get an
// exec id, a hijacked stream with inert output, and exit code 0; every command is recorded and analysed.
import { decodeExecCreate } from '../../core/docker-api/index.js';
import { decodeErrorStatus, field, jsonBody, jsonSafe, strList, type Handler } from '../context.js';
import { encodeOutput, STDOUT } from '../frames.js';
import { outputFor } from '../output.js';
import { recordAnalysis } from '../recorder.js';
import { badContentType, goJsonError, lookupContainer } from './containers.js';
import { boundHijack, captureStdin, streamType } from './lifecycle.js';

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
    const noCmd = decoded.error.message === 'No exec command specified';
    ctx.session.log.emit('trap.exec.create_attempted', { ...payload, outcome: noCmd ? 'no_command' : 'invalid_body', error: decoded.error.message });
    ctx.res.error(noCmd ? 400 : decodeErrorStatus(decoded.error.kind), decoded.error.message);
    return;
  }
  if (c.status !== 'running') {
    ctx.session.log.emit('trap.exec.create_attempted', { ...payload, outcome: 'not_running' });
    ctx.res.error(409, `Container ${c.id} is not running`);
    return;
  }
  if (ctx.session.state.execs.size >= ctx.cfg.limits.maxObjectsPerSession) {
    ctx.res.error(500, 'exec: resource temporarily unavailable');
    return;
  }
  const e = ctx.session.state.createExec(c, {
    cmd, tty: payload.tty, user: payload.user as string, privileged: payload.privileged,
    attachStdin: field(body, 'AttachStdin') === true, attachStdout: field(body, 'AttachStdout') !== false, attachStderr: field(body, 'AttachStderr') !== false,
  });
  ctx.session.log.emit('trap.exec.create_attempted', { ...payload, outcome: 'created', exec: e.id });
  ctx.session.state.dockerEvent('container', `exec_create: ${cmd.join(' ')}`, c.id, { execID: e.id, image: c.image, name: c.name }, ctx.now());
  recordAnalysis(ctx.session, ctx.analyse, { execCmds: [cmd] }, { route: ctx.routeId, container: c.id, exec: e.id });
  ctx.res.json(201, { Id: e.id });
};

export const execStart: Handler = (ctx) => {
  const id = ctx.params.id ?? '';
  const e = ctx.session.state.execs.get(id);
  if (!e) {
    ctx.res.error(404, `No such exec instance: ${id}`);
    return;
  }
  let body: Record<string, unknown> | undefined;
  try {
    body = jsonBody(ctx);
  } catch {
    ctx.res.error(500, goJsonError(ctx.body));
    return;
  }
  if (e.running) {
    ctx.res.error(409, `Error: Exec command ${e.id} is already running`);
    return;
  }
  const c = ctx.session.state.containers.get(e.containerId);
  const commands = ctx.analyse({ execCmds: [e.cmd] }).commands;
  const output = outputFor(commands, ctx.cfg, (c?.id ?? e.id).slice(0, 12));
  e.running = true;
  e.pid = ctx.session.state.pid();
  if (c) ctx.session.state.dockerEvent('container', `exec_start: ${e.cmd.join(' ')}`, c.id, { execID: e.id, image: c.image, name: c.name }, ctx.now());
  const finish = () => {
    e.running = false;
    e.exitCode = 0;
  };
  if (field(body, 'Detach') === true) {
    finish();
    ctx.res.empty(200);
    return;
  }
  const tty = field(body, 'Tty') === true || e.tty;
  const stream = ctx.res.hijack(streamType(ctx, tty), true);
  boundHijack(stream);
  if (e.attachStdout) stream.write(encodeOutput(tty, STDOUT, output));
  // A short, plausible run time; with stdin attached the "process" reads it to EOF, answers, then exits.
  if (e.attachStdin) {
    captureStdin(ctx, stream, { route: ctx.routeId, container: e.containerId, exec: e.id }, (cmds) => {
      if (e.attachStdout) stream.write(encodeOutput(tty, STDOUT, outputFor(cmds, ctx.cfg, (c?.id ?? e.id).slice(0, 12))));
    });
    stream.onInputEnd(() => setTimeout(() => { finish(); stream.end(); }, 50).unref?.());
    stream.onClose(finish);
    const t = setTimeout(() => { finish(); stream.end(); }, Math.max(ctx.cfg.timing.runMs, 200) * 4);
    t.unref?.();
    stream.onClose(() => clearTimeout(t));
    return;
  }
  const t = setTimeout(() => { finish(); stream.end(); }, Math.min(ctx.cfg.timing.runMs, 300));
  t.unref?.();
};

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
    OpenStdin: e.attachStdin, OpenStdout: e.attachStdout, ProcessConfig: { arguments: args, entrypoint, privileged: e.privileged, tty: e.tty, user: e.user },
    Running: e.running, Pid: e.running ? e.pid : 0,
  });
};

/** `POST /exec/{id}/resize`: accepted. */
export const execResize: Handler = (ctx) => {
  if (!ctx.session.state.execs.get(ctx.params.id ?? '')) ctx.res.error(404, `No such exec instance: ${ctx.params.id ?? ''}`);
  else ctx.res.empty(200);
};
