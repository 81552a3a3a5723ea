// The console over real TLS: HSTS on HTTPS, and with --tls-client-ca a verified client certificate is the
// login (no token needed, even on a non-loopback-style setup), while a client without one cannot connect.
import { request } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/core/store/store.js';
import { startServe, type ServeHandle } from '../../../src/serve/index.js';
import { generatePki, type LabPki } from '../../lab/index.js';
import { filledStore } from './fill.js';

const dir = mkdtempSync(join(tmpdir(), 'pcl-serve-tls-'));
let store: Store;
let pki: LabPki;
let srv: ServeHandle;

function get(path: string, client: boolean): Promise<{ status: number; hsts?: string; body: string }> {
  const u = new URL(path, srv.url);
  return new Promise((resolve, reject) => {
    const req = request(u, { ca: pki.caCert, servername: 'localhost', ...(client ? { cert: pki.clientCert, key: pki.clientKey } : {}) }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  store = await filledStore(dir);
  pki = generatePki(['127.0.0.1', 'localhost'], 'pcl-serve-operator');
  // 0.0.0.0 would be refused without a login; mutual TLS is one. Bind loopback anyway (network rule).
  srv = await startServe({ store, port: 0, tls: { cert: pki.serverCert, key: pki.serverKey, clientCa: pki.caCert } });
});
afterAll(async () => {
  await srv.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(pki.dir, { recursive: true, force: true });
});

describe('portcullis serve over TLS', () => {
  it('lets a client with a certificate from the CA in, with HSTS', async () => {
    const r = await get('/api/trap/sessions', true);
    expect(r.status).toBe(200);
    expect(r.hsts).toMatch(/max-age=\d+/);
    expect(r.body).toContain('sess-a');
  });

  it('refuses a client without a certificate at the handshake', async () => {
    await expect(get('/api/trap/sessions', false)).rejects.toThrow();
  });

  it('marks the session cookie Secure when a token login happens over HTTPS', async () => {
    const tok = await startServe({ store, port: 0, token: 'tls-token-0123456789', tls: { cert: pki.serverCert, key: pki.serverKey } });
    try {
      const cookie = await new Promise<string>((resolve, reject) => {
        const req = request(new URL('/login', tok.url), { method: 'POST', ca: pki.caCert, servername: 'localhost',
          headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => { res.resume(); resolve(String(res.headers['set-cookie'])); });
        req.on('error', reject);
        req.end('token=tls-token-0123456789');
      });
      expect(cookie).toMatch(/HttpOnly; SameSite=Strict; Secure/);
    } finally {
      await tok.close();
    }
  });
});
