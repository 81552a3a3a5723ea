// The live progress line on stderr (TTY only): endpoints done of total, exposed found, rate and ETA.
import type { Writable } from 'node:stream';

export interface Progress {
  tick(found: boolean): void;
  stop(): void;
}

/** A progress line redrawn at most 5 times a second; a no-op when `out` is not a terminal. */
export function startProgress(out: Writable & { isTTY?: boolean; columns?: number }, total: number | undefined, now: () => number = Date.now): Progress {
  if (!out.isTTY) return { tick: () => {}, stop: () => {} };
  const started = now();
  let done = 0;
  let found = 0;
  const draw = () => {
    const secs = Math.max(0.001, (now() - started) / 1000);
    const rate = done / secs;
    const width = 24;
    const frac = total ? Math.min(1, done / total) : 0;
    const bar = total ? `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '-')}] ` : '';
    const eta = total && rate > 0 ? ` ETA ${Math.max(0, Math.round((total - done) / rate))}s` : '';
    const line = `${bar}${done}${total ? `/${total}` : ''} endpoints  exposed ${found}  ${rate.toFixed(0)}/s${eta}`;
    out.write(`\r${line.slice(0, (out.columns ?? 100) - 1)}\x1b[K`);
  };
  const timer = setInterval(draw, 200);
  timer.unref();
  return {
    tick(f) { done++; if (f) found++; },
    stop() { clearInterval(timer); draw(); out.write('\n'); },
  };
}
