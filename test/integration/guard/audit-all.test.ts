// Every refusal leaves exactly one audit record (issue 5, "an audit record per request"), also those made before
// the handler runs: Node's parser errors, CONNECT, oversized headers, garbage after a TLS handshake, failed TLS
// handshakes, unauthenticated requests, refused upgrades, and a stream the client walks away from. Each exchange
// is found in the JSON-lines file by its own source address; after a clean shutdown the store holds the same rows.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openStore } from '../../../src/core/store/index.js';
import type { GuardAuditRecord, Store } from '../../../src/core/store/store.js';
import { createToken, startGuard, type RunningGuard } from '../../../src/guard/index.js';
import { initGuard, issueCert } from '../../../src/guard/init.js';
import { lab } from './helpers.js';

type Line = GuardAuditRecord & { phase?: string; field?: string };
type Kind = 'mtls' | 'mtls-nocert' | 'token' | 'plain' | 'plain-to-tls';

let dir: string;
let guard: RunningGuard | undefined;
let store: Store;
let addr: Record<'mtls' | 'token' | 'plain', string>;
/** Source address of every exchange a test made, with the record it expects (checked against the store at the end). */
const expected = new Map<string, Partial<Line>>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pcl-guard-auditall-'));
  initGuard({ dir, sans: ['localhost', '127.0.0.1'], address: '127.0.0.1:0', upstream: `unix://${lab.socketPath}` });
  issueCert(join(dir, 'pki'), 'op', join(dir, 'client'));
  writeFileSync(join(dir, 'guard.yaml'), stringify({
    upstream: { url: `unix://${lab.socketPath}` },
    listeners: [
      { type: 'mtls', address: '127.0.0.1:0', ca: 'pki/ca.pem', cert: 'pki/server-cert.pem', key: 'pki/server-key.pem' },
      { type: 'token', address: '127.0.0.1:0', cert: 'pki/server-cert.pem', key: 'pki/server-key.pem' },
      { type: 'plain', address: '127.0.0.1:0', subject: 'raw', allowPlaintext: true },
    ],
    tokens: 'tokens.json', audit: { file: 'audit.jsonl' },
    policy: { grants: [{ subject: 'cert:op', roles: ['read-only'] }, { subject: 'token:op', roles: ['read-only'] }, { subject: 'loopback:raw', roles: ['read-only'] }] },
  }));
  createToken(join(dir, 'tokens.json'), 'op');
  store = await openStore(join(dir, 'audit.db'));
  guard = await startGuard({ configPath: join(dir, 'guard.yaml'), store, log: () => undefined });
  const [mtls, tok, plain] = guard.addresses as [string, string, string];
  addr = { mtls, token: tok, plain };
});
afterAll(async () => {
  await guard?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Exchange { readonly out: string; readonly source: string; readonly statuses: number[] }

/** Send raw bytes over one connection; resolve when the guard closes it or `idleMs` passes without data. */
function send(kind: Kind, bytes: string, o: { idleMs?: number; until?: RegExp } = {}): Promise<Exchange> {
  const listener = kind === 'mtls-nocert' ? addr.mtls : kind === 'plain-to-tls' ? addr.token : addr[kind];
  const plainTcp = kind === 'plain' || kind === 'plain-to-tls';
  const [host, port] = listener.split(':') as [string, string];
  const client = join(dir, 'client');
  const sock: Socket = plainTcp ? netConnect({ host, port: Number(port) })
    : tlsConnect({ host, port: Number(port), servername: 'localhost', ca: readFileSync(join(dir, 'pki', 'ca.pem')),
      ...(kind === 'mtls' ? { cert: readFileSync(join(client, 'cert.pem')), key: readFileSync(join(client, 'key.pem')) } : {}) });
  return new Promise((resolve) => {
    let out = '';
    let source = '';
    const idle = o.idleMs ?? 1500;
    let timer = setTimeout(() => sock.destroy(), idle);
    sock.on('data', (c: Buffer) => {
      out += c.toString('latin1');
      clearTimeout(timer);
      if (o.until?.test(out)) { sock.destroy(); return; }
      timer = setTimeout(() => sock.destroy(), idle);
    });
    sock.on('error', () => undefined);
    sock.on('close', () => { clearTimeout(timer); resolve({ out, source, statuses: [...out.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1])) }); });
    sock.once(plainTcp ? 'connect' : 'secureConnect', () => { source = `127.0.0.1:${sock.localPort}`; sock.write(Buffer.from(bytes, 'latin1')); });
    // A handshake the server refuses may never reach secureConnect on the client (TLS 1.2): the port is known now.
    sock.once('connect', () => { source = `127.0.0.1:${sock.localPort}`; });
  });
}

const auditLines = (): Line[] => readFileSync(join(dir, 'audit.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);

/** The audit lines of one source, once `n` are there (records leave in the event-loop turn after the answer). */
async function linesOf(source: string, n = 1): Promise<Line[]> {
  let got: Line[] = [];
  for (let i = 0; i < 100; i++) {
    got = auditLines().filter((l) => l.source === source);
    if (got.length >= n) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // A moment more, so a duplicate record written late would be seen.
  await new Promise((r) => setTimeout(r, 100));
  return auditLines().filter((l) => l.source === source);
}

/** Exactly one line for this exchange, with these fields (and a time, status and duration). */
async function oneRecord(x: Exchange, want: Partial<Line>): Promise<Line> {
  expect(x.source).not.toBe('');
  const lines = await linesOf(x.source);
  expect(lines, JSON.stringify(lines)).toHaveLength(1);
  const l = lines[0]!;
  expect(l).toMatchObject({ verdict: 'deny', phase: 'completed', ...want });
  expect(Date.parse(l.time)).not.toBeNaN();
  expect(typeof l.durationMs).toBe('number');
  expected.set(x.source, want);
  return l;
}

describe('guard audit: every refusal before routing leaves one record', () => {
  it('a malformed request on the plain listener (bad Content-Length): 400, request.framing', async () => {
    const x = await send('plain', 'GET /_ping HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\n');
    expect(x.statuses).toEqual([400]);
    await oneRecord(x, { subject: 'loopback:raw', routeId: 'request.malformed', method: '-', path: '-', ruleId: 'request.framing', status: 400 });
  });

  it('garbage after a completed mutual-TLS handshake: 400, with the certificate identity', async () => {
    const x = await send('mtls', '\x16\x03\x01 not http at all\r\n\r\n');
    expect(x.statuses).toEqual([400]);
    await oneRecord(x, { subject: 'cert:op', routeId: 'request.malformed', method: '-', path: '-', ruleId: 'request.framing', status: 400 });
  });

  it('CONNECT: 405, request.method, with the method and target it asked for', async () => {
    const x = await send('mtls', 'CONNECT 127.0.0.1:2375 HTTP/1.1\r\nHost: 127.0.0.1:2375\r\n\r\n');
    expect(x.statuses).toEqual([405]);
    await oneRecord(x, { subject: 'cert:op', routeId: '-', method: 'CONNECT', path: '127.0.0.1:2375', ruleId: 'request.method', status: 405 });
  });

  it('oversized headers on the token listener: 431, request.header_limit, anonymous', async () => {
    const x = await send('token', `GET /_ping HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(70_000)}\r\n\r\n`);
    expect(x.statuses).toEqual([431]);
    await oneRecord(x, { subject: 'anonymous', routeId: 'request.malformed', ruleId: 'request.header_limit', status: 431 });
  });

  it('an unauthenticated request to the token listener: 401, auth, anonymous', async () => {
    const x = await send('token', 'GET /v1.41/containers/json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(x.statuses).toEqual([401]);
    await oneRecord(x, { subject: 'anonymous', routeId: '-', method: 'GET', path: '/v1.41/containers/json', ruleId: 'auth', status: 401 });
  });

  it('an unauthenticated upgrade to the token listener: 401, anonymous', async () => {
    const x = await send('token', 'POST /v1.41/containers/x/attach?stream=1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n');
    expect(x.statuses).toEqual([401]);
    await oneRecord(x, { subject: 'anonymous', routeId: '-', method: 'POST', ruleId: 'auth', status: 401 });
  });

  it('a client without a certificate on the mutual-TLS listener: refused at TLS, auth.tls', async () => {
    const x = await send('mtls-nocert', 'GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(x.statuses).toEqual([]);
    await oneRecord(x, { subject: 'anonymous', routeId: 'connection.tls', method: '-', path: '-', ruleId: 'auth.tls', status: 0 });
  });

  it('plain HTTP sent to a TLS listener: refused at TLS, auth.tls', async () => {
    const x = await send('plain-to-tls', 'GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(x.out).not.toMatch(/^HTTP/);
    await oneRecord(x, { subject: 'anonymous', routeId: 'connection.tls', method: '-', path: '-', ruleId: 'auth.tls', status: 0 });
  });

  it('a malformed request pipelined behind an allowed one: its record follows the first one\'s, as the answers do', async () => {
    const x = await send('plain', 'GET /_ping HTTP/1.1\r\nHost: x\r\n\r\nGET /_ping HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\n');
    expect(x.statuses).toEqual([200, 400]);
    const lines = await linesOf(x.source, 2);
    expect(lines.map((l) => [l.routeId, l.verdict, l.status])).toEqual([['system.ping', 'allow', 200], ['request.malformed', 'deny', 400]]);
  });

  it('a stream the client walks away from still gets its completion record', async () => {
    const x = await send('mtls', 'GET /v1.41/events HTTP/1.1\r\nHost: x\r\n\r\n', { until: /^HTTP\/1\.1 200/ });
    expect(x.statuses).toEqual([200]);
    const lines = await linesOf(x.source);
    expect(lines.map((l) => [l.routeId, l.verdict, l.status, l.subject])).toEqual([['system.events', 'allow', 200, 'cert:op']]);
  });

  it('after a clean shutdown the store holds the same one row per refusal', async () => {
    expect(expected.size).toBeGreaterThanOrEqual(7);
    await guard!.close();
    guard = undefined;
    const rows = await store.queryGuardAudit({ limit: 10_000 });
    for (const [source, want] of expected) {
      const mine = rows.filter((r) => r.source === source);
      expect(mine, source).toHaveLength(1);
      expect(mine[0]).toMatchObject({ verdict: 'deny', ...want });
    }
  });
});
