// The benchmark's write and stream figures: container create+remove per second (Node client, one at a time)
// and `docker save`/`docker load` of a 200 MB image through each target with the real docker CLI.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { Target } from './load.js';
import type { BenchTarget } from './setup.js';

/** Per-run names, so two runs on the shared engine never touch each other's image or containers. */
export const RUN = `pcl-guard-bench-${process.pid}`;
export const IMAGE = `pcl-guard-bench:200m-${process.pid}`;

function call(t: Target, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = (t.tls ? httpsRequest : httpRequest)({ method, path, headers: { host: 'docker', 'content-type': 'application/json', ...t.headers },
      ...(t.socketPath ? { socketPath: t.socketPath } : { host: t.host, port: t.port }),
      ...(t.tls ? { ca: t.tls.ca, servername: 'localhost', ...(t.tls.cert ? { cert: t.tls.cert, key: t.tls.key } : {}) } : {}), agent: false } as never, (res) => {
      res.resume(); res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Creates and force-removes `pcl-guard-bench-<pid>-*` containers one after the other for `seconds`; returns per second. */
export async function createRemove(t: Target, seconds: number, tag: string): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end) {
    const name = `${RUN}-${t.name}-${tag}-${n}`;
    const c = await call(t, 'POST', `/v1.41/containers/create?name=${name}`, '{"Image":"alpine","Cmd":["true"],"HostConfig":{"NetworkMode":"none"}}');
    const d = await call(t, 'DELETE', `/v1.41/containers/${name}?force=1`);
    if (c !== 201 || d !== 204) throw new Error(`${t.name}: create ${c} delete ${d}`);
    n++;
  }
  return +(n / ((performance.now() - start) / 1000)).toFixed(2);
}

/** A docker command slower than this (BENCH_DOCKER_LIMIT s, default 300: 0.7 MB/s) is killed and counted as a failure. */
export const DOCKER_LIMIT_S = Number(process.env.BENCH_DOCKER_LIMIT ?? 300);

function dockerTimed(env: Record<string, string>, args: string[]): number {
  const t0 = performance.now();
  try {
    execFileSync('docker', args, { env: { ...process.env, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '', ...env }, stdio: 'ignore', timeout: DOCKER_LIMIT_S * 1000 });
  } catch (e) {
    const timedOut = (e as { code?: string }).code === 'ETIMEDOUT';
    throw new Error(timedOut ? `docker ${args[0]} still running after ${DOCKER_LIMIT_S} s, killed` : `docker ${args[0]} failed: ${(e as Error).message}`);
  }
  return (performance.now() - t0) / 1000;
}

/** Builds the 200 MB image (one layer of random bytes) on the engine directly. */
export function makeImage(sock: string, dir: string): void {
  const root = join(dir, 'rootfs');
  mkdirSync(root, { recursive: true });
  execFileSync('sh', ['-c', `head -c ${200 * 1024 * 1024} /dev/urandom > ${root}/blob && tar -C ${root} -c . | docker -H unix://${sock} import - ${IMAGE}`], { stdio: 'ignore' });
  rmSync(root, { recursive: true, force: true });
}

export function removeImage(sock: string): void {
  try { execFileSync('docker', ['-H', `unix://${sock}`, 'rmi', IMAGE], { stdio: 'ignore' }); } catch { /* not there */ }
}

/** One `docker save` then one `docker load` of the image through `t`; MB/s each (MB = 10^6 bytes of tar). */
export function saveLoad(t: BenchTarget, dir: string): { saveMBps: number; loadMBps: number } {
  const tar = join(dir, 'img.tar');
  try {
    const save = dockerTimed(t.dockerEnv, ['save', '-o', tar, IMAGE]);
    const mb = statSync(tar).size / 1e6;
    const ld = dockerTimed(t.dockerEnv, ['load', '-i', tar]);
    return { saveMBps: +(mb / save).toFixed(1), loadMBps: +(mb / ld).toFixed(1) };
  } finally {
    rmSync(tar, { force: true });
  }
}

/** Force-removes any container of this run a failed run left behind. */
export function removeLeftovers(sock: string): void {
  try {
    const ids = execFileSync('docker', ['-H', `unix://${sock}`, 'ps', '-aq', '--filter', `name=${RUN}-`], { encoding: 'utf8' }).split('\n').filter(Boolean);
    if (ids.length) execFileSync('docker', ['-H', `unix://${sock}`, 'rm', '-f', ...ids], { stdio: 'ignore' });
  } catch { /* best effort */ }
}
