// CPU statistics sampled by the watcher against the lab engine: a container that keeps the CPU busy over the
// sampling window raises PCL-MIN-010 (medium alone, high next to another miner signal); an idle one never
// does. The threshold is set low so that a loaded test machine still gives the busy loop enough CPU.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient, resolveDockerHost } from '../../../src/core/engine/index.js';
import { CaptureSink, EventLog, type PortcullisEvent } from '../../../src/core/events/index.js';
import { createCoreAnalyzer } from '../../../src/watcher/core-analyzer.js';
import { DEFAULT_POLICY } from '../../../src/watcher/response-policy.js';
import { Watcher } from '../../../src/watcher/watcher.js';
import { docker, labFromEnv } from '../../lab/index.js';

const lab = labFromEnv();
const PREFIX = `pcl-watchcpu-${process.pid}-`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BUSY = ['sh', '-c', 'while :; do :; done'];

function cleanup(): void {
  const ids = docker(lab, ['ps', '-aq', '--filter', `name=${PREFIX}`]).split('\n').filter(Boolean);
  if (ids.length > 0) docker(lab, ['rm', '-f', ...ids]);
}

const cpuAlerts = (sink: CaptureSink, name: string): PortcullisEvent[] =>
  sink.eventsOf('watch.alert.raised').filter((e) => (e.container as { name: string }).name === name && e.rule === 'PCL-MIN-010');

async function until<T>(fn: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  for (let waited = 0; waited < ms; waited += 100) {
    const v = fn();
    if (v !== undefined) return v;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('watch: sustained CPU from the engine\'s statistics', () => {
  const sink = new CaptureSink();
  let watcher: Watcher;

  beforeAll(async () => {
    cleanup();
    watcher = new Watcher({
      client: new EngineClient(resolveDockerHost(lab.dockerHost)), analyzer: createCoreAnalyzer(), events: new EventLog({ sinks: [sink] }),
      dryRun: false, policy: { ...DEFAULT_POLICY, minSeverity: 'low' }, sampleIntervalMs: 700, localEngine: true, cpu: { cores: 0.2, samples: 3 },
    });
    await watcher.start();
  });
  afterAll(() => {
    watcher?.stop();
    cleanup();
  });

  it('raises PCL-MIN-010 for a busy container with an innocent name and nothing else, medium, once', async () => {
    const name = `${PREFIX}busy`;
    docker(lab, ['run', '-d', '--name', name, '--network', 'none', 'busybox', ...BUSY]);
    const [a] = await until(() => { const x = cpuAlerts(sink, name); return x.length ? x : undefined; }, 'CPU alert');
    expect(a).toMatchObject({ severity: 'medium', trigger: 'sample', attack: ['T1496'] });
    expect(a!.evidence).toEqual([{ kind: 'process', location: 'stats', value: 'sustained CPU >= 0.20 cores' }]);
    expect(String(a!.message)).toMatch(/kept \d+\.\d\d cores busy for \d+ s \(never below \d+\.\d\d over 3 samples\)/);
    // Later samples keep seeing it; the alert is not repeated.
    await sleep(2500);
    expect(cpuAlerts(sink, name)).toHaveLength(1);
    docker(lab, ['rm', '-f', name]); // two busy loops would hold both cores of the test machine
  });

  it('raises it high next to another miner signal (a stratum pool in the environment)', async () => {
    const name = `${PREFIX}pool`;
    docker(lab, ['run', '-d', '--name', name, '--network', 'none', '-e', 'POOL=stratum+tcp://pool.example.invalid:3333', 'busybox', ...BUSY]);
    const [a] = await until(() => { const x = cpuAlerts(sink, name); return x.length ? x : undefined; }, 'CPU alert with pool');
    expect(a).toMatchObject({ severity: 'high' });
    expect(String(a!.message)).toMatch(/next to other miner evidence/);
    docker(lab, ['rm', '-f', name]);
  });

  it('stays quiet for an idle container sampled over the same time', async () => {
    const idle = `${PREFIX}idle`;
    const busy = `${PREFIX}busy2`;
    docker(lab, ['run', '-d', '--name', idle, '--network', 'none', 'busybox', 'sleep', '300']);
    docker(lab, ['run', '-d', '--name', busy, '--network', 'none', 'busybox', ...BUSY]);
    // Once the busy one started after it has a full window, the idle one has had one too.
    await until(() => (cpuAlerts(sink, busy).length ? true : undefined), 'CPU alert for the busy twin');
    docker(lab, ['rm', '-f', busy]);
    await sleep(1500);
    expect(cpuAlerts(sink, idle)).toEqual([]);
    expect(watcher.isTracked(idle)).toBe(true);
  });
});
