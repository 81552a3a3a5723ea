// Bypass classes against the guard on raw sockets (loopback plain listener, subject loopback:raw): framing
// dockerd would read differently, key tricks in bodies, odd targets and versions, oversized bodies,
// pipelining, upgrade tricks, and that what is forwarded is the canonical re-encoding of what was judged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../../lab/index.js';
import { lab, removeContainers, startGuardLab, type GuardLab } from './helpers.js';
import { rawSend } from './raw-client.js';

let g: GuardLab;
const P = 'pcl-guard-byp-';

beforeAll(async () => {
  removeContainers(P);
  g = await startGuardLab({
    certs: [], plain: true,
    policy: { roles: { raw: { allow: ['container.*', 'system.*', 'exec.*'], container: { images: ['alpine:*'] } } }, grants: [{ subject: 'loopback:raw', roles: ['raw'] }] },
    extra: { limits: { bodyBytes: 4096 } },
  });
});
afterAll(async () => {
  await g?.close();
  removeContainers(P);
  // Containers this file created without a name carry the owner label of its subject.
  const ids = docker(lab, ['ps', '-aq', '--filter', 'label=io.portcullis.owner=loopback:raw']).trim().split('\n').filter(Boolean);
  if (ids.length) docker(lab, ['rm', '-f', ...ids]);
});

/** Raw bytes to the guard's plain listener (nothing normalises them). */
const raw = (bytes: string | Buffer, idleMs = 1500): Promise<string> => rawSend(g.plain!, bytes, idleMs);

const post = (path: string, body: string, extra = ''): string =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`;
const status = (resp: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(resp)?.[1] ?? 0);

describe('framing dockerd could read differently is refused', () => {
  it('Content-Length together with Transfer-Encoding', async () => {
    const r = await raw('POST /v1.41/containers/create HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
    expect(status(r)).toBe(400);
  });
  it('obs-fold continuation lines', async () => {
    const r = await raw('GET /v1.41/containers/json HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n');
    expect(status(r)).toBe(400);
  });
  it('duplicate Content-Length', async () => {
    const r = await raw('POST /v1.41/containers/create HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}');
    expect(status(r)).toBe(400);
  });
  it('form-encoded bodies (Go ParseForm would merge them into the query)', async () => {
    const r = await raw(post('/v1.41/containers/create', 'name=x', '').replace('application/json', 'application/x-www-form-urlencoded'));
    expect(status(r)).toBe(400);
    expect(r).toContain('request.framing');
  });
  it('bodies over the limit', async () => {
    const r = await raw(post('/v1.41/containers/create', JSON.stringify({ Image: 'alpine', Env: ['x'.repeat(5000)] })));
    expect(status(r)).toBe(413);
    expect(r).toContain('request.body_limit');
  });
  it('chunked bodies are judged like any other (and a chunked privileged create is refused)', async () => {
    const body = JSON.stringify({ Image: 'alpine', HostConfig: { Privileged: true } });
    const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    const r = await raw(`POST /v1.41/containers/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunked}`);
    expect(status(r)).toBe(403);
    expect(r).toContain('policy.container.privileged');
  });
});

describe('bodies are decoded the Go way; ambiguity is refused', () => {
  it.each([
    ['repeated keys', '{"Image":"alpine","HostConfig":{"Privileged":false,"Privileged":true}}'],
    ['case-folded key', '{"Image":"alpine","HostConfig":{"privileged":true}}'],
    ['Unicode-folded key (long s for S)', '{"Image":"alpine","HostConfig":{"\\u017fecurityOpt":["seccomp=unconfined"]}}'],
    ['Kelvin sign for K in a map-free struct key', '{"Image":"alpine","HostConfig":{"\\u212aernelMemory":1}}'],
    ['legacy top-level host config', '{"Image":"alpine","Binds":["/:/host"]}'],
    ['repeated objects', '{"Image":"alpine","HostConfig":{"Binds":[]},"HostConfig":{"Binds":["/:/h"]}}'],
    ['trailing data', '{"Image":"alpine"} {"HostConfig":{"Privileged":true}}'],
    ['invalid JSON', '{"Image":"alpine",'],
  ])('%s', async (_n, body) => {
    const r = await raw(post('/v1.41/containers/create', body), 30_000);
    expect(status(r)).toBeGreaterThanOrEqual(400);
    expect(r).toMatch(/portcullis: denied by rule (request\.body|policy\.)/);
  });
  it('forwards the canonical re-encoding (unknown fields dropped, owner label stamped)', async () => {
    const name = `${P}canon`;
    const r = await raw(post(`/v1.41/containers/create?name=${name}`, '{"Image":"alpine","Cmd":["true"],"XUnknown":1,"Labels":{"io.portcullis.owner":"spoofed"}}'), 30_000);
    expect(status(r)).toBe(201);
    expect(docker(lab, ['inspect', '--format', '{{index .Config.Labels "io.portcullis.owner"}}', name]).trim()).toBe('loopback:raw');
  });
});

describe('targets, versions and routes', () => {
  it.each([
    ['unknown route', 'GET /v1.41/containers/x/nope HTTP/1.1', 404],
    ['old API version', 'GET /v1.23/containers/json HTTP/1.1', 403],
    ['future API version', 'GET /v9.99/containers/json HTTP/1.1', 403],
    ['dot segments', 'GET /v1.41/containers/../images/json HTTP/1.1', 400],
    ['double slash', 'GET /v1.41//containers/json HTTP/1.1', 400],
    ['percent-encoded dot segments', 'GET /v1.41/containers/%2e%2e/images/json HTTP/1.1', 400],
    ['absolute-form target is read as dockerd reads it', 'GET http://x/v1.41/images/json HTTP/1.1', 403],
    ['route the role lacks (other endpoint, same effect)', 'POST /v1.41/images/load HTTP/1.1', 403],
  ])('%s', async (_n, line, code) => {
    const r = await raw(`${line}\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(status(r)).toBe(code);
    expect(r).toContain('portcullis: denied by rule');
  });
  it('answers pipelined requests in order, each judged', async () => {
    const one = 'GET /v1.41/_ping HTTP/1.1\r\nHost: x\r\n\r\n';
    const two = 'GET /v1.41/images/json HTTP/1.1\r\nHost: x\r\n\r\n';
    const three = 'GET /v1.41/containers/json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
    const r = await raw(one + two + three);
    const statuses = [...r.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
    expect(statuses).toEqual([200, 403, 200]);
  });
});

describe('upgrade tricks', () => {
  it('refuses Upgrade on routes that do not hijack, and non-tcp upgrades', async () => {
    const a = await raw('GET /v1.41/containers/json HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
    expect(status(a)).toBe(400);
    const b = await raw('POST /v1.41/containers/x/attach HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n');
    expect(status(b)).toBe(400);
  });
  it('relays dockerd refusing to upgrade (no raw tunnel before dockerd upgrades)', async () => {
    const r = await raw('POST /v1.41/containers/pcl-guard-byp-missing/attach?stream=1&stdout=1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n');
    expect(status(r)).toBe(404);
    expect(r).toMatch(/No such container/);
  });
  it('refuses hijack routes without Upgrade (the raw 200 stream cannot be judged half-way)', async () => {
    const r = await raw('POST /v1.41/containers/x/attach HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    expect(status(r)).toBe(400);
    expect(r).toContain('request.hijack');
  });
});
