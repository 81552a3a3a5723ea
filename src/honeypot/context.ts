// What every emulated endpoint receives: the matched route, the session, the body, and how to answer.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { goBoolValue } from '../core/docker-api/index.js';
import type { Analyse } from './analysis.js';
import type { TrapConfig } from './config.js';
import type { Responder } from './http/responder.js';
import type { EngineProfile } from './profile.js';
import type { TrapSession } from './sessions.js';

export interface TrapContext {
  readonly cfg: TrapConfig;
  readonly profile: EngineProfile;
  readonly session: TrapSession;
  readonly analyse: Analyse;
  readonly method: string;
  readonly routeId: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Every value of repeated query keys (`t=a&t=b`, `names=x&names=y`). */
  readonly queryAll: Readonly<Record<string, readonly string[]>>;
  /** API version the client asked for (path prefix), else the engine's. */
  readonly apiVersion: string;
  readonly headers: IncomingHttpHeaders;
  /** Buffered body (JSON routes), capped by limits.maxJsonBody. */
  readonly body: Buffer;
  /** Unbuffered body for tar uploads (archive), undefined on other routes. */
  readonly bodyStream: Readable | undefined;
  readonly res: Responder;
  readonly now: () => number;
}

export type Handler = (ctx: TrapContext) => void | Promise<void>;

/** Read a JSON object body; undefined when empty. Throws SyntaxError (answered as 400/500 like dockerd). */
export function jsonBody(ctx: TrapContext): Record<string, unknown> | undefined {
  if (ctx.body.length === 0) return undefined;
  const v: unknown = JSON.parse(ctx.body.toString('utf8'));
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Go's encoding/json matches keys case-insensitively: read a field the way dockerd would. */
export function field(obj: unknown, name: string): unknown {
  if (!obj || typeof obj !== 'object') return undefined;
  const o = obj as Record<string, unknown>;
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

/** A Go strslice: accepts a string or an array of strings. */
export function strList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/** httputils.BoolValue: anything but "", "0", "no", "false", "none" (trimmed, any case) is true. */
export function truthy(q: string | undefined): boolean {
  return q !== undefined && goBoolValue(q);
}

/** httputils.BoolValueOrDefault: `d` when the key is absent, BoolValue otherwise (present but empty is false). */
export function boolOr(q: string | undefined, d: boolean): boolean {
  return q === undefined ? d : goBoolValue(q);
}

/** Decoded Go structs may hold int64 as bigint: make them JSON-safe (number when exact, else string). */
export function jsonSafe<T>(v: T): T {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? (Number.isSafeInteger(Number(x)) ? Number(x) : x.toString()) : x))) as T;
}

/** dockerd's status for a body its decoder refused: JSON syntax errors are 500 in 20.10+, the rest 400. */
export function decodeErrorStatus(kind: string): number {
  return kind === 'syntax' || kind === 'eof' ? 500 : 400;
}
