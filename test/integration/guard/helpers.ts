// Shared set-up for guard integration tests: a fresh guard directory (real PKI from `guard init`/`guard cert`,
// real tokens), a config written from an object, the guard started in this process, and docker CLI envs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CaptureSink } from '../../../src/core/events/index.js';
import { createToken, startGuard, type RunningGuard } from '../../../src/guard/index.js';
import { initGuard, issueCert } from '../../../src/guard/init.js';
import { docker, labFromEnv } from '../../lab/index.js';

export const lab = labFromEnv();

export interface GuardLab {
  readonly dir: string;
  readonly configPath: string;
  readonly guard: RunningGuard;
  readonly events: CaptureSink;
  /** `host:port` by listener type. */
  readonly mtls: string;
  readonly token?: string;
  readonly plain?: string;
  /** Env for the docker CLI as client NAME over mutual TLS. */
  certEnv(name: string): Record<string, string>;
  /** Env for the docker CLI with a bearer token (config.json HttpHeaders) over TLS. */
  tokenEnv(token: string): Record<string, string>;
  writeConfig(policy: unknown, extra?: Record<string, unknown>): void;
  close(): Promise<void>;
}

/** Create a guard dir with clients `certs`, write a config with `policy`, start the guard in-process. */
export async function startGuardLab(opts: { certs: string[]; policy: unknown; token?: boolean; plain?: boolean; plainSubject?: string; extra?: Record<string, unknown> }): Promise<GuardLab> {
  const dir = mkdtempSync(join(tmpdir(), 'pcl-guard-'));
  initGuard({ dir, sans: ['localhost', '127.0.0.1'], address: '127.0.0.1:0', upstream: `unix://${lab.socketPath}` });
  for (const c of opts.certs) issueCert(join(dir, 'pki'), c, join(dir, 'clients', c));
  const configPath = join(dir, 'guard.yaml');
  const listeners: unknown[] = [{ type: 'mtls', address: '127.0.0.1:0', ca: 'pki/ca.pem', cert: 'pki/server-cert.pem', key: 'pki/server-key.pem' }];
  if (opts.token) listeners.push({ type: 'token', address: '127.0.0.1:0', cert: 'pki/server-cert.pem', key: 'pki/server-key.pem' });
  if (opts.plain) listeners.push({ type: 'plain', address: '127.0.0.1:0', subject: opts.plainSubject ?? 'raw', allowPlaintext: true });
  const writeConfig = (policy: unknown, extra: Record<string, unknown> = {}): void => {
    writeFileSync(configPath, stringify({ upstream: { url: `unix://${lab.socketPath}` }, listeners, tokens: 'tokens.json', audit: { file: 'audit.jsonl' }, policy, ...opts.extra, ...extra }));
  };
  writeConfig(opts.policy);
  const events = new CaptureSink();
  const guard = await startGuard({ configPath, sinks: [events], log: () => undefined });
  const [mtls, second, third] = guard.addresses;
  const token = opts.token ? second : undefined;
  const plain = opts.plain ? (opts.token ? third : second) : undefined;
  return {
    dir, configPath, guard, events, mtls: mtls!, ...(token ? { token } : {}), ...(plain ? { plain } : {}), writeConfig,
    certEnv: (name) => ({ DOCKER_HOST: `tcp://${mtls}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(dir, 'clients', name) }),
    tokenEnv: (t) => {
      const cfgDir = mkdtempSync(join(dir, 'dockercfg-'));
      writeFileSync(join(cfgDir, 'config.json'), JSON.stringify({ HttpHeaders: { Authorization: `Bearer ${t}` } }));
      const certDir = join(cfgDir, 'certs');
      mkdirSync(certDir);
      writeFileSync(join(certDir, 'ca.pem'), readFileSync(join(dir, 'pki', 'ca.pem')));
      return { DOCKER_HOST: `tcp://${token}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir, DOCKER_CONFIG: cfgDir };
    },
    close: async () => { await guard.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

export function newToken(g: GuardLab, name: string): string {
  return createToken(join(g.dir, 'tokens.json'), name);
}

/** Remove lab containers whose names start with `prefix` (always a pcl-guard- prefix). */
export function removeContainers(prefix: string): void {
  if (!prefix.startsWith('pcl-guard-')) throw new Error('guard tests only remove pcl-guard-* containers');
  const ids = docker(lab, ['ps', '-aq', '--filter', `name=^/${prefix}`]).trim().split('\n').filter(Boolean);
  if (ids.length) docker(lab, ['rm', '-f', ...ids]);
}
