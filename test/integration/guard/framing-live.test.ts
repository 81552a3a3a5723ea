// Live red team of the guard's HTTP framing, pipelining and upgrade handling (issue 5): raw bytes over the
// mutual-TLS, token-TLS and unix-socket listeners of a real guard in front of the lab dockerd. Every attempt
// carries a create the role denies; the engine (read directly) must never hold it, and the guard stays healthy.
// The ordering tests fail without src/guard/in-flight.ts; the HTTP/1.0 chunked one without its framing check.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_LABEL } from '../../../src/core/policy/index.js';
import { engineGet } from '../../lab/index.js';
import { ATTEMPTS, chunked, create, createLine, head, OK } from './framing-cases.js';
import { engineContainer, KINDS, startFramingLab, type FramingLab, type Kind } from './framing-client.js';
import { lab } from './helpers.js';

const RUN = process.pid.toString(36);
const P = `pcl-guardfr-${RUN}-`;
const MISSING = `${P}missing`;
const RUNNING = `${P}running`;
const role = { allow: ['container.*', 'exec.*', 'system.*'], container: { images: ['alpine:*'] } };

const dk = (args: string[]): string => {
  try { return execFileSync('docker', ['-H', lab.dockerHost, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return ''; }
};
const lines = (s: string): string[] => s.split('\n').filter(Boolean);
function cleanup(subjects?: Record<Kind, string>): void {
  const ids = lines(dk(['ps', '-aq', '--filter', `name=^/${P}`]));
  for (const s of Object.values(subjects ?? {})) ids.push(...lines(dk(['ps', '-aq', '--filter', `label=${OWNER_LABEL}=${s}`])));
  if (ids.length) dk(['rm', '-f', ...new Set(ids)]);
}

let g: FramingLab;
beforeAll(async () => {
  cleanup();
  g = await startFramingLab(RUN, role);
  dk(['run', '-d', '--name', RUNNING, '--network', 'none', 'alpine', 'sleep', '600']);
}, 30_000);
afterAll(async () => {
  await g?.close();
  cleanup(g?.subjects);
});

const ping = (kind: Kind): Promise<number[]> => g.send(kind, [head('GET /_ping HTTP/1.1', ['Connection: close'])]).then((r) => r.statuses);

for (const kind of KINDS) {
  describe.concurrent(`${kind} listener: no denied create reaches dockerd`, () => {
    it.each(ATTEMPTS.map((t, i) => [`${t.cls}: ${t.id}`, t, i] as const))('%s', async (_n, t, i) => {
      const name = `${P}${kind[0]!}${i}`;
      const r = await g.send(kind, t.parts(name, MISSING), t.opts);
      expect(await engineContainer(name), r.out.slice(0, 300)).toEqual({ status: 404 });
      const ok = await engineContainer(`${name}ok`);
      if (ok.status === 200) expect(ok).toMatchObject({ privileged: false, binds: null });
      // Whatever was refused was refused with a status (or the connection closed), never a 2xx for the denied one.
      expect(r.statuses.filter((s) => s >= 200 && s < 300).length).toBeLessThanOrEqual(t.allowed ?? 0);
      expect(await ping(kind)).toEqual([200]);
    });
  });
}

describe.each(KINDS)('%s listener: answers leave in request order (Go reads one request at a time)', (kind) => {
  const n = (s: string): string => `${P}${kind[0]!}o-${s}`;
  it('an unparseable request behind an allowed one: 201 first, then 400', async () => {
    const r = await g.send(kind, [create(n('a'), OK, [], false) + 'GET /_ping HTTP/1.1\r\nContent-Length: +5\r\n\r\n']);
    expect(r.statuses).toEqual([201, 400]);
    expect(r.out).toContain('request.framing');
    expect((await engineContainer(n('a'))).status).toBe(200);
  });
  it.each([['Connection: close', '1.1'], ['HTTP/1.0 without keep-alive', '1.0']])('bytes after %s are not a request: only the 201 comes back', async (_d, v) => {
    const first = create(n(`b${v}`), OK).replace('HTTP/1.1', `HTTP/${v}`);
    const r = await g.send(kind, [first + create(n(`c${v}`), OK)]);
    expect(r.statuses).toEqual([201]);
    expect(r.closedByGuard).toBe(true);
    expect((await engineContainer(n(`b${v}`))).status).toBe(200);
    expect((await engineContainer(n(`c${v}`))).status).toBe(404);
  });
  it('a pipelined upgrade waits for the answer before it (dockerd refusing: 201 then 404)', async () => {
    const r = await g.send(kind, [create(n('d'), OK, [], false) + head(`POST /v1.41/containers/${MISSING}/attach?stream=1&stdin=1 HTTP/1.1`, ['Connection: Upgrade', 'Upgrade: tcp', 'Content-Length: 0'])]);
    expect(r.statuses).toEqual([201, 404]);
  });
  it('a pipelined attach to a running container: the 201 precedes the 101, nothing after it', async () => {
    const r = await g.send(kind, [create(n('e'), OK, [], false) + head(`POST /v1.41/containers/${RUNNING}/attach?stream=1&stdout=1 HTTP/1.1`, ['Connection: Upgrade', 'Upgrade: tcp', 'Content-Length: 0'])], { idleMs: 800 });
    expect(r.statuses).toEqual([201, 101]);
    expect(r.out.slice(r.out.indexOf(' 101 '))).not.toContain('HTTP/1.1');
  });
  it('a pipelined refused upgrade: 201 then 400', async () => {
    const r = await g.send(kind, [create(n('f'), OK, [], false) + head('GET /_ping HTTP/1.1', ['Connection: Upgrade', 'Upgrade: tcp'])]);
    expect(r.statuses).toEqual([201, 400]);
    expect(r.out).toContain('request.upgrade');
  });
  it('pipelined requests are acted on one at a time: a delete behind the create finds the container', async () => {
    const r = await g.send(kind, [create(n('h'), OK, [], false) + head(`DELETE /v1.41/containers/${n('h')} HTTP/1.1`, ['Connection: close'])]);
    expect(r.statuses).toEqual([201, 204]);
    expect((await engineContainer(n('h'))).status).toBe(404);
  });
  it('a request behind a denial that closes the connection is never acted on unanswered', async () => {
    // image.load is denied before its body is read, so the guard answers with Connection: close.
    const r = await g.send(kind, [head('POST /v1.41/images/load HTTP/1.1', ['Content-Length: 10']) + '0123456789' + create(n('i'), OK)]);
    expect(r.statuses[0]).toBe(403);
    const created = (await engineContainer(n('i'))).status === 200;
    expect({ created, answered: r.statuses.includes(201) }).toEqual({ created: false, answered: false });
  });
  it('CONNECT is answered 405 and closed', async () => {
    const r = await g.send(kind, ['CONNECT 127.0.0.1:2375 HTTP/1.1\r\nHost: 127.0.0.1:2375\r\n{AUTH}\r\n']);
    expect(r.statuses).toEqual([405]);
    expect(r.closedByGuard).toBe(true);
  });
  it('chunked on HTTP/1.0 is refused (Go ignores Transfer-Encoding there), even for an allowed body', async () => {
    const r = await g.send(kind, [head(createLine(n('g'), '1.0'), ['Transfer-Encoding: chunked', 'Content-Type: application/json']) + chunked(OK)]);
    expect(r.statuses).toEqual([400]);
    expect(r.out).toContain('request.framing');
    expect((await engineContainer(n('g'))).status).toBe(404);
  });
});

describe('afterwards', () => {
  it('no container of these subjects is privileged or binds a host path, and the engine is healthy', async () => {
    const ids = Object.values(g.subjects).flatMap((s) => lines(dk(['ps', '-aq', '--filter', `label=${OWNER_LABEL}=${s}`])));
    expect(ids.length).toBeGreaterThan(0); // the allowed creates above, so the check is not vacuous
    const out = dk(['inspect', '--format', '{{.HostConfig.Privileged}} {{.HostConfig.Binds}}', ...ids]);
    expect(lines(out).every((l) => l === 'false []')).toBe(true);
    expect((await engineGet(lab.socketPath, '/_ping')).status).toBe(200);
  });
});
