// TLS checks for daemons that serve TCP with TLS (PCL-EXP-007..010, PCL-FIL-004/005): certificate validity,
// names, the CA that client verification depends on, and who can read the key. X509 parsing is node:crypto.
import { X509Certificate } from 'node:crypto';
import type { Evidence } from '../report/finding.js';
import type { FileFact, HostFacts } from './facts.js';
import type { DaemonContext } from './contexts.js';
import type { FindingSet } from './finding-set.js';
import { configuredTcpHosts } from './exposure.js';
import { tlsModeOf } from './settings.js';

/** dockerd's defaults when --tlscacert/--tlscert/--tlskey are not given (the daemon user's ~/.docker). */
export const DEFAULT_TLS_FILES = { tlscacert: '/root/.docker/ca.pem', tlscert: '/root/.docker/cert.pem', tlskey: '/root/.docker/key.pem' } as const;

/** The TLS files a context uses, with the evidence that names them. */
export function tlsFiles(ctx: DaemonContext): { role: 'tlscacert' | 'tlscert' | 'tlskey'; path: string; evidence?: Evidence }[] {
  return (['tlscacert', 'tlscert', 'tlskey'] as const).map((role) => {
    const s = ctx.settings.strings[role];
    return { role, path: s?.value ?? DEFAULT_TLS_FILES[role], evidence: s?.evidence };
  });
}

function fileEvidence(f: FileFact, value: string): Evidence {
  return { kind: 'file', location: f.path, value };
}

const DAY = 86_400_000;

function checkCert(facts: HostFacts, f: FileFact, ctx: DaemonContext, role: string, set: FindingSet): X509Certificate | undefined {
  if (f.content === undefined) return undefined;
  let cert: X509Certificate;
  try { cert = new X509Certificate(f.content); } catch { return undefined; }
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  const now = facts.now.getTime();
  if (to.getTime() < now || from.getTime() > now) {
    set.add('PCL-EXP-007', f.path, `The ${role} certificate of ${ctx.name} is valid from ${from.toISOString()} to ${to.toISOString()}.`,
      [fileEvidence(f, `notBefore=${cert.validFrom}; notAfter=${cert.validTo}; subject=${cert.subject.replace(/\n/g, ', ')}`)]);
  } else if (to.getTime() - now < 30 * DAY) {
    set.add('PCL-EXP-008', f.path, `The ${role} certificate of ${ctx.name} expires on ${to.toISOString()}.`,
      [fileEvidence(f, `notAfter=${cert.validTo}`)]);
  }
  return cert;
}

/** System trust stores: a CA file from this list trusts every public CA as an issuer of client certificates. */
const SYSTEM_BUNDLES = /^\/etc\/(ssl\/certs\/ca-certificates\.crt|ssl\/cert\.pem|pki\/tls\/certs\/ca-bundle\.crt|pki\/tls\/cert\.pem|pki\/ca-trust\/extracted\/pem\/tls-ca-bundle\.pem|ssl\/ca-bundle\.pem)$|^\/usr\/share\/ca-certificates\//;

function publicBundle(f: FileFact, ctx: DaemonContext, evidence: Evidence | undefined, set: FindingSet): void {
  const n = (f.content?.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
  // A private client CA is one certificate, at most a short chain with a rotation; dozens means a trust store.
  if (!SYSTEM_BUNDLES.test(f.path) && n <= 5) return;
  set.add('PCL-EXP-012', ctx.name, `${ctx.name} accepts any client certificate issued by the ${n} CAs in ${f.path}: client authentication is not really required.`,
    [...(evidence ? [evidence] : []), fileEvidence(f, `${n} CA certificates`)]);
}

function perm(p: number): string {
  return `0${p.toString(8).padStart(3, '0')}`;
}

export function checkTls(facts: HostFacts, contexts: readonly DaemonContext[], set: FindingSet): void {
  const rootUid = facts.rootOwner?.uid ?? 0;
  for (const ctx of contexts) {
    const mode = tlsModeOf(ctx.settings, ctx.envTlsVerify);
    const hosts = configuredTcpHosts(ctx).filter((h) => h.host.proto === 'tcp');
    if (mode === 'none' && !ctx.settings.strings.tlscert) continue;
    for (const { role, path, evidence } of tlsFiles(ctx)) {
      const f = facts.files[path];
      if (!f) continue;
      if (role === 'tlscacert' && mode === 'mtls' && (f.error === 'ENOENT')) {
        set.add('PCL-EXP-010', ctx.name, `${ctx.name} verifies clients but its CA file ${path} does not exist.`,
          [...(evidence ? [evidence] : []), { kind: 'file', location: path, value: 'missing' }]);
      }
      if (f.stat) {
        const st = f.stat;
        if (role === 'tlskey' && ((st.perm & 0o077) !== 0 || st.uid !== rootUid)) {
          set.add('PCL-FIL-004', path, `The daemon TLS key ${path} is ${perm(st.perm)} owned by uid ${st.uid}:gid ${st.gid}.`,
            [fileEvidence(f, `mode ${perm(st.perm)} uid ${st.uid} gid ${st.gid}`)], { remediation: `chown root:root ${path} && chmod 400 ${path}` });
        }
        if (role !== 'tlskey' && ((st.perm & 0o022) !== 0 || st.uid !== rootUid)) {
          set.add('PCL-FIL-005', path, `The daemon TLS ${role === 'tlscacert' ? 'CA' : 'certificate'} ${path} is ${perm(st.perm)} owned by uid ${st.uid}.`,
            [fileEvidence(f, `mode ${perm(st.perm)} uid ${st.uid} gid ${st.gid}`)], { remediation: `chown root:root ${path} && chmod 444 ${path}` });
        }
      }
      if (role === 'tlskey') continue;
      if (role === 'tlscacert' && mode === 'mtls' && f.content !== undefined) publicBundle(f, ctx, evidence, set);
      const cert = checkCert(facts, f, ctx, role === 'tlscacert' ? 'CA' : 'server', set);
      if (!cert || role !== 'tlscert') continue;
      for (const { host } of hosts) {
        if (host.address === '0.0.0.0' || host.address === '::') continue;
        const ip = /^[\d.]+$/.test(host.address) || host.address.includes(':');
        const ok = ip ? cert.checkIP(host.address) !== undefined : cert.checkHost(host.address) !== undefined;
        if (!ok) {
          set.add('PCL-EXP-009', path, `The server certificate ${path} does not name ${host.address}, where ${ctx.name} listens.`,
            [fileEvidence(f, `subjectAltName=${cert.subjectAltName ?? '(none)'}`)],
            { remediation: `Reissue ${path} with subjectAltName=IP:${host.address} (or DNS:<name>) and restart dockerd.` });
        }
      }
    }
  }
}
