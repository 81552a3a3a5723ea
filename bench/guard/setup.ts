// Starts what the guard benchmark compares, all in front of the lab engine's socket: HAProxy configured as
// docker-socket-proxy does, and the guard (its own process, CLI entry) with mTLS, token and plain listeners.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createToken } from '../../src/guard/index.js';
import { initGuard, issueCert } from '../../src/guard/init.js';
import type { Target } from './load.js';

/** A measured endpoint: how Node clients reach it (load.ts Target) and how the docker CLI does. */
export interface BenchTarget extends Target {
  /** Environment for the docker CLI (DOCKER_HOST and friends). */
  readonly dockerEnv: Record<string, string>;
}

export interface Bench {
  readonly dir: string;
  readonly targets: readonly BenchTarget[];
  /** Negative controls: the mTLS listener without a certificate, the token listener without a token. */
  readonly noCert: BenchTarget;
  readonly noToken: BenchTarget;
  /** Set when the guard or HAProxy is no longer running, with its exit status and the tail of its stderr. */
  dead(): string | undefined;
  stop(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitPort(port: number, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before listening on ${port}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${what}: port ${port} never opened`);
}

export async function startBench(sock: string): Promise<Bench> {
  const dir = mkdtempSync(join(tmpdir(), 'pcl-guard-bench-'));
  const children: ChildProcess[] = [];
  const stop = (): void => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // PKI, token, guard config; the guard runs as its own process like in production.
    initGuard({ dir, sans: ['localhost', '127.0.0.1'], address: '127.0.0.1:0', upstream: `unix://${sock}` });
    issueCert(join(dir, 'pki'), 'bench', join(dir, 'clients', 'bench'));
    const token = createToken(join(dir, 'tokens.json'), 'bench');
    const base = 23900 + Math.floor(Math.random() * 90);
    const [gm, gt, hp, gp] = [base, base + 100, base + 200, base + 300];
    writeFileSync(join(dir, 'guard.yaml'), stringify({
      upstream: { url: `unix://${sock}` }, tokens: 'tokens.json', audit: { file: 'audit.jsonl' },
      listeners: [{ type: 'mtls', address: `127.0.0.1:${gm}`, ca: 'pki/ca.pem', cert: 'pki/server-cert.pem', key: 'pki/server-key.pem' },
        { type: 'token', address: `127.0.0.1:${gt}`, cert: 'pki/server-cert.pem', key: 'pki/server-key.pem' },
        { type: 'plain', address: `127.0.0.1:${gp}`, subject: 'bench', allowPlaintext: true }],
      policy: { grants: [{ subject: 'cert:bench', roles: ['admin'] }, { subject: 'token:bench', roles: ['admin'] }, { subject: 'loopback:bench', roles: ['admin'] }] },
    }));
    const guardErr = openSync(join(dir, 'guard.stderr'), 'w');
    const guard = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../test/integration/guard/guard-cli.ts'), 'guard', '-c', join(dir, 'guard.yaml'), '--no-events'], { stdio: ['ignore', 'ignore', guardErr] });
    closeSync(guardErr);
    children.push(guard);
    writeFileSync(join(dir, 'haproxy.cfg'), readFileSync(join(import.meta.dirname, 'haproxy.cfg.tmpl'), 'utf8').replace('@PORT@', String(hp)).replace('@SOCKET@', sock));
    const haproxy = spawn('haproxy', ['-f', join(dir, 'haproxy.cfg'), '-db'], { stdio: 'ignore', env: { ...process.env, POST: '1' } });
    children.push(haproxy);
    await Promise.all([waitPort(gm, guard, 'guard'), waitPort(gt, guard, 'guard'), waitPort(gp, guard, 'guard'), waitPort(hp, haproxy, 'haproxy')]);

    const ca = readFileSync(join(dir, 'pki', 'ca.pem'));
    const cdir = join(dir, 'clients', 'bench');
    const cfgDir = join(dir, 'dockercfg');
    mkdirSync(join(cfgDir, 'certs'), { recursive: true });
    writeFileSync(join(cfgDir, 'config.json'), JSON.stringify({ HttpHeaders: { Authorization: `Bearer ${token}` } }));
    writeFileSync(join(cfgDir, 'certs', 'ca.pem'), ca);
    const targets: BenchTarget[] = [
      { name: 'direct', socketPath: sock, dockerEnv: { DOCKER_HOST: `unix://${sock}` } },
      { name: 'haproxy', host: '127.0.0.1', port: hp, dockerEnv: { DOCKER_HOST: `tcp://127.0.0.1:${hp}` } },
      { name: 'guard-mtls', host: '127.0.0.1', port: gm, tls: { ca, cert: readFileSync(join(cdir, 'cert.pem')), key: readFileSync(join(cdir, 'key.pem')) },
        dockerEnv: { DOCKER_HOST: `tcp://127.0.0.1:${gm}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: cdir } },
      { name: 'guard-token', host: '127.0.0.1', port: gt, tls: { ca }, headers: { authorization: `Bearer ${token}` },
        dockerEnv: { DOCKER_HOST: `tcp://127.0.0.1:${gt}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(cfgDir, 'certs'), DOCKER_CONFIG: cfgDir } },
      { name: 'guard-plain', host: '127.0.0.1', port: gp, dockerEnv: { DOCKER_HOST: `tcp://127.0.0.1:${gp}` } },
    ];
    return {
      dir, targets, stop,
      dead: () => {
        const gone = children.find((c) => c.exitCode !== null || c.signalCode !== null);
        if (!gone) return undefined;
        const what = gone === guard ? 'the guard' : 'haproxy';
        let tail = '';
        try { tail = gone === guard ? readFileSync(join(dir, 'guard.stderr'), 'utf8').slice(-4000) : ''; } catch { /* dir gone */ }
        return `${what} exited (code ${gone.exitCode}, signal ${gone.signalCode})${tail ? `; its stderr ends:\n${tail}` : ''}`;
      },
      noCert: { name: 'guard-mtls-no-cert', host: '127.0.0.1', port: gm, tls: { ca }, dockerEnv: {} },
      noToken: { name: 'guard-token-no-token', host: '127.0.0.1', port: gt, tls: { ca }, dockerEnv: {} },
    };
  } catch (e) {
    stop();
    throw e;
  }
}
