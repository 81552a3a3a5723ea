// --deep on an exposed daemon: read-only listing of containers, images and /info, then every container's
// inspect through the core's detection rules (miners, host-root binds with chroot, download-and-pipe-to-shell).
import type { HttpResponse } from './classify.js';
import { printable } from './classify.js';
import type { CompromiseSign, DeepEvidence } from './types.js';

/** Turns one `GET /containers/{id}/json` document into signs of compromise. */
export type DeepAnalyzer = (inspect: Record<string, unknown>) => CompromiseSign[];

/** How many containers are inspected at most (the list itself is capped by bytes). */
export const DEEP_MAX_INSPECT = 100;

function json(r: HttpResponse | undefined): unknown {
  if (!r || r.status !== 200 || r.truncated) return undefined;
  try { return JSON.parse(r.body.toString('utf8')); } catch { return undefined; }
}

/**
 * The default analyzer: the core's detection rules (miner images and command lines, host-root binds with
 * chroot, download piped to a shell, ...) over the inspect document, as the watcher and the guard use them,
 * and the credentials its environment exposes to anyone who can read the API (PCL-CFG-036).
 */
export async function loadCoreAnalyzer(): Promise<DeepAnalyzer> {
  // Loaded on first use: a sweep without --deep never pays for the rule catalogue.
  const { detect, detectionInputFromInspect } = await import('../core/rules/index.js');
  const { envSecretFindings } = await import('../core/docker-api/index.js');
  return (inspect) => {
    const input = detectionInputFromInspect(inspect);
    const subject = printable(input.name ?? input.id ?? '?', 80);
    // What the open API hands anyone besides control: credentials in the environment (named, never shown).
    const env = Array.isArray(input.env) ? input.env : [];
    return [...detect(input), ...envSecretFindings(env, 'Config.Env', subject)].map((f) => ({
      ruleId: f.ruleId, severity: f.severity, title: f.title, subject,
      detail: printable([f.message, ...f.evidence.map((e) => `${e.location}${e.value ? `=${e.value}` : ''}`)].join('; '), 300),
    }));
  };
}

/**
 * Run the --deep reads through `get` (GET only, each capped at `maxBytes`) and analyse what came back.
 * @example const deep = await runDeep((path, max) => fetchCapped(path, max), 8 << 20)
 */
export async function runDeep(get: (path: string, maxBytes: number) => Promise<HttpResponse | undefined>, maxBytes: number,
  analyzer?: DeepAnalyzer): Promise<DeepEvidence> {
  const analyze = analyzer ?? await loadCoreAnalyzer();
  const containersRes = await get('/containers/json?all=1', maxBytes);
  const imagesRes = await get('/images/json', maxBytes);
  const infoRes = await get('/info', Math.min(maxBytes, 1024 * 1024));
  const containers = json(containersRes);
  const images = json(imagesRes);
  const info = json(infoRes) as { Warnings?: unknown; ContainersRunning?: unknown; Containers?: unknown; Images?: unknown } | undefined;
  const list = Array.isArray(containers) ? containers as { Id?: unknown }[] : [];
  const compromise: CompromiseSign[] = [];
  for (const c of list.slice(0, DEEP_MAX_INSPECT)) {
    // Ids come from the target: only a hex id is ever put into a request path.
    if (typeof c.Id !== 'string' || !/^[0-9a-f]{12,64}$/.test(c.Id)) continue;
    const inspect = json(await get(`/containers/${c.Id}/json`, Math.min(maxBytes, 1024 * 1024)));
    if (inspect && typeof inspect === 'object') compromise.push(...analyze(inspect as Record<string, unknown>));
  }
  const warnings = Array.isArray(info?.Warnings) ? (info.Warnings as unknown[]).map((w) => printable(String(w), 200)).slice(0, 20) : [];
  // A list cut at the byte cap (thousands of containers) cannot be parsed: /info still has the counts.
  const count = (parsed: unknown, fromInfo: unknown) => (Array.isArray(parsed) ? parsed.length : typeof fromInfo === 'number' ? fromInfo : 0);
  return {
    containers: count(containers, info?.Containers),
    images: count(images, info?.Images),
    ...(typeof info?.ContainersRunning === 'number' ? { running: info.ContainersRunning } : {}),
    warnings,
    compromise,
    truncated: !!(containersRes?.truncated || imagesRes?.truncated || list.length > DEEP_MAX_INSPECT),
  };
}
