// Hardening: malformed HTTP is answered (400/431) and never fatal, slowloris connections are cut by the header
// and request timeouts, endless bodies stop at the cap, and the session/connection caps hold. All bounded.
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { http, parseResponse, rawExchange, startTestTrap, until, type TestTrap } from './helpers.js';

let t: TestTrap;
beforeEach(async () => {
  t = await startTestTrap({ limits: { headersTimeoutMs: 500, requestTimeoutMs: 1000, maxJsonBody: 65_536 } });
});
afterEach(async () => { await t.close(); });

describe('trap: hardening', () => {
  it('answers malformed requests with 400 and keeps serving', async () => {
    for (const junk of ['GARBAGE\r\n\r\n', '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03', 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
      'POST /containers/create HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n']) {
      const r = parseResponse(await rawExchange(t.port, junk));
      expect(r.status).toBe(400);
    }
    const big = parseResponse(await rawExchange(t.port, `GET /_ping HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(big.status).toBe(431);
    expect((await http(t.port, 'GET', '/_ping')).body.toString()).toBe('OK');
    const malformed = t.eventsOf('trap.request.received').filter((e) => e.malformed === true);
    expect(malformed.length).toBeGreaterThanOrEqual(4);
  });

  it('survives random bytes and mangled requests (seeded), then still answers', async () => {
    let seed = 0x5eed;
    const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; };
    const verbs = ['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'G\x00T', ''];
    const paths = ['/containers/create', '/v1.43/exec/x/start', '/containers/%zz/json', '/../../etc', '/v9999.1/_ping', '/images/create?fromImage=%00', '*'];
    const answers: string[] = [];
    for (let i = 0; i < 150; i++) {
      const junk = Buffer.from(Array.from({ length: rnd() % 300 }, () => rnd() % 256));
      const req = i % 2 === 0 ? junk
        : Buffer.concat([Buffer.from(`${verbs[rnd() % verbs.length]} ${paths[rnd() % paths.length]} HTTP/1.1\r\nHost: x\r\nContent-Length: ${rnd() % 50}\r\nConnection: close\r\n\r\n`), junk]);
      answers.push((await rawExchange(t.port, req)).toString('latin1').split('\r\n')[0] ?? '');
    }
    expect(answers.filter((a) => a.startsWith('HTTP/1.')).length).toBeGreaterThan(100);
    expect(t.warnings).toEqual([]);
    expect((await http(t.port, 'GET', '/_ping')).body.toString()).toBe('OK');
  });

  it('closes a slowloris connection that never finishes its headers', async () => {
    const closed = await new Promise<string>((resolve) => {
      const sock = connect(t.port, '127.0.0.1', () => sock.write('GET /_ping HTTP/1.1\r\nHost: x\r\n'));
      let got = '';
      // Dribble one header byte pair now and then, never ending the header block.
      const drip = setInterval(() => { if (!sock.destroyed) sock.write('X-a: b\r\n'); }, 100);
      sock.on('data', (c) => { got += c.toString(); });
      sock.on('close', () => { clearInterval(drip); resolve(got); });
      sock.on('error', () => undefined);
    });
    expect(closed).not.toContain('200 OK');
  });

  it('cuts a request whose body dribbles in slower than the request timeout', async () => {
    const got = await new Promise<string>((resolve) => {
      const sock = connect(t.port, '127.0.0.1', () => sock.write('POST /containers/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{'));
      let reply = '';
      const drip = setInterval(() => { if (!sock.destroyed) sock.write(' '); }, 100);
      sock.on('data', (c) => { reply += c.toString(); });
      sock.on('close', () => { clearInterval(drip); resolve(reply); });
      sock.on('error', () => undefined);
    });
    expect(got).not.toContain('201 Created');
    await until(() => t.eventsOf('trap.request.received').some((e) => e.route === 'container.create'));
    expect(t.eventsOf('trap.request.received').find((e) => e.route === 'container.create')).toMatchObject({ body_aborted: true });
    expect(t.eventsOf('trap.container.create_attempted')).toHaveLength(0);
  });

  it('holds the connection cap: extra connections are dropped, served ones keep working', async () => {
    await t.close();
    t = await startTestTrap({ limits: { maxConnections: 2 } });
    const held = [connect(t.port, '127.0.0.1'), connect(t.port, '127.0.0.1')];
    await Promise.all(held.map((s) => new Promise((r) => s.once('connect', r))));
    await until(() => t.eventsOf('trap.session.opened').length === 1);
    const extra = await rawExchange(t.port, 'GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n').catch(() => Buffer.alloc(0));
    expect(extra.length).toBe(0);
    held[0]?.write('GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const ok = await new Promise<string>((resolve) => {
      let b = '';
      held[0]?.on('data', (c) => { b += c.toString(); });
      held[0]?.on('close', () => resolve(b));
    });
    expect(ok).toMatch(/^HTTP\/1\.1 200 OK/);
    for (const s of held) s.destroy();
  });

  it('stops reading an endless body at the cap and answers', async () => {
    const result = await new Promise<{ sent: number; reply: string }>((resolve) => {
      const sock = connect(t.port, '127.0.0.1');
      const chunk = Buffer.alloc(16_384, 0x61);
      let sent = 0;
      let reply = '';
      const limit = 64 * 1024 * 1024;
      const pump = () => {
        while (!sock.destroyed && sent < limit && reply === '') {
          const piece = `${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`;
          sent += chunk.length;
          if (!sock.write(piece)) { sock.once('drain', pump); return; }
        }
      };
      sock.on('connect', () => {
        sock.write('POST /containers/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
        pump();
      });
      sock.on('data', (c) => { reply += c.toString(); });
      sock.on('close', () => resolve({ sent, reply }));
      sock.on('error', () => undefined);
    });
    expect(result.reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.sent).toBeLessThan(64 * 1024 * 1024);
    const req = t.eventsOf('trap.request.received').find((e) => e.route === 'container.create');
    expect(req).toMatchObject({ body_overflow: true });
    expect(t.eventsOf('trap.container.create_attempted')).toHaveLength(0);
  });

  it('refuses new sources beyond the session cap while keeping the live one', async () => {
    await t.close();
    t = await startTestTrap({ limits: { maxSessions: 1 } });
    expect((await http(t.port, 'GET', '/_ping')).status).toBe(200);
    // Another loopback source address is a second attacker: the cap (1, held by an open connection) refuses it.
    const hold = connect(t.port, '127.0.0.1');
    await new Promise((r) => hold.once('connect', r));
    const sameSource = await rawExchange(t.port, 'GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { host: '127.0.0.1' })
      .then((b) => b.toString());
    expect(sameSource).toContain('200 OK');
    const other = await new Promise<string>((resolve) => {
      const s = connect({ port: t.port, host: '127.0.0.1', localAddress: '127.0.0.2' }, () => s.write('GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n'));
      let got = '';
      s.on('data', (c) => { got += c.toString(); });
      s.on('close', () => resolve(got));
      s.on('error', () => resolve(got));
    });
    hold.destroy();
    expect(other).toBe('');
    expect(t.eventsOf('trap.session.opened')).toHaveLength(1);
  });
});
