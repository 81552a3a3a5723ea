// Matches a normalised target to a catalogue route exactly as dockerd's gorilla/mux router does: the
// first registered route whose anchored pattern and method match wins. Compiled once, bucketed by the
// first path segment so a request tests only the few routes that could match.
import { ROUTES, type CatalogueRoute } from './routes/index.js';
import type { NormalizedTarget, RouteMatch } from './types.js';
import { compareApiVersions } from './versions.js';

interface Compiled {
  readonly route: CatalogueRoute;
  readonly re: RegExp;
  readonly names: readonly string[];
}

export interface RouteMatcher {
  /** The routes this matcher knows, in match order. */
  readonly routes: readonly CatalogueRoute[];
  /** The matching route with decoded path params, or undefined where dockerd answers 404 "page not found". */
  match(target: NormalizedTarget): RouteMatch | undefined;
}

export interface MatcherOptions {
  /**
   * The API version of the engine being mirrored: routes added later (minVersion above it) are not
   * registered there, so dockerd answers 404 for them. Default: every route (newest engine).
   */
  readonly engineVersion?: string;
}

// Go regexp `.` matches anything but "\n"; JS `.` also stops at "\r", U+2028, U+2029.
const PARAM_RE: Readonly<Record<string, string>> = { '.*': '[^\\n]*', '.+': '[^\\n]+', '[^/]+': '[^/]+' };

function compile(route: CatalogueRoute): Compiled {
  const names: string[] = [];
  const src = route.path.replace(/\{([^}]+)\}|[^{]+/g, (whole, name: string | undefined) => {
    if (name === undefined) return whole.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    names.push(name);
    return `(${PARAM_RE[route.params?.[name] ?? '[^/]+'] ?? '[^/]+'})`;
  });
  return { route, re: new RegExp(`^${src}$`), names };
}

function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return end < 0 ? path.slice(1) : path.slice(1, end);
}

/**
 * Compile routes (default: the whole catalogue) into a matcher.
 * @example
 * const m = compileMatcher(ROUTES, { engineVersion: '1.41' });
 * m.match(normalizeTarget('PUT', '/volumes/x')); // undefined: dockerd 20.10 has no volume update route
 */
export function compileMatcher(routes: readonly CatalogueRoute[] = ROUTES, opts: MatcherOptions = {}): RouteMatcher {
  const { engineVersion } = opts;
  const kept = routes.filter((r) => engineVersion === undefined || r.minVersion === undefined || compareApiVersions(r.minVersion, engineVersion) <= 0);
  const compiled = kept.map(compile);
  // Bucket by literal first segment; routes starting with a parameter go into every bucket, in order.
  const wild = compiled.filter((c) => c.route.path.startsWith('/{'));
  const buckets = new Map<string, Compiled[]>();
  for (const c of compiled) {
    if (c.route.path.startsWith('/{')) continue;
    const seg = firstSegment(c.route.path);
    if (!buckets.has(seg)) buckets.set(seg, []);
  }
  for (const [seg, list] of buckets) {
    for (const c of compiled) if (c.route.path.startsWith('/{') || firstSegment(c.route.path) === seg) list.push(c);
  }
  return {
    routes: kept,
    match(target: NormalizedTarget): RouteMatch | undefined {
      const candidates = buckets.get(firstSegment(target.path)) ?? wild;
      for (const c of candidates) {
        const r = c.route;
        if (!r.anyMethod && r.method !== target.method) continue;
        if (r.unversioned && target.version !== undefined) continue;
        const m = c.re.exec(target.path);
        if (!m) continue;
        const params: Record<string, string> = Object.create(null) as Record<string, string>;
        c.names.forEach((n, i) => { params[n] = m[i + 1] ?? ''; });
        return { route: r, params, target };
      }
      return undefined;
    },
  };
}

const DEFAULT = new Map<string, RouteMatcher>();

/**
 * Match a normalised target against the catalogue; undefined means dockerd answers 404 "page not found"
 * (unknown path, or a known path with another method: dockerd has no HEAD-for-GET fallback).
 * @example
 * matchRoute(normalizeTarget('POST', '/v1.41/containers/web/start'));
 * // { route: { id: 'container.start', ... }, params: { id: 'web' }, target }
 */
export function matchRoute(target: NormalizedTarget, opts: MatcherOptions = {}): RouteMatch | undefined {
  const key = opts.engineVersion ?? '';
  let m = DEFAULT.get(key);
  if (!m) {
    m = compileMatcher(ROUTES, opts);
    DEFAULT.set(key, m);
  }
  return m.match(target);
}
