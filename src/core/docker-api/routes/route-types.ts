// The catalogue's own route shape: RouteInfo plus what is needed to match a path exactly as dockerd's
// gorilla/mux router does (parameter patterns, unversioned-only and any-method registrations).
import type { RouteInfo } from '../types.js';

/** Pattern of a path parameter, as written in dockerd's route table (`{name:.*}`); default `[^/]+`. */
export type ParamPattern = '.*' | '.+' | '[^/]+';

/** One catalogue entry: a RouteInfo with matching details. Assignable to RouteInfo. */
export interface CatalogueRoute extends RouteInfo {
  /** Swagger operationId when the route is in the Engine API reference; absent for undocumented routes. */
  readonly operationId?: string;
  /**
   * Parameter patterns that differ from gorilla/mux's default `[^/]+`. `.*` parameters may hold `/` and
   * may be empty: dockerd registers most container, image, volume and plugin routes that way.
   */
  readonly params?: Readonly<Record<string, ParamPattern>>;
  /** Registered only without the `/vX.Y` prefix (the debug routes). */
  readonly unversioned?: boolean;
  /** Registered without a method matcher: any method reaches it (the debug routes). */
  readonly anyMethod?: boolean;
  /** Experimental: registered always, answers 501 unless dockerd runs with --experimental. */
  readonly experimental?: boolean;
  /** Short note for docs/ROUTES.md (quirks, deprecations). */
  readonly note?: string;
}
