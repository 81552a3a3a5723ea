// Loads the guard's mTLS and token listeners in one process with the same client, to tell listener costs
// apart from machine noise in the full benchmark. Not a test.
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createToken, startGuard } from '../../src/guard/index.js';
import { initGuard, issueCert } from '../../src/guard/init.js';
import { load } from './load.js';

const sock = process.env.PORTCULLIS_LAB_SOCKET ?? '/tmp/portcullis-lab/docker.sock';
const dir = mkdtempSync(join(tmpdir(), 'pcl-guard-tls-'));
initGuard({ dir, sans: ['localhost', '127.0.0.1'], address: '127.0.0.1:0', upstream: `unix://${sock}` });
issueCert(join(dir, 'pki'), 'b', join(dir, 'clients', 'b'));
const token = createToken(join(dir, 'tokens.json'), 'b');
writeFileSync(join(dir, 'guard.yaml'), stringify({
  upstream: { url: `unix://${sock}` }, audit: { file: 'audit.jsonl' }, tokens: 'tokens.json',
  listeners: [{ type: 'mtls', address: '127.0.0.1:0', ca: 'pki/ca.pem', cert: 'pki/server-cert.pem', key: 'pki/server-key.pem' },
    { type: 'token', address: '127.0.0.1:0', cert: 'pki/server-cert.pem', key: 'pki/server-key.pem' }],
  policy: { grants: [{ subject: 'cert:b', roles: ['admin'] }, { subject: 'token:b', roles: ['admin'] }] },
}));
const g = await startGuard({ configPath: join(dir, 'guard.yaml'), log: () => undefined });
const ca = readFileSync(join(dir, 'pki', 'ca.pem'));
const c = join(dir, 'clients', 'b');
const [m, t] = g.addresses.map((a) => Number(a.split(':')[1]));
const path = process.argv[2] ?? '/v1.41/containers/json';
process.stdout.write(`mtls:  ${JSON.stringify(await load({ name: 'm', host: '127.0.0.1', port: m!, tls: { ca, cert: readFileSync(join(c, 'cert.pem')), key: readFileSync(join(c, 'key.pem')) } }, path, 32, 4))}\n`);
process.stdout.write(`token: ${JSON.stringify(await load({ name: 't', host: '127.0.0.1', port: t!, tls: { ca }, headers: { authorization: `Bearer ${token}` } }, path, 32, 4))}\n`);
process.stdout.write(`requests recorded: ${readFileSync(join(dir, 'audit.jsonl'), 'utf8').split('\n').length - 1}\n`);
await g.close();
rmSync(dir, { recursive: true, force: true });
