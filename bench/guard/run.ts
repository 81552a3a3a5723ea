// Guard benchmark (not a test): the lab engine direct, HAProxy configured as docker-socket-proxy, and the
// guard over mutual TLS and over a bearer token, in one run. Prints a table, writes bench/results/guard.json.
// Run: npx tsx bench/guard/run.ts [seconds=5]   (needs the lab engine, haproxy and the docker CLI)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createToken } from '../../src/guard/index.js';
import { initGuard, issueCert } from '../../src/guard/init.js';
import { load, type Target } from './load.js';

const SOCK = process.env.PORTCULLIS_LAB_SOCKET ?? '/tmp/portcullis-lab/docker.sock';
const SECONDS = Number(process.argv[2] ?? 5);
const CONNS = 32;
const dir = mkdtempSync(join(tmpdir(), 'pcl-guard-bench-'));
const children: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`port ${port} never opened`);
}

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

async function createRemove(t: Target, seconds: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end) {
    const name = `pcl-guard-bench-${t.name}-${n}`;
    const c = await call(t, 'POST', `/v1.41/containers/create?name=${name}`, '{"Image":"alpine","Cmd":["true"],"HostConfig":{"NetworkMode":"none"}}');
    const d = await call(t, 'DELETE', `/v1.41/containers/${name}?force=1`);
    if (c !== 201 || d !== 204) throw new Error(`${t.name}: create ${c} delete ${d}`);
    n++;
  }
  return +(n / ((performance.now() - start) / 1000)).toFixed(2);
}

function dockerTimed(env: Record<string, string>, args: string[]): number {
  const t0 = performance.now();
  execFileSync('docker', args, { env: { ...process.env, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '', ...env }, stdio: 'ignore', maxBuffer: 1 << 30 });
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  // PKI, token, guard config; the guard runs as its own process like in production.
  initGuard({ dir, sans: ['localhost', '127.0.0.1'], address: '127.0.0.1:0', upstream: `unix://${SOCK}` });
  issueCert(join(dir, 'pki'), 'bench', join(dir, 'clients', 'bench'));
  const token = createToken(join(dir, 'tokens.json'), 'bench');
  const base = 23900 + Math.floor(Math.random() * 90);
  const [gm, gt, hp, gp] = [base, base + 100, base + 200, base + 300];
  writeFileSync(join(dir, 'guard.yaml'), stringify({
    upstream: { url: `unix://${SOCK}` }, tokens: 'tokens.json', audit: { file: 'audit.jsonl' },
    listeners: [{ type: 'mtls', address: `127.0.0.1:${gm}`, ca: 'pki/ca.pem', cert: 'pki/server-cert.pem', key: 'pki/server-key.pem' },
      { type: 'token', address: `127.0.0.1:${gt}`, cert: 'pki/server-cert.pem', key: 'pki/server-key.pem' },
      { type: 'plain', address: `127.0.0.1:${gp}`, subject: 'bench', allowPlaintext: true }],
    policy: { grants: [{ subject: 'cert:bench', roles: ['admin'] }, { subject: 'token:bench', roles: ['admin'] }, { subject: 'loopback:bench', roles: ['admin'] }] },
  }));
  const guard = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../test/integration/guard/guard-cli.ts'), 'guard', '-c', join(dir, 'guard.yaml'), '--no-events'], { stdio: 'ignore' });
  children.push(guard);
  writeFileSync(join(dir, 'haproxy.cfg'), readFileSync(join(import.meta.dirname, 'haproxy.cfg.tmpl'), 'utf8').replace('@PORT@', String(hp)).replace('@SOCKET@', SOCK));
  const haproxy = spawn('haproxy', ['-f', join(dir, 'haproxy.cfg'), '-db'], { stdio: 'ignore', env: { ...process.env, POST: '1' } });
  children.push(haproxy);
  await Promise.all([waitPort(gm), waitPort(gt), waitPort(hp), waitPort(gp)]);

  const ca = readFileSync(join(dir, 'pki', 'ca.pem'));
  const cdir = join(dir, 'clients', 'bench');
  const targets: Target[] = [
    { name: 'direct', socketPath: SOCK },
    { name: 'haproxy', host: '127.0.0.1', port: hp },
    { name: 'guard-mtls', host: '127.0.0.1', port: gm, tls: { ca, cert: readFileSync(join(cdir, 'cert.pem')), key: readFileSync(join(cdir, 'key.pem')) } },
    { name: 'guard-token', host: '127.0.0.1', port: gt, tls: { ca }, headers: { authorization: `Bearer ${token}` } },
    { name: 'guard-plain', host: '127.0.0.1', port: gp },
  ];
  const cfgDir = join(dir, 'dockercfg');
  mkdirSync(join(cfgDir, 'certs'), { recursive: true });
  writeFileSync(join(cfgDir, 'config.json'), JSON.stringify({ HttpHeaders: { Authorization: `Bearer ${token}` } }));
  writeFileSync(join(cfgDir, 'certs', 'ca.pem'), ca);
  const envs: Record<string, Record<string, string>> = {
    direct: { DOCKER_HOST: `unix://${SOCK}` },
    haproxy: { DOCKER_HOST: `tcp://127.0.0.1:${hp}` },
    'guard-mtls': { DOCKER_HOST: `tcp://127.0.0.1:${gm}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: cdir },
    'guard-token': { DOCKER_HOST: `tcp://127.0.0.1:${gt}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(cfgDir, 'certs'), DOCKER_CONFIG: cfgDir },
    'guard-plain': { DOCKER_HOST: `tcp://127.0.0.1:${gp}` },
  };

  const results: Record<string, Record<string, unknown>> = {};
  for (const t of targets) results[t.name] = {};
  for (const path of ['/_ping', '/v1.41/containers/json']) {
    for (const t of targets) {
      const r = await load(t, path, CONNS, SECONDS);
      results[t.name]![path] = r;
      process.stderr.write(`${t.name} ${path}: ${JSON.stringify(r)}\n`);
    }
  }
  if (process.env.BENCH_SMALL_ONLY === '1') { process.stdout.write(JSON.stringify(results) + '\n'); return; }
  for (const t of targets) {
    results[t.name]!.createRemovePerSec = await createRemove(t, SECONDS);
    process.stderr.write(`${t.name} create+remove/s: ${results[t.name]!.createRemovePerSec}\n`);
  }
  // 200 MB image: one layer of random bytes.
  const img = 'pcl-guard-bench:200m';
  const root = join(dir, 'rootfs');
  mkdirSync(root);
  execFileSync('sh', ['-c', `head -c ${200 * 1024 * 1024} /dev/urandom > ${root}/blob && tar -C ${root} -c . | docker -H unix://${SOCK} import - ${img}`], { stdio: 'ignore' });
  const tar = join(dir, 'img.tar');
  for (const t of targets) {
    const save = dockerTimed(envs[t.name]!, ['save', '-o', tar, img]);
    const mb = statSync(tar).size / 1e6;
    const ld = dockerTimed(envs[t.name]!, ['load', '-i', tar]);
    results[t.name]!.saveMBps = +(mb / save).toFixed(1);
    results[t.name]!.loadMBps = +(mb / ld).toFixed(1);
    rmSync(tar, { force: true });
    process.stderr.write(`${t.name} save ${results[t.name]!.saveMBps} MB/s load ${results[t.name]!.loadMBps} MB/s\n`);
  }
  execFileSync('docker', ['-H', `unix://${SOCK}`, 'rmi', img], { stdio: 'ignore' });

  const rows = targets.map((t) => {
    const r = results[t.name]!;
    const p = r['/_ping'] as { rps: number; p50ms: number; p99ms: number };
    const c = r['/v1.41/containers/json'] as { rps: number; p50ms: number; p99ms: number };
    return `| ${t.name} | ${p.rps} | ${p.p50ms} | ${p.p99ms} | ${c.rps} | ${c.p50ms} | ${c.p99ms} | ${r.createRemovePerSec} | ${r.saveMBps} | ${r.loadMBps} |`;
  });
  const table = ['| target | _ping req/s | p50 ms | p99 ms | containers/json req/s | p50 ms | p99 ms | create+rm/s | save MB/s | load MB/s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
  process.stdout.write(table + '\n');
  mkdirSync(join(import.meta.dirname, '../results'), { recursive: true });
  writeFileSync(join(import.meta.dirname, '../results/guard.json'), JSON.stringify({ date: new Date().toISOString(), seconds: SECONDS, connections: CONNS, results }, null, 2) + '\n');
}

main().catch((e: unknown) => { process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`); process.exitCode = 1; })
  .finally(() => { for (const c of children) c.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); });
