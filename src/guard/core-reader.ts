// The ApiReader backed by src/core/docker-api: dockerd's own target normalisation and route table, and the
// Go-compatible decoders in strict mode (ambiguity = deny). Only unknown fields are tolerated: dockerd
// ignores them and the canonical re-encoding drops them, so what is forwarded is exactly what was judged.
import type { RouteInfo } from '../core/docker-api/types.js';
import {
  BODY_TYPES, decodeContainerCreate, decodeContainerStartLegacy, decodeContainerUpdate, decodeExecCreate, decodeGo, decodeVolumeCreate,
  encodeCanonical, f, formBodyOverridesQuery, matchRoute, t, tryNormalizeTarget, type GoDecodeResult, type GoStruct,
} from '../core/docker-api/index.js';
import type { ApiReader, DecodeResult, ReadResult } from './api-reader.js';

const STRICT = { strict: true, allow: ['unknown-field'] } as const;

const EXEC_START = t.struct('ExecStartCheck', [f('Detach', t.bool), f('Tty', t.bool), f('ConsoleSize', t.ptr(t.array(2, t.uint)))]);

function fromGo(r: GoDecodeResult<unknown>, map: (v: unknown) => unknown = (v) => v): DecodeResult {
  if (r.error) return { ok: false, reason: `${r.error.kind}: ${r.error.message}; send a body dockerd reads unambiguously`, ...(r.error.path ? { field: r.error.path } : {}) };
  return { ok: true, value: map(r.value) };
}

/** Routes whose body is decoded into the engine's own struct and forwarded re-encoded. */
const DECODERS: Readonly<Record<string, (b: Buffer, v: string) => DecodeResult>> = {
  'container.create': (b, v) => fromGo(decodeContainerCreate(b, { ...STRICT, apiVersion: v }), (spec) => {
    // Back to the wire shape dockerd reads: Config fields at the top, HostConfig and NetworkingConfig beside.
    const s = spec as { Config?: Record<string, unknown>; HostConfig?: unknown; NetworkingConfig?: unknown };
    return { ...(s.Config ?? {}), ...(s.HostConfig !== undefined ? { HostConfig: s.HostConfig } : {}),
      ...(s.NetworkingConfig !== undefined ? { NetworkingConfig: s.NetworkingConfig } : {}) };
  }),
  'container.update': (b, v) => fromGo(decodeContainerUpdate(b, { ...STRICT, apiVersion: v })),
  'container.start': (b, v) => fromGo(decodeContainerStartLegacy(b, { ...STRICT, apiVersion: v })),
  'exec.create': (b) => fromGo(decodeExecCreate(b, STRICT)),
  'exec.start': (b) => fromGo(decodeGo(EXEC_START, b, STRICT)),
  'volume.create': (b) => fromGo(decodeVolumeCreate(b, STRICT)),
  // dockerd reads these into its structs (case-insensitive keys): refuse what it would read differently from the
  // exact keys (the Container is scope-checked), then forward every field re-encoded as sent.
  'network.create': (b) => typedThenAny(BODY_TYPES.networkCreate, b),
  'network.connect': (b) => typedThenAny(BODY_TYPES.networkConnect, b),
  'network.disconnect': (b) => typedThenAny(BODY_TYPES.networkDisconnect, b),
};

function typedThenAny(type: GoStruct, b: Buffer): DecodeResult {
  const typed = fromGo(decodeGo(type, b, STRICT));
  return typed.ok ? fromGo(decodeGo(t.any, b, { strict: true })) : typed;
}

/** Reads remembered per exact method and target (polling clients repeat the same few); bounded, then reset. */
const READ_CACHE_MAX = 1024;
const READ_CACHE_TARGET_MAX = 512;

export function createCoreReader(opts: { engineVersion?: string } = {}): ApiReader {
  const matchOpts = opts.engineVersion ? { engineVersion: opts.engineVersion } : {};
  // A read is a pure function of (method, raw target): the frozen result is shared by every identical request.
  const cache = new Map<string, ReadResult>();
  const readUncached = (method: string, rawTarget: string): ReadResult => {
    const n = tryNormalizeTarget(method, rawTarget);
    if (!n.ok) return { ok: false, ruleId: 'request.target', reason: `${n.rejection.reason}: ${n.rejection.message}`, status: 400 };
    const match = matchRoute(n.target, matchOpts);
    if (!match) return { ok: false, ruleId: 'request.route', reason: `${method} ${n.target.path} is not a known Engine API route`, status: 404 };
    return { ok: true, match };
  };
  return {
    read(method, rawTarget): ReadResult {
      if (rawTarget.length > READ_CACHE_TARGET_MAX) return readUncached(method, rawTarget);
      const key = `${method} ${rawTarget}`;
      let r = cache.get(key);
      if (r === undefined) {
        r = readUncached(method, rawTarget);
        if (r.ok) { deepFreeze(r.match.target); deepFreeze(r.match.params); }
        Object.freeze(r);
        if (cache.size >= READ_CACHE_MAX) cache.clear();
        cache.set(key, r);
      }
      return r;
    },
    decode(route: RouteInfo, body: Buffer, apiVersion: string): DecodeResult {
      const d = DECODERS[route.id];
      if (d) return d(body, apiVersion);
      // No typed struct for this route: the body must still be one unambiguous JSON value (no repeated keys,
      // no trailing data, valid UTF-8); it is then forwarded re-encoded.
      return fromGo(decodeGo(t.any, body, { strict: true }));
    },
    encode(value: unknown): Buffer {
      return Buffer.from(encodeCanonical(value), 'utf8');
    },
  };
}

export { formBodyOverridesQuery };

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}
