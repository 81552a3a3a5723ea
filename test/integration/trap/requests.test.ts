// Differential test of odd request values: the same query parameters, bodies, content types and API versions
// to the real lab dockerd (20.10) and to the trap, compared on status, content type and dockerd's exact words
// (ids masked). Every request names this run's own containers or nothing, and fails before changing anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labFromEnv } from '../../lab/index.js';
import { outcomeOf, send, type Endpoint, type Req } from './differential.js';
import { startTestTrap, type TestTrap } from './helpers.js';

const lab: Endpoint = { path: labFromEnv().socketPath };
let t: TestTrap;
let trap: Endpoint;
const P = `pcl-trapreq-${process.pid}`;
const CRE = `${P}-cre`;
const RUN = `${P}-run`;
const NONE = `${P}-none`;
const J = { 'Content-Type': 'application/json' };
/** Each side's exec id, so `/exec/EXEC/...` names a real exec on both. */
const execs = new Map<Endpoint, string>();

function onSide(ep: Endpoint, r: Req): Req {
  return { ...r, path: r.path.replace('EXEC', execs.get(ep) ?? 'EXEC') };
}

async function compare(...reqs: Req[]): Promise<void> {
  for (const r of reqs) {
    const [a, b] = await Promise.all([send(lab, onSide(lab, r)), send(trap, onSide(trap, r))]);
    expect(outcomeOf(b, { elementKeys: true }), `${r.method} ${r.path} ${typeof r.body === 'string' ? r.body : JSON.stringify(r.body) ?? ''} ${JSON.stringify(r.headers ?? {})}`).toEqual(outcomeOf(a, { elementKeys: true }));
  }
}

const get = (path: string): Req => ({ method: 'GET', path });
const post = (path: string, body?: unknown, headers?: Record<string, string>): Req => ({ method: 'POST', path, body, headers });
/** A raw body labelled as JSON (the harness sends strings as they are). */
const raw = (method: string, path: string, body: string, headers: Record<string, string> = J): Req => ({ method, path, body, headers });

async function both(r: Req): Promise<void> {
  const [a, b] = await Promise.all([send(lab, r), send(trap, r)]);
  if (a.status >= 300 || b.status >= 300) throw new Error(`setup ${r.path}: lab ${a.status} ${a.body.toString()} trap ${b.status} ${b.body.toString()}`);
}

beforeAll(async () => {
  t = await startTestTrap({ engine: { version: '20.10.24' }, decoys: { images: [{ ref: 'busybox:latest' }], containers: [] } });
  trap = { port: t.port };
  const host = { NetworkMode: 'none' };
  await both(post(`/v1.41/containers/create?name=${CRE}`, { Image: 'busybox', Cmd: ['true'], HostConfig: host }));
  await both(post(`/v1.41/containers/create?name=${RUN}`, { Image: 'busybox', Cmd: ['sleep', '1000'], HostConfig: host }));
  await both(post(`/v1.41/containers/${RUN}/start`));
  for (const ep of [lab, trap]) {
    const r = await send(ep, post(`/v1.41/containers/${RUN}/exec`, { Cmd: ['true'], AttachStdout: true }));
    execs.set(ep, (JSON.parse(r.body.toString()) as { Id: string }).Id);
  }
});

afterAll(async () => {
  for (const ep of [lab, trap]) for (const n of [CRE, RUN, NONE]) await send(ep, { method: 'DELETE', path: `/v1.41/containers/${n}?force=1&v=1` });
  expect(t.warnings).toEqual([]);
  await t.close();
});

describe('trap vs real dockerd 20.10: odd request values', () => {
  it('integer query values are read with strconv.Atoi/ParseInt and refused in Go\'s words, before or after the lookup as dockerd does', async () => {
    await compare(
      get(`/v1.41/containers/json?all=1&limit=x&filters=${encodeURIComponent(JSON.stringify({ name: [NONE] }))}`),
      get('/v1.41/containers/json?limit=1.5'), get('/v1.41/images/search?term=x&limit=x'), get('/v1.41/images/search?term=x&filters=zz'),
      post(`/v1.41/containers/${CRE}/stop?t=x`), post(`/v1.41/containers/${CRE}/stop?t=99999999999999999999`), post(`/v1.41/containers/${NONE}/restart?t=1.5`),
      post(`/v1.41/containers/${CRE}/resize?h=x&w=1`), post(`/v1.41/containers/${CRE}/resize?h=1`), post(`/v1.41/containers/${CRE}/resize?h=10&w=10`),
      post(`/v1.41/containers/${NONE}/resize?h=10&w=10`), post('/v1.41/exec/EXEC/resize?h=x&w=1'), post('/v1.41/exec/EXEC/resize?h=1&w='),
      get(`/v1.41/containers/${CRE}/logs?stdout=1&since=x`), get(`/v1.41/containers/${CRE}/logs?stdout=1&until=1.x`),
      get(`/v1.41/containers/${NONE}/logs?stdout=0&stderr=no`), get(`/v1.41/containers/${NONE}/logs`),
      get('/v1.41/events?since=zz'), get('/v1.41/events?since=1h&until=1'), get('/v1.41/events?since=1&until=-5'), get('/v1.41/events?since=1&until=0'),
      post('/v1.41/plugins/nope/enable'), get('/v1.41/plugins/nope/json'), { method: 'DELETE', path: '/v1.41/plugins/nope' },
    );
  });

  it('kill parses the signal first (400), then finds the container (404), then checks the number (500)', async () => {
    for (const s of ['BAD', '0', 'SIGRTMIN+3', '99999999999999999999', '999', '-1', '32', '33', '65', 'sigrtmax-3', 'RTMIN%2B15', 'RTMIN%2B16', 'hup', '9']) {
      await compare(post(`/v1.41/containers/${CRE}/kill?signal=${s}`));
    }
    for (const s of ['BAD', '0', '999']) await compare(post(`/v1.41/containers/${NONE}/kill?signal=${s}`));
  });

  it('rename, unpause, wait, delete?link, start with a body and stats/list flags answer in dockerd\'s words and order', async () => {
    await compare(
      post(`/v1.41/containers/${NONE}/rename?name=`), post(`/v1.41/containers/${CRE}/rename?name=bad%20name`), post(`/v1.41/containers/${CRE}/rename?name=/x`),
      post(`/v1.41/containers/${CRE}/rename?name=a`), post(`/v1.41/containers/${CRE}/rename?name=x/y`), post(`/v1.41/containers/${CRE}/rename?name=${RUN}`),
      post(`/v1.41/containers/${CRE}/unpause`), { method: 'DELETE', path: `/v1.41/containers/${CRE}?link=1` },
      post(`/v1.41/containers/${CRE}/wait?condition=bogus`), get(`/v1.41/containers/${CRE}/stats?stream=no`),
      raw('POST', `/v1.41/containers/${CRE}/start`, '{"HostConfig":{}}'),
      get(`/v1.41/containers/json?all=1&size=1&filters=${encodeURIComponent(JSON.stringify({ name: [CRE] }))}`),
      get(`/v1.41/containers/${CRE}/json?size=1`),
    );
  });

  it('container create: platform, names and unreadable bodies (500 in 20.10, Go\'s qualified types)', async () => {
    const body = { Image: 'busybox', Cmd: ['true'], HostConfig: { NetworkMode: 'none' } };
    await compare(
      post(`/v1.41/containers/create?name=${NONE}&platform=bogus`, body), post(`/v1.41/containers/create?name=${NONE}&platform=linux/zz`, body),
      post(`/v1.41/containers/create?name=${NONE}&platform=windows`, body), post(`/v1.41/containers/create?name=${NONE}&platform=linux/amd64/v9/x`, body),
      post(`/v1.41/containers/create?name=${NONE}&platform=a*`, body), post('/v1.41/containers/create?name=bad%20name', body),
    );
    for (const b of ['[]', '"x"', '5', '{', '', '{"Image":5}', '{"Image":"busybox","Cmd":5}', '{"Image":"busybox","HostConfig":5}', '{"Image":"busybox","Labels":[]}']) {
      await compare(raw('POST', `/v1.41/containers/create?name=${NONE}`, b));
    }
  });

  it('container create: settings are checked before the image, create-time parsing after it, in dockerd\'s order', async () => {
    const create = (hc: Record<string, unknown>, config: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
      post(`/v1.41/containers/create?name=${NONE}`, { Image: 'busybox', Cmd: ['true'], ...config, HostConfig: { NetworkMode: 'none', ...hc }, ...extra });
    for (const hc of [{ Memory: -1 }, { Memory: 1 }, { Binds: ['x'] }, { Binds: ['/a:/b:zz'] }, { Binds: [':/x'] }, { Binds: ['/a:relative'] }, { Binds: ['/a:/b:c:d'] },
      { Mounts: [{ Type: 'zz', Target: '/x' }] }, { Mounts: [{ Type: 'volume', Target: 'rel' }] }, { PortBindings: { zz: [{ HostPort: '1' }] } },
      { PortBindings: { '80/tcp': [{ HostPort: 'x' }] } }, { CapAdd: ['BOGUS'] }, { CapAdd: ['ALL', 'net_admin'], CapDrop: ['zz'] }, { CgroupnsMode: 'zz' },
      { ShmSize: -1 }, { OomScoreAdj: 5000 }, { Runtime: 'zz' }, { VolumesFrom: [NONE] }, { Links: [`${NONE}:x`] }, { ExtraHosts: ['zz'] },
      { NanoCpus: 1, CpuQuota: 1000 }, { CpusetCpus: 'zz' }, { KernelMemory: 1 }, { MemorySwappiness: 200 }, { SecurityOpt: ['zz'] }, { SecurityOpt: ['foo=bar'] },
      { Isolation: 'zz' }, { RestartPolicy: { Name: 'bogus' } }, { SecurityOpt: ['zz'], Binds: ['x'] }]) await compare(create(hc));
    for (const config of [{ Healthcheck: { Interval: 1 } }, { Healthcheck: { Retries: -1 } }, { StopSignal: 'BOGUS' }, { WorkingDir: 'relative' }, { Env: ['=x'] }]) {
      await compare(create({}, config));
    }
    await compare(create({}, {}, { NetworkingConfig: { EndpointsConfig: { none: { IPAMConfig: { IPv4Address: 'zz' } } } } }),
      post('/v1.41/containers/create?name=bad%20name', { Image: `${NONE}-image` }), post('/v1.41/containers/create?name=bad%20name', { Image: 'busybox', WorkingDir: 'rel' }),
      post(`/v1.40/containers/create?name=${NONE}&platform=bogus`, { Image: `${NONE}-image` }));
  });

  it('network inspect, save, removed and swarm routes, build prune read their parameters first', async () => {
    await compare(get('/v1.41/networks/none?verbose=zz'), get('/v1.41/networks/none?scope=zz'), get('/v1.41/networks/none?scope=swarm'),
      get('/v1.41/images/get?names='), get('/v1.41/images/get?names=BAD%20REF'), post(`/v1.41/containers/${CRE}/copy`, { Resource: '/etc' }), post('/v1.41/session'),
      get('/v1.41/services?filters=zz'), get('/v1.41/nodes?filters=zz'), get('/v1.41/tasks?filters=zz'), get('/v1.41/secrets?filters=zz'), get('/v1.41/configs?filters=zz'),
      post('/v1.41/build/prune?keep-storage=x'), post('/v1.41/build/prune?keep-storage=1&filters=zz'));
  });

  it('exec create, start and resize read their bodies as 20.10 does (400s, types.ExecConfig / types.ExecStartCheck)', async () => {
    for (const b of ['[]', '"x"', '{', '', '{"Cmd":5}', '{"Cmd":[]}']) await compare(raw('POST', `/v1.41/containers/${RUN}/exec`, b));
    for (const b of ['x', '5', '[]', '{', '', '{"Detach":"x"}', '{"Tty":5}']) {
      await compare(raw('POST', '/v1.41/exec/EXEC/start', b), raw('POST', `/v1.41/exec/${NONE}/start`, b));
    }
    await compare(raw('POST', '/v1.41/exec/EXEC/start', '{"Detach":true}', { 'Content-Type': 'text/plain' }), raw('POST', '/v1.41/exec/EXEC/start', '{"Detach":true}', {}));
  });

  it('CheckForJSON on every JSON route: parameters and case are fine, other types and unlabelled bodies are refused', async () => {
    const routes = [`/v1.41/containers/create?name=${NONE}`, `/v1.41/containers/${RUN}/exec`, '/v1.41/volumes/create', '/v1.41/networks/create',
      `/v1.41/networks/${NONE}/connect`, `/v1.41/containers/${CRE}/update`, `/v1.41/commit?container=${CRE}&changes=BOGUS`];
    for (const path of routes) {
      for (const ct of ['text/plain', 'application/jsonx', 'application/json-seq', '']) await compare(raw('POST', path, '{"Image":"nope-x","Name":"bad name"}', ct ? { 'Content-Type': ct } : {}));
      for (const ct of ['application/json; charset=utf-8', 'APPLICATION/JSON']) await compare(raw('POST', path, '[]', { 'Content-Type': ct }));
    }
  });

  it('volumes and networks: names, bodies, predefined networks, force', async () => {
    for (const b of [{ Name: 'bad name' }, { Name: 'a' }, { Name: '/x' }, { Name: 5 }, { Labels: [] }, { Name: NONE, DriverOpts: 5 }, { Name: NONE, DriverOpts: { a: 5 } },
      { Name: NONE, DriverOpts: { a: 'b' } }, { Name: NONE, DriverOpts: { device: '/x' } }]) await compare(post('/v1.41/volumes/create', b));
    for (const b of ['[]', '"x"', '{']) await compare(raw('POST', '/v1.41/volumes/create', b));
    await compare({ method: 'DELETE', path: `/v1.41/volumes/${NONE}?force=1` }, { method: 'DELETE', path: `/v1.41/volumes/${NONE}` });
    for (const b of ['{}', 'null', '{"Name":""}', '{"Name":"host"}', '{"Name":"none"}', '{"Name":5}', '[]', '{', '', `{"Name":"${NONE}","IPAM":5}`, `{"Name":"${NONE}","Labels":[]}`]) {
      await compare(raw('POST', '/v1.41/networks/create', b));
    }
    for (const verb of ['connect', 'disconnect']) {
      for (const b of ['{}', 'null', '{"Container":""}', `{"Container":"${NONE}"}`, '"x"', '{"Container":5}', '{', '']) {
        await compare(raw('POST', `/v1.41/networks/${NONE}/${verb}`, b), raw('POST', `/v1.41/networks/none/${verb}`, b));
      }
      await compare(post(`/v1.41/networks/host/${verb}`, { Container: CRE }));
    }
    await compare({ method: 'DELETE', path: '/v1.41/networks/none' }, { method: 'DELETE', path: '/v1.41/networks/host' }, { method: 'DELETE', path: `/v1.41/networks/${NONE}` });
  });

  it('update, commit and build refuse before changing anything, with 20.10\'s statuses', async () => {
    for (const b of ['[]', '{', '', '{"Memory":"x"}', '{"Memory":1}', '{"RestartPolicy":{"Name":"bogus"}}']) {
      await compare(raw('POST', `/v1.41/containers/${CRE}/update`, b), raw('POST', `/v1.41/containers/${NONE}/update`, b));
    }
    for (const q of ['container=', `container=${NONE}`, `container=${CRE}&changes=BOGUS%20x`, `container=${CRE}&changes=RUN%20id`, `container=${CRE}&changes=ENV`,
      `container=${CRE}&changes=USER`, `container=${CRE}&changes=EXPOSE&changes=LABEL`, `container=${CRE}&changes=CMD%20x&changes=VOLUME`]) await compare(post(`/v1.41/commit?${q}`));
    for (const b of ['[]', '{', 'null', '{}']) await compare(raw('POST', `/v1.41/commit?container=${CRE}&changes=BOGUS`, b));
    for (const q of ['t=BAD%20REF', 't=x:BAD%20TAG', `t=x@sha256:${'0'.repeat(64)}`]) await compare(raw('POST', `/v1.41/build?${q}`, '', { 'Content-Type': 'application/x-tar' }));
  });

  it('image references: tag, inspect, history, delete and pull refuse bad names and tags like dockerd', async () => {
    for (const q of ['repo=BAD%20REPO', 'repo=x&tag=BAD%20TAG', 'repo=', 'tag=x', 'repo=x@sha256:abc', 'repo=x&tag=sha256:abc', 'repo=UPPER']) {
      await compare(post(`/v1.41/images/busybox:latest/tag?${q}`));
    }
    for (const n of ['BAD%20REF', 'busybox@sha256:zz', 'UPPER', `${NONE}:v1`]) {
      await compare(get(`/v1.41/images/${n}/json`), get(`/v1.41/images/${n}/history`), post(`/v1.41/images/${n}/tag?repo=x`), { method: 'DELETE', path: `/v1.41/images/${n}` });
    }
    for (const q of ['fromImage=busybox&tag=BAD%20TAG', 'fromImage=busybox&tag=sha256:abc', 'fromImage=busybox&platform=bogus', 'fromImage=busybox&platform=a/b/c/d',
      'fromImage=BAD%20REF', 'fromSrc=-&repo=BAD%20REF', `fromSrc=-&repo=x@sha256:${'0'.repeat(64)}`]) await compare(post(`/v1.41/images/create?${q}`));
  });

  it('swarm init/join and login: unreadable bodies and missing addresses (never a body the lab would act on)', async () => {
    for (const b of ['[]', '"x"', '{', '', '{}', 'null', '{"ListenAddr":""}']) await compare(raw('POST', '/v1.41/swarm/init', b), raw('POST', '/v1.41/swarm/join', b));
    for (const b of ['{"ListenAddr":"0.0.0.0:2377"}', '{"ListenAddr":"0.0.0.0:2377","RemoteAddrs":[""]}']) await compare(raw('POST', '/v1.41/swarm/join', b));
    for (const b of ['[]', '"x"', '5', '{', '']) await compare(raw('POST', '/v1.41/auth', b));
  });

  it('attach refusals are written raw on the connection (detach keys first), exec create checks DetachKeys', async () => {
    for (const q of [`${NONE}/attach?stream=1&stdout=1`, `${NONE}/attach?stream=1&stdout=1&detachKeys=bad`, `${NONE}/attach?stream=1&detachKeys=ctrl-A`,
      `${CRE}/attach?stream=1&stdout=1&detachKeys=ctrl-1`]) {
      const r = post(`/v1.41/containers/${q}`);
      const [a, b] = await Promise.all([send(lab, r), send(trap, r)]);
      expect(b.raw.toString('latin1'), q).toBe(a.raw.toString('latin1'));
    }
    for (const k of ['bad', 'ctrl-', 'ctrl-A', 'a,,b']) await compare(post(`/v1.41/containers/${RUN}/exec`, { Cmd: ['true'], DetachKeys: k }));
  });

  it('image push: credentials from the header or the body, names, then the stream naming the repository', async () => {
    const auth = { 'X-Registry-Auth': 'e30=' };
    await compare(post(`/v1.41/images/${NONE}/push`), raw('POST', `/v1.41/images/${NONE}/push`, '[]'), post('/v1.41/images/BAD%20REF/push', undefined, auth),
      post(`/v1.41/images/${NONE}/push?tag=BAD%20TAG`, undefined, auth));
    for (const n of [NONE, `${NONE}:v1`, `registry.example.invalid:5000/x/${NONE}`]) {
      const r = post(`/v1.41/images/${n}/push`, undefined, auth);
      const [a, b] = await Promise.all([send(lab, r), send(trap, r)]);
      expect(outcomeOf(b, { elementKeys: true }), n).toEqual(outcomeOf(a, { elementKeys: true }));
      expect(b.body.toString(), n).toBe(a.body.toString());
    }
  });

  it('archive upload refuses a missing destination (404) and a file (500)', async () => {
    for (const p of ['/nope', '/etc/passwd', '/bin/sh']) await compare(raw('PUT', `/v1.41/containers/${CRE}/archive?path=${p}`, '', { 'Content-Type': 'application/x-tar' }));
  });

  it('API versions below 1.24 get plain-text errors; the version middleware\'s refusals carry no Docker-Experimental', async () => {
    await compare(get(`/v1.23/containers/${NONE}/json`), get(`/v1.12/containers/${NONE}/json`), get('/v0.1/version'), get('/v1.11/_ping'), get('/v1.99/version'));
    const [a, b] = await Promise.all([send(lab, get('/v1.99/version')), send(trap, get('/v1.99/version'))]);
    expect(Object.keys(b.headers).sort()).toEqual(Object.keys(a.headers).sort());
    const [c, d] = await Promise.all([send(lab, get(`/v1.23/containers/${NONE}/json`)), send(trap, get(`/v1.23/containers/${NONE}/json`))]);
    expect(Object.keys(d.headers).sort()).toEqual(Object.keys(c.headers).sort());
  });

  it('version prefixes are read number by number, as dockerd does: 1.41.0 and 01.41 are 1.41, "1." is too old', async () => {
    await compare(get('/v1.41.0/version'), get('/v01.41/version'), get('/v1.041/_ping'), get('/v1.40.9/version'), get('/v1.41.1/version'),
      get('/v1./version'), get('/v./version'), get('/v1.x/version'), get('/vx/version'), get(`/v1.41.0/containers/${NONE}/json`));
  });
});
