// One cancellation point for thousands of in-flight probe steps. AbortSignal listeners are removed by a linear
// scan, which turns O(n²) at scan concurrency; a Set of callbacks is O(1) to add and remove.
export class Cancel {
  aborted = false;
  private readonly fns = new Set<() => void>();

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
  }

  /** Call `fn` on abort; returns the function that unregisters it. */
  on(fn: () => void): () => void {
    if (this.aborted) { queueMicrotask(fn); return () => {}; }
    this.fns.add(fn);
    return () => { this.fns.delete(fn); };
  }
}
