// Unit tests of the CIS collectors over a fake engine client: one /top per running container (none for stopped
// ones), at most CONCURRENCY requests in flight, one image inspect per distinct image, failures become notes.
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../core/engine/index.js';
import { PortcullisError } from '../core/errors/index.js';
import { CONCURRENCY, collectImages, collectTop, mapBounded } from './collect-cis.js';

function fakeClient(answer: (path: string) => unknown) {
  const paths: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const client = {
    async json(path: string) {
      paths.push(path);
      inFlight++;
      peak = Math.max(peak, inFlight);
      // Yield a few turns so that concurrent calls overlap.
      for (let i = 0; i < 3; i++) await Promise.resolve();
      inFlight--;
      const a = answer(path);
      if (a instanceof Error) throw a;
      return a;
    },
  };
  return { client: client as unknown as EngineClient, paths, peak: () => peak };
}

const running = (id: string) => ({ Id: id, State: { Running: true }, Image: 'sha256:i1', Config: {} });
const stopped = (id: string) => ({ Id: id, State: { Running: false }, Image: 'sha256:i2', Config: { Healthcheck: { Test: ['CMD', 'x'] } } });

describe('CIS collectors', () => {
  it('mapBounded keeps order and never exceeds the limit', async () => {
    let now = 0;
    let peak = 0;
    const out = await mapBounded([1, 2, 3, 4, 5, 6, 7, 8, 9], 3, async (x) => {
      now++; peak = Math.max(peak, now);
      await Promise.resolve(); await Promise.resolve();
      now--;
      return x * 2;
    });
    expect(out).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(peak).toBe(3);
  });

  it('reads /top once per running container, bounded, and skips stopped ones', async () => {
    const containers = [...Array.from({ length: 10 }, (_, i) => running(`r${i}`)), stopped('s1'), stopped('s2')];
    const f = fakeClient(() => ({ Titles: ['PID', 'CMD'], Processes: [['1', 'sleep 1']] }));
    const notes: string[] = [];
    const top = await collectTop(f.client, containers, notes);
    expect(f.paths.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `/containers/r${i}/top`).sort());
    expect(f.peak()).toBeLessThanOrEqual(CONCURRENCY);
    expect(f.peak()).toBeGreaterThan(1);
    expect(top.r3).toEqual({ titles: ['PID', 'CMD'], processes: [['1', 'sleep 1']] });
    expect(top.s1).toBeUndefined();
    expect(notes).toEqual([]);
  });

  it('a container gone or stopped before /top is skipped; another failure is recorded and noted', async () => {
    const f = fakeClient((p) => p.includes('gone') ? new PortcullisError('PCL_ERR_DOCKER_RESPONSE', 'GET answered 404', { details: { status: 404 } })
      : p.includes('stopping') ? new PortcullisError('PCL_ERR_DOCKER_RESPONSE', 'GET answered 409: Container abc is not running', { details: { status: 409 } })
        : new Error('socket hang up'));
    const notes: string[] = [];
    const top = await collectTop(f.client, [running('gone'), running('stopping'), running('broken00000000')], notes);
    expect(Object.keys(top)).toEqual(['broken00000000']);
    expect(top.broken00000000).toEqual({ error: 'socket hang up' });
    expect(notes).toEqual(['processes of 1 running container(s) could not be listed (sshd, PCL-CFG-042, not checked): broken000000']);
  });

  it('inspects each image once, only for containers without their own healthcheck', async () => {
    const f = fakeClient((p) => ({ Id: p, Config: {} }));
    const notes: string[] = [];
    const images = await collectImages(f.client, [running('a'), running('b'), stopped('c')], notes);
    expect(f.paths).toEqual(['/images/sha256%3Ai1/json']);
    expect(Object.keys(images)).toEqual(['sha256:i1']);
    expect(notes).toEqual([]);
  });
});
