// `guard explain --as SUBJECT METHOD PATH [BODY]`: the decision for a request, without sending it. No
// pre-flight lookups are made: scopes and max containers use the facts given, named volumes and endpoint
// networks count as not found (a running guard looks them up first); bind sources are resolved on this host.
import { hostPathSources, subjectOf, type SubjectKind } from '../core/policy/index.js';
import { PortcullisError } from '../core/errors/index.js';
import type { LoadedConfig } from './config-load.js';
import { createCoreReader } from './core-reader.js';
import { judge, type Judgement } from './judge.js';
import { resolveRealPaths } from './real-paths.js';

export function parseSubject(s: string): ReturnType<typeof subjectOf> {
  const m = /^(cert|token|unix|loopback):(.+)$/.exec(s);
  if (!m) throw new PortcullisError('PCL_ERR_CLI_USAGE', `--as must be KIND:NAME with KIND cert, token, unix or loopback (got "${s}")`);
  return subjectOf(m[1] as SubjectKind, m[2]!);
}

export function explain(loaded: LoadedConfig, as: string, method: string, path: string, body?: string, ownedContainers?: number): Judgement {
  // Bind sources and volume devices are resolved here as the running guard would (only when the configured
  // engine is local).
  let realPaths;
  if (body !== undefined && loaded.config.upstream.url.startsWith('unix://')) {
    const routeId = /\/volumes\/create\/?$/.test(path.split('?')[0] ?? '') ? 'volume.create' : 'container.create';
    try { realPaths = resolveRealPaths(loaded.policy, hostPathSources(routeId, JSON.parse(body))); } catch { /* judge() reports the bad body */ }
  }
  return judge(createCoreReader(), loaded.policy, {
    subject: parseSubject(as), method: method.toUpperCase(), rawTarget: path,
    ...(body !== undefined ? { body: Buffer.from(body, 'utf8') } : {}),
    ...(ownedContainers !== undefined ? { ownedContainers } : {}),
    volumes: {}, networks: {}, ...(realPaths ? { realPaths } : {}),
  });
}
