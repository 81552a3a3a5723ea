// The guard's PKI with node-forge: a CA, a server certificate with SANs (serverAuth), and client bundles
// (ca.pem, cert.pem, key.pem with clientAuth) the docker CLI uses as DOCKER_CERT_PATH unchanged.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { PortcullisError } from '../core/errors/index.js';

const { pki, md } = forge;

function serial(): string {
  return '01' + forge.util.bytesToHex(forge.random.getBytesSync(15));
}

function newCert(cn: string, days: number, now: Date): { cert: forge.pki.Certificate; keys: forge.pki.rsa.KeyPair } {
  // node:crypto generates the key (native, fast); forge builds and signs the certificate.
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const keys = { privateKey: pki.privateKeyFromPem(pair.privateKey) as forge.pki.rsa.PrivateKey, publicKey: pki.publicKeyFromPem(pair.publicKey) as forge.pki.rsa.PublicKey };
  const cert = pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + days * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: cn }]);
  return { cert, keys };
}

export interface CaFiles { readonly certPem: string; readonly keyPem: string }

/** Create a CA in `dir` (ca.pem, ca-key.pem); refuses to overwrite an existing one. */
export function createCa(dir: string, now = new Date()): CaFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (existsSync(join(dir, 'ca-key.pem'))) throw new PortcullisError('PCL_ERR_GUARD_PKI', `${dir}/ca-key.pem exists; refusing to overwrite a CA (choose another --dir)`);
  const { cert, keys } = newCert('portcullis guard CA', 3650, now);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }, { name: 'subjectKeyIdentifier' }]);
  cert.sign(keys.privateKey, md.sha256.create());
  const files = { certPem: pki.certificateToPem(cert), keyPem: pki.privateKeyToPem(keys.privateKey) };
  writeFileSync(join(dir, 'ca.pem'), files.certPem);
  writeFileSync(join(dir, 'ca-key.pem'), files.keyPem, { mode: 0o600 });
  return files;
}

export function readCa(dir: string): CaFiles {
  try {
    return { certPem: readFileSync(join(dir, 'ca.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'ca-key.pem'), 'utf8') };
  } catch (err) {
    throw new PortcullisError('PCL_ERR_GUARD_PKI', `cannot read the CA in ${dir}: ${(err as Error).message}; run \`portcullis guard init\` first`, { cause: err });
  }
}

function issue(ca: CaFiles, cn: string, days: number, now: Date, ext: object[]): { certPem: string; keyPem: string } {
  const caCert = pki.certificateFromPem(ca.certPem);
  const caKey = pki.privateKeyFromPem(ca.keyPem);
  const { cert, keys } = newCert(cn, days, now);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([{ name: 'basicConstraints', cA: false }, ...ext]);
  cert.sign(caKey, md.sha256.create());
  return { certPem: pki.certificateToPem(cert), keyPem: pki.privateKeyToPem(keys.privateKey) };
}

/** Server certificate for the given DNS names and IPs (serverAuth). */
export function issueServerCert(ca: CaFiles, sans: readonly string[], dir: string, now = new Date()): void {
  const altNames = sans.map((s) => (/^[\d.]+$|:/.test(s) ? { type: 7, ip: s } : { type: 2, value: s }));
  const { certPem, keyPem } = issue(ca, sans[0] ?? 'localhost', 825, now, [
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true }, { name: 'subjectAltName', altNames }]);
  writeFileSync(join(dir, 'server-cert.pem'), certPem);
  writeFileSync(join(dir, 'server-key.pem'), keyPem, { mode: 0o600 });
}

/** Client bundle for NAME in `outDir`: ca.pem, cert.pem, key.pem (clientAuth; CN = NAME = the subject). */
export function issueClientBundle(ca: CaFiles, name: string, outDir: string, days = 365, now = new Date()): void {
  if (!/^[\w.@-]{1,128}$/.test(name)) throw new PortcullisError('PCL_ERR_GUARD_PKI', `client name "${name}" must be letters, digits, . _ @ -`);
  const { certPem, keyPem } = issue(ca, name, days, now, [
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true }, { name: 'extKeyUsage', clientAuth: true }]);
  mkdirSync(outDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(outDir, 'ca.pem'), ca.certPem);
  writeFileSync(join(outDir, 'cert.pem'), certPem);
  writeFileSync(join(outDir, 'key.pem'), keyPem, { mode: 0o600 });
}
