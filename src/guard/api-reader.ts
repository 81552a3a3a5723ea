// The guard's narrow view of the Docker API core: read a request target into a route match, decode a JSON
// body the Go way, re-encode it canonically. Wired to src/core/docker-api in core-reader.ts.
import type { RouteInfo, RouteMatch } from '../core/docker-api/types.js';

export type ReadResult =
  | { readonly ok: true; readonly match: RouteMatch }
  | { readonly ok: false; readonly ruleId: string; readonly reason: string; readonly status: number };

export type DecodeResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string; readonly field?: string };

export interface ApiReader {
  /** Normalise and match a request target; unknown routes, odd targets and unknown versions fail. */
  read(method: string, rawTarget: string): ReadResult;
  /** Decode a JSON body of `route` strictly (ambiguity = failure), as dockerd at `apiVersion` would. */
  decode(route: RouteInfo, body: Buffer, apiVersion: string): DecodeResult;
  /** The canonical bytes of a decoded value (what is forwarded). */
  encode(value: unknown): Buffer;
}
