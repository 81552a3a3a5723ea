// Verdicts that need a network of their own: inside a private network namespace (created and removed here)
// an iptables DROP rule makes a real `filtered` address, and a name that cannot be resolved (no resolver is
// reachable from the namespace) ends in `error`, which is exit code 2. Needs root, as the lab does.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, MAIN } from './build-cli.js';

const NS = `pcl-scan-t${process.pid}`;

function sh(args: string[]): void {
  const r = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
}

interface Run { code: number | null; stdout: string; stderr: string }
/** The built CLI, run inside the namespace. */
function cliInNs(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('ip', ['netns', 'exec', NS, process.execPath, MAIN, 'scan', ...args, '--no-store']);
    let stdout = '', stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

type Doc = { results: { host: string; port: number; address?: string; state: string; reason: string; attempts: number }[];
  summary: { byState: Record<string, number>; exposed: number } };

beforeAll(() => {
  ensureCliBuilt();
  spawnSync('ip', ['netns', 'del', NS]);
  sh(['ip', 'netns', 'add', NS]);
  sh(['ip', 'netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up']);
  sh(['ip', 'netns', 'exec', NS, 'ip', 'addr', 'add', '127.22.0.0/29', 'dev', 'lo']);
  // 127.22.0.1 drops every packet (a firewalled host); 127.22.0.2 refuses (nothing listens).
  sh(['ip', 'netns', 'exec', NS, 'iptables', '-A', 'INPUT', '-d', '127.22.0.1', '-j', 'DROP']);
  // `ip netns exec` bind-mounts /etc/netns/<ns>/hosts over /etc/hosts: a name with three addresses, for real
  // getaddrinfo, visible only inside this namespace.
  mkdirSync(`/etc/netns/${NS}`, { recursive: true });
  writeFileSync(`/etc/netns/${NS}/hosts`, '127.0.0.1 localhost\n127.22.0.2 pcl-multi\n127.22.0.3 pcl-multi\n::1 pcl-multi\n');
}, 120_000);
afterAll(() => {
  spawnSync('ip', ['netns', 'del', NS]);
  rmSync(`/etc/netns/${NS}`, { recursive: true, force: true });
});

describe('scan in a private network namespace', () => {
  it('a dropped address is filtered (with its retries), a refusing one closed; both listed with --all', async () => {
    const r = await cliInNs(['127.22.0.1-2', '-p', '2375', '--connect-timeout', '300', '--retries', '1', '--all', '-f', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    const byHost = Object.fromEntries(doc.results.map((x) => [x.host, x]));
    expect(byHost['127.22.0.1']).toMatchObject({ state: 'filtered', attempts: 2 });
    expect(byHost['127.22.0.1']!.reason).toMatch(/no answer to connect within 300 ms/);
    expect(byHost['127.22.0.2']).toMatchObject({ state: 'closed', attempts: 1 });
    expect(doc.summary.byState).toMatchObject({ filtered: 1, closed: 1 });
  }, 60_000);

  it('filtered and closed are counted but not listed without --all', async () => {
    const r = await cliInNs(['127.22.0.1-2', '-p', '2375', '--connect-timeout', '300', '--retries', '0', '-f', 'json']);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.results).toEqual([]);
    expect(doc.summary.byState).toMatchObject({ filtered: 1, closed: 1 });
  }, 60_000);

  it('probes every address of a name (IPv4 and IPv6), once, however often it is listed', async () => {
    const r = await cliInNs(['pcl-multi', 'pcl-multi:2375', 'PCL-MULTI', '-p', '2375', '--all', '-f', 'json']);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.results.map((x) => `${x.host} ${x.address} ${x.state}`).sort())
      .toEqual(['pcl-multi 127.22.0.2 closed', 'pcl-multi 127.22.0.3 closed', 'pcl-multi ::1 closed']);
  }, 60_000);

  it('an endpoint in state error (a name that does not resolve) makes the scan exit 2', async () => {
    const r = await cliInNs(['pcl-scan-no-such-host.invalid', '127.22.0.2', '-p', '2375', '--timeout', '2000', '-f', 'json']);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as Doc;
    const err = doc.results.find((x) => x.host === 'pcl-scan-no-such-host.invalid');
    expect(err).toMatchObject({ state: 'error', port: 2375 });
    expect(err!.reason).toMatch(/cannot resolve pcl-scan-no-such-host\.invalid/);
    expect(doc.summary.exposed).toBe(0);
  }, 60_000);
});
