// Test PKI made with the real openssl CLI: a CA, a server certificate for given loopback IPs, and a client
// bundle (ca.pem, cert.pem, key.pem) the docker CLI accepts through DOCKER_CERT_PATH.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LabPki {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  /** Directory usable as DOCKER_CERT_PATH: ca.pem, cert.pem, key.pem. */
  readonly clientDir: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

function ossl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Generate a fresh CA, server and client certificates (EC P-256, 2 days) for the given IPs/names. */
export function generatePki(sans: string[], clientName = 'lab-client'): LabPki {
  const dir = mkdtempSync(join(tmpdir(), 'pcl-pki-'));
  const san = ['DNS:localhost', 'IP:127.0.0.1', ...sans.map((s) => (/^[\d.:]+$/.test(s) ? `IP:${s}` : `DNS:${s}`))];
  ossl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca-key.pem',
    '-out', 'ca.pem', '-days', '2', '-subj', '/CN=portcullis lab CA'], dir);
  writeFileSync(join(dir, 'server.ext'), `subjectAltName=${[...new Set(san)].join(',')}\nextendedKeyUsage=serverAuth\n`);
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, cn, ext] of [['server', 'lab-server', 'server.ext'], ['client', clientName, 'client.ext']] as const) {
    ossl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}-key.pem`,
      '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
    ossl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial',
      '-out', `${name}-cert.pem`, '-days', '2', '-extfile', ext], dir);
  }
  const clientDir = join(dir, 'client');
  execFileSync('mkdir', ['-p', clientDir]);
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  writeFileSync(join(clientDir, 'ca.pem'), read('ca.pem'));
  writeFileSync(join(clientDir, 'cert.pem'), read('client-cert.pem'));
  writeFileSync(join(clientDir, 'key.pem'), read('client-key.pem'), { mode: 0o600 });
  return {
    dir, clientDir,
    caCert: read('ca.pem'), caKey: read('ca-key.pem'),
    serverCert: read('server-cert.pem'), serverKey: read('server-key.pem'),
    clientCert: read('client-cert.pem'), clientKey: read('client-key.pem'),
  };
}
