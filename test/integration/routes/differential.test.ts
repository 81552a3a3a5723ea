// Differential test: for ~2000 spellings of safe requests, the core's reading (normalizeTarget +
// matchRoute) must agree with what the lab's real dockerd does with the same raw bytes: the same route
// and parameters, the same 301 Location, Go's own 400, or 404 "page not found" for unknown routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, labFromEnv, type Lab } from '../../lab/index.js';
import { apiVersionInRange, formatTarget, matchRoute, routeById, tryNormalizeTarget, type RouteMatch } from '../../../src/core/docker-api/index.js';
import { bases, prng, variants, type Case } from './cases.js';
import { pool, rawRequest, type RawResponse } from './raw-http.js';

const ENGINE = '1.41';
const ENGINE_MIN = '1.12';
const MISSING = 'pcl-routes-zz-nx';
const tag = `${process.pid}`;
const real = { container: `pcl-routes-c-${tag}`, containerId: '', volume: `pcl-routes-v-${tag}` };
let lab: Lab;

// Never sent even aimed at missing names: side effects beyond the name, registry traffic, or endless streams.
const UNSAFE = new Set(['container.prune', 'image.prune', 'volume.prune', 'network.prune', 'build.prune', 'build.run', 'image.load',
  'image.pull', 'image.push', 'image.search', 'distribution.inspect', 'volume.create', 'network.create', 'system.auth', 'system.events',
  'session.start', 'grpc.serve', 'container.commit', 'container.logs', 'container.stats', 'container.export', 'image.save', 'image.save_all',
  'debug.pprof_profile', 'debug.pprof_trace', 'plugin.pull', 'plugin.create', 'plugin.upgrade', 'plugin.push', 'secret.create', 'config.create']);
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// API versions below 1.24 get dockerd's errors as plain text, newer ones as JSON.
const isPageNotFound = (r: RawResponse) => r.status === 404 && (r.body.includes('"page not found"') || r.body.trim() === 'page not found');
const isGo400 = (r: RawResponse) => r.status === 400 && r.body === '400 Bad Request';

function safe(m: RouteMatch | undefined): boolean {
  if (!m) return true;
  if (UNSAFE.has(m.route.id) || m.route.id.startsWith('swarm.') && m.route.method !== 'GET') return false;
  if (READ_METHODS.has(m.target.method) && !routeById(m.route.id)?.anyMethod) return true;
  const realNames = new Set([real.container, real.containerId, real.volume, 'none', 'host', 'bridge', 'alpine:latest']);
  return !Object.values(m.params).some((p) => realNames.has(p.replace(/^\//, '')));
}

/** What the core predicts, as a value the checks below consume. */
function predict(c: Case) {
  const r = tryNormalizeTarget(c.method, c.target);
  if (r.ok) return { kind: 'match' as const, match: matchRoute(r.target, { engineVersion: ENGINE }) };
  if (r.rejection.reason === 'version-noncanonical') {
    // dockerd accepts these; the core refuses them but can still say where they go.
    const lax = tryNormalizeTarget(c.method, c.target, { allowNonCanonicalVersion: true });
    return { kind: 'match' as const, match: lax.ok ? matchRoute(lax.target, { engineVersion: ENGINE }) : undefined, refused: true };
  }
  return { kind: 'rejected' as const, rejection: r.rejection };
}

const ECHOES: readonly [RegExp, string][] = [
  [/No such container: ([^"\r\n]*)/, 'id'], [/No such exec instance: ([^"\r\n]*)/, 'id'], [/No such image: ([^"\r\n]*)/, 'name'],
  [/network ([^"\r\n]*) not found/, 'id'], [/plugin \\"([^"\\]*)\\" not found/, 'name'], [/get ([^"\r\n]*): no such volume/, 'name'],
];

/** Undefined when dockerd's answer is consistent with reaching route `m`; else what differs. */
function checkRoute(m: RouteMatch, res: RawResponse): string | undefined {
  const { route, params, target } = m;
  const version = target.version;
  if (version !== undefined && !apiVersionInRange(version, ENGINE_MIN, ENGINE)) {
    const said = target.method === 'HEAD' || res.body.includes('client version');
    return res.status === 400 && said ? undefined : 'expected the version middleware\'s 400';
  }
  if (res.status === 301 || isGo400(res) || (target.method !== 'HEAD' && isPageNotFound(res))) return `route ${route.id} not reached`;
  const p = params.id ?? params.name ?? '';
  for (const [re, key] of ECHOES) {
    const got = re.exec(res.body)?.[1];
    if (got === undefined) continue;
    const want = params[key] ?? '';
    if (got !== want && got !== `${want}:latest` && !got.endsWith(`: ${want}`)) return `dockerd read ${key}=${JSON.stringify(got)}, core ${JSON.stringify(want)}`;
  }
  const json = (): Record<string, unknown> => { try { return JSON.parse(res.body) as Record<string, unknown>; } catch { return {}; } };
  switch (route.id) {
    case 'container.inspect':
      if (p === real.container || p === real.containerId) return res.status === 200 && json().Id === real.containerId ? undefined : 'not our container';
      return res.status === 404 ? undefined : `status ${res.status}`;
    case 'image.inspect': return res.status === 200 && String(json().Id).startsWith('sha256:') ? undefined : 'no image';
    case 'network.inspect': return p === 'none' && !(res.status === 200 && json().Name === 'none') ? 'not network none' : undefined;
    case 'volume.inspect': return p === real.volume && !(res.status === 200 && json().Name === real.volume) ? 'not our volume' : undefined;
    case 'system.ping': return res.status === 200 && res.body === 'OK' ? undefined : 'no OK';
    case 'system.ping_head': case 'system.options': return res.status === 200 ? undefined : `status ${res.status}`;
    case 'system.version': return res.status === 200 && json().ApiVersion === ENGINE ? undefined : 'no version';
    case 'debug.vars': return res.status === 200 && (target.method === 'HEAD' || res.body.includes('"cmdline"')) ? undefined : 'no vars';
    case 'container.archive_head':
      return p !== real.container || (res.status === 200 && res.headers['x-docker-container-path-stat']) ? undefined : 'no path stat';
    case 'checkpoint.list': return res.status === 501 ? undefined : `status ${res.status}`;
    case 'swarm.inspect': case 'node.inspect': case 'config.inspect': return res.status === 503 ? undefined : `status ${res.status}`;
    default: return undefined;
  }
}

function check(c: Case, res: RawResponse): { outcome: string; problem?: string } {
  const p = predict(c);
  if (p.kind === 'rejected') {
    const { dockerd, location, reason } = p.rejection;
    if (dockerd === 'redirect') return { outcome: 'redirect', problem: res.status === 301 && res.headers.location === location ? undefined : `expected 301 to ${location}` };
    if (dockerd === 'bad-request') return { outcome: 'bad-request', problem: isGo400(res) ? undefined : 'expected Go\'s 400' };
    return { outcome: `refused:${reason}`, problem: res.status !== 301 && !isGo400(res) && res.status !== 0 ? undefined : 'expected dockerd to route it' };
  }
  const refused = 'refused' in p ? ' (refused by core)' : '';
  if (!p.match) return { outcome: `unknown${refused}`, problem: res.status === 404 && (c.method === 'HEAD' || isPageNotFound(res)) ? undefined : 'expected 404 page not found' };
  return { outcome: `route${refused}`, problem: checkRoute(p.match, res) };
}

describe('the core reads request targets as dockerd does', () => {
  beforeAll(() => {
    lab = labFromEnv();
    docker(lab, ['volume', 'create', '--label', 'pcl-area=routes', real.volume]);
    real.containerId = docker(lab, ['create', '--name', real.container, '--label', 'pcl-area=routes', '--network', 'none', 'alpine:latest', 'sleep', '600']).trim();
  });
  afterAll(() => {
    if (!lab) return;
    try { docker(lab, ['rm', '-f', real.container]); } catch { /* already gone */ }
    try { docker(lab, ['volume', 'rm', '-f', real.volume]); } catch { /* already gone */ }
  });

  it('agrees on route, parameters, redirects, 400s and unknown routes for every generated spelling', async () => {
    expect(real.containerId).toMatch(/^[0-9a-f]{64}$/);
    const rnd = prng(0x20_10);
    const cases = bases(real, MISSING).flatMap((b) => variants(b, rnd)).filter((c) => {
      const p = predict(c);
      return p.kind === 'rejected' || safe(p.match);
    });
    const results = await pool(cases, 6, async (c) => ({ c, res: await rawRequest(lab.socketPath, c.method, c.target) }));
    const outcomes = new Map<string, number>();
    const problems: string[] = [];
    const reached = new Set<string>();
    for (const { c, res } of results) {
      const { outcome, problem } = check(c, res);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      const p = predict(c);
      if (p.kind === 'match' && p.match) reached.add(p.match.route.id);
      if (problem) problems.push(`${c.method} ${c.target} [${c.variant}] -> ${res.status} ${res.headers.location ?? ''} ${res.body.slice(0, 100)}: ${problem}`);
    }
    // What a guard forwards: the canonical form of each routed target must reach the same route.
    const routed = results.flatMap(({ c }) => {
      const r = tryNormalizeTarget(c.method, c.target);
      return r.ok && matchRoute(r.target, { engineVersion: ENGINE }) ? [{ c, canonical: formatTarget(r.target, { firstValueOnly: false }) }] : [];
    });
    const again = await pool(routed, 6, async ({ c, canonical }) => ({ c: { ...c, target: canonical, variant: `canonical of ${c.target}` }, res: await rawRequest(lab.socketPath, c.method, canonical) }));
    for (const { c, res } of again) {
      const { outcome, problem } = check(c, res);
      if (outcome !== 'route') problems.push(`${c.method} ${c.target} [${c.variant}]: canonical form is ${outcome}`);
      if (problem) problems.push(`${c.method} ${c.target} [${c.variant}] -> ${res.status} ${res.body.slice(0, 100)}: ${problem}`);
    }
    expect(again.length).toBeGreaterThan(500);
    expect(problems).toEqual([]);
    // The generator must exercise every kind of outcome, or agreement would prove little.
    expect(cases.length).toBeGreaterThan(1500);
    for (const o of ['route', 'unknown', 'redirect', 'bad-request', 'route (refused by core)', 'refused:query-semicolon', 'refused:fragment', 'refused:control-char']) {
      expect(outcomes.get(o) ?? 0, o).toBeGreaterThan(5);
    }
    expect(reached.size).toBeGreaterThan(35);
  });
});
