// `guard explain --as SUBJECT METHOD PATH [BODY]`: the decision for a request, without sending it. No
// pre-flight lookups are made: scopes and max containers use the facts given, named volumes and endpoint
// networks (and other resources a body names) count as not found (a running guard looks them up first); bind sources are resolved on this host.
import { hostPathSources, referencedResources, refKey, subjectOf, type SubjectKind } from '../core/policy/index.js';
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
  const reader = createCoreReader();
  const m = method.toUpperCase();
  // Bind sources and volume devices are resolved here as the running guard would: the route read by the core,
  // the body decoded the Go way, only when the configured engine is local.
  let realPaths;
  const refs: Record<string, null> = {};
  const read = reader.read(m, path);
  if (body !== undefined && read.ok) {
    const decoded = reader.decode(read.match.route, Buffer.from(body, 'utf8'), read.match.target.version ?? loaded.policy.maxVersion);
    if (decoded.ok) { // else judge() reports it
      for (const r of referencedResources(read.match.route.id, decoded.value)) refs[refKey(r)] = null; // not found, as volumes below
      if (loaded.config.upstream.url.startsWith('unix://')) realPaths = resolveRealPaths(loaded.policy, hostPathSources(read.match.route.id, decoded.value));
    }
  }
  return judge(reader, loaded.policy, {
    subject: parseSubject(as), method: m, rawTarget: path,
    ...(body !== undefined ? { body: Buffer.from(body, 'utf8') } : {}),
    ...(ownedContainers !== undefined ? { ownedContainers } : {}),
    volumes: {}, networks: {}, refs, ...(realPaths ? { realPaths } : {}),
  });
}
