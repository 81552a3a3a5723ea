// Recon-only replay (ping, version, info, containers/json, as Metasploit's check and mass scanners send it):
// the trap must look like dockerd byte for byte where fingerprinters look, and record without inventing intent.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { http, parseResponse, rawExchange, startTestTrap, type TestTrap } from './helpers.js';

let t: TestTrap;
beforeEach(async () => { t = await startTestTrap(); });
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.close();
});

describe('trap: recon', () => {
  it('answers HEAD and GET /_ping with the engine headers', async () => {
    const head = await http(t.port, 'HEAD', '/_ping');
    expect(head.status).toBe(200);
    expect(head.headers['api-version']).toBe('1.43');
    expect(head.headers.server).toBe('Docker/24.0.7 (linux)');
    expect(head.headers.ostype).toBe('linux');
    expect(head.headers['docker-experimental']).toBe('false');
    expect(head.headers.swarm).toBe('inactive');
    expect(head.headers['builder-version']).toBe('2');
    expect(head.headers.date).toBeTruthy();
    expect(head.body.length).toBe(0);
    const get = await http(t.port, 'GET', '/_ping');
    expect(get.body.toString()).toBe('OK');
    expect(get.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
  });

  it('serves version and info consistent with Server and Api-Version, versioned or not', async () => {
    const v = await http(t.port, 'GET', '/v1.43/version');
    const body = v.json() as Record<string, unknown>;
    expect(body.Version).toBe('24.0.7');
    expect(body.ApiVersion).toBe(v.headers['api-version']);
    expect(v.headers.server).toContain(String(body.Version));
    expect(v.body.toString().endsWith('}\n')).toBe(true);
    const info = (await http(t.port, 'GET', '/info')).json() as Record<string, unknown>;
    expect(info.ServerVersion).toBe('24.0.7');
    expect(info.NCPU).toBeGreaterThan(0);
    expect(Number(info.MemTotal)).toBeGreaterThan(1e9);
    expect(String(info.KernelVersion)).toMatch(/generic$/);
    expect(info.OperatingSystem).toMatch(/Ubuntu/);
  });

  it('lists the decoy containers with 64-hex ids and answers unknown paths like the mux', async () => {
    const list = (await http(t.port, 'GET', '/containers/json')).json() as Array<Record<string, unknown>>;
    expect(list.length).toBe(3);
    for (const c of list) expect(String(c.Id)).toMatch(/^[0-9a-f]{64}$/);
    expect(list.map((c) => (c.Names as string[])[0])).toContain('/web');
    const nf = await http(t.port, 'GET', '/');
    expect(nf.status).toBe(404);
    expect(nf.body.toString()).toBe('{"message":"page not found"}\n');
    expect(nf.headers.server).toBeUndefined();
    const wrongMethod = await http(t.port, 'DELETE', '/v1.43/version');
    expect(wrongMethod.status).toBe(404);
    const tooNew = await http(t.port, 'GET', '/v1.99/version');
    expect(tooNew.status).toBe(400);
    expect(tooNew.body.toString()).toContain('client version 1.99 is too new. Maximum supported API version is 1.43');
  });

  it('answers an HTTP/1.0 probe with an HTTP/1.0 status line in Go header order', async () => {
    const r = parseResponse(await rawExchange(t.port, 'GET / HTTP/1.0\r\n\r\n'));
    expect(r.statusLine).toBe('HTTP/1.0 404 Not Found');
    expect(r.raw.toString()).toMatch(/^HTTP\/1\.0 404 Not Found\r\nContent-Type: application\/json\r\nDate: .*\r\nContent-Length: 29\r\n\r\n\{"message":"page not found"\}\n$/);
  });

  it('writes HTTP/1.1 keep-alive responses with exactly the header lines dockerd sends', async () => {
    const raw = await rawExchange(t.port, 'GET /v1.43/version HTTP/1.1\r\nHost: x\r\n\r\nGET /v1.43/containers/json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const text = raw.toString('latin1');
    const heads = [...text.matchAll(/HTTP\/1\.1 [^\r]*\r\n(?:[^\r]+\r\n)*\r\n/g)].map((m) => m[0].trimEnd());
    expect(heads).toHaveLength(2);
    // Go's server sends a body above 2048 bytes chunked (the three decoys' list), a shorter one with its length.
    for (const [i, h] of heads.entries()) {
      expect(h.split('\r\n').slice(1).map((l) => l.split(':')[0]).filter((k) => k !== 'Connection'))
        .toEqual(['Api-Version', 'Content-Type', 'Docker-Experimental', 'Ostype', 'Server', 'Date', i === 0 ? 'Content-Length' : 'Transfer-Encoding']);
    }
    expect(heads[0]).not.toMatch(/Connection:|Keep-Alive:/);
  });

  it('records one session with every request and no create or command events', async () => {
    await http(t.port, 'HEAD', '/_ping');
    await http(t.port, 'GET', '/v1.43/version');
    await http(t.port, 'GET', '/v1.43/info');
    await http(t.port, 'GET', '/v1.43/containers/json?all=1');
    const opened = t.eventsOf('trap.session.opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ src_ip: '127.0.0.1', sensor: 'test-sensor', dst_port: t.port, source: 'portcullis' });
    const reqs = t.eventsOf('trap.request.received');
    expect(reqs.map((e) => e.route)).toEqual(['system.ping_head', 'system.version', 'system.info', 'container.list']);
    expect(reqs.every((e) => e.session === opened[0]?.session)).toBe(true);
    expect(reqs[3]).toMatchObject({ method: 'GET', path: '/containers/json', version: '1.43', query: { all: '1' } });
    expect((reqs[3]?.headers as Record<string, string>)['user-agent']).toBe('python-requests/2.31.0');
    expect(t.eventsOf('trap.container.create_attempted')).toHaveLength(0);
    expect(t.eventsOf('trap.command.observed')).toHaveLength(0);
  });
});
