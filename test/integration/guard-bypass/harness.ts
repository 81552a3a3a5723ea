// Red-team harness for `portcullis guard`: a real guard (TLS + bearer tokens) in front of the real lab dockerd,
// raw request bytes over node:tls (nothing normalises them), and ground truth read straight from the engine.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { stringify } from 'yaml';
import { createToken, startGuard, type RunningGuard } from '../../../src/guard/index.js';
import { initGuard } from '../../../src/guard/init.js';
import { docker, labFromEnv } from '../../lab/index.js';
import { FX, P, RUN } from './attempt.js';

export { FX, P };

export const lab = labFromEnv();
export const MAKER = `pclbyp-${RUN}-maker`;
export const READER = `pclbyp-${RUN}-reader`;
export const LOG_MARKER = 'PCLBYPLOGMARKER';
export const FILE_MARKER = 'PCLBYPFILEMARKER';

export interface Rig {
  readonly guard: RunningGuard;
  readonly address: { host: string; port: number };
  readonly ca: Buffer;
  readonly tokens: Record<'maker' | 'reader', string>;
  /** The only host path prefix the maker role may bind. */
  readonly allowed: string;
  /** A host directory outside the allowed prefix (backs the pre-existing bind volume). */
  readonly outside: string;
}

/** The maker may create containers and exec, within a tight container policy; the reader is `read-only`. */
export function policy(allowed: string): unknown {
  return {
    apiVersions: { min: '1.24', max: '1.41' },
    roles: {
      maker: {
        allow: ['system.*', 'container.*', 'exec.*', 'volume.*', 'image.list', 'image.inspect', 'image.pull', 'image.tag',
          'image.load', 'build.*', 'service.*', 'plugin.*', 'swarm.*', 'network.*', 'session.*', 'secret.*', 'config.*'],
        deny: ['container.archive_put', 'container.export', 'container.archive_get', 'container.archive_head'],
        container: {
          privileged: false, capabilities: ['CHOWN'], devices: [], hostNamespaces: [], securityOptions: [],
          hostPaths: [allowed], bindVolumes: false, volumesFrom: false, images: ['alpine:*', 'busybox:*'],
          restartPolicies: ['', 'no'],
        },
        exec: { privileged: false, users: ['65534'] },
      },
      reader: { preset: 'read-only' },
    },
    grants: [{ subject: `token:${MAKER}`, roles: ['maker'] }, { subject: `token:${READER}`, roles: ['reader'] }],
  };
}

export async function startRig(): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'pcl-bypass-guard-'));
  initGuard({ dir, sans: ['localhost', '127.0.0.1'], address: '127.0.0.1:0', upstream: `unix://${lab.socketPath}` });
  const allowed = join(mkdtempSync(join(tmpdir(), 'pcl-bypass-srv-')), 'data');
  mkdirSync(allowed);
  const outside = mkdtempSync(join(tmpdir(), 'pcl-bypass-outside-'));
  const configPath = join(dir, 'guard.yaml');
  writeFileSync(configPath, stringify({
    upstream: { url: `unix://${lab.socketPath}` },
    listeners: [{ type: 'token', address: '127.0.0.1:0', cert: 'pki/server-cert.pem', key: 'pki/server-key.pem' }],
    tokens: 'tokens.json', audit: { file: 'audit.jsonl' }, limits: { bodyBytes: 65536 }, policy: policy(allowed),
  }));
  const tokens = { maker: createToken(join(dir, 'tokens.json'), MAKER), reader: createToken(join(dir, 'tokens.json'), READER) };
  const guard = await startGuard({ configPath, sinks: [], log: () => undefined });
  const [host, port] = guard.addresses[0]!.split(':');
  return { guard, address: { host: host!, port: Number(port) }, ca: readFileSync(join(dir, 'pki', 'ca.pem')), tokens, allowed, outside };
}

/**
 * Send raw bytes over TLS; each array element is a separate write (a pause between them makes a slow body).
 * Collects everything until the guard closes the connection or it stays idle for `idleMs`.
 */
export function send(rig: Rig, parts: ReadonlyArray<string | Buffer>, idleMs = 2500): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host: rig.address.host, port: rig.address.port, ca: rig.ca, servername: 'localhost' });
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    const idle = (): void => { clearTimeout(timer); timer = setTimeout(() => s.destroy(), idleMs); };
    s.on('data', (c: Buffer) => { out += c.toString('latin1'); idle(); });
    s.on('close', () => { clearTimeout(timer); resolve(out); });
    s.on('error', () => undefined);
    s.once('secureConnect', () => {
      void (async () => {
        for (const [i, p] of parts.entries()) {
          if (i > 0) await new Promise((r) => setTimeout(r, 150));
          if (s.destroyed) break;
          s.write(typeof p === 'string' ? Buffer.from(p, 'latin1') : p);
        }
        idle();
      })();
    });
  });
}

/** HTTP status codes of every response line in a raw answer, in order. */
export const statuses = (resp: string): number[] => [...resp.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));

/** Engine API over the lab socket (ground truth, never through the guard). */
export function engine(method: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: lab.socketPath, path, method, headers: { host: 'docker' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

export async function engineJson<T>(path: string): Promise<T> {
  const r = await engine('GET', path);
  if (r.status !== 200) throw new Error(`engine GET ${path}: ${r.status} ${r.body}`);
  return JSON.parse(r.body) as T;
}

/** Create the fixtures the corpus aims at, directly on the engine. */
export function makeFixtures(rig: Rig): void {
  removeStaleRuns();
  removeOurs();
  docker(lab, ['run', '-d', '--name', `${FX}target`, '--network', 'none', 'alpine', 'sh', '-c',
    "echo PCLBYP''LOGMARKER; echo PCLBYP''FILEMARKER > /pcl-secret; exec sleep 3600"]);
  docker(lab, ['create', '--name', `${FX}hostbind`, '--network', 'none', '-v', '/etc:/hostetc', 'alpine', 'true']);
  docker(lab, ['create', '--name', `${FX}priv`, '--network', 'none', '--privileged', 'alpine', 'true']);
  docker(lab, ['volume', 'create', '-o', 'type=none', '-o', 'o=bind', '-o', `device=${rig.outside}`, `${FX}bindvol`]);
  // A symlink under the allowed prefix pointing outside it (as a container with a writable bind would plant).
  rmSync(join(rig.allowed, 'planted-link'), { force: true });
  symlinkSync(rig.outside, join(rig.allowed, 'planted-link'));
}

const alive = (pid: number): boolean => {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
};

/** Whether a pcl-bypass-* name belongs to an earlier run whose process is gone (its afterAll never ran). */
const stale = (name: string): boolean => {
  const run = /^\/?pcl-bypass-([0-9a-z]+)-/.exec(name)?.[1];
  if (run === undefined || !/^[0-9a-z]{1,6}$/.test(run) || run === 'fx' || run === 'ok') return true; // names from before per-run prefixes
  return run !== RUN && !alive(parseInt(run, 36));
};

/** Best effort: another run may be removing the same leftovers at the same time. */
export function removeStaleRuns(): void {
  try {
    const names = docker(lab, ['ps', '-a', '--format', '{{.Names}}', '--filter', 'name=^/pcl-bypass-']).trim().split('\n').filter(Boolean);
    const old = names.filter(stale);
    if (old.length) docker(lab, ['rm', '-f', '-v', ...old]);
    const vols = docker(lab, ['volume', 'ls', '-q', '--filter', 'name=^pcl-bypass-']).trim().split('\n').filter((v) => v.startsWith('pcl-bypass-') && stale(v));
    if (vols.length) docker(lab, ['volume', 'rm', '-f', ...vols]);
  } catch { /* left for the next run */ }
}

/** Remove every container, volume and image reference this suite may have made (names and owner labels). */
export function removeOurs(): void {
  const ids = new Set<string>();
  for (const f of [`name=^/${P}`, `label=io.portcullis.owner=token:${MAKER}`, `label=io.portcullis.owner=token:${READER}`]) {
    for (const id of docker(lab, ['ps', '-aq', '--filter', f]).trim().split('\n').filter(Boolean)) ids.add(id);
  }
  if (ids.size) docker(lab, ['rm', '-f', '-v', ...ids]);
  const vols = docker(lab, ['volume', 'ls', '-q', '--filter', `name=^${P}`]).trim().split('\n').filter((v) => v.startsWith(P));
  if (vols.length) docker(lab, ['volume', 'rm', '-f', ...vols]);
  const nets = docker(lab, ['network', 'ls', '--format', '{{.Name}}', '--filter', `name=^${P}`]).trim().split('\n').filter((v) => v.startsWith(P));
  if (nets.length) docker(lab, ['network', 'rm', ...nets]);
  const refs = docker(lab, ['images', '--format', '{{.Repository}}:{{.Tag}}']).trim().split('\n').filter((r) => r.startsWith(P));
  // Only our own tags are untagged; the shared image itself stays.
  if (refs.length) docker(lab, ['rmi', '--no-prune', ...refs]);
}
