// Hardening: malformed HTTP is answered (400/431) and never fatal, slowloris connections are cut by the header
// and request timeouts, endless bodies stop at the cap, and the session/connection caps hold. All bounded.
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { http, parseResponse, rawExchange, startTestTrap, type TestTrap } from './helpers.js';

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
