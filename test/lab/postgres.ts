// A private, real PostgreSQL for fleet-mode tests: installs Debian's package when missing, initdb's a cluster
// owned by the `postgres` user under /tmp, starts it on a loopback port, reuses a running one, stops it.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export interface PgLab {
  readonly dir: string;
  readonly port: number;
  readonly password: string;
  /** Admin URL (database `postgres`). */
  readonly url: string;
}

const PASSWORD = 'pcl-serve-test';

function binDir(): string {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) {
    execFileSync('sh', ['-c', 'flock /tmp/apt.lock apt-get install -y postgresql'], { stdio: 'ignore', timeout: 600_000 });
  }
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  const v = versions[0];
  if (!v) throw new Error('no PostgreSQL under /usr/lib/postgresql; apt-get install -y postgresql');
  return join(base, v, 'bin');
}

function asPostgres(cmd: string, args: string[], timeout = 120_000): string {
  return execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
}

function running(bin: string, data: string): boolean {
  try {
    asPostgres(join(bin, 'pg_ctl'), ['status', '-D', data]);
    return true;
  } catch {
    return false;
  }
}

/** Start (or reuse) the cluster `name` on 127.0.0.1:`port`; the data lives in /tmp/portcullis-pg-<name>. */
export function startPostgres(name = 'shared', port = 55432): PgLab {
  const bin = binDir();
  const dir = `/tmp/portcullis-pg-${name}`;
  const data = join(dir, 'data');
  if (!existsSync(join(data, 'PG_VERSION'))) {
    mkdirSync(dir, { recursive: true });
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
    const pw = join(dir, 'pwfile');
    writeFileSync(pw, PASSWORD);
    chownSync(pw, uid, gid);
    asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', `--pwfile=${pw}`, '--auth-local=trust',
      '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  }
  if (!running(bin, data)) restartPostgres({ dir, port, password: PASSWORD, url: '' });
  return { dir, port, password: PASSWORD, url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres` };
}

/** Start a stopped cluster (used after stopPostgres in the outage test). */
export function restartPostgres(lab: Pick<PgLab, 'dir' | 'port' | 'password' | 'url'>): void {
  const bin = binDir();
  const data = join(lab.dir, 'data');
  asPostgres(join(bin, 'pg_ctl'), ['start', '-w', '-D', data, '-l', join(lab.dir, 'server.log'), '-o',
    `-p ${lab.port} -k ${lab.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`]);
}

/** Stop the cluster (fast shutdown: open connections are cut, as in a real outage). */
export function stopPostgres(lab: PgLab): void {
  const bin = binDir();
  const data = join(lab.dir, 'data');
  if (running(bin, data)) asPostgres(join(bin, 'pg_ctl'), ['stop', '-w', '-m', 'fast', '-D', data]);
}

/** Stop it unless PORTCULLIS_LAB_KEEP=1 asks to keep it for the next run. */
export function releasePostgres(lab: PgLab): void {
  if (process.env.PORTCULLIS_LAB_KEEP !== '1') stopPostgres(lab);
}

/** Create a fresh database for one test file; returns its URL. */
export async function freshDatabase(lab: PgLab, prefix: string): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`.replace(/[^a-z0-9_]/g, '_');
  const c = new pg.Client({ connectionString: lab.url });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  return `postgres://postgres:${lab.password}@127.0.0.1:${lab.port}/${name}`;
}
