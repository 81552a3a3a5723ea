// The bounded HTTP exchange on real loopback sockets: byte caps on endless bodies, chunked and
// content-length framing, and the non-HTTP / silent / closed outcomes the classifier relies on.
import { createServer as createHttpServer } from 'node:http';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { exchange } from '../../../src/scanner/net/http-exchange.js';
import * as fakes from './fakes.js';

const open: fakes.Fake[] = [];
afterAll(async () => { await Promise.all(open.map((f) => f.close())); });

async function run(f: fakes.Fake, method: 'GET' | 'HEAD', path: string, maxBytes = 65536) {
  open.push(f);
  const s = connect(f.port, f.host);
  await new Promise((r) => s.once('connect', r));
  return exchange(s, { method, path, host: f.host }, { maxBytes, deadline: Date.now() + 1500 });
}

describe('exchange', () => {
  it('cuts an endless body at the byte cap', async () => {
    const o = await run(await fakes.endlessBody('127.32.0.1'), 'GET', '/version', 65536);
    expect(o.kind).toBe('response');
    if (o.kind !== 'response') return;
    expect(o.truncated).toBe(true);
    expect(o.body.length).toBeLessThanOrEqual(65536);
    expect(o.body.length).toBeGreaterThan(30000);
  });

  it('reads chunked and content-length bodies completely', async () => {
    const server = createHttpServer((req, res) => {
      if (req.url === '/chunked') { res.write('{"a":'); setTimeout(() => res.end('1}'), 20); } else res.end('{"b":2}');
    });
    const f = await new Promise<fakes.Fake>((resolve) => server.listen(0, '127.32.0.2', () => {
      const a = server.address() as { port: number };
      resolve({ host: '127.32.0.2', port: a.port, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) });
    }));
    const c = await run(f, 'GET', '/chunked');
    expect(c.kind === 'response' && c.body.toString()).toBe('{"a":1}');
    const l = await run(f, 'GET', '/plain');
    expect(l.kind === 'response' && l.body.toString()).toBe('{"b":2}');
  });

  it('says non-http for banners, timeout for silence', async () => {
    expect((await run(await fakes.sshBanner('127.32.0.3'), 'HEAD', '/_ping')).kind).toBe('non-http');
    const t = await run(await fakes.tarpit('127.32.0.4'), 'HEAD', '/_ping');
    expect(t).toEqual({ kind: 'timeout', bytes: 0 });
  });
});
