// Contracts of the Docker Engine API core: the shapes every front end uses to read a request as dockerd
// reads it. Implementations live beside this file (routes/, normalize, match, go-json/, specs/, risk/).

/** How dangerous an endpoint is when reached unauthenticated. */
export type RiskClass = 'read' | 'data-read' | 'write' | 'exec' | 'privilege-relevant';

/** One endpoint of the Engine API reference. */
export interface RouteInfo {
  /** Stable id, `<area>.<operation>`, e.g. `container.create`, `exec.start`, `image.pull`. */
  readonly id: string;
  /** OPTIONS: dockerd answers every OPTIONS request (CORS pre-flight route `/{anyroute:.*}`). */
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';
  /** Path template without version prefix, e.g. `/containers/{id}/json`. */
  readonly path: string;
  /** Operation group used by policies: read, logs, exec, build, write, ... */
  readonly group: string;
  /** API versions where it exists (inclusive); undefined = no bound. */
  readonly minVersion?: string;
  readonly maxVersion?: string;
  readonly risk: RiskClass;
  /** Whether the JSON body must be decoded and judged before the request may pass. */
  readonly inspectBody: boolean;
  /** Whether query parameters carry effects that must be judged (build args, filters, ...). */
  readonly inspectQuery: boolean;
  /** The response hijacks the connection (attach, exec start, session, grpc). */
  readonly hijack?: boolean;
  /** The response streams without end (events, logs follow, stats, pull progress). */
  readonly streaming?: boolean;
  /** The body is not JSON (tar, multipart). */
  readonly bodyKind?: 'json' | 'tar' | 'none' | 'binary';
}

/** A request target as dockerd's router sees it. */
export interface NormalizedTarget {
  readonly method: string;
  /** Decoded, unversioned path, e.g. `/containers/abc/json`. */
  readonly path: string;
  /** API version from the `/vX.Y` prefix, if any. */
  readonly version?: string;
  /** Query parameters: the first value of each key (Go's Values.Get). */
  readonly query: Readonly<Record<string, string>>;
  /** Every value of each key, in order. */
  readonly queryAll: Readonly<Record<string, readonly string[]>>;
}

/** A normalised request matched to a catalogue route. */
export interface RouteMatch {
  readonly route: RouteInfo;
  /** Path parameters by name, decoded (`{id}`, `{name}`). */
  readonly params: Readonly<Record<string, string>>;
  readonly target: NormalizedTarget;
}
