// The console's routes: HTML pages and the JSON API over the same read models, and the indicator exports.
// Each route takes the parsed URL and returns through the response helpers; unknown paths are 404.
import type { ServerResponse } from 'node:http';
import type { Store } from '../core/store/index.js';
import { auditView, guardQuery, overview, scanView, trapSession, trapSessions, watchAlerts } from './data.js';
import { toMispEvent, toStixBundle, summariseTrapEvents } from '../core/intel/index.js';
import { toCsv } from './export.js';
import { filterProblems, offsetOf, parseTime } from './filters.js';
import { layout, h } from './html.js';
import { html, json, send } from './http-util.js';
import { auditPage } from './pages/audit.js';
import { guardPage } from './pages/guard.js';
import { overviewPage } from './pages/overview.js';
import { scansPage } from './pages/scans.js';
import { trapListPage, trapSessionPage } from './pages/trap.js';
import { watchPage } from './pages/watch.js';

export interface RouteContext { readonly store: Store; readonly loggedIn: boolean; readonly now: () => Date }

type Handler = (ctx: RouteContext, url: URL, res: ServerResponse, m: RegExpMatchArray) => Promise<void>;

const page = (ctx: RouteContext, res: ServerResponse, title: string, active: string, body: { html: string }, status = 200): void =>
  html(res, status, layout({ title, active, location: ctx.store.location, loggedIn: ctx.loggedIn }, body));

const notFound = (ctx: RouteContext, res: ServerResponse, what: string): void =>
  page(ctx, res, 'Not found', '', h`<p class="empty">${what}</p>`, 404);

const ROUTES: readonly [RegExp, Handler][] = [
  [/^\/$/, async (ctx, _u, res) => page(ctx, res, 'Overview', '/', overviewPage(await overview(ctx.store)))],
  [/^\/guard$/, async (ctx, u, res) => {
    const q = guardQuery(u.searchParams);
    const problems = filterProblems(u.searchParams);
    if (problems.length) return page(ctx, res, 'Guard audit log', '/guard', guardPage(q, [], problems), 400);
    page(ctx, res, 'Guard audit log', '/guard', guardPage(q, await ctx.store.queryGuardAudit(q)));
  }],
  [/^\/scans$/, async (ctx, _u, res) => page(ctx, res, 'Scan results', '/scans', scansPage(await scanView(ctx.store)))],
  [/^\/audit$/, async (ctx, _u, res) => page(ctx, res, 'Audit findings', '/audit', auditPage(await auditView(ctx.store)))],
  [/^\/watch$/, async (ctx, _u, res) => page(ctx, res, 'Watch alerts', '/watch', watchPage(await watchAlerts(ctx.store)))],
  [/^\/trap$/, async (ctx, _u, res) => page(ctx, res, 'Trap sessions', '/trap', trapListPage(await trapSessions(ctx.store)))],
  [/^\/trap\/([^/]+)$/, async (ctx, _u, res, m) => {
    const id = decodeURIComponent(m[1] ?? '');
    const s = await trapSession(ctx.store, id);
    if (s.events.length === 0) return notFound(ctx, res, `No trap session ${id} in the store.`);
    page(ctx, res, `Trap session ${id}`, '/trap', trapSessionPage(id, s.events, s.indicators));
  }],
  [/^\/trap\/([^/]+)\/indicators\.(stix\.json|misp\.json|csv)$/, async (ctx, _u, res, m) => {
    const id = decodeURIComponent(m[1] ?? '');
    const s = await trapSession(ctx.store, id);
    if (s.events.length === 0) return notFound(ctx, res, `No trap session ${id} in the store.`);
    const safe = id.replace(/[^A-Za-z0-9_.-]/g, '_');
    const attach = (ext: string): Record<string, string> => ({ 'Content-Disposition': `attachment; filename="portcullis-${safe}.${ext}"` });
    const created = s.events[0]?.timestamp ?? ctx.now().toISOString();
    if (m[2] === 'csv') return send(res, 200, 'text/csv; charset=utf-8', toCsv(s.indicators), attach('csv'));
    // The same STIX and MISP renderings as `portcullis trap report`, from the session's stored events.
    const summary = summariseTrapEvents(s.events);
    if (m[2] === 'stix.json') {
      return send(res, 200, 'application/stix+json;version=2.1', JSON.stringify(toStixBundle(summary, { now: created }), null, 2), attach('stix.json'));
    }
    return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(toMispEvent(summary, { now: created }), null, 2), attach('misp.json'));
  }],
  // JSON API: the same read models.
  [/^\/api\/overview$/, async (ctx, _u, res) => json(res, 200, await overview(ctx.store))],
  [/^\/api\/guard$/, async (ctx, u, res) => {
    const problems = filterProblems(u.searchParams);
    if (problems.length) return json(res, 400, { error: problems.join('; '), problems });
    const q = guardQuery(u.searchParams);
    const records = await ctx.store.queryGuardAudit(q);
    json(res, 200, { records, ...paging(u, q.limit ?? 200, q.offset ?? 0, records.length) });
  }],
  [/^\/api\/scans$/, async (ctx, _u, res) => json(res, 200, await scanView(ctx.store))],
  [/^\/api\/audit$/, async (ctx, _u, res) => json(res, 200, await auditView(ctx.store))],
  [/^\/api\/watch$/, async (ctx, _u, res) => json(res, 200, { alerts: await watchAlerts(ctx.store) })],
  [/^\/api\/trap\/sessions$/, async (ctx, _u, res) => json(res, 200, { sessions: await trapSessions(ctx.store, 200) })],
  [/^\/api\/trap\/sessions\/([^/]+)$/, async (ctx, _u, res, m) => {
    const s = await trapSession(ctx.store, decodeURIComponent(m[1] ?? ''));
    if (s.events.length === 0) return json(res, 404, { error: 'no such session' });
    json(res, 200, s);
  }],
  [/^\/api\/runs$/, async (ctx, u, res) => {
    const tool = u.searchParams.get('tool');
    const tools = ['scan', 'audit', 'watch', 'trap', 'guard'] as const;
    const t = tools.find((x) => x === tool);
    json(res, 200, { runs: await ctx.store.listRuns({ ...(t ? { tool: t } : {}), limit: Number(u.searchParams.get('limit') ?? 100) || 100 }) });
  }],
  [/^\/api\/runs\/([^/]+)\/findings$/, async (ctx, _u, res, m) => json(res, 200, { findings: await ctx.store.listFindings(decodeURIComponent(m[1] ?? '')) })],
  [/^\/api\/events$/, async (ctx, u, res) => {
    const p = u.searchParams;
    const problems = filterProblems(p);
    if (problems.length) return json(res, 400, { error: problems.join('; '), problems });
    const get = (k: string): string | undefined => p.get(k)?.trim() || undefined;
    const limit = Math.min(Math.max(1, Number(get('limit') ?? 500)), 5000);
    const offset = offsetOf(p, limit);
    const since = get('since');
    const until = get('until');
    const events = await ctx.store.queryEvents({
      ...(get('eventid') ? { eventid: get('eventid') } : {}), ...(get('prefix') ? { prefix: get('prefix') } : {}),
      ...(get('session') ? { session: get('session') } : {}), ...(since ? { since: parseTime(since) ?? since } : {}),
      ...(until ? { until: parseTime(until) ?? until } : {}), limit, offset,
      order: get('order')?.toLowerCase() === 'asc' ? 'asc' : 'desc',
    });
    json(res, 200, { events, ...paging(u, limit, offset, events.length) });
  }],
];

/** Page position of a list answer, and the URL of the next page when this one is full. */
function paging(u: URL, limit: number, offset: number, count: number): { limit: number; offset: number; next?: string } {
  if (count < limit) return { limit, offset };
  const next = new URLSearchParams(u.searchParams);
  next.delete('page');
  next.set('offset', String(offset + limit));
  return { limit, offset, next: `${u.pathname}?${next.toString()}` };
}

/** Dispatch a GET; returns false when no route matched. */
export async function route(ctx: RouteContext, url: URL, res: ServerResponse): Promise<boolean> {
  for (const [re, handler] of ROUTES) {
    const m = url.pathname.match(re);
    if (m) { await handler(ctx, url, res, m); return true; }
  }
  return false;
}
