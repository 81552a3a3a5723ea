// guard.close() ends everything it holds: a hijacked attach tunnel, an idle keep-alive connection and a
// streaming response (events) are all open when close() is called, and close() still resolves.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../../lab/index.js';
import { lab, removeContainers, startGuardLab, type GuardLab } from './helpers.js';

const P = 'pcl-guard-close-';
let g: GuardLab;

beforeAll(async () => {
  removeContainers(P);
  docker(lab, ['run', '-d', '--name', `${P}sleeper`, '--network', 'none', 'alpine', 'sleep', '3600']);
  g = await startGuardLab({ certs: ['op'], policy: { grants: [{ subject: 'cert:op', roles: ['admin'] }] } });
});
afterAll(() => { removeContainers(P); });

/** Open an mTLS connection as `op`, send `request`, resolve once `until` appears in what came back. */
function open(request: string, until: RegExp): Promise<{ sock: TLSSocket; closed: Promise<void> }> {
  const [host, port] = g.mtls.split(':');
  const dir = join(g.dir, 'clients', 'op');
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port: Number(port), servername: 'localhost', ca: readFileSync(join(dir, 'ca.pem')),
      cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) });
    const closed = new Promise<void>((r) => sock.once('close', () => r()));
    let got = '';
    sock.on('error', reject);
    sock.on('data', (c: Buffer) => { got += c.toString('latin1'); if (until.test(got)) resolve({ sock, closed }); });
    sock.once('secureConnect', () => sock.write(request));
  });
}

describe('guard.close()', () => {
  it('resolves while an attach tunnel, a keep-alive connection and an event stream are open, and ends them', async () => {
    const attach = await open(`POST /v1.41/containers/${P}sleeper/attach?stream=1&stdout=1&stderr=1 HTTP/1.1\r\nHost: docker\r\n`
      + 'Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n', /^HTTP\/1\.1 101/);
    const keepAlive = await open('GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n', /\r\n\r\nOK/);
    const events = await open('GET /v1.41/events HTTP/1.1\r\nHost: docker\r\n\r\n', /^HTTP\/1\.1 200/);
    let timer: NodeJS.Timeout | undefined;
    // A bound only so a regression fails instead of hanging the suite; close() normally takes about a second.
    const done = await Promise.race([g.close().then(() => 'closed'), new Promise<string>((r) => { timer = setTimeout(() => r('hung'), 30_000); })]);
    clearTimeout(timer);
    expect(done).toBe('closed');
    await Promise.all([attach.closed, keepAlive.closed, events.closed]);
    expect([attach.sock.destroyed, keepAlive.sock.destroyed, events.sock.destroyed]).toEqual([true, true, true]);
  });
});
