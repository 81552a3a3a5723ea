// Red-team variants the first scan tests did not try: look-alikes that refuse us (Kubernetes, a registry), TLS
// oddities (alerts without a certificate, no shared cipher, TLS 1.2 mTLS, nginx's "No required SSL certificate"
// page), a service that closes every connection, a proxy that routes only /vX.Y/ paths, names vs --exclude.
import { createServer as createHttpServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expose, generatePki, labFromEnv, type Exposure, type LabPki } from '../../lab/index.js';
import { executeScan, probeEndpoint } from '../../../src/scanner/index.js';
import type { ScanResult } from '../../../src/scanner/index.js';

const lab = labFromEnv();
const opts = { timeoutMs: 3000, retries: 0 };
const closers: (() => Promise<void>)[] = [];
let pki: LabPki;

function listen(server: Server, host: string): Promise<{ host: string; port: number }> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); });
  server.on('tlsClientError', () => {});
  closers.push(() => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }));
  return new Promise((resolve) => server.listen(0, host, () => {
    const a = server.address();
    resolve({ host, port: typeof a === 'object' && a ? a.port : 0 });
  }));
}

function forward(req: IncomingMessage, res: ServerResponse): void {
  const up = request({ socketPath: lab.socketPath, path: req.url, method: req.method }, (r) => { res.writeHead(r.statusCode ?? 502, r.headers); r.pipe(res); });
  up.on('error', () => res.writeHead(502).end());
  up.end();
}

/** kube-apiserver with anonymous requests refused: a `Status` object for every path. */
const kubernetes = (host: string, status: 401 | 403) => listen(createHttpsServer({ key: pki.serverKey, cert: pki.serverCert }, (q, res) => {
  const reason = status === 401 ? 'Unauthorized' : 'Forbidden';
  res.writeHead(status, { 'Content-Type': 'application/json', 'Audit-Id': '5f0c0d64-0000-4000-8000-000000000000',
    'X-Kubernetes-Pf-Flowschema-Uid': 'f1', 'X-Kubernetes-Pf-Prioritylevel-Uid': 'p1' })
    .end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason, code: status,
      message: status === 401 ? 'Unauthorized' : `forbidden: User "system:anonymous" cannot get path "${q.url}"` }));
}), host);

/** A registry (distribution) behind basic auth, as registries on 5000 often are. */
const registry = (host: string) => listen(createHttpServer((_q, res) => {
  res.writeHead(401, { 'Docker-Distribution-Api-Version': 'registry/2.0', 'Www-Authenticate': 'Basic realm="Registry Realm"',
    'Content-Type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}\n');
}), host);

/** nginx with `ssl_verify_client on`: the handshake completes, then 400 "No required SSL certificate was sent". */
const nginxMtls = (host: string) => listen(createHttpsServer({ key: pki.serverKey, cert: pki.serverCert }, (_q, res) => {
  res.writeHead(400, { Server: 'nginx/1.24.0', 'Content-Type': 'text/html' }).end('<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n'
    + '<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n');
}), host);

/** Mutual TLS limited to TLS 1.2: the refusal is a handshake_failure alert inside the handshake. */
const mtls12 = (host: string) => listen(createTlsServer({ key: pki.serverKey, cert: pki.serverCert, ca: [pki.caCert], requestCert: true,
  rejectUnauthorized: true, maxVersion: 'TLSv1.2' }, (s) => s.end()), host);

/** Answers every connection with a TLS handshake_failure alert and nothing else (no certificate, no TLS). */
const alertOnly = (host: string) => listen(createNetServer((s) => {
  s.on('error', () => {});
  s.once('data', () => s.end(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28])));
}), host);

/** A TLS server that shares no cipher with any normal client: handshake_failure before any certificate. */
const noSharedCipher = (host: string) => listen(createTlsServer({ key: pki.serverKey, cert: pki.serverCert, maxVersion: 'TLSv1.2',
  ciphers: 'NULL-SHA256:@SECLEVEL=0' }, (s) => s.end()), host);

/** Accepts and closes at once, every time (tcpwrapped). */
const closesAtOnce = (host: string) => listen(createNetServer((s) => { s.on('error', () => {}); s.destroy(); }), host);

/** A gateway that routes only /_ping and the CLI's versioned paths (/v1.NN/...) to the engine. */
const versionedOnly = (host: string) => listen(createHttpServer((q, res) => {
  if (/^\/(_ping|v1\.\d+\/)/.test(q.url ?? '')) forward(q, res);
  else res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
}), host);

beforeAll(() => { pki = generatePki(['127.33.0.1', '127.33.0.4', '127.33.0.5', '127.33.0.7']); });
afterAll(async () => { await Promise.all(closers.map((c) => c())); });

describe('look-alikes that refuse us are not "protected Docker"', () => {
  it.each([401, 403] as const)('a Kubernetes API server answering %i is not-docker, named as Kubernetes', async (status) => {
    const r = await probeEndpoint(await kubernetes(status === 401 ? '127.33.0.1' : '127.33.0.2', status), opts);
    expect(r.state).toBe('not-docker');
    expect(r.reason).toMatch(/Kubernetes API server/);
    expect(r.refusal).toBeUndefined();
  });

  it('a registry behind basic auth is not-docker, named as a registry', async () => {
    const r = await probeEndpoint(await registry('127.33.0.3'), opts);
    expect(r).toMatchObject({ state: 'not-docker', transport: 'plain' });
    expect(r.reason).toMatch(/registry/);
  });
});

describe('TLS: mutual TLS is protected, other handshake failures are not', () => {
  it('nginx ssl_verify_client (400 "No required SSL certificate was sent") is protected by mtls', async () => {
    const r = await probeEndpoint(await nginxMtls('127.33.0.4'), opts);
    expect(r).toMatchObject({ state: 'protected', transport: 'tls', refusal: { by: 'mtls', status: 400, message: 'No required SSL certificate was sent' } });
    expect(r.tls?.clientCertRequired).toBe(true);
  });

  it('TLS 1.2 mutual TLS (handshake_failure after the server certificate) is protected, with that certificate', async () => {
    const r = await probeEndpoint(await mtls12('127.33.0.5'), opts);
    expect(r).toMatchObject({ state: 'protected', transport: 'tls', refusal: { by: 'mtls' } });
    expect(r.tls).toMatchObject({ clientCertRequired: true, cert: { subject: 'CN=lab-server' } });
  });

  it('a service that answers every packet with a TLS alert (no certificate ever) is not protected', async () => {
    const r = await probeEndpoint(await alertOnly('127.33.0.6'), opts);
    expect(r.state).toBe('not-docker');
    expect(r.refusal).toBeUndefined();
  });

  it('a TLS server with no cipher in common fails the handshake: not-docker, not mutual TLS', async () => {
    const r = await probeEndpoint(await noSharedCipher('127.33.0.7'), opts);
    expect(r.state).toBe('not-docker');
    expect(r.tls?.clientCertRequired).not.toBe(true);
  });

  it('a service that closes every connection at once (plaintext and TLS) is unresponsive: nothing was learnt', async () => {
    const r = await probeEndpoint(await closesAtOnce('127.33.0.8'), opts);
    expect(r.state).toBe('unresponsive');
    expect(r.reason).toMatch(/closed every connection/);
  });
});

describe('speaks to the engine the way the CLI does', () => {
  it('a gateway that routes only /vX.Y/ paths is exposed (asked again under the ping\'s API version)', async () => {
    const r = await probeEndpoint(await versionedOnly('127.33.0.9'), opts);
    expect(r).toMatchObject({ state: 'exposed', ruleId: 'PCL-NET-001', engine: { product: 'docker', apiVersion: '1.41' } });
    expect(r.http?.map((h) => `${h.request} ${h.status}`)).toEqual(['HEAD /_ping 200', 'GET /version 404', 'GET /v1.41/version 200',
      'GET /v1.41/containers/json?limit=1 200']);
  });

  it('--deep on such a gateway reads the lists under the same prefix', async () => {
    const r = await probeEndpoint(await versionedOnly('127.33.0.10'), { ...opts, deep: true });
    expect(r.state).toBe('exposed');
    expect(r.http?.some((h) => h.request === 'GET /v1.41/containers/json?all=1' && h.status === 200)).toBe(true);
  });
});

/** An authorization plugin that denies only the routes matching `deny` (real engine for the rest). */
const authzDenying = (host: string, deny: RegExp) => listen(createHttpServer((q, res) => {
  if (!deny.test(q.url ?? '')) { forward(q, res); return; }
  res.writeHead(403, { Server: 'Docker/20.10.24+dfsg1 (linux)', 'Api-Version': '1.41', 'Content-Type': 'application/json' })
    .end('{"message":"authorization denied by plugin pcl-scanrt-authz: route not allowed"}\n');
}), host);

describe('an authorization plugin judges each route: control decides, not the first refusal', () => {
  it('a plugin that refuses only /version still lets anyone list containers: exposed', async () => {
    const r = await probeEndpoint(await authzDenying('127.33.0.11', /^\/(v[\d.]+\/)?version/), opts);
    expect(r).toMatchObject({ state: 'exposed', ruleId: 'PCL-NET-001', engine: { product: 'docker', version: '20.10.24+dfsg1', apiVersion: '1.41' } });
    expect(r.reason).toMatch(/although GET \/version was refused \(authz-plugin\)/);
  });

  it('a plugin that refuses only /_ping (the CLI carries on without it) is exposed', async () => {
    const r = await probeEndpoint(await authzDenying('127.33.0.12', /^\/_ping/), opts);
    expect(r).toMatchObject({ state: 'exposed', ruleId: 'PCL-NET-001', engine: { product: 'docker', os: 'linux' } });
    // The safe twin: refusing /_ping and the container list is protected, with the plugin as evidence.
    const safe = await probeEndpoint(await authzDenying('127.33.0.13', /^\/(_ping|(v[\d.]+\/)?containers)/), opts);
    expect(safe).toMatchObject({ state: 'protected', refusal: { by: 'authz-plugin', request: 'GET /_ping' } });
  });
});

describe('names against --exclude and listed addresses', () => {
  let plain: Exposure;
  beforeAll(async () => { plain = await expose('plain', lab.socketPath, '127.0.0.1'); });
  afterAll(async () => { await plain?.close(); });

  async function scan(targets: string[], exclude: string[] = []): Promise<{ results: ScanResult[]; endpoints: number }> {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => { text += c.toString(); });
    const { summary } = await executeScan({ targets, exclude, ports: String(plain.port), format: 'jsonl', toolVersion: 'test', timeoutMs: 3000, retries: 0 },
      { stdin: new PassThrough(), out, progress: new PassThrough() });
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as ScanResult & { summary?: unknown });
    return { results: lines.filter((l) => !l.summary), endpoints: summary.endpoints };
  }

  it('--exclude of an address also applies to a name that resolves to it', async () => {
    const r = await scan(['localhost'], ['127.0.0.1']);
    expect(r.results).toEqual([]);
  });

  it('--exclude of a name also excludes the addresses it resolves to', async () => {
    // 127.0.0.1 is all there is to scan, and localhost is 127.0.0.1: nothing is left.
    await expect(scan(['127.0.0.1'], ['localhost'])).rejects.toMatchObject({ code: 'PCL_ERR_SCAN_NO_TARGETS' });
    const r = await scan(['127.0.0.1', '127.33.9.9'], ['localhost']);
    expect(r.results).toEqual([]);
    expect(r.endpoints).toBe(1);
  });

  it('a name and the address it resolves to, both listed, are probed once (under the address)', async () => {
    const r = await scan(['localhost', '127.0.0.1']);
    expect(r.results.map((x) => `${x.host} ${x.state}`)).toEqual(['127.0.0.1 exposed']);
  });
});
