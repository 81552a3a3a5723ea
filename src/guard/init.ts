// `guard init` and `guard cert`: create the PKI and a starter config, issue client bundles and add their
// grants to the config (edited as a YAML document, so comments and layout survive).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { PortcullisError } from '../core/errors/index.js';
import { createCa, issueClientBundle, issueServerCert, readCa } from './pki.js';

export interface InitOptions {
  readonly dir: string;
  readonly sans: readonly string[];
  readonly address: string;
  readonly tokenAddress?: string;
  readonly upstream: string;
}

export function starterConfig(o: InitOptions): string {
  return `# portcullis guard configuration (docs/GUARD.md, docs/POLICY.md). Validate with: portcullis guard --check -c ${join(o.dir, 'guard.yaml')}
upstream:
  url: ${o.upstream}
listeners:
  - type: mtls            # identity = client certificate CN (portcullis guard cert NAME --role ROLE)
    address: ${o.address}
    ca: pki/ca.pem
    cert: pki/server-cert.pem
    key: pki/server-key.pem
${o.tokenAddress ? `  - type: token           # identity = bearer token (portcullis guard token create NAME --role ROLE)
    address: ${o.tokenAddress}
    cert: pki/server-cert.pem
    key: pki/server-key.pem
` : ''}tokens: tokens.json
audit:
  file: audit.jsonl
metrics:
  address: 127.0.0.1:9323
limits:
  bodyBytes: 1048576      # largest JSON body judged
  listBytes: 67108864     # largest list collected to filter it for a scoped subject
policy:
  apiVersions: { min: '1.24', max: '1.41' }
  # roles: see docs/POLICY.md; presets: read-only, traefik, watchtower, prometheus, ci-runner, admin
  # grants: added by \`guard cert\` and \`guard token create\`
`;
}

/** Create DIR/pki (CA + server cert), DIR/guard.yaml; returns the config path. */
export function initGuard(o: InitOptions): string {
  const cfg = join(o.dir, 'guard.yaml');
  if (existsSync(cfg)) throw new PortcullisError('PCL_ERR_GUARD_PKI', `${cfg} exists; refusing to overwrite (choose another --dir)`);
  const pkiDir = join(o.dir, 'pki');
  const ca = createCa(pkiDir);
  issueServerCert(ca, o.sans, pkiDir);
  writeFileSync(cfg, starterConfig(o), { mode: 0o600 });
  return cfg;
}

/** Add `{subject, roles: [role]}` to policy.grants of the config file (unless an identical grant exists). */
export function addGrant(configPath: string, subject: string, role: string): void {
  const doc = parseDocument(readFileSync(configPath, 'utf8'));
  const grants = (doc.getIn(['policy', 'grants']) ?? null) as { toJSON?: () => unknown } | null;
  const list = (grants?.toJSON?.() ?? []) as { subject: string; roles: string[] }[];
  if (list.some((g) => g.subject === subject && g.roles.includes(role))) return;
  if (!doc.hasIn(['policy', 'grants'])) doc.setIn(['policy', 'grants'], doc.createNode([]));
  doc.addIn(['policy', 'grants'], doc.createNode({ subject, roles: [role] }));
  writeFileSync(configPath, doc.toString());
}

/** Issue a client bundle for NAME under the CA in pkiDir. */
export function issueCert(pkiDir: string, name: string, outDir: string, days?: number): void {
  issueClientBundle(readCa(pkiDir), name, outDir, days);
}
