// Catalogue of the `filters` each list, prune and events route of dockerd 20.10 accepts, and how it refuses the
// rest: which names it knows, the status and prefix of a value it cannot parse, and the checks it makes on
// values. Scanners probe with odd filters; the trap must refuse them in dockerd's words, not answer a list.
import {
  boolFilter, exactMatch, filterValues, invalidFilterMessage, isDockerTimestamp, isGoDuration, parseFilterArgs, unknownFilter,
  type FilterArgs,
} from '../core/docker-api/index.js';
import { isRefError, parseImageRef } from './image-ref.js';
import type { TrapContext } from './context.js';

/** What a check may look up: the session's emulated objects. */
export interface FilterLookups {
  readonly hasContainer: (ref: string) => boolean;
  readonly hasImage: (ref: string) => boolean;
  /** dockerd's refusal for an image it cannot find: 400 for a malformed reference, else 404 naming it familiarly. */
  readonly missingImage: (ref: string) => FilterRefusal;
}

export type FilterRefusal = readonly [status: number, message: string];

export interface FilterRule {
  /** Names dockerd accepts; `any` for events, which accept any name (unknown ones match nothing). */
  readonly accepted: ReadonlySet<string> | 'any';
  /** Status for a filters value that is not JSON of the right shape. */
  readonly parseStatus: 400 | 500;
  /** Prefix dockerd puts before the decoder's message, if any. */
  readonly parsePrefix?: string;
  /** Prefix before the other refusals (build prune wraps them). */
  readonly prefix?: string;
  /** Value checks, in dockerd's order; the first refusal is answered. */
  readonly check?: (f: FilterArgs, look: FilterLookups) => FilterRefusal | undefined;
}

const names = (...n: string[]): ReadonlySet<string> => new Set(n);

const CONTAINER_STATUSES = new Set(['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead']);
const HEALTH = new Set(['starting', 'healthy', 'unhealthy', 'none']);

/** daemon/list.go foldFilter: exited, status, is-task, health, before, since, publish (expose accepts anything). */
function checkContainerList(f: FilterArgs, look: FilterLookups): FilterRefusal | undefined {
  for (const v of filterValues(f, 'exited')) if (!/^[+-]?\d+$/.test(v)) return [500, `strconv.Atoi: parsing ${JSON.stringify(v)}: invalid syntax`];
  for (const v of filterValues(f, 'status')) if (!CONTAINER_STATUSES.has(v)) return [400, invalidFilterMessage('status', v)];
  if (f.has('is-task') && !exactMatch(f, 'is-task', 'true') && !exactMatch(f, 'is-task', 'false')) return [400, invalidFilterMessage('is-task', filterValues(f, 'is-task'))];
  for (const v of filterValues(f, 'health')) if (!HEALTH.has(v)) return [400, `Unrecognised filter value for health: ${v}`];
  for (const key of ['before', 'since']) for (const v of filterValues(f, key)) if (!look.hasContainer(v)) return [500, `no such container ${v}`];
  for (const v of filterValues(f, 'publish')) {
    const port = v.split('/')[0] ?? '';
    for (const p of port.split('-')) if (!/^\d+$/.test(p)) return [500, `error while looking up for publish ${v}: strconv.ParseUint: parsing ${JSON.stringify(p)}: invalid syntax`];
  }
  return undefined;
}

function checkImageDangling(f: FilterArgs): FilterRefusal | undefined {
  if (f.has('dangling') && !exactMatch(f, 'dangling', 'true') && !exactMatch(f, 'dangling', 'false')) return [400, invalidFilterMessage('dangling', filterValues(f, 'dangling'))];
  return undefined;
}

function checkImageList(f: FilterArgs, look: FilterLookups): FilterRefusal | undefined {
  const bad = checkImageDangling(f);
  if (bad) return bad;
  for (const key of ['before', 'since']) for (const v of filterValues(f, key)) if (!look.hasImage(v)) return look.missingImage(v);
  return undefined;
}

/** daemon/prune.go getUntilFromPruneFilters: one value at most, a timestamp or a duration. */
function checkUntil(f: FilterArgs): FilterRefusal | undefined {
  const until = filterValues(f, 'until');
  if (until.length > 1) return [500, 'more than one until filter specified'];
  for (const v of until) if (!isDockerTimestamp(v)) return [500, `failed to parse value as time or duration: ${JSON.stringify(v)}`];
  return undefined;
}

/** The catalogue, by route id. */
export const FILTER_RULES: Readonly<Record<string, FilterRule>> = {
  'container.list': {
    accepted: names('ancestor', 'before', 'expose', 'exited', 'health', 'id', 'isolation', 'is-task', 'label', 'name', 'network', 'publish', 'since', 'status', 'volume'),
    parseStatus: 500, check: checkContainerList,
  },
  'image.list': { accepted: names('dangling', 'label', 'before', 'since', 'reference'), parseStatus: 500, check: checkImageList },
  'volume.list': {
    accepted: names('name', 'driver', 'label', 'dangling'), parseStatus: 400, parsePrefix: 'error reading volume filters: ',
    check: (f) => f.has('dangling') && !['true', '1', 'false', '0'].some((v) => exactMatch(f, 'dangling', v))
      ? [400, invalidFilterMessage('dangling', filterValues(f, 'dangling'))] : undefined,
  },
  'network.list': {
    accepted: names('dangling', 'driver', 'id', 'label', 'name', 'scope', 'type'), parseStatus: 500,
    check: (f) => {
      for (const v of filterValues(f, 'type')) if (v !== 'custom' && v !== 'builtin') return [500, `invalid filter: 'type'='${v}'`];
      const d = boolFilter(f, 'dangling');
      return d && typeof d === 'object' ? [400, d.error] : undefined;
    },
  },
  'container.prune': { accepted: names('until', 'label', 'label!'), parseStatus: 400, check: checkUntil },
  'image.prune': { accepted: names('dangling', 'until', 'label', 'label!'), parseStatus: 500, check: (f) => checkUntil(f) ?? checkImageDangling(f) },
  'volume.prune': { accepted: names('label', 'label!'), parseStatus: 500 },
  'network.prune': { accepted: names('until', 'label', 'label!'), parseStatus: 500, check: checkUntil },
  'build.prune': {
    accepted: names('until', 'unused-for', 'id', 'parent', 'type', 'description', 'inuse', 'shared', 'private', 'label'),
    parseStatus: 500, parsePrefix: 'could not parse filters: ', prefix: 'failed to prune build cache: ',
    // builder-next toBuildkitPruneInfo: until and its old name unused-for, one value, a Go duration.
    check: (f) => {
      const until = filterValues(f, 'until');
      const unused = filterValues(f, 'unused-for');
      if (until.length > 0 && unused.length > 0) return [400, 'conflicting filters: "until" and "unused-for"'];
      const key = unused.length > 0 ? 'unused-for' : 'until';
      const values = [...until, ...unused];
      if (values.length > 1) return [400, 'filters expect only one value'];
      const [v] = values;
      if (v !== undefined && !isGoDuration(v)) return [500, `"${key}" filter expects a duration (e.g., '24h'): time: invalid duration ${JSON.stringify(v)}`];
      return undefined;
    },
  },
  'system.events': { accepted: 'any', parseStatus: 500 },
};

/**
 * Read the request's `filters` for `routeId`: the parsed filters, or the refusal dockerd would answer.
 * Routes outside the catalogue get their filters parsed with no checks.
 *
 * @example
 * readFilters('image.list', '{"bogus":["x"]}', look); // { refusal: [400, "Invalid filter 'bogus'"] }
 */
export function readFilters(routeId: string, raw: string | undefined, look: FilterLookups): { args: FilterArgs } | { refusal: FilterRefusal } {
  const rule = FILTER_RULES[routeId];
  const parsed = parseFilterArgs(raw);
  if (!parsed.ok) return { refusal: [rule?.parseStatus ?? 500, `${rule?.parsePrefix ?? ''}${parsed.message}`] };
  if (!rule) return { args: parsed.args };
  const prefix = rule.prefix ?? '';
  if (rule.accepted !== 'any') {
    const unknown = unknownFilter(parsed.args, rule.accepted);
    if (unknown !== undefined) return { refusal: [400, `${prefix}${invalidFilterMessage(unknown)}`] };
  }
  const bad = rule.check?.(parsed.args, look);
  if (bad) return { refusal: [bad[0], `${prefix}${bad[1]}`] };
  return { args: parsed.args };
}

/** Lookups over one attacker session's emulated engine. */
function sessionLookups(ctx: TrapContext): FilterLookups {
  const state = ctx.session.state;
  return {
    hasContainer: (ref) => state.findContainer(ref) !== undefined,
    hasImage: (ref) => state.findImage(ref) !== undefined,
    missingImage: (ref) => {
      const r = parseImageRef(ref);
      return isRefError(r) ? [400, r.error] : [404, `No such image: ${r.familiar}`];
    },
  };
}

/**
 * The request's filters for its route, or `undefined` after answering dockerd's refusal.
 *
 * @example
 * const f = requestFilters(ctx); if (!f) return;
 */
export function requestFilters(ctx: TrapContext): FilterArgs | undefined {
  const r = readFilters(ctx.routeId, ctx.query.filters, sessionLookups(ctx));
  if ('args' in r) return r.args;
  ctx.res.error(r.refusal[0], r.refusal[1]);
  return undefined;
}
