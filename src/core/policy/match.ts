// Small matchers compiled once at load: anchored globs, route selectors, image references and host paths
// normalised the way dockerd cleans them, so per-request checks are plain comparisons.
import { posix } from 'node:path';
import type { PolicyRoute } from './types.js';

/** An anchored glob (`*` any run of characters, `?` one character); everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}

export type Matcher = (value: string) => boolean;

export function compileGlobs(globs: readonly string[]): Matcher {
  if (globs.includes('*')) return () => true;
  const res = globs.map(globToRegExp);
  return (v) => res.some((r) => r.test(v));
}

/** Route selectors: `*`, a route id, `group:NAME`, `risk:CLASS`, `prefix.*` (anchored glob over the id). */
export function compileSelectors(selectors: readonly string[]): (route: PolicyRoute) => boolean {
  const ids = new Set<string>();
  const groups = new Set<string>();
  const risks = new Set<string>();
  const globs: RegExp[] = [];
  for (const s of selectors) {
    if (s.startsWith('group:')) groups.add(s.slice(6));
    else if (s.startsWith('risk:')) risks.add(s.slice(5));
    else if (s.includes('*') || s.includes('?')) globs.push(globToRegExp(s));
    else ids.add(s);
  }
  return (r) => ids.has(r.id) || groups.has(r.group) || risks.has(r.risk) || globs.some((g) => g.test(r.id));
}

/**
 * The familiar form of an image reference, so `alpine`, `docker.io/library/alpine:latest` and
 * `index.docker.io/library/alpine` compare equal: `alpine:latest`. Digests are kept (`name@sha256:...`).
 */
export function familiarImage(ref: string): string {
  let r = ref.trim();
  const at = r.indexOf('@');
  const digest = at >= 0 ? r.slice(at) : '';
  if (at >= 0) r = r.slice(0, at);
  const slash = r.indexOf('/');
  const first = slash >= 0 ? r.slice(0, slash) : '';
  if (first === 'docker.io' || first === 'index.docker.io' || first === 'registry-1.docker.io') r = r.slice(slash + 1);
  if (r.startsWith('library/') && r.split('/').length === 2) r = r.slice('library/'.length);
  const lastSlash = r.lastIndexOf('/');
  const hasTag = r.slice(lastSlash + 1).includes(':');
  if (!hasTag && digest === '') r = `${r}:latest`;
  // dockerd lower-cases nothing: references must already be lower case, so a mixed-case one is invalid there.
  return r + digest;
}

/** Clean a host path the way Go's filepath.Clean does; `undefined` when it is not absolute. */
export function cleanHostPath(p: string): string | undefined {
  if (!p.startsWith('/')) return undefined;
  const c = posix.normalize(p);
  return c.length > 1 && c.endsWith('/') ? c.slice(0, -1) : c;
}

/** Whether `path` (cleaned) lies under one of `prefixes` (cleaned) on whole path segments. */
export function underPrefix(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((raw) => {
    const pre = cleanHostPath(raw);
    if (pre === undefined) return false;
    if (pre === '/') return true;
    return path === pre || path.startsWith(`${pre}/`);
  });
}
