// The route catalogue: every Engine API endpoint dockerd registers, as data, in dockerd's registration
// order (cmd/dockerd initRouter), because its router takes the first registered route that matches.
import { CHECKPOINT_ROUTES, CONTAINER_ROUTES } from './containers.js';
import { BUILD_ROUTES, DISTRIBUTION_ROUTES, IMAGE_ROUTES } from './images.js';
import { PLUGIN_ROUTES } from './plugins.js';
import { SWARM_ROUTES } from './swarm.js';
import { DEBUG_ROUTES, GRPC_ROUTES, NETWORK_ROUTES, SESSION_ROUTES, SYSTEM_ROUTES, VOLUME_ROUTES } from './system.js';
import type { CatalogueRoute } from './route-types.js';

export type { CatalogueRoute, ParamPattern } from './route-types.js';

/**
 * Every route, in the order dockerd registers them: checkpoint, container (+exec), image, system, volume,
 * build, session, swarm, plugin, distribution, grpc, network, then the debug router.
 * @example
 * ROUTES.filter((r) => r.risk === 'privilege-relevant').map((r) => r.id); // ['container.start', ...]
 */
export const ROUTES = [
  ...CHECKPOINT_ROUTES,
  ...CONTAINER_ROUTES,
  ...IMAGE_ROUTES,
  ...SYSTEM_ROUTES,
  ...VOLUME_ROUTES,
  ...BUILD_ROUTES,
  ...SESSION_ROUTES,
  ...SWARM_ROUTES,
  ...PLUGIN_ROUTES,
  ...DISTRIBUTION_ROUTES,
  ...GRPC_ROUTES,
  ...NETWORK_ROUTES,
  ...DEBUG_ROUTES,
] as const satisfies readonly CatalogueRoute[];

/** Every catalogue route id, as a string literal union. */
export type RouteId = (typeof ROUTES)[number]['id'];

const BY_ID: ReadonlyMap<string, CatalogueRoute> = new Map(ROUTES.map((r) => [r.id, r]));

/**
 * The catalogue route with this id, or undefined.
 * @example
 * routeById('container.create')?.path; // '/containers/create'
 */
export function routeById(id: string): CatalogueRoute | undefined {
  return BY_ID.get(id);
}

/**
 * Type guard for catalogue ids (for policy files that name routes).
 * @example
 * isRouteId('exec.start'); // true
 */
export function isRouteId(id: string): id is RouteId {
  return BY_ID.has(id);
}
