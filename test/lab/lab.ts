// The lab: a private, real Docker Engine for integration tests, shared by every front end's tests.
// Installs Debian's docker.io when missing, starts dockerd on a private socket, reuses a running one.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

export interface Lab {
  /** Directory holding the socket, data root and logs. */
  readonly dir: string;
  /** Path of the engine's unix socket. */
  readonly socketPath: string;
  /** DOCKER_HOST value for the docker CLI. */
  readonly dockerHost: string;
  /** True when this process started dockerd (and so must stop it). */
  readonly startedHere: boolean;
}

/** Where the lab lives; one per machine so parallel test runs and sessions reuse the same engine. */
export const LAB_DIR = process.env.PORTCULLIS_LAB_DIR ?? '/tmp/portcullis-lab';

export function labFromEnv(): Lab {
  const dir = LAB_DIR;
  const socketPath = join(dir, 'docker.sock');
  return { dir, socketPath, dockerHost: `unix://${socketPath}`, startedHere: false };
}

/** GET a path on the engine's unix socket; resolves with status and body, rejects on connect errors. */
export function engineGet(socketPath: string, path: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout GET ${path}`)));
    req.on('error', reject);
    req.end();
  });
}

async function pings(socketPath: string): Promise<boolean> {
  if (!existsSync(socketPath)) return false;
  try {
    const r = await engineGet(socketPath, '/_ping', 2000);
    return r.status === 200 && r.body === 'OK';
  } catch {
    return false;
  }
}

function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Install Debian's docker.io and busybox-static when missing (root only; the lab needs root anyway). */
export function ensurePackages(): void {
  const missing: string[] = [];
  if (!hasCommand('dockerd') || !hasCommand('docker')) missing.push('docker.io');
  if (!existsSync('/bin/busybox') && !existsSync('/usr/bin/busybox')) missing.push('busybox-static');
  if (!hasCommand('openssl')) missing.push('openssl');
  if (missing.length === 0) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Start (or reuse) the lab engine. dockerd runs detached so that a crashed test run leaves it for the next
 * run to reuse; the global teardown stops it when this process started it.
 */
export async function startLab(): Promise<Lab> {
  const lab = labFromEnv();
  if (await pings(lab.socketPath)) return lab;
  ensurePackages();
  mkdirSync(lab.dir, { recursive: true });
  const pidfile = join(lab.dir, 'docker.pid');
  // A stale pid file or socket from a killed run would make dockerd refuse to start.
  if (existsSync(pidfile)) {
    const pid = Number(readFileSync(pidfile, 'utf8').trim());
    if (pid > 0) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    rmSync(pidfile, { force: true });
  }
  rmSync(lab.socketPath, { force: true });
  const log = openSync(join(lab.dir, 'dockerd.log'), 'a');
  const args = [
    '--host', lab.dockerHost,
    '--data-root', join(lab.dir, 'data'),
    '--exec-root', join(lab.dir, 'exec'),
    '--pidfile', pidfile,
    '--iptables=false', '--ip6tables=false', '--bridge=none',
    '--storage-driver=vfs',
  ];
  const child = spawn('dockerd', args, { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  for (let i = 0; i < 240; i++) {
    if (await pings(lab.socketPath)) {
      writeFileSync(join(lab.dir, 'started-by'), String(process.pid));
      return { ...lab, startedHere: true };
    }
    if (child.exitCode !== null) break;
    await sleep(250);
  }
  const tail = existsSync(join(lab.dir, 'dockerd.log')) ? readFileSync(join(lab.dir, 'dockerd.log'), 'utf8').slice(-2000) : '';
  throw new Error(`lab dockerd did not start (see ${lab.dir}/dockerd.log):\n${tail}`);
}

/** Stop the engine if this process started it, unless PORTCULLIS_LAB_KEEP=1 asks to keep it for the next run. */
export async function stopLab(lab: Lab): Promise<void> {
  if (!lab.startedHere || process.env.PORTCULLIS_LAB_KEEP === '1') return;
  const pidfile = join(lab.dir, 'docker.pid');
  if (!existsSync(pidfile)) return;
  const pid = Number(readFileSync(pidfile, 'utf8').trim());
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  for (let i = 0; i < 80; i++) {
    try { process.kill(pid, 0); } catch { return; }
    await sleep(250);
  }
  try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
}

/** Run the real docker CLI against the lab engine. */
export function docker(lab: Pick<Lab, 'dockerHost'>, args: string[], input?: string | Buffer): string {
  return execFileSync('docker', args, {
    env: { ...process.env, DOCKER_HOST: lab.dockerHost, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '', DOCKER_CONTEXT: '' },
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Async docker CLI run: use this when the test process itself serves the endpoint the CLI talks to. */
export function dockerAsync(env: Record<string, string | undefined>, args: string[], input?: string):
  Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('docker', args, {
      env: { ...process.env, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '', DOCKER_CONTEXT: '', ...env },
      encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000,
    }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}
