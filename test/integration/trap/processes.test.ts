// The trap's emulated processes and networks against the real lab dockerd (20.10), through the real docker CLI
// and raw requests: `top` with odd ps_args, exit codes, users, working directories and environments of runs and
// execs, and networks that a session creates, inspects, uses and removes. Each run names only its own objects.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerAsync, labFromEnv } from '../../lab/index.js';
import { send, type Endpoint } from './differential.js';
import { startTestTrap, type TestTrap } from './helpers.js';

const labEp: Endpoint = { path: labFromEnv().socketPath };
let t: TestTrap;
let trapEp: Endpoint;
const P = `pcl-trapproc-${process.pid}`;
const RUN = `${P}-run`;
const config = mkdtempSync(join(tmpdir(), 'pcl-trap-proc-'));
const lab = { DOCKER_HOST: `unix://${labFromEnv().socketPath}`, DOCKER_CONFIG: config };
let trap: Record<string, string>;

/** The same CLI command on both sides: exit code, stdout and stderr (ids masked). */
async function both(args: string[], input?: string): Promise<[Outcome, Outcome]> {
  const [a, b] = await Promise.all([dockerAsync(lab, args, input), dockerAsync(trap, args, input)]);
  return [outcome(a), outcome(b)];
}
type Outcome = { code: number; stdout: string; stderr: string };
const outcome = (r: Outcome): Outcome => ({ code: r.code, stdout: r.stdout, stderr: r.stderr.replace(/[0-9a-f]{64}/g, '<id>') });

async function same(args: string[], input?: string): Promise<Outcome> {
  const [a, b] = await both(args, input);
  expect(b, `docker ${args.join(' ')}`).toEqual(a);
  return b;
}

beforeAll(async () => {
  t = await startTestTrap({ engine: { version: '20.10.24' }, decoys: { images: [{ ref: 'busybox:latest' }], containers: [] } });
  trapEp = { port: t.port };
  trap = { DOCKER_HOST: `tcp://127.0.0.1:${t.port}`, DOCKER_CONFIG: config };
  for (const env of [lab, trap]) {
    const r = await dockerAsync(env, ['run', '-d', '--name', RUN, '--network', 'none', 'busybox', 'sleep', '1000']);
    expect(r.code, r.stderr).toBe(0);
  }
});

afterAll(async () => {
  for (const env of [lab, trap]) {
    await dockerAsync(env, ['rm', '-f', RUN, `${P}-u`]);
    await dockerAsync(env, ['network', 'rm', `${P}-net`]);
  }
  expect(t.warnings).toEqual([]);
  await t.close();
});

/** A top answer reduced to what does not depend on pids and clocks: titles and each row's width, or the error. */
async function top(ep: Endpoint, psArgs: string): Promise<unknown> {
  const r = await send(ep, { method: 'GET', path: `/v1.41/containers/${RUN}/top?ps_args=${encodeURIComponent(psArgs)}` });
  const v = JSON.parse(r.body.toString('utf8')) as { message?: string; Titles?: string[]; Processes?: string[][] | null };
  return { status: r.status, message: v.message, titles: v.Titles, widths: v.Processes?.map((p) => p.length) ?? null };
}

describe('trap vs real dockerd 20.10: emulated processes', () => {
  it('top reads ps_args as procps and dockerd do: presets, -o lists and headers, selections and procps errors', async () => {
    for (const a of ['', '-ef', 'aux', 'u', '-f', '-F', '-l', '-ly', '-j', '-T', '-eLf', '-A', '-x', 'ax', 'axjf', '-ww aux', '-M', '--forest',
      '-o pid,comm', '-eo pid,user,args', '-o pid -o comm', 'o pid,comm', '-o pid,comm=', '-o %cpu,pid', '-o pid,lstart,etime',
      '-o user,pid,ppid,pcpu,pmem,vsz,rss,tty,stat,start,time,cmd', '-o pid,args x', '-ef --sort=pid', '-u root', '-u nobody', '-C sleep', '-C nginx', '-C dockerd', '-C sleep -o pid,comm', '-p 1', '-p 99999', '-s 1', '-t pts/9',
      '-o comm', '-o pid=PROCESS', '-o x=PID', '-o pid,zz', 'zz', '-zz', '--zz', '-o', '-q']) {
      expect(await top(trapEp, a), `ps_args=${a}`).toEqual(await top(labEp, a));
    }
  });

  it('exec and run report the exit status of what they "ran"', async () => {
    await same(['exec', RUN, 'true']);
    await same(['exec', RUN, 'false']);
    await same(['exec', RUN, 'sh', '-c', 'exit 3']);
    await same(['exec', RUN, 'sh', '-c', 'echo one; exit 300']);
    await same(['run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'echo a; false']);
    await same(['run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'exit 42']);
    await same(['exec', '-i', RUN, 'sh'], 'echo from-stdin\nexit 5\n');
  });

  it('the working directory, environment and host name of runs and execs are the ones asked for', async () => {
    await same(['exec', '-w', '/tmp', RUN, 'pwd']);
    await same(['exec', RUN, 'sh', '-c', 'cd /etc; pwd; cd ..; pwd']);
    await same(['exec', '-e', 'PCL_A=1', RUN, 'sh', '-c', 'echo "$PCL_A ${PCL_A}x $HOME"']);
    await same(['run', '--rm', '--network', 'none', '-e', 'PCL_B=two', '-w', '/var', '--hostname', 'pcl-host', 'busybox', 'sh', '-c', 'echo $PCL_B; pwd; hostname; cat /etc/hostname']);
  });

  it('users: an unknown name is refused in runc\'s words; known names and bare uids read back through id and whoami', async () => {
    const [a, b] = await both(['exec', '-u', 'pcl-nouser', RUN, 'true']);
    expect(b).toEqual(a);
    expect(b.code).toBe(126);
    // The lab's image cannot run its shell as another uid, so these are checked against what runc and coreutils print.
    const run = (args: string[]) => dockerAsync(trap, ['exec', ...args]);
    expect((await run(['-u', '1000', RUN, 'id', '-u'])).stdout).toBe('1000\n');
    expect((await run(['-u', '1000:50', RUN, 'id'])).stdout).toBe('uid=1000 gid=50(staff) groups=50(staff)\n');
    expect((await run(['-u', 'nobody', RUN, 'sh', '-c', 'whoami; echo $HOME'])).stdout).toBe('nobody\n/nonexistent\n');
    const nameless = await run(['-u', '4242', RUN, 'whoami']);
    expect([nameless.code, nameless.stdout]).toEqual([1, '']);
    expect((await run(['-u', 'www-data', RUN, 'id'])).stdout).toBe('uid=33(www-data) gid=33(www-data) groups=33(www-data)\n');
    // A container whose user is unknown cannot start: 500 in dockerd's words, and it stays created.
    for (const env of [lab, trap]) await dockerAsync(env, ['create', '--name', `${P}-u`, '--network', 'none', '-u', 'pcl-nouser', 'busybox', 'true']);
    await same(['start', `${P}-u`]);
    await same(['inspect', '--format', '{{.State.Status}}', `${P}-u`]);
  });
});

describe('trap vs real dockerd 20.10: networks a session creates', () => {
  const N = `${P}-net`;

  it('create, inspect, list, duplicate and remove read back as on dockerd', async () => {
    for (const env of [lab, trap]) {
      const r = await dockerAsync(env, ['network', 'create', '--label', 'pcl=trap', '--internal', N]);
      expect(r.code, r.stderr).toBe(0);
    }
    await same(['network', 'inspect', '--format', '{{.Name}} {{.Driver}} {{.Internal}} {{.Attachable}} {{.Labels}} {{.Scope}} {{len .IPAM.Config}}', N]);
    await same(['network', 'ls', '--filter', `name=${N}`, '--format', '{{.Name}} {{.Driver}} {{.Scope}}']);
    await same(['network', 'ls', '--filter', `name=${N}`, '--filter', 'type=custom', '--format', '{{.Name}}']);
    await same(['network', 'ls', '--filter', `name=${N}`, '--filter', 'type=builtin', '--format', '{{.Name}}']);
    await same(['network', 'ls', '--filter', `name=${N}`, '--filter', 'label=pcl=trap', '--format', '{{.Name}}']);
    await same(['network', 'create', N]);
    // An absolute `until` two seconds ahead: both engines then hold the stream open and send every event up to it
    // (`--until 0s` is the current whole second, and dockerd drops what happened after it within that second).
    const until = String(Math.floor(Date.now() / 1000) + 2);
    await same(['events', '--since', '5m', '--until', until, '--filter', 'type=network', '--filter', `network=${N}`, '--format', '{{.Type}} {{.Action}} {{.Actor.Attributes.name}}']);
    await same(['events', '--since', '5m', '--until', until, '--filter', `container=${N.slice(0, -2)}`, '--format', '{{.Type}} {{.Action}} {{.Actor.Attributes.name}}']);
    await same(['network', 'rm', N]);
    await same(['network', 'rm', N]);
    await same(['network', 'inspect', N]);
  });

  it('drivers the engine does not have are refused as dockerd refuses them', async () => {
    for (const d of ['host', 'null', 'overlay']) await same(['network', 'create', '-d', d, `${N}-d`]);
    await same(['network', 'rm', 'host']);
    await same(['network', 'rm', 'none']);
    await same(['network', 'create', 'host']);
    // dockerd looks for a driver plugin for 15 s before it gives up; its words are checked on the trap alone.
    const r = await dockerAsync(trap, ['network', 'create', '-d', 'pcl-nodriver', `${N}-d`]);
    expect([r.code, r.stderr]).toEqual([1, 'Error response from daemon: plugin "pcl-nodriver" not found\n']);
  });

  it('a container on a network that is not there fails to start, and --rm removes it', async () => {
    await same(['run', '--rm', '--network', `${N}-missing`, '--name', `${P}-nonet`, 'busybox', 'true']);
    await same(['ps', '-a', '--filter', `name=${P}-nonet`, '--format', '{{.Names}}']);
  });
});
