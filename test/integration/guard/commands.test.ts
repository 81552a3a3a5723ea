// The guard's CLI subcommands as a user runs them (child processes): init, cert, token create/list/revoke,
// --check with line-numbered errors, explain; and a unix-socket listener with its file mode, used by the CLI.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CaptureSink } from '../../../src/core/events/index.js';
import { startGuard } from '../../../src/guard/index.js';
import { dockerAsync, expose } from '../../lab/index.js';
import { lab } from './helpers.js';

const CLI = join(import.meta.dirname, 'guard-cli.ts');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, 'guard', ...args], { encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('guard subcommands', () => {
  it('init, cert, token, --check and explain work end to end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-guard-cmd-'));
    dirs.push(dir);
    const cfg = join(dir, 'guard.yaml');
    const init = await cli(['init', '--dir', dir, '--address', '127.0.0.1:0', '--token-address', '127.0.0.1:0', '--upstream', `unix://${lab.socketPath}`]);
    expect(init.code).toBe(0);
    const cert = await cli(['cert', 'ci-1', '--role', 'ci-runner', '-c', cfg]);
    expect(cert.code).toBe(0);
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) expect(statSync(join(dir, 'clients', 'ci-1', f)).size).toBeGreaterThan(100);
    expect(statSync(join(dir, 'clients', 'ci-1', 'key.pem')).mode & 0o777).toBe(0o600);
    const tok = await cli(['token', 'create', 'traefik', '--role', 'traefik', '-c', cfg]);
    expect(tok.stdout.trim()).toMatch(/^pcl_[A-Za-z0-9_-]{40,}$/);
    expect(readFileSync(join(dir, 'tokens.json'), 'utf8')).not.toContain(tok.stdout.trim());
    expect((await cli(['token', 'list', '-c', cfg])).stdout).toMatch(/^traefik\t\S+\tlive$/m);
    expect((await cli(['token', 'revoke', 'traefik', '-c', cfg])).code).toBe(0);
    expect((await cli(['token', 'list', '-c', cfg])).stdout).toMatch(/^traefik\t\S+\trevoked /m);
    const check = await cli(['--check', '-c', cfg]);
    expect(check).toMatchObject({ code: 0 });
    expect(check.stdout).toContain('2 grant(s)');
    const allow = await cli(['explain', '--as', 'cert:ci-1', '-c', cfg, '--owned', '0', 'POST', '/v1.41/containers/create', '{"Image":"alpine","HostConfig":{"Memory":67108864}}']);
    expect(allow.code).toBe(0);
    expect(JSON.parse(allow.stdout)).toMatchObject({ effect: 'allow', route: 'container.create', role: 'ci-runner' });
    expect(JSON.parse(allow.stdout).forwarded).toContain('"io.portcullis.owner":"cert:ci-1"');
    const denyR = await cli(['explain', '--as', 'cert:ci-1', '-c', cfg, '--owned', '0', 'POST', '/v1.41/containers/create', '{"Image":"alpine","HostConfig":{"Memory":67108864,"Privileged":true}}']);
    expect(denyR.code).toBe(1);
    expect(JSON.parse(denyR.stdout)).toMatchObject({ effect: 'deny', rule: 'policy.container.privileged', field: 'HostConfig.Privileged', status: 403 });
    // Routes other than container create are read by the core too: a bind-backed volume is judged by its options.
    const vol = await cli(['explain', '--as', 'cert:ci-1', '-c', cfg, 'POST', '/v1.41/volumes/create', '{"Name":"v","DriverOpts":{"type":"none","o":"bind","device":"/etc"}}']);
    expect(vol.code).toBe(1);
    expect(JSON.parse(vol.stdout)).toMatchObject({ effect: 'deny', route: 'volume.create', rule: 'policy.container.bind_volumes', field: 'DriverOpts' });
    const plainVol = await cli(['explain', '--as', 'cert:ci-1', '-c', cfg, 'POST', '/v1.41/volumes/create', '{"Name":"v"}']);
    expect(JSON.parse(plainVol.stdout)).toMatchObject({ effect: 'allow', route: 'volume.create' });
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('type: mtls', 'type: mtsl'));
    const bad = await cli(['--check', '-c', cfg]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/guard\.yaml:\d+: listeners\.0\.type: .*use one of: mtls, token, unix, plain.*PCL_ERR_GUARD_CONFIG/);
  });

  it('serves a unix socket with the configured mode, as subject unix:NAME', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-guard-unix-'));
    dirs.push(dir);
    const sock = join(dir, 'guard.sock');
    writeFileSync(join(dir, 'guard.yaml'), stringify({
      upstream: { url: `unix://${lab.socketPath}` }, listeners: [{ type: 'unix', path: sock, mode: '0600', subject: 'local-tools' }],
      policy: { grants: [{ subject: 'unix:local-tools', roles: ['read-only'] }] }, metrics: { address: '127.0.0.1:0' },
    }));
    const events = new CaptureSink();
    const g = await startGuard({ configPath: join(dir, 'guard.yaml'), sinks: [events], log: () => undefined });
    try {
      expect(statSync(sock).mode & 0o777).toBe(0o600);
      expect((await dockerAsync({ DOCKER_HOST: `unix://${sock}` }, ['ps'])).code).toBe(0);
      const r = await dockerAsync({ DOCKER_HOST: `unix://${sock}` }, ['run', '--rm', 'alpine', 'true']);
      expect(r.stderr).toContain('no role of unix:local-tools allows route container.create');
      expect(events.eventsOf('guard.request.allowed').some((e) => e.subject === 'unix:local-tools')).toBe(true);
      const metrics = await (await fetch(`http://${g.metricsAddress}/metrics`)).text();
      expect(metrics).toMatch(/portcullis_guard_requests_total\{route="container.list",verdict="allow"\} [1-9]/);
      expect(metrics).toMatch(/portcullis_guard_requests_total\{route="container.create",verdict="deny"\} [1-9]/);
      const health = await fetch(`http://${g.metricsAddress}/healthz`);
      expect(health.status).toBe(200);
    } finally { await g.close(); }
  });

  it('forwards to a TCP + mutual-TLS upstream engine', async () => {
    const up = await expose('mtls', lab.socketPath, '127.0.0.1');
    const dir = mkdtempSync(join(tmpdir(), 'pcl-guard-tlsup-'));
    dirs.push(dir);
    const c = up.pki!.clientDir;
    writeFileSync(join(dir, 'guard.yaml'), stringify({
      upstream: { url: `tcp://127.0.0.1:${up.port}`, tls: { ca: join(c, 'ca.pem'), cert: join(c, 'cert.pem'), key: join(c, 'key.pem') } },
      listeners: [{ type: 'plain', address: '127.0.0.1:0', subject: 'ops', allowPlaintext: true }],
      policy: { grants: [{ subject: 'loopback:ops', roles: ['admin'] }] },
    }));
    const g = await startGuard({ configPath: join(dir, 'guard.yaml'), log: () => undefined });
    try {
      const env = { DOCKER_HOST: `tcp://${g.addresses[0]}` };
      expect((await dockerAsync(env, ['version', '--format', '{{.Server.APIVersion}}'])).stdout.trim()).toBe('1.41');
      const r = await dockerAsync(env, ['run', '--rm', '-i', '--network', 'none', 'alpine', 'cat'], 'over-tls-upstream\n');
      expect(r.stderr).toBe('');
      expect(r).toMatchObject({ code: 0, stdout: 'over-tls-upstream\n' });
    } finally { await g.close(); await up.close(); }
  });
});
