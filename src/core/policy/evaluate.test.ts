import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile.js';
import { evaluate } from './evaluate.js';
import type { PolicyConfigInput } from './schema.js';
import { OWNER_LABEL, subjectOf, type PolicyRequest, type PolicyRoute } from './types.js';

const R = (id: string, group = 'x', risk: PolicyRoute['risk'] = 'write'): PolicyRoute => ({ id, group, risk });
const CREATE = R('container.create', 'create', 'privilege-relevant');
const ci = subjectOf('cert', 'ci');

const cfg: PolicyConfigInput = {
  roles: {
    runner: {
      allow: ['container.*', 'exec.*', 'volume.create', 'image.pull'],
      container: {
        capabilities: ['NET_BIND_SERVICE'], devices: ['/dev/fuse'], hostNamespaces: [], hostPaths: ['/srv/ci'],
        images: ['alpine:*', 'registry.example/team/*'], requireLimits: { memory: true, cpu: true },
        restartPolicies: ['', 'no'], maxContainers: 3, bindVolumes: true,
      },
      exec: { users: ['', '65534'], commands: ['sh -c *', 'echo *'] },
    },
  },
  grants: [{ subject: 'cert:ci', roles: ['runner'] }, { subject: 'cert:viewer', roles: ['read-only'] }],
};
const policy = compilePolicy(cfg);

const base = { Image: 'alpine:3', HostConfig: { Memory: 64 << 20, NanoCpus: 1e9 } };
function req(route: PolicyRoute, body?: unknown, extra: Partial<PolicyRequest> = {}): PolicyRequest {
  return { subject: ci, route, method: 'POST', apiVersion: '1.41', params: {}, query: {}, ...(body !== undefined ? { body } : {}), count: { ownedContainers: 0 }, volumes: {}, networks: {}, realPaths: { '/srv/ci': '/srv/ci', '/srv/ci/work': '/srv/ci/work' }, ...extra };
}
const create = (hc: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  evaluate(policy, req(CREATE, { ...base, ...top, HostConfig: { ...base.HostConfig, ...hc } }));

describe('evaluate: container policy knobs (each allowed and denied, naming rule and field)', () => {
  it('allows a compliant create and stamps the owner label', () => {
    const d = create();
    expect(d.effect).toBe('allow');
    expect(d.stampLabels).toEqual({ [OWNER_LABEL]: 'cert:ci' });
  });
  const cases: [string, Record<string, unknown>, Record<string, unknown>, string, string][] = [
    ['privileged', { Privileged: true }, {}, 'policy.container.privileged', 'HostConfig.Privileged'],
    ['capability', { CapAdd: ['SYS_ADMIN'] }, {}, 'policy.container.capabilities', 'HostConfig.CapAdd[0]'],
    ['capability ALL', { CapAdd: ['NET_BIND_SERVICE', 'all'] }, {}, 'policy.container.capabilities', 'HostConfig.CapAdd[1]'],
    ['device', { Devices: [{ PathOnHost: '/dev/sda', PathInContainer: '/dev/sda', CgroupPermissions: 'rwm' }] }, {}, 'policy.container.devices', 'HostConfig.Devices[0]'],
    ['host network', { NetworkMode: 'host' }, {}, 'policy.container.host_namespaces', 'HostConfig.NetworkMode'],
    ['host pid', { PidMode: 'host' }, {}, 'policy.container.host_namespaces', 'HostConfig.PidMode'],
    ['container pid', { PidMode: 'container:other' }, {}, 'policy.container.host_namespaces', 'HostConfig.PidMode'],
    ['host ipc', { IpcMode: 'host' }, {}, 'policy.container.host_namespaces', 'HostConfig.IpcMode'],
    ['host uts', { UTSMode: 'host' }, {}, 'policy.container.host_namespaces', 'HostConfig.UTSMode'],
    ['userns host', { UsernsMode: 'host' }, {}, 'policy.container.host_namespaces', 'HostConfig.UsernsMode'],
    ['seccomp unconfined', { SecurityOpt: ['seccomp=unconfined'] }, {}, 'policy.container.security_options', 'HostConfig.SecurityOpt[0]'],
    ['bind root', { Binds: ['/:/host'] }, {}, 'policy.container.host_paths', 'HostConfig.Binds[0]'],
    ['bind escape via ..', { Binds: ['/srv/ci/../../etc:/x'] }, {}, 'policy.container.host_paths', 'HostConfig.Binds[0]'],
    ['bind sibling prefix', { Binds: ['/srv/ci-other:/x'] }, {}, 'policy.container.host_paths', 'HostConfig.Binds[0]'],
    ['mount bind', { Mounts: [{ Type: 'bind', Source: '/etc', Target: '/x' }] }, {}, 'policy.container.host_paths', 'HostConfig.Mounts[0].Source'],
    ['bind-backed volume', { Mounts: [{ Type: 'volume', Target: '/x', VolumeOptions: { DriverConfig: { Options: { type: 'none', o: 'bind', device: '/' } } } }] }, {}, 'policy.container.host_paths', 'HostConfig.Mounts[0].VolumeOptions.DriverConfig.Options.device'],
    ['npipe mount', { Mounts: [{ Type: 'npipe', Source: 'x', Target: '/x' }] }, {}, 'policy.container.mounts', 'HostConfig.Mounts[0].Type'],
    ['volumes-from', { VolumesFrom: ['other'] }, {}, 'policy.container.volumes_from', 'HostConfig.VolumesFrom'],
    ['image', {}, { Image: 'evil/miner:latest' }, 'policy.container.images', 'Image'],
    ['memory limit', { Memory: 0 }, {}, 'policy.container.limits', 'HostConfig.Memory'],
    ['cpu limit', { NanoCpus: 0 }, {}, 'policy.container.limits', 'HostConfig.NanoCpus'],
    ['restart policy', { RestartPolicy: { Name: 'always' } }, {}, 'policy.container.restart_policy', 'HostConfig.RestartPolicy.Name'],
    ['runtime', { Runtime: 'io.containerd.runsc' }, {}, 'policy.container.runtime', 'HostConfig.Runtime'],
    ['sysctl', { Sysctls: { 'kernel.core_pattern': '|/x' } }, {}, 'policy.container.sysctls', 'HostConfig.Sysctls'],
    ['cgroup parent', { CgroupParent: '/' }, {}, 'policy.container.host_namespaces', 'HostConfig.CgroupParent'],
    ['unmasked /proc', { MaskedPaths: [] }, {}, 'policy.container.security_options', 'HostConfig.MaskedPaths'],
    ['plugin volume driver', { Mounts: [{ Type: 'volume', Target: '/x', VolumeOptions: { DriverConfig: { Name: 'evil' } } }] }, {}, 'policy.container.bind_volumes', 'HostConfig.Mounts[0].VolumeOptions.DriverConfig.Name'],
  ];
  it.each(cases)('denies %s', (_n, hc, top, rule, field) => {
    const d = create(hc, top);
    expect(d).toMatchObject({ effect: 'deny', ruleId: rule, field });
  });
  it.each([
    ['allowed capability', { CapAdd: ['CAP_NET_BIND_SERVICE'] }],
    ['allowed device', { Devices: [{ PathOnHost: '/dev/fuse' }] }],
    ['bind under prefix', { Binds: ['/srv/ci/work:/w:ro'] }],
    ['named volume', { Binds: ['cache:/cache'] }],
    ['tmpfs mount', { Mounts: [{ Type: 'tmpfs', Target: '/t' }] }],
    ['no-new-privileges', { SecurityOpt: ['no-new-privileges'] }],
    ['restart no', { RestartPolicy: { Name: 'no' } }],
  ])('allows %s', (_n, hc) => {
    expect(create(hc).effect).toBe('allow');
  });
  it('judges existing named volumes by what backs them, and denies when they could not be looked up', () => {
    const withVol = (volumes: PolicyRequest['volumes'], hc: Record<string, unknown>) =>
      evaluate(policy, req(CREATE, { ...base, HostConfig: { ...base.HostConfig, ...hc } }, volumes === undefined ? { volumes: undefined as never } : { volumes }));
    const bindVol = { bv: { driver: 'local', options: { type: 'none', o: 'bind', device: '/' } } };
    expect(withVol(bindVol, { Binds: ['bv:/x'] })).toMatchObject({ effect: 'deny', ruleId: 'policy.container.host_paths', field: 'HostConfig.Binds[0].device' });
    expect(withVol(bindVol, { Mounts: [{ Type: 'volume', Source: 'bv', Target: '/x' }] })).toMatchObject({ effect: 'deny', ruleId: 'policy.container.host_paths' });
    expect(withVol({ pv: { driver: 'sshfs', options: {} } }, { Binds: ['pv:/x'] })).toMatchObject({ effect: 'deny', ruleId: 'policy.container.bind_volumes' });
    expect(withVol({ ok: { driver: 'local', options: {} } }, { Binds: ['ok:/x', 'new:/y'] }).effect).toBe('allow');
    expect(withVol(undefined, { Binds: ['ok:/x'] })).toMatchObject({ effect: 'deny', ruleId: 'policy.container.bind_volumes' });
  });
  it('denies endpoints on the host network (by name or by the id of a host-driver network)', () => {
    const ep = (networks: Record<string, string>, keys: string[]) =>
      evaluate(policy, req(CREATE, { ...base, NetworkingConfig: { EndpointsConfig: Object.fromEntries(keys.map((k) => [k, {}])) } }, { networks }));
    expect(ep({}, ['host'])).toMatchObject({ effect: 'deny', ruleId: 'policy.container.host_namespaces', field: 'NetworkingConfig.EndpointsConfig.host' });
    expect(ep({ abc123: 'host' }, ['abc123'])).toMatchObject({ effect: 'deny', ruleId: 'policy.container.host_namespaces' });
    expect(ep({ appnet: 'bridge' }, ['appnet']).effect).toBe('allow');
  });
  it('accepts images in familiar and full forms', () => {
    expect(create({}, { Image: 'docker.io/library/alpine:latest' }).effect).toBe('allow');
    expect(create({}, { Image: 'registry.example/team/app@sha256:abc' }).effect).toBe('allow');
  });
  it('counts int64 limits decoded as bigint', () => {
    expect(create({ Memory: 1n << 30n, NanoCpus: 10n ** 9n }).effect).toBe('allow');
  });
  it('enforces max containers per subject, and denies when the count is unknown', () => {
    expect(evaluate(policy, req(CREATE, base, { count: { ownedContainers: 3 } }))).toMatchObject({ effect: 'deny', ruleId: 'policy.container.max_containers' });
    expect(evaluate(policy, { ...req(CREATE, base), count: {} })).toMatchObject({ effect: 'deny', ruleId: 'policy.container.max_containers' });
  });
});

describe('evaluate: exec, volume, image pull, update', () => {
  const exec = (body: unknown) => evaluate(policy, req(R('exec.create', 'exec', 'exec'), body));
  it('judges exec privileged, user and command allow-list', () => {
    expect(exec({ Cmd: ['echo', 'hi'] }).effect).toBe('allow');
    expect(exec({ Cmd: ['echo', 'hi'], Privileged: true })).toMatchObject({ effect: 'deny', ruleId: 'policy.exec.privileged', field: 'Privileged' });
    expect(exec({ Cmd: ['echo', 'hi'], User: 'root' })).toMatchObject({ effect: 'deny', ruleId: 'policy.exec.user', field: 'User' });
    expect(exec({ Cmd: ['nsenter', '-t', '1'] })).toMatchObject({ effect: 'deny', ruleId: 'policy.exec.command', field: 'Cmd' });
  });
  it('judges bind-backed volumes against host paths', () => {
    const vol = (o: Record<string, string>) => evaluate(policy, req(R('volume.create'), { Name: 'v', DriverOpts: o },
      { realPaths: { '/srv/ci': '/srv/ci', '/srv/ci/data': '/srv/ci/data' } }));
    expect(vol({}).effect).toBe('allow');
    expect(vol({ type: 'none', o: 'bind', device: '/srv/ci/data' }).effect).toBe('allow');
    expect(vol({ type: 'none', o: 'bind', device: '/' })).toMatchObject({ effect: 'deny', ruleId: 'policy.container.host_paths', field: 'DriverOpts.device' });
  });
  it('judges image pulls against the image allow-list', () => {
    const pull = (q: Record<string, string>) => evaluate(policy, req(R('image.pull'), undefined, { query: q }));
    expect(pull({ fromImage: 'alpine', tag: '3.19' }).effect).toBe('allow');
    expect(pull({ fromImage: 'xmrig/xmrig', tag: 'latest' })).toMatchObject({ effect: 'deny', ruleId: 'policy.container.images', field: 'fromImage' });
    expect(pull({ fromSrc: '-', repo: 'alpine' })).toMatchObject({ effect: 'deny', ruleId: 'policy.unjudged' });
  });
  it('judges container update restart policy', () => {
    const up = (b: unknown) => evaluate(policy, req(R('container.update'), b));
    expect(up({ RestartPolicy: { Name: 'always' } })).toMatchObject({ effect: 'deny', ruleId: 'policy.container.restart_policy' });
    expect(up({ CpuShares: 512 }).effect).toBe('allow');
  });
});

describe('evaluate: routes, versions, grants, scopes', () => {
  it('denies unknown subjects, unlisted routes and versions outside the judged range', () => {
    expect(evaluate(policy, { ...req(R('container.list', 'read', 'read')), subject: subjectOf('cert', 'mallory') })).toMatchObject({ effect: 'deny', ruleId: 'policy.grant' });
    expect(evaluate(policy, req(R('network.create')))).toMatchObject({ effect: 'deny', ruleId: 'policy.route' });
    expect(evaluate(policy, req(CREATE, base, { apiVersion: '1.23' }))).toMatchObject({ effect: 'deny', ruleId: 'policy.version' });
    expect(evaluate(policy, req(CREATE, base, { apiVersion: '1.99' }))).toMatchObject({ effect: 'deny', ruleId: 'policy.version' });
    expect(evaluate(policy, req(CREATE, base, { apiVersion: 'x' }))).toMatchObject({ effect: 'deny', ruleId: 'policy.version' });
  });
  it('read-only reads but leaks no data through logs, archive, export or attach', () => {
    const viewer = subjectOf('cert', 'viewer');
    const ask = (r: PolicyRoute) => evaluate(policy, { ...req(r), subject: viewer, method: 'GET' }).effect;
    expect(ask(R('container.list', 'read', 'read'))).toBe('allow');
    expect(ask(R('container.inspect', 'read', 'read'))).toBe('allow');
    for (const r of [R('container.logs', 'logs', 'data-read'), R('container.archive_get', 'data', 'data-read'), R('container.export', 'data', 'data-read'),
      R('container.attach', 'exec', 'exec'), R('image.save_all', 'image', 'data-read')]) expect(ask(r)).toBe('deny');
  });
  it('keeps unjudged effects (services, plugins, image load) for roles that say unjudged', () => {
    const p = compilePolicy({ roles: { wide: { allow: ['*'] } }, grants: [{ subject: 'cert:ci', roles: ['wide'] }, { subject: 'cert:root', roles: ['admin'] }] });
    expect(evaluate(p, req(R('service.create')))).toMatchObject({ effect: 'deny', ruleId: 'policy.unjudged' });
    expect(evaluate(p, req(R('image.load')))).toMatchObject({ effect: 'deny', ruleId: 'policy.unjudged' });
    expect(evaluate(p, req(R('container.commit')))).toMatchObject({ effect: 'deny', ruleId: 'policy.unjudged' });
    expect(evaluate(p, req(R('image.tag')))).toMatchObject({ effect: 'deny', ruleId: 'policy.unjudged' });
    expect(evaluate(p, { ...req(R('image.load')), subject: subjectOf('cert', 'root') }).effect).toBe('allow');
  });
  it('scopes resources to owner, labels and names, and asks list filtering', () => {
    const p = compilePolicy({ grants: [{ subject: 'cert:ci', roles: ['ci-runner'], scope: { labels: { team: 'a' }, names: ['ci-*'] } }] });
    const start = R('container.start', 'lifecycle');
    const on = (labels: Record<string, string>, name = '/x') => evaluate(p, req(start, undefined, { resource: { kind: 'container', name, labels } })).effect;
    expect(on({ [OWNER_LABEL]: 'cert:ci' })).toBe('allow');
    expect(on({ [OWNER_LABEL]: 'cert:other' })).toBe('deny');
    expect(on({ team: 'a' })).toBe('allow');
    expect(on({}, '/ci-7')).toBe('allow');
    expect(on({}, '/prod-db')).toBe('deny');
    expect(evaluate(p, req(R('container.list', 'read', 'read'))).filterList).toBe(true);
  });
  it('rejects grants naming unknown roles at compile time', () => {
    expect(() => compilePolicy({ grants: [{ subject: 'x', roles: ['nope'] }] })).toThrow(/unknown role "nope"/);
  });
});
