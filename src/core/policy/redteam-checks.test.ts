// Pure logic behind the second red-team round: body references and bulk routes for scoped grants, filtered
// answers, containers made elsewhere, network create drivers/options, supplementary groups, CPU limit removal.
import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile.js';
import { evaluate } from './evaluate.js';
import { checkExistingContainer } from './existing-checks.js';
import { checkNetworkCreate } from './network-checks.js';
import { checkRefs, referencedResources, refKey } from './scope-refs.js';
import { OWNER_LABEL, subjectOf, type PolicyRequest, type PolicyRoute, type ResourceFacts } from './types.js';

const R = (id: string, risk: PolicyRoute['risk'] = 'write'): PolicyRoute => ({ id, group: 'x', risk });
const me = subjectOf('cert', 'me');
const policy = compilePolicy({
  roles: {
    r: {
      allow: ['*'],
      container: { images: ['alpine:*'], allowRoot: false, requireLimits: { cpu: true, memory: false }, hostPaths: ['/srv'] },
      exec: { users: ['*'] },
    },
    net: { allow: ['network.create'], container: { hostNamespaces: ['network'] } },
  },
  grants: [{ subject: 'cert:me', roles: ['r'], scope: { owned: true } }, { subject: 'cert:free', roles: ['r'] }, { subject: 'cert:net', roles: ['net'] }],
});
const role = policy.roles.get('r')!;
const req = (route: PolicyRoute, body?: unknown, extra: Partial<PolicyRequest> = {}): PolicyRequest =>
  ({ subject: me, route, method: 'POST', apiVersion: '1.41', params: {}, query: {}, ...(body !== undefined ? { body } : {}), count: { ownedContainers: 0 }, volumes: {}, networks: {}, ...extra });
const mine = (kind: ResourceFacts['kind'], name: string): ResourceFacts => ({ kind, name, labels: { [OWNER_LABEL]: 'cert:me' } });
const theirs = (kind: ResourceFacts['kind'], name: string): ResourceFacts => ({ kind, name, labels: {} });
const OK = { Image: 'alpine', User: '1', HostConfig: { NanoCpus: 1e9 } };

describe('referencedResources', () => {
  it('names volumes, volumes-from, container: namespaces, links and user-defined networks of a create body', () => {
    const refs = referencedResources('container.create', {
      HostConfig: { Binds: ['v1:/a', '/srv/x:/b:ro'], Mounts: [{ Type: 'volume', Source: 'v2' }, { Type: 'bind', Source: '/srv' }], VolumesFrom: ['c1:ro'],
        PidMode: 'container:c2', Links: ['/c3:/me/db'], NetworkMode: 'n1' },
      NetworkingConfig: { EndpointsConfig: { n2: {}, bridge: {} } },
    }).map(refKey);
    expect(refs).toEqual(['volume:v1', 'volume:v2', 'container:c1', 'container:c2', 'container:c3', 'network:n1', 'network:n2']);
  });
  it('names the volume of a volume create and the container of a network connect', () => {
    expect(referencedResources('volume.create', { Name: 'v' }).map(refKey)).toEqual(['volume:v']);
    expect(referencedResources('network.connect', { Container: 'c' }).map(refKey)).toEqual(['container:c']);
    expect(referencedResources('container.start', { Container: 'c' })).toEqual([]);
  });
  it('checkRefs: absent lookups deny, missing objects pass, out-of-scope denies, predefined networks pass', () => {
    const refs = referencedResources('container.create', { HostConfig: { Binds: ['v:/x'] } });
    const inScope = (r: ResourceFacts): boolean => r.labels[OWNER_LABEL] === 'cert:me';
    expect(checkRefs(refs, undefined, inScope)?.ruleId).toBe('policy.scope');
    expect(checkRefs(refs, { 'volume:v': null }, inScope)).toBeUndefined();
    expect(checkRefs(refs, { 'volume:v': mine('volume', 'v') }, inScope)).toBeUndefined();
    expect(checkRefs(refs, { 'volume:v': theirs('volume', 'v') }, inScope)?.field).toBe('HostConfig.Binds[0]');
    const byId = referencedResources('container.create', { HostConfig: { NetworkMode: 'f00d' } });
    expect(checkRefs(byId, { 'network:f00d': theirs('network', 'bridge') }, inScope)).toBeUndefined();
  });
});

describe('evaluate: scoped grants', () => {
  it('judges body references against the scope (unscoped grants are not asked)', () => {
    const body = { ...OK, HostConfig: { ...OK.HostConfig, Links: ['db:db'] } };
    expect(evaluate(policy, req(R('container.create'), body, { refs: { 'container:db': theirs('container', '/db') } })).ruleId).toBe('policy.scope');
    expect(evaluate(policy, req(R('container.create'), body, { refs: { 'container:db': mine('container', '/db') } })).effect).toBe('allow');
    expect(evaluate(policy, req(R('container.create'), body)).ruleId).toBe('policy.scope'); // not looked up: deny
    expect(evaluate(policy, req(R('container.create'), body, { subject: subjectOf('cert', 'free') })).effect).toBe('allow');
  });
  it('refuses prune routes to scoped subjects only', () => {
    for (const id of ['container.prune', 'volume.prune', 'network.prune']) {
      expect(evaluate(policy, req(R(id))).ruleId).toBe('policy.scope');
      expect(evaluate(policy, req(R(id), undefined, { subject: subjectOf('cert', 'free') })).effect).toBe('allow');
    }
  });
  it('judges swarm objects named by the path by their labels (not looked up: deny)', () => {
    expect(evaluate(policy, req(R('service.inspect', 'read'))).ruleId).toBe('policy.scope');
    expect(evaluate(policy, req(R('secret.delete'), undefined, { resource: { kind: 'secret', name: 's', labels: {} } })).ruleId).toBe('policy.scope');
    expect(evaluate(policy, req(R('service.logs', 'data-read'), undefined, { resource: mine('service', 'web') })).effect).toBe('allow');
    expect(evaluate(policy, req(R('service.inspect', 'read'), undefined, { subject: subjectOf('cert', 'free') })).effect).toBe('allow');
  });
  it('filters GET /networks/ and system df like the other lists', () => {
    for (const id of ['network.list_slash', 'system.df', 'container.list']) expect(evaluate(policy, req(R(id, 'read'))).filterList).toBe(true);
    expect(evaluate(policy, req(R('system.info', 'read'))).filterList).toBeUndefined();
  });
});

describe('containers made elsewhere', () => {
  const c = (hc: Record<string, unknown>): unknown => ({ Name: '/x', HostConfig: hc });
  it.each([
    [{ Privileged: true }, 'policy.container.privileged'], [{ CapAdd: ['SYS_ADMIN'] }, 'policy.container.capabilities'],
    [{ NetworkMode: 'host' }, 'policy.container.host_namespaces'], [{ PidMode: 'host' }, 'policy.container.host_namespaces'],
    [{ Devices: [{ PathOnHost: '/dev/sda' }] }, 'policy.container.devices'], [{ SecurityOpt: ['seccomp=unconfined'] }, 'policy.container.security_options'],
    [{ Binds: ['/etc:/x:ro'] }, 'policy.container.host_paths'], [{ Mounts: [{ Type: 'bind', Source: '/' }] }, 'policy.container.host_paths'],
  ])('refuses %j', (hc, rule) => {
    expect(checkExistingContainer(role, c(hc))?.ruleId).toBe(rule);
  });
  it('accepts what the role could have made (cgroup v1 host cgroupns, binds under hostPaths, container: namespaces)', () => {
    expect(checkExistingContainer(role, c({ CgroupnsMode: 'host', NetworkMode: 'container:y', Binds: ['/srv/a:/a'], Mounts: [{ Type: 'volume', Source: 'v' }] }))).toBeUndefined();
  });
  it('refuses a container mounting a bind-backed volume unless the role may bind that device', () => {
    expect(checkExistingContainer(role, c({}), ['/etc'])?.ruleId).toBe('policy.container.bind_volumes');
    const bv = compilePolicy({ roles: { b: { container: { bindVolumes: true, hostPaths: ['/srv'] } } }, grants: [] }).roles.get('b')!;
    expect(checkExistingContainer(bv, c({}), ['/srv/data'])).toBeUndefined();
    expect(checkExistingContainer(bv, c({}), ['/etc'])?.ruleId).toBe('policy.container.bind_volumes');
  });
  it('evaluate applies it to exec/start/attach/archive routes when the container was looked up', () => {
    const existing = { inspect: c({ NetworkMode: 'host' }) };
    expect(evaluate(policy, req(R('exec.create'), { Cmd: ['true'], User: '1' }, { subject: subjectOf('cert', 'free'), existing })).ruleId).toBe('policy.container.host_namespaces');
    expect(evaluate(policy, req(R('container.kill'), undefined, { subject: subjectOf('cert', 'free'), existing })).effect).toBe('allow');
  });
});

describe('network create', () => {
  const net = policy.roles.get('net')!;
  it.each([
    [{ Driver: 'macvlan' }, 'policy.network.driver'], [{ Driver: 'ipvlan', Options: { parent: 'eth0' } }, 'policy.network.driver'],
    [{ Driver: 'host' }, 'policy.network.driver'], [{ Driver: 'weave/net' }, 'policy.network.driver'],
    [{ Options: { 'com.docker.network.bridge.name': 'virbr0' } }, 'policy.network.options'], [{ IPAM: { Driver: 'ipam-plugin' } }, 'policy.network.driver'],
  ])('refuses %j without hostNamespaces: [network]', (body, rule) => {
    expect(checkNetworkCreate(role, { Name: 'n', ...body })?.ruleId).toBe(rule);
  });
  it('allows plain bridge networks, and host-linked ones to roles with hostNamespaces: [network]', () => {
    expect(checkNetworkCreate(role, { Name: 'n', Driver: 'bridge', Options: { 'com.docker.network.driver.mtu': '1400' } })).toBeUndefined();
    expect(checkNetworkCreate(net, { Name: 'n', Driver: 'macvlan', Options: { parent: 'eth0' } })).toBeUndefined();
  });
});

describe('role knobs reached through other fields', () => {
  it.each([['0'], ['root'], ['1:0'], ['00']])('allowRoot: false refuses GroupAdd %s', (grp) => {
    const d = evaluate(policy, req(R('container.create'), { ...OK, HostConfig: { ...OK.HostConfig, GroupAdd: [grp] } }, { subject: subjectOf('cert', 'free') }));
    expect([d.ruleId, d.field]).toEqual(['policy.container.user', 'HostConfig.GroupAdd[0]']);
  });
  it('allowRoot: false allows numeric non-zero groups', () => {
    expect(evaluate(policy, req(R('container.create'), { ...OK, HostConfig: { ...OK.HostConfig, GroupAdd: ['1000'] } }, { subject: subjectOf('cert', 'free') })).effect).toBe('allow');
  });
  it('requireLimits.cpu: update may not lift the CPU limit with a negative quota', () => {
    const u = (body: unknown) => evaluate(policy, req(R('container.update'), body, { subject: subjectOf('cert', 'free') }));
    expect(u({ CpuQuota: -1 }).ruleId).toBe('policy.container.limits');
    expect(u({ NanoCpus: -1 }).ruleId).toBe('policy.container.limits');
    expect(u({ CpuQuota: 50000 }).effect).toBe('allow');
  });
  it('the read-only preset does not reach registries (distribution inspect, image search)', () => {
    const ro = compilePolicy({ grants: [{ subject: 'cert:v', roles: ['read-only'] }] });
    const v = subjectOf('cert', 'v');
    for (const id of ['distribution.inspect', 'image.search']) expect(evaluate(ro, req(R(id, 'read'), undefined, { subject: v })).ruleId).toBe('policy.route');
    expect(evaluate(ro, req(R('image.inspect', 'read'), undefined, { subject: v })).effect).toBe('allow');
  });
});
