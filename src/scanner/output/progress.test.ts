// The progress line: drawn only on a terminal, with done/total, exposed count, rate and ETA.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startProgress } from './progress.js';

function sink(isTTY: boolean) {
  let text = '';
  const w = new Writable({ write(c, _e, cb) { text += String(c); cb(); } }) as Writable & { isTTY?: boolean; columns?: number };
  w.isTTY = isTTY;
  w.columns = 200;
  return { w, text: () => text };
}

describe('startProgress', () => {
  it('draws done/total, exposed, rate and ETA on a TTY', () => {
    const out = sink(true);
    let now = 0;
    const p = startProgress(out.w, 4, () => now);
    p.tick(true); p.tick(false);
    now = 1000;
    p.stop();
    expect(out.text()).toMatch(/\[#{12}-{12}\] 2\/4 endpoints {2}exposed 1 {2}2\/s ETA 1s/);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const out = sink(false);
    const p = startProgress(out.w, 4);
    p.tick(true); p.stop();
    expect(out.text()).toBe('');
  });
});
