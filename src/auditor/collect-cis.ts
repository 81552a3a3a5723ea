// Engine facts the CIS container checks need beyond inspect: image inspects (a HEALTHCHECK set in the image) and
// the processes of running containers (sshd), at most one request per image and per container, a few at a time.
import type { ContainerTop, Inspect } from '../core/checks/index.js';
import type { EngineClient } from '../core/engine/index.js';
import { PortcullisError } from '../core/errors/index.js';

/** Requests in flight at once: the engine serves /top by running ps, so a large host is not flooded. */
export const CONCURRENCY = 4;
const MAX_IMAGES = 1000;

/** Run `fn` over `items` with at most `limit` calls pending; results in input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const gone = (err: unknown): boolean => err instanceof PortcullisError && err.details?.status === 404;

/** Image inspects for containers whose own Config.Healthcheck is absent (the image may still define one). */
export async function collectImages(client: EngineClient, containers: readonly Inspect[], notes: string[]): Promise<Record<string, Inspect>> {
  const ids = [...new Set(containers
    .filter((c) => ((c.Config ?? {}) as Inspect).Healthcheck === undefined || ((c.Config ?? {}) as Inspect).Healthcheck === null)
    .map((c) => c.Image).filter((i): i is string => typeof i === 'string' && i !== ''))];
  if (ids.length > MAX_IMAGES) notes.push(`only the first ${MAX_IMAGES} of ${ids.length} images were inspected for a HEALTHCHECK`);
  const out: Record<string, Inspect> = {};
  let failed = 0;
  await mapBounded(ids.slice(0, MAX_IMAGES), CONCURRENCY, async (id) => {
    try {
      out[id] = await client.json<Inspect>(`/images/${encodeURIComponent(id)}/json`, 10_000);
    } catch (err) {
      // A deleted image leaves its containers with only their own config: judged on that, no note needed.
      if (!gone(err)) failed++;
    }
  });
  if (failed) notes.push(`${failed} image(s) could not be inspected; their containers' healthcheck is judged on the container config only`);
  return out;
}

/** `ps -ef` of every running container (GET /containers/{id}/top), one request each. */
export async function collectTop(client: EngineClient, containers: readonly Inspect[], notes: string[]): Promise<Record<string, ContainerTop>> {
  const running = containers.filter((c) => typeof c.Id === 'string' && ((c.State ?? {}) as Inspect).Running === true);
  const out: Record<string, ContainerTop> = {};
  const failed: string[] = [];
  await mapBounded(running, CONCURRENCY, async (c) => {
    const id = c.Id as string;
    try {
      const t = await client.json<{ Titles?: unknown; Processes?: unknown }>(`/containers/${encodeURIComponent(id)}/top`, 10_000);
      const titles = Array.isArray(t.Titles) ? t.Titles.map(String) : [];
      const processes = Array.isArray(t.Processes) ? t.Processes.filter(Array.isArray).map((p: unknown[]) => p.map(String)) : [];
      out[id] = { titles, processes };
    } catch (err) {
      // Stopped between inspect and top: nothing runs, so nothing to judge.
      if (gone(err) || /is not running/.test(reason(err))) return;
      out[id] = { error: reason(err) };
      failed.push(id.slice(0, 12));
    }
  });
  if (failed.length) notes.push(`processes of ${failed.length} running container(s) could not be listed (sshd, PCL-CFG-042, not checked): ${failed.slice(0, 10).join(', ')}`);
  return out;
}
