// Carries out a response on the engine (pause, stop, kill) and reports whether it took effect.
// In --dry-run it only says what it would have done.
import type { EngineClient } from '../core/engine/index.js';
import type { ResponseAction } from './response-policy.js';

export interface ResponseOutcome {
  readonly action: ResponseAction;
  readonly done: boolean;
  readonly dryRun: boolean;
  /** Engine status code, or the error text. */
  readonly detail: string;
}

const PATHS: Record<Exclude<ResponseAction, 'alert'>, (id: string) => string> = {
  pause: (id) => `/containers/${encodeURIComponent(id)}/pause`,
  // t=0: a miner gets no grace period to finish its work.
  stop: (id) => `/containers/${encodeURIComponent(id)}/stop?t=0`,
  kill: (id) => `/containers/${encodeURIComponent(id)}/kill`,
};

export async function respond(client: EngineClient, containerId: string, action: ResponseAction, dryRun: boolean): Promise<ResponseOutcome> {
  if (action === 'alert') return { action, done: true, dryRun, detail: 'alert only' };
  if (dryRun) return { action, done: false, dryRun, detail: `would ${action}` };
  try {
    const r = await client.request(PATHS[action](containerId), { method: 'POST', timeoutMs: 15_000 });
    // 204 done; 304 already stopped. 409 (not running, already paused) is not counted: the caller defers.
    const ok = r.status === 204 || r.status === 304;
    const msg = typeof r.body === 'object' && r.body && 'message' in r.body ? `: ${(r.body as { message: string }).message}` : '';
    return { action, done: ok, dryRun, detail: `${r.status}${msg}` };
  } catch (err) {
    return { action, done: false, dryRun, detail: err instanceof Error ? err.message : String(err) };
  }
}
