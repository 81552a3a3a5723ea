// A sweep of docker CLI commands and raw requests the other tests leave out, run side by side against the lab's
// dockerd 20.10 and the trap posing as 20.10.24: the environment a process sees, container inspect's full shape
// (flags and a minimal curl-style body), update, network connect/disconnect, shell redirections, pipes and stderr,
// logs timestamps and /info details. Where the lab's busybox images answer oddly, the right answer is asserted.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerAsync, labFromEnv } from '../../lab/index.js';
import { send, type Endpoint } from './differential.js';
import { startTestTrap, type TestTrap } from './helpers.js';

const labEp: Endpoint = { path: labFromEnv().socketPath };
let t: TestTrap;
let trapEp: Endpoint;
const P = `pcl-trapbv-${process.pid}`;
const config = mkdtempSync(join(tmpdir(), 'pcl-trapbv-'));
const lab = { DOCKER_HOST: `unix://${labFromEnv().socketPath}`, DOCKER_CONFIG: config };
let trap: Record<string, string>;
/** The lab imports a bare busybox rootfs whose image PATH lacks /usr/local; real alpine/ubuntu images have it. */
const IMAGE_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

type Outcome = { code: number; stdout: string; stderr: string };
/** Ids, host names and the lab image's PATH masked: what must agree whatever each side holds. */
const mask = (s: string): string => s.replace(/[0-9a-f]{64}/g, '<id>').replace(/HOSTNAME=[0-9a-f]{12}/g, 'HOSTNAME=<h>')
  .replace(/PATH=\/usr\/sbin:\/usr\/bin:\/sbin:\/bin(?=["\r\n]|$)/g, IMAGE_PATH);
const outcome = (r: Outcome): Outcome => ({ code: r.code, stdout: mask(r.stdout), stderr: mask(r.stderr) });

async function both(args: string[]): Promise<[Outcome, Outcome]> {
  const [a, b] = await Promise.all([dockerAsync(lab, args), dockerAsync(trap, args)]);
  return [outcome(a), outcome(b)];
}

async function same(args: string[]): Promise<Outcome> {
  const [a, b] = await both(args);
  expect(b, `docker ${args.join(' ')}`).toEqual(a);
  return b;
}

/** Every leaf path of a JSON value with its kind (zero values kept apart), one array element deep. */
function shape(v: unknown, p = '', out: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(v)) {
    out[p] = v.length ? 'list' : '[]';
    if (v.length) shape(v[0], `${p}[0]`, out);
  } else if (v && typeof v === 'object') {
    if (Object.keys(v).length === 0) out[p] = '{}';
    for (const [k, x] of Object.entries(v)) shape(x, `${p}.${k}`, out);
  } else out[p] = v === null ? 'null' : v === '' || v === 0 || v === false ? JSON.stringify(v) : typeof v;
  return out;
}

type Mount = { Type: string; Destination: string; Propagation: string; Source: string; Name?: string };

/**
 * Inspect on both sides reduced to its shape, mounts compared whole in a stable order (dockerd lists them in map
 * order). Deliberately different: the storage driver's data (overlay2 vs vfs), where volumes live (the lab's data
 * root), and bind propagation (the lab's root mount is a slave; a stock host's binds are rprivate).
 */
async function inspectShapes(args: string[]): Promise<[unknown, unknown]> {
  const [a, b] = await Promise.all([dockerAsync(lab, ['inspect', ...args]), dockerAsync(trap, ['inspect', ...args])]);
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).toBe(0);
  const reduce = (text: string) => {
    const v = JSON.parse(text) as [{ Mounts: Mount[] }];
    const mounts = v[0].Mounts.map((m) => ({ ...m, Propagation: m.Type === 'bind' ? '-' : m.Propagation, Source: m.Type === 'volume' ? `…/${m.Name ?? ''}/_data` : m.Source }))
      .sort((x, y) => x.Destination.localeCompare(y.Destination));
    v[0].Mounts = [];
    return { mounts, shape: Object.fromEntries(Object.entries(shape(v)).filter(([k]) => !k.startsWith('[0].GraphDriver.Data'))) };
  };
  return [reduce(a.stdout), reduce(b.stdout)];
}

beforeAll(async () => {
  t = await startTestTrap({ engine: { version: '20.10.24' }, decoys: { images: [{ ref: 'busybox:latest' }], containers: [] } });
  trapEp = { port: t.port };
  trap = { DOCKER_HOST: `tcp://127.0.0.1:${t.port}`, DOCKER_CONFIG: config };
});

afterAll(async () => {
  for (const env of [lab, trap]) {
    await dockerAsync(env, ['rm', '-f', `${P}-env`, `${P}-fs`, `${P}-pc`, `${P}-nocmd`, `${P}-run`, `${P}-flags`, `${P}-raw`, `${P}-ar`, `${P}-net`, `${P}-logs`]);
    await dockerAsync(env, ['network', 'rm', `${P}-n`]);
    await dockerAsync(env, ['volume', 'rm', `${P}-vol`]);
  }
  rmSync(config, { recursive: true, force: true });
  expect(t.warnings).toEqual([]);
  await t.close();
});

describe('trap vs real dockerd 20.10: CLI sweep', () => {
  it('a process environment: bare env (direct exec), -e, -t and a replaced PATH, in dockerd and runc order', async () => {
    for (const args of [['env'], ['-e', 'FOO=bar', 'env'], ['-t', 'env'], ['-e', 'PATH=/x:/bin', 'env']]) {
      const r = await same(['run', '--rm', '--network', 'none', ...args.slice(0, -1), 'busybox', 'env']);
      expect(r.stdout).toMatch(/^PATH=/);
    }
    await same(['run', '--rm', '--network', 'none', 'busybox', 'tty']);
    await same(['run', '--rm', '-t', '--network', 'none', 'busybox', 'tty']);
    // exec: the container's variables, then the exec's; HOME from the user (a bare uid has /) unless set.
    await same(['run', '-d', '--name', `${P}-env`, '--network', 'none', '-e', 'B=2', 'busybox', 'sleep', '1000']);
    for (const args of [['-e', 'X=1'], ['-u', '1000'], ['-e', 'HOME=/h'], ['-t']]) await same(['exec', ...args, `${P}-env`, 'env']);
    // A real image's PATH (the lab's busybox rootfs has a shorter one).
    expect((await dockerAsync(trap, ['run', '--rm', '--network', 'none', 'busybox', 'env'])).stdout.split('\n')[0]).toBe(IMAGE_PATH);
    expect((await dockerAsync(trap, ['run', '--rm', '--network', 'none', '-t', 'busybox', 'env'])).stdout).toContain('TERM=xterm\r\n');
  });

  it('shell redirections, pipes and stderr: > file prints nothing, >&2 goes to stderr, | feeds the next command', async () => {
    await same(['run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'echo hi > /tmp/x; echo ok; echo b >/dev/null 2>&1']);
    await same(['run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'echo a; echo b >&2']);
    await same(['run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'env | grep -c HOSTNAME; env | grep -q NOPE_PCL; echo $?']);
    await same(['run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'cat /etc/passwd | head -n 1 | wc -l; id | grep -c uid=0']);
    await same(['run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'cat <<EOF\nfrom a here-doc\nEOF']);
  });

  it('/proc/cpuinfo, nproc and /info agree on the CPU count (miners size their threads from cpuinfo)', async () => {
    const ncpu = (await dockerAsync(trap, ['info', '--format', '{{.NCPU}}'])).stdout.trim();
    const r = await dockerAsync(trap, ['run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'grep -c ^processor /proc/cpuinfo; nproc; cat /proc/cpuinfo | grep -c "model name"']);
    expect(r.stdout).toBe(`${ncpu}\n${ncpu}\n${ncpu}\n`);
  });

  it('container inspect after create with many flags has the shape dockerd gives it (defaults, merged Env, Mounts, NetworkSettings)', async () => {
    const flags = ['--network', 'none', '--mount', `type=volume,source=${P}-vol,target=/data`, '--mount', 'type=tmpfs,target=/cache', '--tmpfs', '/run:rw,size=64k',
      '--read-only', '--restart', 'on-failure:2', '-p', '8080:80', '--add-host', 'foo.example.invalid:192.0.2.5', '--dns', '192.0.2.53',
      '--ulimit', 'nofile=1024:2048', '--health-cmd', 'true', '--health-interval', '5s', '-v', '/tmp:/hosttmp:ro', '-e', 'A=1', '-w', '/srv', '-u', '1000'];
    await same(['create', '--name', `${P}-flags`, ...flags, 'busybox', 'sleep', '100']).then((r) => expect(r.code).toBe(0));
    const [a, b] = await inspectShapes([`${P}-flags`]);
    expect(b).toEqual(a);
    await same(['inspect', '--format', '{{json .Config.Env}} {{.HostConfig.LogConfig.Type}} {{.HostConfig.IpcMode}} {{.HostConfig.ShmSize}} {{json .HostConfig.MemorySwappiness}} {{len .Mounts}} {{len .HostConfig.MaskedPaths}}', `${P}-flags`]);
    const host = await dockerAsync(trap, ['inspect', '--format', '{{.Config.Hostname}} {{.Id}}', `${P}-flags`]);
    const [hostname, id] = host.stdout.trim().split(' ');
    expect(hostname).toBe(id?.slice(0, 12));
  });

  it('a minimal curl-style create reads back with every HostConfig default, before and after start', async () => {
    const body = { Image: 'busybox', Cmd: ['sleep', '100'], HostConfig: { NetworkMode: 'none' } };
    const ids: string[] = [];
    for (const ep of [labEp, trapEp]) {
      const r = await send(ep, { method: 'POST', path: `/v1.41/containers/create?name=${P}-raw`, body });
      expect(r.status).toBe(201);
      ids.push((JSON.parse(r.body.toString('utf8')) as { Id: string }).Id);
    }
    const raw = async (): Promise<unknown[]> => Promise.all([labEp, trapEp].map(async (ep, i) => {
      const r = await send(ep, { method: 'GET', path: `/v1.41/containers/${ids[i] ?? ''}/json` });
      const v = JSON.parse(r.body.toString('utf8')) as Record<string, unknown>;
      delete v.GraphDriver;
      return { keys: Object.keys(v), host: Object.keys(v.HostConfig as object), config: Object.keys(v.Config as object), shape: shape(v) };
    }));
    const [a, b] = await raw();
    expect(b).toEqual(a);
    for (const ep of [labEp, trapEp]) expect((await send(ep, { method: 'POST', path: `/v1.41/containers/${P}-raw/start` })).status).toBe(204);
    const [c, d] = await raw();
    // Started: the resolv.conf/hostname/hosts/log paths are set (an AppArmor profile only where the host has AppArmor).
    const noAppArmor = (x: unknown) => ({ ...(x as { shape: Record<string, string> }), shape: { ...(x as { shape: Record<string, string> }).shape, '.AppArmorProfile': '-' } });
    expect(noAppArmor(d)).toEqual(noAppArmor(c));
  });

  it('update: the restart policy and limits read back; dockerd\'s refusals for swap and AutoRemove', async () => {
    await same(['run', '-d', '--name', `${P}-run`, '--network', 'none', 'busybox', 'sleep', '1000']);
    await same(['update', '--restart', 'on-failure:3', `${P}-run`]);
    await same(['inspect', '--format', '{{json .HostConfig.RestartPolicy}}', `${P}-run`]);
    await same(['update', '--restart', 'always', `${P}-run`]);
    await same(['inspect', '--format', '{{json .HostConfig.RestartPolicy}}', `${P}-run`]);
    expect((await same(['update', '--memory', '64m', `${P}-run`])).stderr).toContain('Memory limit should be smaller than already set memoryswap limit');
    await same(['update', '--memory', '64m', '--memory-swap', '-1', '--cpu-shares', '512', `${P}-run`]);
    await same(['inspect', '--format', '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.CpuShares}}', `${P}-run`]);
    await same(['run', '-d', '--rm', '--name', `${P}-ar`, '--network', 'none', 'busybox', 'sleep', '1000']);
    expect((await same(['update', '--restart', 'always', `${P}-ar`])).stderr).toContain('Restart policy cannot be updated because AutoRemove is enabled');
  });

  it('network connect and disconnect of a running container: private none, unknown networks, endpoints once', async () => {
    await same(['run', '-d', '--name', `${P}-net`, '--network', 'none', 'busybox', 'sleep', '1000']);
    // The network id in the container's inspect is the one `network inspect` shows.
    const netId = (await dockerAsync(trap, ['network', 'inspect', '--format', '{{.Id}}', 'none'])).stdout.trim();
    const r = await send(trapEp, { method: 'GET', path: `/v1.41/containers/${P}-net/json` });
    expect(JSON.stringify(JSON.parse(r.body.toString('utf8')))).toContain(`"NetworkID":"${netId}"`);
    await same(['network', 'create', `${P}-n`]);
    for (const args of [['connect', `${P}-n`], ['disconnect', `${P}-n`], ['connect', 'none'], ['connect', 'nosuchnet-pcl'], ['disconnect', 'none'], ['disconnect', 'none'],
      ['connect', `${P}-n`], ['connect', `${P}-n`], ['disconnect', `${P}-n`]]) {
      await same(['network', ...args, `${P}-net`]);
    }
  });

  it('pause blocks exec, commit -c changes read back (no repo digest), rmi of a commit, a create without a command', async () => {
    await same(['run', '-d', '--name', `${P}-pc`, '--network', 'none', 'busybox', 'sleep', '1000']);
    await same(['pause', `${P}-pc`]);
    await same(['exec', `${P}-pc`, 'true']);
    await same(['ps', '--filter', `name=${P}-pc`, '--filter', 'status=paused', '--format', '{{.Names}} {{.State}}']);
    await same(['inspect', '--format', '{{.State.Status}} {{.State.Paused}} {{.State.Running}}', `${P}-pc`]);
    await same(['stop', '-t', '1', `${P}-pc`]);
    await same(['unpause', `${P}-pc`]);
    writeFileSync(join(config, 'dropped.sh'), '#!/bin/sh\necho dropped\n');
    await same(['cp', join(config, 'dropped.sh'), `${P}-pc:/tmp/`]);
    const img = `${P}-img:1`;
    await same(['commit', '-c', 'ENV FOO=bar', '-c', 'CMD ["sh"]', '-c', 'WORKDIR /w', '-c', 'EXPOSE 8080', '-c', 'LABEL a=b', `${P}-pc`, img]);
    await same(['image', 'inspect', '--format', '{{json .Config.Env}} {{json .Config.Cmd}} {{.Config.WorkingDir}} {{json .Config.ExposedPorts}} {{json .Config.Labels}} {{json .RepoDigests}}', img]);
    await same(['rmi', img]);
    await same(['create', '--name', `${P}-nocmd`, '--network', 'none', 'busybox']);
    await same(['inspect', '--format', '{{json .Config.Cmd}} {{json .Path}} {{json .Args}}', `${P}-nocmd`]);
  });

  it('a process reads the container\'s own files (what docker cp put there), the host\'s only through a bind or chroot', async () => {
    const dir = join(config, 'kit');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'a.txt'), 'hello\n');
    writeFileSync(join(dir, 'sub', 'b.txt'), 'x\n');
    await same(['run', '-d', '--name', `${P}-fs`, '--network', 'none', 'busybox', 'sleep', '1000']);
    await same(['cp', dir, `${P}-fs:/tmp/`]);
    for (const cmd of [['ls', '/tmp/kit'], ['ls', '/tmp/kit/sub/b.txt'], ['cat', '/tmp/kit/a.txt'], ['sh', '-c', 'cat /tmp/kit/sub/b.txt /nonexistent-pcl; echo $?'],
      ['ls', '/nonexistent-pcl'], ['cat', '/tmp'], ['sh', '-c', 'cd /tmp/kit && cat a.txt | wc -l; grep -c hello a.txt']]) {
      await same(['exec', `${P}-fs`, ...cmd]);
    }
    const host = (await dockerAsync(trap, ['info', '--format', '{{.Name}}'])).stdout;
    const r = await dockerAsync(trap, ['run', '--rm', '-v', '/:/host', 'alpine', 'sh', '-c',
      'cat /host/etc/hostname; cat /etc/hostname | wc -c; grep ^ID= /etc/os-release; chroot /host grep ^ID= /etc/os-release']);
    expect(r.stdout).toBe(`${host}13\nID=alpine\nID=ubuntu\n`);
  });

  it('docker events --filter label= sees a --rm container\'s whole life, destroy included', async () => {
    const actions = async (env: Record<string, string>): Promise<string> => {
      const since = String(Math.floor(Date.now() / 1000) - 1);
      const r = await dockerAsync(env, ['run', '--rm', '--name', `${P}-ev`, '--network', 'none', '--label', `${P}=ev`, 'busybox', 'true']);
      expect(r.code, r.stderr).toBe(0);
      const ev = await dockerAsync(env, ['events', '--since', since, '--until', String(Math.floor(Date.now() / 1000) + 1), '--filter', `label=${P}=ev`,
        '--format', '{{.Action}} {{.Actor.Attributes.name}}']);
      return ev.stdout;
    };
    const [a, b] = await Promise.all([actions(lab), actions(trap)]);
    expect(a).toContain('destroy');
    expect(b).toBe(a);
  });

  it('logs --timestamps use nine fraction digits; stderr lines are kept apart from stdout', async () => {
    await same(['run', '--name', `${P}-logs`, '--network', 'none', 'busybox', 'sh', '-c', 'echo out; echo err >&2']);
    for (const env of [lab, trap]) {
      const r = await dockerAsync(env, ['logs', '--timestamps', `${P}-logs`]);
      expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z out\n$/);
      expect(r.stderr).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z err\n$/);
    }
  });

  it('/info as 20.10 lists it: the v1 shim among the runtimes, the seccomp profile called default', async () => {
    await same(['info', '--format', '{{json .Runtimes}}']);
    const [a, b] = await both(['info', '--format', '{{range .SecurityOptions}}{{println .}}{{end}}']);
    const seccomp = (o: Outcome) => o.stdout.split('\n').filter((l) => l.includes('seccomp'));
    expect(seccomp(b)).toEqual(seccomp(a));
    // The containerd commit /info shows is the one /version shows.
    const v = await dockerAsync(trap, ['version', '--format', '{{range .Server.Components}}{{if eq .Name "containerd"}}{{.Details.GitCommit}}{{end}}{{end}}']);
    expect((await dockerAsync(trap, ['info', '--format', '{{.ContainerdCommit.ID}}'])).stdout).toBe(v.stdout);
  });
});
