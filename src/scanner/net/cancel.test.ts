// The scan's deadline wheel and cancellation: deadlines fire once and never before they are due, cancelled
// ones never fire, abort fires everything pending, and nothing keeps the process alive once all are settled.
import { describe, expect, it } from 'vitest';
import { Cancel } from './cancel.js';

const internals = (c: Cancel) => c as unknown as { timer?: unknown; immediate?: unknown; live: number };

describe('Cancel deadline wheel', () => {
  it('fires each deadline once, not before it is due, in deadline order', async () => {
    const c = new Cancel();
    const t0 = Date.now();
    const fired: [string, number][] = [];
    await new Promise<void>((resolve) => {
      c.at(t0 + 60, () => fired.push(['b', Date.now()]));
      c.at(t0 + 20, () => fired.push(['a', Date.now()]));
      c.at(t0 + 100, () => { fired.push(['c', Date.now()]); resolve(); });
    });
    expect(fired.map((f) => f[0])).toEqual(['a', 'b', 'c']);
    expect(fired[0]![1]).toBeGreaterThanOrEqual(t0 + 20);
    expect(fired[2]![1]).toBeGreaterThanOrEqual(t0 + 100);
    expect(internals(c)).toMatchObject({ live: 0, timer: undefined, immediate: undefined });
  });

  it('a cancelled deadline never fires, and cancelling the last one stops the timer', async () => {
    const c = new Cancel();
    let fired = false;
    const stop = c.at(Date.now() + 20, () => { fired = true; });
    expect(internals(c).timer).toBeDefined();
    stop();
    expect(internals(c)).toMatchObject({ live: 0, timer: undefined });
    await new Promise((r) => setTimeout(r, 60));
    expect(fired).toBe(false);
  });

  it('a deadline added while others run, already due, still fires', async () => {
    const c = new Cancel();
    const late = await new Promise<boolean>((resolve) => {
      c.at(Date.now() + 10, () => { c.at(Date.now() - 5, () => resolve(true)); });
    });
    expect(late).toBe(true);
  });

  it('abort fires every pending deadline and every listener at once; later ones fire immediately', async () => {
    const c = new Cancel();
    const seen: string[] = [];
    c.at(Date.now() + 60_000, () => seen.push('deadline'));
    c.on(() => seen.push('listener'));
    c.abort();
    expect(seen.sort()).toEqual(['deadline', 'listener']);
    expect(internals(c)).toMatchObject({ live: 0, timer: undefined });
    await new Promise<void>((resolve) => c.at(Date.now() + 60_000, resolve));
  });
});
