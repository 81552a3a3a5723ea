// One cancellation point and one deadline wheel for thousands of in-flight probe steps. AbortSignal listeners
// are removed by a linear scan and each setTimeout with its own duration makes its own timer list; a Set of
// callbacks and 10 ms buckets make adding and cancelling O(1), and abort fires every pending deadline at once.

/** Deadline resolution in milliseconds: a step may end up to this much after its deadline. */
const RES = 10;

interface Entry { fn: (() => void) | undefined }

export class Cancel {
  aborted = false;
  private readonly fns = new Set<() => void>();
  private readonly buckets = new Map<number, Entry[]>();
  /** Smallest bucket not yet run. */
  private cursor = 0;
  /** Entries still armed (cancelled ones are dropped lazily when their bucket runs). */
  private live = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private running = false;

  /** A Cancel that fires when `signal` aborts (one listener on the signal for the whole scan). */
  static from(signal?: AbortSignal): Cancel {
    const c = new Cancel();
    if (signal?.aborted) c.aborted = true;
    else signal?.addEventListener('abort', () => c.abort(), { once: true });
    return c;
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const f of [...this.fns]) f();
    this.fns.clear();
    const pending = [...this.buckets.values()];
    this.reset();
    for (const b of pending) for (const e of b) fire(e);
  }

  /** Call `fn` on abort; returns the function that unregisters it. */
  on(fn: () => void): () => void {
    if (this.aborted) { queueMicrotask(fn); return () => {}; }
    this.fns.add(fn);
    return () => { this.fns.delete(fn); };
  }

  /**
   * Call `fn` once at `deadline` (epoch ms), or at once when the scan is aborted. Like the timer it replaces,
   * it runs in a setImmediate after the event loop's poll phase, so on a starved loop an answer (a RST, the
   * bytes) that is already waiting wins over the deadline. Returns the canceller.
   */
  at(deadline: number, fn: () => void): () => void {
    const e: Entry = { fn };
    if (this.aborted) { queueMicrotask(() => fire(e)); return () => { e.fn = undefined; }; }
    const now = Math.floor(Date.now() / RES);
    if (this.live === 0) this.cursor = now;
    // While a bucket runs, a new deadline that is already due goes to the next one (never behind the cursor).
    const key = Math.max(Math.ceil(deadline / RES), this.running ? this.cursor + 1 : this.cursor);
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = []));
    b.push(e);
    this.live++;
    if (!this.timer && !this.immediate) this.timer = setTimeout(this.tick, RES);
    return () => {
      if (e.fn === undefined) return;
      e.fn = undefined;
      if (--this.live === 0) this.reset();
    };
  }

  private reset(): void {
    this.buckets.clear();
    this.live = 0;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    this.immediate = setImmediate(this.run);
  };

  private readonly run = (): void => {
    this.immediate = undefined;
    const now = Math.floor(Date.now() / RES);
    this.running = true;
    try {
      for (; this.cursor <= now && this.live > 0; this.cursor++) {
        const b = this.buckets.get(this.cursor);
        if (!b) continue;
        this.buckets.delete(this.cursor);
        for (const e of b) if (e.fn) { this.live--; fire(e); }
      }
    } finally { this.running = false; }
    if (this.live === 0) this.reset();
    else if (!this.timer && !this.immediate) this.timer = setTimeout(this.tick, RES);
  };
}

function fire(e: Entry): void {
  const f = e.fn;
  if (!f) return;
  e.fn = undefined;
  f();
}

/** The Cancel used by steps called without one (never aborted). */
export const NEVER = new Cancel();
