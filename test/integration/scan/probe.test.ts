// The scanner's verdicts against the real lab engine (plain, TLS-any-client, mutual TLS) and fake services on
// loopback, each with its expected `state`; every hostile endpoint must end well inside its time budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expose, labFromEnv, type Exposure } from '../../lab/index.js';
import { probeEndpoint } from '../../../src/scanner/index.js';
import * as fakes from './fakes.js';

const lab = labFromEnv();
// Generous for a loaded machine; hostile endpoints then take up to this long each.
const opts = { timeoutMs: 3000, retries: 0 };
const open: { close(): Promise<void> }[] = [];
const probe = (f: { host: string; port: number }) => probeEndpoint({ host: f.host, port: f.port }, opts);

let plain: Exposure, anyTls: Exposure, mtls: Exposure;
beforeAll(async () => {
  plain = await expose('plain', lab.socketPath, '127.30.0.1');
  anyTls = await expose('tls-any-client', lab.socketPath, '127.30.0.2');
  mtls = await expose('mtls', lab.socketPath, '127.30.0.3');
  open.push(plain, anyTls, mtls);
});
afterAll(async () => { await Promise.all(open.map((o) => o.close())); });

async function fake(make: Promise<fakes.Fake>): Promise<fakes.Fake> {
  const f = await make;
  open.push(f);
  return f;
}

describe('scan verdicts against the real engine', () => {
  it('plain TCP is exposed, with engine evidence and PCL-NET-001', async () => {
    const r = await probe(plain);
    expect(r.state).toBe('exposed');
    expect(r.transport).toBe('plain');
    expect(r.ruleId).toBe('PCL-NET-001');
    expect(r.engine).toMatchObject({ product: 'docker', apiVersion: '1.41', os: 'linux' });
    expect(r.http?.map((h) => h.request)).toEqual(['HEAD /_ping', 'GET /version', 'GET /containers/json?limit=1']);
  });

  it('TLS that accepts any client is exposed, detected by handshake and not by port', async () => {
    const r = await probe(anyTls);
    expect(r.state).toBe('exposed');
    expect(r.transport).toBe('tls');
    expect(r.ruleId).toBe('PCL-NET-002');
    expect(r.tls?.version).toMatch(/^TLSv1\.[23]$/);
    expect(r.tls?.clientCertRequired).toBe(false);
    expect(r.tls?.cert?.subject).toBeTruthy();
  });

  it('mutual TLS is protected: the client certificate is required', async () => {
    const r = await probe(mtls);
    expect(r.state).toBe('protected');
    expect(r.transport).toBe('tls');
    expect(r.tls?.clientCertRequired).toBe(true);
    expect(r.refusal?.by).toBe('mtls');
  });

  it('an authorization plugin that denies the container list is protected, with the plugin message', async () => {
    const r = await probe(await fake(fakes.authzPlugin('127.30.0.4', lab.socketPath)));
    expect(r.state).toBe('protected');
    expect(r.refusal).toMatchObject({ by: 'authz-plugin', status: 403 });
    expect(r.refusal?.message).toMatch(/authorization denied by plugin/);
    expect(r.engine?.product).toBe('docker');
  });

  it('a socket proxy that passes ping and version but refuses containers is protected and recognised', async () => {
    const r = await probe(await fake(fakes.socketProxy('127.30.0.5', lab.socketPath)));
    expect(r.state).toBe('protected');
    expect(r.socketProxy).toBe(true);
    expect(r.refusal?.status).toBe(403);
    expect(r.engine?.version).toBeTruthy();
  });
});

describe('scan verdicts against fake and hostile services', () => {
  const cases: [string, () => Promise<fakes.Fake>, string, RegExp?][] = [
    ['plain web server', () => fakes.webServer('127.30.1.1'), 'not-docker', /404/],
    ['SSH banner', () => fakes.sshBanner('127.30.1.2'), 'not-docker', /SSH/],
    ['401 authenticating proxy', () => fakes.authProxy('127.30.1.3'), 'protected', /401/],
    ['tarpit (accepts, never answers)', () => fakes.tarpit('127.30.1.4'), 'unresponsive', /sent nothing/],
    ['slow drip (1 byte/s)', () => fakes.slowDrip('127.30.1.5'), 'unresponsive', /too slow/],
    ['endless body', () => fakes.endlessBody('127.30.1.6'), 'not-docker'],
    ['garbage banner', () => fakes.garbageBanner('127.30.1.7'), 'not-docker', /non-HTTP/],
    ['impostor echoing a Docker banner', () => fakes.impostorBanner('127.30.1.8'), 'not-docker', /version/],
    ['impostor with a canned container list', () => fakes.impostorList('127.30.1.9'), 'not-docker', /container list/],
    ['TLS server that closes after the handshake', () => fakes.tlsMute('127.30.1.10'), 'unresponsive'],
    ['HTTPS web server', () => fakes.httpsWeb('127.30.1.11'), 'not-docker'],
    ['closed port', () => fakes.closedPort('127.30.1.12'), 'closed'],
  ];
  for (const [name, make, state, reason] of cases) {
    it(`${name} -> ${state}`, async () => {
      const r = await probe(await fake(make()));
      expect(r.state).toBe(state);
      if (reason) expect(r.reason).toMatch(reason);
    }, 30_000); // a hang fails here: the per-endpoint budget is (retries + 1) x connect + 5 x timeout = 18 s
  }

  it('marks impostors as such', async () => {
    const r = await probe(await fake(fakes.impostorBanner('127.30.2.1')));
    expect(r.impostor).toBe(true);
  });

  it('recognises Podman', async () => {
    const r = await probe(await fake(fakes.podman('127.30.2.2')));
    expect(r.state).toBe('exposed');
    expect(r.engine).toMatchObject({ product: 'podman', version: '4.3.1', apiVersion: '1.41' });
  });

  it('TLS that asks for a client certificate but accepts none is exposed', async () => {
    const r = await probe(await fake(fakes.tlsOptionalClientCert('127.30.2.4', lab.socketPath)));
    expect(r).toMatchObject({ state: 'exposed', transport: 'tls', ruleId: 'PCL-NET-002' });
  });

  it('only ever sends GET and HEAD, even with --deep', async () => {
    const rec = await fakes.recordingProxy('127.30.2.5', lab.socketPath);
    open.push(rec);
    const r = await probeEndpoint({ host: rec.host, port: rec.port }, { ...opts, timeoutMs: 3000, deep: true });
    expect(r.state).toBe('exposed');
    expect(r.deep?.containers).toBeGreaterThanOrEqual(0);
    expect(rec.seen.length).toBeGreaterThan(5);
    expect(rec.seen.filter((l) => !/^(GET|HEAD) /.test(l))).toEqual([]);
    expect(rec.seen).toContain('GET /containers/json?all=1');
  });

  it('an authorization plugin that denies only writes is still exposed (reads leak env, logs and files; we never write)', async () => {
    const r = await probe(await fake(fakes.authzReadOnly('127.30.2.6', lab.socketPath)));
    expect(r).toMatchObject({ state: 'exposed', transport: 'plain', ruleId: 'PCL-NET-001' });
  });

  it('nginx basic auth with /_ping left open is protected, with the challenge', async () => {
    const r = await probe(await fake(fakes.nginxBasicAuthPingOpen('127.30.2.7', lab.socketPath)));
    expect(r.state).toBe('protected');
    expect(r.refusal).toMatchObject({ by: 'auth', status: 401, request: 'GET /version', challenge: 'Basic realm="docker"' });
  });

  it('probes IPv6 loopback', async () => {
    const r = await probe(await fake(fakes.podman('::1')));
    expect(r).toMatchObject({ host: '::1', state: 'exposed' });
  });

  it('reports HTTPS web servers with their TLS details', async () => {
    const r = await probe(await fake(fakes.httpsWeb('127.30.2.3')));
    expect(r.transport).toBe('tls');
    expect(r.tls?.version).toBeTruthy();
  });
});
