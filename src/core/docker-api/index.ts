// Public entry of the Docker Engine API core: route catalogue, target normalisation, route matching,
// API versions (and, from other modules, Go-compatible JSON, specs and risk analysis).
export type { RiskClass, RouteInfo, NormalizedTarget, RouteMatch } from './types.js';
export { ROUTES, routeById, isRouteId, type RouteId, type CatalogueRoute, type ParamPattern } from './routes/index.js';
export {
  normalizeTarget, tryNormalizeTarget, formBodyOverridesQuery,
  type NormalizeOptions, type NormalizeResult, type PathRejection, type PathRejectReason, type DockerdOutcome,
} from './normalize.js';
export { formatTarget, goQueryEscape, type FormatOptions } from './normalize-format.js';
export { compileMatcher, matchRoute, type RouteMatcher, type MatcherOptions } from './match.js';
export { compareApiVersions, isCanonicalApiVersion, routeExistsIn, apiVersionInRange } from './versions.js';
export * from './go-json/index.js';
export * from './filters.js';
export * from './go-strconv.js';
export * from './signals.js';
export * from './object-names.js';
export * from './platforms.js';
export * from './commit-changes.js';
export * from './create-settings.js';
export * from './detach-keys.js';
export * from './request-bodies.js';
export * from './specs/index.js';
export * from './risk/index.js';
