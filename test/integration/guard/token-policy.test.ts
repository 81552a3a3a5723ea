// Bearer tokens over TLS (docker CLI config.json HttpHeaders), revocation, and the container/exec policy
// knobs judged from what the real docker CLI sends, with ownership stamping and filtering between subjects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, dockerAsync } from '../../lab/index.js';
import { revokeToken } from '../../../src/guard/index.js';
import { join } from 'node:path';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { lab, newToken, removeContainers, startGuardLab, type GuardLab } from './helpers.js';

let g: GuardLab;
const P = 'pcl-guard-pol-';

const policy = {
  roles: {
    runner: {
      allow: ['group:read', 'container.*', 'exec.*', 'system.*', 'volume.*'],
      container: { hostPaths: ['/tmp/pcl-guard-allowed'], capabilities: ['CHOWN'], images: ['alpine:*', 'busybox:*'],
        requireLimits: { memory: true }, restartPolicies: ['', 'no'], maxContainers: 3, bindVolumes: true },
      exec: { users: ['', '65534'] },
    },
  },
  grants: [
    { subject: 'cert:ci1', roles: ['runner'], scope: { owned: true } },
    { subject: 'cert:ci2', roles: ['runner'], scope: { owned: true } },
    { subject: 'token:*', roles: ['runner'], scope: { owned: true } },
  ],
};

beforeAll(async () => {
  removeContainers(P);
  g = await startGuardLab({ certs: ['ci1', 'ci2'], policy, token: true });
});
afterAll(async () => { await g?.close(); removeContainers(P); });

const ci1 = (args: string[], input?: string) => dockerAsync(g.certEnv('ci1'), args, input);
const ci2 = (args: string[]) => dockerAsync(g.certEnv('ci2'), args);
const RUN = ['run', '--rm', '--network', 'none', '-m', '64m'];

describe('bearer tokens', () => {
  it('lets the docker CLI in with a token header, attached and interactive, and stops it once revoked', async () => {
    const t = newToken(g, 'ci-token');
    const env = g.tokenEnv(t);
    const ps = await dockerAsync(env, ['ps']);
    expect(ps.stderr).toBe('');
    expect(ps.code).toBe(0);
    const r = await dockerAsync(env, [...RUN, '-i', 'alpine', 'cat'], 'via-token\n');
    expect(r).toMatchObject({ code: 0, stdout: 'via-token\n' });
    const none = await dockerAsync({ ...env, DOCKER_CONFIG: join(g.dir, 'empty') }, ['ps']);
    expect(none.stderr).toContain('missing bearer token');
    revokeToken(join(g.dir, 'tokens.json'), 'ci-token');
    g.guard.runtime.tokens.reload();
    const after = await dockerAsync(env, ['ps']);
    expect(after.code).not.toBe(0);
    expect(after.stderr).toContain('unknown or revoked token');
  });
});

describe('container policy knobs through the CLI', () => {
  const denied: [string, string[], RegExp][] = [
    ['privileged', ['--privileged'], /rule policy\.container\.privileged: field HostConfig\.Privileged/],
    ['host root bind', ['-v', '/:/host'], /rule policy\.container\.host_paths: field HostConfig\.Binds\[0\]/],
    ['bind via ..', ['-v', '/tmp/pcl-guard-allowed/../../etc:/e'], /policy\.container\.host_paths/],
    ['--mount bind', ['--mount', 'type=bind,source=/etc,target=/e'], /policy\.container\.host_paths: field HostConfig\.Mounts\[0\]\.Source/],
    ['cap-add', ['--cap-add', 'SYS_ADMIN'], /policy\.container\.capabilities: field HostConfig\.CapAdd\[0\]/],
    ['host network', ['--network', 'host'], /policy\.container\.host_namespaces: field HostConfig\.NetworkMode/],
    ['host pid', ['--pid', 'host'], /policy\.container\.host_namespaces: field HostConfig\.PidMode/],
    ['host ipc', ['--ipc', 'host'], /field HostConfig\.IpcMode/],
    ['host uts', ['--uts', 'host'], /field HostConfig\.UTSMode/],
    ['seccomp', ['--security-opt', 'seccomp=unconfined'], /policy\.container\.security_options: field HostConfig\.SecurityOpt\[0\]/],
    ['device', ['--device', '/dev/null:/dev/x'], /policy\.container\.devices: field HostConfig\.Devices\[0\]/],
    ['volumes-from', ['--volumes-from', 'whatever'], /policy\.container\.volumes_from/],
    ['restart always', ['--restart', 'always'], /policy\.container\.restart_policy: field HostConfig\.RestartPolicy\.Name/],
    ['sysctl', ['--sysctl', 'net.ipv4.ip_forward=1'], /policy\.container\.sysctls/],
  ];
  it.each(denied)('denies %s', async (_n, flags, message) => {
    const net = flags.includes('--network') ? [] : ['--network', 'none'];
    const r = await ci1(['create', ...net, '-m', '64m', ...flags, 'alpine', 'true']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });

  it('denies images outside the allow-list and containers without a memory limit', async () => {
    expect((await ci1(['create', '--network', 'none', '-m', '64m', 'ubuntu', 'true'])).stderr).toMatch(/policy\.container\.images: field Image/);
    expect((await ci1(['create', '--network', 'none', 'alpine', 'true'])).stderr).toMatch(/policy\.container\.limits: field HostConfig\.Memory/);
  });

  it('allows what the role allows: allowed bind prefix, capability, restart policy, named volume', async () => {
    const r = await ci1([...RUN, '-v', '/tmp/pcl-guard-allowed:/w:ro', '--cap-add', 'CHOWN', '--restart', 'no', '-v', `${P}v:/v`, 'alpine', 'echo', 'ok']);
    expect(r).toMatchObject({ code: 0, stdout: 'ok\n' });
    docker(lab, ['volume', 'rm', '-f', `${P}v`]);
  });

  it('re-resolves bind sources at start: a symlink swapped in after create is refused, an unchanged one starts', async () => {
    removeContainers(P);
    const dir = '/tmp/pcl-guard-allowed/swap';
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const create = (name: string) => ci1(['create', '--name', name, '--network', 'none', '-m', '64m', '-v', `${dir}:/w:ro`, 'alpine', 'ls', '/w']);
    expect((await create(`${P}swap-ok`)).code).toBe(0);
    const ok = await ci1(['start', '-a', `${P}swap-ok`]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect((await create(`${P}swap`)).code).toBe(0);
    rmSync(dir, { recursive: true });
    symlinkSync('/etc', dir);
    try {
      const r = await ci1(['start', `${P}swap`]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/policy\.container\.host_paths: field HostConfig\.Binds: bind source or volume device \/tmp\/pcl-guard-allowed\/swap now resolves .* to \/etc/);
      expect(docker(lab, ['inspect', '--format', '{{.State.Status}}', `${P}swap`]).trim()).toBe('created');
      const restart = await ci1(['restart', `${P}swap-ok`]);
      expect(restart.stderr).toMatch(/now resolves/);
    } finally { rmSync(dir, { force: true }); removeContainers(P); }
  });

  it('judges bind-backed volume devices by their real path, at volume create and again at start', async () => {
    removeContainers(P);
    const dir = '/tmp/pcl-guard-allowed/vdev';
    const link = '/tmp/pcl-guard-allowed/vdev-link';
    rmSync(dir, { recursive: true, force: true });
    rmSync(link, { force: true });
    mkdirSync(dir, { recursive: true });
    symlinkSync('/etc', link);
    const vol = (name: string, device: string) => ci1(['volume', 'create', '--driver', 'local', '-o', 'type=none', '-o', 'o=bind', '-o', `device=${device}`, name]);
    try {
      const viaLink = await vol(`${P}vlink`, link);
      expect(viaLink.code).not.toBe(0);
      expect(viaLink.stderr).toMatch(/policy\.container\.host_paths: field DriverOpts\.device: host path \/tmp\/pcl-guard-allowed\/vdev-link resolves \(through a symlink\) to \/etc/);
      expect(docker(lab, ['volume', 'ls', '-q'])).not.toContain(`${P}vlink`);
      expect((await vol(`${P}vdev`, dir)).code).toBe(0);
      expect((await ci1(['create', '--name', `${P}vdev`, '--network', 'none', '-m', '64m', '-v', `${P}vdev:/w:ro`, 'alpine', 'ls', '/w'])).code).toBe(0);
      // The directory behind the volume is swapped for a link to /etc after create: start is refused.
      rmSync(dir, { recursive: true });
      symlinkSync('/etc', dir);
      const r = await ci1(['start', `${P}vdev`]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/bind source or volume device \/tmp\/pcl-guard-allowed\/vdev now resolves .* to \/etc/);
      expect(docker(lab, ['inspect', '--format', '{{.State.Status}}', `${P}vdev`]).trim()).toBe('created');
    } finally {
      removeContainers(P);
      docker(lab, ['volume', 'rm', '-f', `${P}vdev`, `${P}vlink`]);
      rmSync(dir, { recursive: true, force: true });
      rmSync(link, { force: true });
    }
  });

  it('judges exec user and privileged', async () => {
    const name = `${P}exec`;
    expect((await ci1(['run', '-d', '--name', name, '--network', 'none', '-m', '64m', 'alpine', 'sleep', '60'])).code).toBe(0);
    const asNobody = await ci1(['exec', '-u', '65534', name, 'id', '-u']);
    expect(asNobody.stderr).toBe('');
    expect(asNobody.stdout.trim()).toBe('65534');
    expect((await ci1(['exec', '-u', 'root', name, 'id'])).stderr).toMatch(/policy\.exec\.user: field User/);
    expect((await ci1(['exec', '--privileged', name, 'id'])).stderr).toMatch(/policy\.exec\.privileged: field Privileged/);
  });

  it('stamps the owner, filters lists and refuses another subject\'s containers', async () => {
    const name = `${P}owned`;
    const since = String(Math.floor(Date.now() / 1000) - 1);
    expect((await ci1(['create', '--name', name, '--network', 'none', '-m', '64m', 'alpine', 'true'])).code).toBe(0);
    expect(docker(lab, ['inspect', '--format', '{{index .Config.Labels "io.portcullis.owner"}}', name]).trim()).toBe('cert:ci1');
    docker(lab, ['create', '--name', `${P}foreign`, '--network', 'none', 'alpine', 'true']);
    const mine = (await ci1(['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n');
    expect(mine).toContain(name);
    expect(mine).not.toContain(`${P}foreign`);
    expect((await ci2(['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n')).not.toContain(name);
    const steal = await ci2(['rm', name]);
    expect(steal.code).not.toBe(0);
    expect(steal.stderr).toMatch(/policy\.scope/);
    expect((await ci2(['inspect', `${P}foreign`])).stderr).toMatch(/policy\.scope/);
    const until = String(Math.floor(Date.now() / 1000) + 1);
    const ev = await ci1(['events', '--since', since, '--until', until, '--format', '{{.Type}} {{.Action}} {{.Actor.Attributes.name}}']);
    expect(ev.stdout).toContain(`container create ${name}`);
    expect(ev.stdout).not.toContain(`${P}foreign`);
    expect((await ci1(['rm', name])).code).toBe(0);
  });

  it('enforces max containers per subject', async () => {
    removeContainers(P);
    for (let i = 0; i < 3; i++) expect((await ci2(['create', '--name', `${P}max${i}`, '--network', 'none', '-m', '64m', 'alpine', 'true'])).code).toBe(0);
    const r = await ci2(['create', '--name', `${P}max3`, '--network', 'none', '-m', '64m', 'alpine', 'true']);
    expect(r.stderr).toMatch(/policy\.container\.max_containers: .*already owns 3 containers \(max 3\)/);
  });
});
