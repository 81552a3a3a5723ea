// The real docker CLI through the guard over mutual TLS: run (with and without -i, exit codes), exec, logs -f,
// cp both ways, wait, events, volumes, save/load, inspect, top; and denials the CLI shows clearly.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, dockerAsync } from '../../lab/index.js';
import { lab, removeContainers, startGuardLab, type GuardLab } from './helpers.js';

let g: GuardLab;
const P = 'pcl-guard-cli-';

beforeAll(async () => {
  removeContainers(P);
  g = await startGuardLab({ certs: ['alice', 'bob'], policy: { grants: [{ subject: 'cert:alice', roles: ['admin'] }, { subject: 'cert:bob', roles: ['read-only'] }] } });
});
afterAll(async () => { await g?.close(); removeContainers(P); });

const alice = (args: string[], input?: string) => dockerAsync(g.certEnv('alice'), args, input);
const bob = (args: string[], input?: string) => dockerAsync(g.certEnv('bob'), args, input);

describe('docker CLI through the guard (mutual TLS, admin)', () => {
  it('runs attached containers and propagates exit codes, with and without -i', async () => {
    const r = await alice(['run', '--rm', '--name', `${P}run`, '--network', 'none', 'alpine', 'echo', 'through-guard']);
    expect(r).toMatchObject({ code: 0, stdout: 'through-guard\n' });
    const i = await alice(['run', '--rm', '-i', '--network', 'none', 'alpine', 'sh', '-c', 'cat; echo done'], 'stdin-bytes\n');
    expect(i.stdout).toBe('stdin-bytes\ndone\n');
    expect((await alice(['run', '--rm', '--network', 'none', 'alpine', 'sh', '-c', 'exit 7'])).code).toBe(7);
    expect((await alice(['run', '--rm', '-i', '--network', 'none', 'alpine', 'sh', '-c', 'cat >/dev/null; exit 5'], 'x')).code).toBe(5);
  });

  it('exec, top, inspect, logs -f, wait, cp both ways', async () => {
    const name = `${P}long`;
    const d = await alice(['run', '-d', '--name', name, '--network', 'none', 'alpine', 'sh', '-c', 'for i in 1 2 3; do echo line$i; sleep 0.3; done; sleep 30']);
    expect(d.code).toBe(0);
    expect((await alice(['exec', name, 'echo', 'exec-ok'])).stdout).toBe('exec-ok\n');
    expect((await alice(['exec', '-i', name, 'cat'], 'exec-stdin\n')).stdout).toBe('exec-stdin\n');
    expect((await alice(['exec', name, 'sh', '-c', 'exit 4'])).code).toBe(4);
    expect((await alice(['exec', '-d', name, 'sh', '-c', 'echo detached > /tmp/d'])).code).toBe(0);
    expect((await alice(['top', name])).stdout).toMatch(/PID/);
    expect((await alice(['stats', '--no-stream', '--format', '{{.Name}}', name])).stdout.trim()).toBe(name);
    expect((await alice(['inspect', '--format', '{{.Name}}', name])).stdout.trim()).toBe(`/${name}`);
    const src = join(g.dir, 'up.txt');
    writeFileSync(src, 'copied-in\n');
    expect((await alice(['cp', src, `${name}:/tmp/up.txt`])).code).toBe(0);
    expect((await alice(['exec', name, 'cat', '/tmp/up.txt'])).stdout).toBe('copied-in\n');
    const back = join(g.dir, 'back.txt');
    expect((await alice(['cp', `${name}:/tmp/up.txt`, back])).code).toBe(0);
    expect(readFileSync(back, 'utf8')).toBe('copied-in\n');
    // logs -f follows until the container stops; stop it while following.
    const follow = alice(['logs', '-f', name]);
    await new Promise((r) => setTimeout(r, 1500));
    const stop = alice(['stop', '-t', '0', name]);
    const wait = await alice(['wait', name]);
    expect(wait.stdout.trim()).toMatch(/^\d+$/);
    await stop;
    const logs = await follow;
    expect(logs.stdout).toContain('line1\nline2\nline3\n');
  });

  it('streams events and handles volumes', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const vol = `${P}vol`;
    expect((await alice(['volume', 'create', vol])).stdout.trim()).toBe(vol);
    expect((await alice(['volume', 'ls', '--format', '{{.Name}}'])).stdout).toContain(vol);
    expect((await alice(['run', '--rm', '--network', 'none', '-v', `${vol}:/data`, 'alpine', 'sh', '-c', 'echo v > /data/f'])).code).toBe(0);
    expect((await alice(['volume', 'rm', vol])).code).toBe(0);
    const until = Math.floor(Date.now() / 1000) + 1;
    const ev = await alice(['events', '--since', String(since), '--until', String(until), '--filter', 'type=volume', '--format', '{{.Action}} {{.Actor.ID}}']);
    expect(ev.stdout).toContain(`create ${vol}`);
    expect(ev.stdout).toContain(`destroy ${vol}`);
  });

  it('saves and loads an image through the guard', async () => {
    const tar = join(g.dir, 'img.tar');
    expect((await alice(['save', '-o', tar, 'busybox:latest'])).code).toBe(0);
    expect(existsSync(tar) && readFileSync(tar).length).toBeGreaterThan(100_000);
    const load = await alice(['load', '-i', tar]);
    expect(load.code).toBe(0);
    expect(load.stdout).toMatch(/busybox:latest/);
  });
});

describe('denials the CLI shows clearly', () => {
  it('builds from a multi-megabyte context and copies megabytes both ways byte for byte', async () => {
    const ctx = join(g.dir, 'build-ctx');
    mkdirSync(ctx, { recursive: true });
    const blob = randomBytes(5 * 1024 * 1024 + 17);
    writeFileSync(join(ctx, 'blob'), blob);
    writeFileSync(join(ctx, 'Dockerfile'), 'FROM alpine\nCOPY blob /blob\nRUN echo built-through-guard > /x\n');
    const tag = `${P}built:1`;
    const b = await dockerAsync({ ...g.certEnv('alice'), DOCKER_BUILDKIT: '0' }, ['build', '-q', '-t', tag, ctx]);
    expect(b.stderr).not.toMatch(/error|denied/i);
    expect(b.code).toBe(0);
    expect((await alice(['run', '--rm', '--network', 'none', tag, 'cat', '/x'])).stdout).toBe('built-through-guard\n');
    const name = `${P}big`;
    expect((await alice(['create', '--name', name, '--network', 'none', tag, 'true'])).code).toBe(0);
    const out = join(g.dir, 'blob-back');
    expect((await alice(['cp', `${name}:/blob`, out])).code).toBe(0);
    expect(readFileSync(out).equals(blob)).toBe(true);
    const up = join(g.dir, 'blob-up');
    writeFileSync(up, Buffer.concat([blob, blob]));
    expect((await alice(['cp', up, `${name}:/blob2`])).code).toBe(0);
    const again = join(g.dir, 'blob2-back');
    expect((await alice(['cp', `${name}:/blob2`, again])).code).toBe(0);
    expect(readFileSync(again).equals(Buffer.concat([blob, blob]))).toBe(true);
    await alice(['rm', '-f', name]);
    await alice(['rmi', tag]);
  });

  it('read-only may list but not create, and the message names the rule', async () => {
    expect((await bob(['ps', '-a'])).code).toBe(0);
    const r = await bob(['run', '--rm', 'alpine', 'true']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('portcullis: denied by rule policy.route: no role of cert:bob allows route container.create');
  });

  it('read-only cannot read data through logs, export or archive', async () => {
    const name = `${P}data`;
    docker(lab, ['run', '-d', '--name', name, '--network', 'none', 'alpine', 'sh', '-c', 'echo secret; sleep 30']);
    for (const args of [['logs', name], ['export', '-o', join(g.dir, 'x.tar'), name], ['cp', `${name}:/etc/passwd`, join(g.dir, 'p')]]) {
      const r = await bob(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(/portcullis: denied by rule policy\.route/);
    }
  });

  it('a client without a certificate from the guard CA is refused at TLS', async () => {
    const r = await dockerAsync({ DOCKER_HOST: `tcp://${g.mtls}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(g.dir, 'nocert') }, ['ps']);
    expect(r.code).not.toBe(0);
  });

  it('writes an audit line per request, the decision of writes before their completion', () => {
    const lines = readFileSync(join(g.dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const creates = lines.filter((l) => l.routeId === 'container.create' && l.subject === 'cert:alice');
    expect(creates.length).toBeGreaterThan(0);
    const first = creates[0]!;
    expect(first.phase).toBe('decided');
    expect(lines.findIndex((l) => l.requestId === first.requestId && l.phase === 'completed')).toBeGreaterThan(lines.indexOf(first));
    expect(lines.some((l) => l.subject === 'cert:bob' && l.verdict === 'deny' && l.ruleId === 'policy.route')).toBe(true);
    expect(g.events.eventsOf('guard.request.denied').length).toBeGreaterThan(0);
  });
});
