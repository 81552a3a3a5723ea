// Red-team round 2 against a real guard in front of the lab dockerd (raw bytes, subject loopback:bm, scoped to
// what it owns): other endpoints and body references that reached another tenant's resources or an effect the
// role denies. Each attempt asserts the ground truth on the engine (read with the docker CLI, not the guard).
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_LABEL } from '../../../src/core/policy/index.js';
import { removeContainers, startGuardLab, type GuardLab } from './helpers.js';
import { bodyOf, containersNamed, engine, getReq, inspect, postReq, rawSend, statusOf } from './raw-client.js';

const P = `pcl-guard-bm-${process.pid.toString(36)}-`;
const OWNER = 'loopback:bm';
const MARK = `pcl-guard-bm-mark=${process.pid}`;
const OK = (extra = ''): string => `{"Image":"alpine","User":"1","Cmd":["true"],"HostConfig":{"NanoCpus":100000000${extra}}}`;

const role = {
  allow: ['system.*', 'container.*', 'exec.*', 'volume.*', 'network.*'],
  container: { images: ['alpine:*'], maxContainers: 3, allowRoot: false, requireLimits: { cpu: true, memory: false } },
  exec: { users: ['*'] },
};
const policy = { roles: { bm: role }, grants: [{ subject: OWNER, roles: ['bm'], scope: { owned: true } }] };

let g: GuardLab;
const send = (bytes: string, idleMs?: number): Promise<string> => rawSend(g.plain!, bytes, idleMs);
const create = (name: string, body: string): Promise<string> => send(postReq(`/v1.41/containers/create?name=${name}`, body));
const owned = (): string[] => engine(['ps', '-aq', '--filter', `label=${OWNER_LABEL}=${OWNER}`]).split('\n').filter(Boolean);

function cleanup(): void {
  removeContainers(P);
  const ids = owned();
  if (ids.length) engine(['rm', '-f', ...ids]);
  const nets = engine(['network', 'ls', '--format', '{{.Name}}', '--filter', `name=^${P}`]).split('\n').filter((n) => n.startsWith(P));
  if (nets.length) engine(['network', 'rm', ...nets]);
  const vols = engine(['volume', 'ls', '-q', '--filter', `name=^${P}`]).split('\n').filter((v) => v.startsWith(P));
  if (vols.length) engine(['volume', 'rm', '-f', ...vols]);
}

beforeAll(async () => {
  cleanup();
  g = await startGuardLab({ certs: [], plain: true, plainSubject: 'bm', policy });
  // Another tenant's stopped container and volume (made directly on the engine, no owner label).
  engine(['network', 'create', '--label', MARK, `${P}fnet`]);
  engine(['network', 'create', '--label', MARK, `${P}fnet2`]);
  engine(['create', '--name', `${P}foreign`, '--label', MARK, '--network', `${P}fnet`, 'alpine', 'true']);
  engine(['volume', 'create', '--label', MARK, '--label', 'pcl-guard-bm-secret=FVOLSECRET', `${P}fvol`]);
  // A container this subject owns (label) but that was made outside the guard with host settings the role denies.
  engine(['run', '-d', '--name', `${P}hostnet`, '--label', `${OWNER_LABEL}=${OWNER}`, '--network', 'host', '-v', '/etc:/hostetc:ro', 'alpine', 'sleep', '600']);
});
afterAll(async () => {
  await g?.close();
  cleanup();
});

describe('fixtures (so refusals below are not vacuous)', () => {
  it('the subject may create a plain container, and the foreign objects exist', async () => {
    expect(statusOf(await create(`${P}plain`, OK(',"NetworkMode":"none"')))).toBe(201);
    expect(inspect(`${P}foreign`, '{{.Name}}')).toBe(`/${P}foreign`);
    expect(inspect(`${P}fvol`, '{{.Name}}', 'volume')).toBe(`${P}fvol`);
    expect(inspect(`${P}hostnet`, '{{.State.Running}}')).toBe('true');
    engine(['rm', '-f', `${P}plain`]);
  });
});

describe('maxContainers holds under parallel creates (the count and the create are serialised per subject)', () => {
  it('six creates at once leave at most 3 owned containers', async () => {
    const before = owned().length;
    try {
      const rs = await Promise.all(Array.from({ length: 6 }, (_, i) => create(`${P}race${i}`, OK(',"NetworkMode":"none"'))));
      expect(owned().length).toBeLessThanOrEqual(3);
      expect(rs.filter((r) => statusOf(r) === 201).length).toBe(3 - before);
      expect(rs.filter((r) => statusOf(r) === 403).every((r) => r.includes('policy.container.max_containers'))).toBe(true);
    } finally {
      for (let i = 0; i < 6; i++) engine(['rm', '-f', `${P}race${i}`]);
    }
  });
});

describe('scoped subjects cannot reach other tenants through bulk routes, lists or body references', () => {
  const F = encodeURIComponent(JSON.stringify({ label: [MARK] }));
  it.each([['containers'], ['volumes'], ['networks']])('%s/prune (would delete every tenant\'s objects) is refused', async (kind) => {
    const r = await send(postReq(`/v1.41/${kind}/prune?filters=${F}`, ''));
    expect(statusOf(r)).toBe(403);
    expect(inspect(`${P}foreign`, '{{.Name}}')).toBe(`/${P}foreign`);
    expect(inspect(`${P}fvol`, '{{.Name}}', 'volume')).toBe(`${P}fvol`);
    expect(inspect(`${P}fnet2`, '{{.Name}}', 'network')).toBe(`${P}fnet2`);
  });
  it.each([
    ['named volume in Binds', `,"Binds":["${P}fvol:/x"]`],
    ['named volume in Mounts', `,"Mounts":[{"Type":"volume","Source":"${P}fvol","Target":"/x"}]`],
    ['volumes-from', `,"VolumesFrom":["${P}foreign:ro"]`],
    ['legacy link (injects the linked container\'s env)', `,"Links":["/${P}foreign:/x/db"]`],
    ['user-defined network by NetworkMode', `,"NetworkMode":"${P}fnet"`],
  ])('create naming another tenant\'s object: %s', async (_n, extra) => {
    const name = `${P}ref${Math.random().toString(36).slice(2, 8)}`;
    const r = await create(name, OK(extra));
    expect(statusOf(r)).toBe(403);
    expect(r).toContain('policy.scope');
    expect(containersNamed(name)).toEqual([]);
  });
  it('create naming another tenant\'s network as an endpoint', async () => {
    const name = `${P}refep`;
    const r = await create(name, `{"Image":"alpine","User":"1","Cmd":["true"],"HostConfig":{"NanoCpus":100000000},"NetworkingConfig":{"EndpointsConfig":{"${P}fnet":{}}}}`);
    expect(statusOf(r)).toBe(403);
    expect(r).toContain('policy.scope');
    expect(containersNamed(name)).toEqual([]);
  });
  it('volume create on another tenant\'s volume name (dockerd answers with that volume) is refused', async () => {
    const r = await send(postReq('/v1.41/volumes/create', `{"Name":"${P}fvol"}`));
    expect(statusOf(r)).toBe(403);
    expect(r).not.toContain('FVOLSECRET');
  });
  it.each([
    ['exact key', (n: string) => `{"Container":"${n}"}`],
    ['case-folded key', (n: string) => `{"container":"${n}"}`],
    // Go keeps the last key that folds to Container; the canonical re-encoding sorts "container" after "Container".
    ['own container under the exact key, the foreign one under a folded key', (n: string) => `{"Container":"${P}ownc","container":"${n}"}`],
  ])('network connect of another tenant\'s container: %s', async (_n, body) => {
    // Each attempt brings its own objects (an earlier attempt that got through may have removed shared ones).
    if (!inspect(`${P}cnet`, '{{.Name}}', 'network')) engine(['network', 'create', `${P}cnet`]);
    if (!inspect(`${P}fconn`, '{{.Name}}')) engine(['create', '--name', `${P}fconn`, '--network', `${P}cnet`, 'alpine', 'true']);
    if (!inspect(`${P}ownc`, '{{.Name}}')) engine(['create', '--name', `${P}ownc`, '--label', `${OWNER_LABEL}=${OWNER}`, '--network', `${P}cnet`, 'alpine', 'true']);
    if (!inspect(`${P}net`, '{{.Name}}', 'network')) expect(statusOf(await send(postReq('/v1.41/networks/create', `{"Name":"${P}net"}`)))).toBe(201);
    const r = await send(postReq(`/v1.41/networks/${P}net/connect`, body(`${P}fconn`)));
    expect(statusOf(r)).toBeGreaterThanOrEqual(400);
    expect(inspect(`${P}fconn`, '{{json .NetworkSettings.Networks}}')).not.toContain(`"${P}net"`);
  });
  it('system df and GET /networks/ (its own route) list only what is in scope', async () => {
    const df = await send(getReq('/v1.41/system/df'));
    expect(statusOf(df)).toBe(200);
    expect(df).toContain(`${P}hostnet`);
    expect(df).not.toContain(`${P}foreign`);
    expect(df).not.toContain(`${P}fvol`);
    const nets = await send(getReq('/v1.41/networks/'));
    expect(statusOf(nets)).toBe(200);
    expect(bodyOf(nets)).not.toContain(`${P}fnet`);
    expect(bodyOf(nets)).toContain(`${P}net`);
  });
});

describe('containers made elsewhere with settings the role denies cannot be entered, started or copied through', () => {
  it('exec into a host-network container with a host bind is refused', async () => {
    const r = await send(postReq(`/v1.41/containers/${P}hostnet/exec`, '{"User":"1","Cmd":["cat","/hostetc/hostname"],"AttachStdout":true}'));
    expect(statusOf(r)).toBe(403);
    expect(inspect(`${P}hostnet`, '{{json .ExecIDs}}')).toBe('null');
  });
  it('archive GET of a host file through its bind is refused', async () => {
    const r = await send(getReq(`/v1.41/containers/${P}hostnet/archive?path=/hostetc/hostname`));
    expect(statusOf(r)).toBe(403);
    expect(r).not.toContain('ustar');
  });
  it('exec into a container whose named volume is backed by a host path (o=bind, device=/etc) is refused', async () => {
    engine(['volume', 'create', '-o', 'type=none', '-o', 'o=bind', '-o', 'device=/etc', `${P}bindvol`]);
    engine(['run', '-d', '--name', `${P}volc`, '--label', `${OWNER_LABEL}=${OWNER}`, '--network', 'none', '-v', `${P}bindvol:/x:ro`, 'alpine', 'sleep', '600']);
    expect(inspect(`${P}volc`, '{{.State.Running}}')).toBe('true');
    const r = await send(postReq(`/v1.41/containers/${P}volc/exec`, '{"User":"1","Cmd":["cat","/x/hostname"]}'));
    expect(statusOf(r)).toBe(403);
    expect(r).toContain('policy.container.bind_volumes');
    expect(inspect(`${P}volc`, '{{json .ExecIDs}}')).toBe('null');
    engine(['rm', '-f', `${P}volc`]);
  });
  it('start of such a stopped container is refused', async () => {
    engine(['create', '--name', `${P}hoststopped`, '--label', `${OWNER_LABEL}=${OWNER}`, '--network', 'host', 'alpine', 'sleep', '600']);
    const r = await send(postReq(`/v1.41/containers/${P}hoststopped/start`, ''));
    expect(statusOf(r)).toBe(403);
    expect(inspect(`${P}hoststopped`, '{{.State.Running}}')).toBe('false');
    engine(['rm', '-f', `${P}hoststopped`]);
  });
});

describe('role knobs reached through other fields and routes', () => {
  it.each([['0'], ['root'], ['1", "0']])('allowRoot: false also holds for supplementary groups (GroupAdd %s)', async (grp) => {
    const name = `${P}grp${grp.length}`;
    const r = await create(name, OK(`,"NetworkMode":"none","GroupAdd":["${grp}"]`));
    expect(statusOf(r)).toBe(403);
    expect(r).toContain('policy.container.user');
    expect(containersNamed(name)).toEqual([]);
  });
  it('requireLimits.cpu: update cannot lift the CPU quota with CpuQuota -1', async () => {
    engine(['create', '--name', `${P}cpu`, '--label', `${OWNER_LABEL}=${OWNER}`, '--cpu-quota', '50000', '--network', 'none', 'alpine', 'true']);
    const r = await send(postReq(`/v1.41/containers/${P}cpu/update`, '{"CpuQuota":-1}'));
    expect(statusOf(r)).toBe(403);
    expect(inspect(`${P}cpu`, '{{.HostConfig.CpuQuota}}')).toBe('50000');
    engine(['rm', '-f', `${P}cpu`]);
  });
  it.each([
    // (macvlan/ipvlan are refused too, see network-checks.test.ts; this sandbox's engine cannot create them)
    ['bridge name option (takes over a host bridge)', `{"Name":"${P}br","Options":{"com.docker.network.bridge.name":"pclbm${process.pid % 10000}"}}`, `${P}br`],
    ['case-folded options key', `{"Name":"${P}brf","options":{"com.docker.network.bridge.name":"pclbf${process.pid % 10000}"}}`, `${P}brf`],
  ])('network create: %s', async (_n, body, name) => {
    const r = await send(postReq('/v1.41/networks/create', body));
    expect(statusOf(r)).toBeGreaterThanOrEqual(400);
    expect(inspect(name, '{{.Name}}', 'network')).toBe('');
  });
});

describe('the read-only preset does not make the engine contact a registry the caller names', () => {
  let server: Server;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => { hits++; res.end('x'); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    g.writeConfig({ roles: { ro: { preset: 'read-only' } }, grants: [{ subject: OWNER, roles: ['ro'] }] });
    expect(g.guard.reload()).toBeUndefined();
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  it.each([['distribution inspect', 'distribution/HOST/pcl/json'], ['image search', 'images/search?term=HOST/pcl']])('%s', async (_n, path) => {
    const a = server.address();
    const host = typeof a === 'object' && a ? `127.0.0.1:${a.port}` : '';
    const r = await send(getReq(`/v1.41/${path.replace('HOST', host)}`), 3000);
    expect(statusOf(r)).toBe(403);
    expect(hits).toBe(0);
  });
});
