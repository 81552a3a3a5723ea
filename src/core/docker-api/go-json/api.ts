// The decoder's public face: bytes in, the value dockerd would hold plus every ambiguity noticed; strict
// mode turns ambiguities into an error the guard refuses, and errors map to catalogued PortcullisErrors.
import { PortcullisError } from '../../errors/index.js';
import { parseGoJson, parseGoJsonDocument, type JsonNode, type ParseNotes } from './ast.js';
import { DecodeContext, decodeInto, type DecodeIssue, type IssueKind } from './decode.js';
import type { GoType } from './types.js';
import { materialize, type Internal } from './values.js';

export interface DecodeOptions {
  /** Refuse (as an `ambiguous` error) any issue whose kind is not in `allow`. */
  readonly strict?: boolean;
  /** Issue kinds strict mode tolerates, e.g. `['unknown-field', 'fold-match']`. */
  readonly allow?: readonly IssueKind[];
}

export interface GoDecodeError {
  /** syntax/eof: the body is not JSON to Go; type: UnmarshalTypeError; ambiguous: strict mode refused issues; invalid: dockerd's own validation. */
  readonly kind: 'syntax' | 'eof' | 'type' | 'ambiguous' | 'invalid';
  readonly message: string;
  readonly path?: string;
  readonly offset?: number;
}

export interface GoDecodeResult<T> {
  /** What dockerd would hold; `undefined` when `error` is set. */
  readonly value: T | undefined;
  readonly issues: readonly DecodeIssue[];
  readonly error?: GoDecodeError;
}

/**
 * Bytes of a body given as bytes or as a JS string (encoded as UTF-8).
 *
 * @example
 * toBytes('{}'); // Uint8Array [123, 125]
 */
export function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

export interface RawDecode {
  readonly internal: Internal;
  readonly node: JsonNode;
  readonly ctx: DecodeContext;
  readonly notes: ParseNotes;
}

/** Parse + fill, returning the internal value so specs can post-process (e.g. the create wrapper). */
export function decodeRaw(type: GoType, body: Uint8Array | string, rootName: string): RawDecode | GoDecodeError {
  const parsed = parseGoJson(toBytes(body));
  if (!parsed.ok) return { kind: parsed.kind, message: parsed.message, offset: parsed.offset };
  const ctx = new DecodeContext(rootName, type.k === 'struct' || (type.k === 'ptr' && type.elem.k === 'struct'));
  for (const at of parsed.notes.invalidUtf8) ctx.issue('invalid-utf8', '', 'invalid UTF-8 byte replaced by U+FFFD', at);
  for (const at of parsed.notes.loneSurrogates) ctx.issue('lone-surrogate', '', 'unpaired surrogate escape replaced by U+FFFD', at);
  if (parsed.notes.trailingAt !== undefined) ctx.issue('trailing-data', '', 'data after the JSON value is ignored by dockerd', parsed.notes.trailingAt);
  const internal = decodeInto(type, parsed.node, undefined, ctx, '');
  return { internal, node: parsed.node, ctx, notes: parsed.notes };
}

/** Turn a finished decode into a result, applying strict mode. */
export function finish<T>(issues: readonly DecodeIssue[], value: T, ctx: DecodeContext | undefined, opts: DecodeOptions): GoDecodeResult<T> {
  if (ctx?.typeError) return { value: undefined, issues, error: { kind: 'type', ...ctx.typeError } };
  if (opts.strict) {
    const allow = new Set(opts.allow ?? []);
    const refused = issues.filter((i) => !allow.has(i.kind));
    if (refused.length > 0) {
      const first = refused[0]!;
      return {
        value: undefined,
        issues,
        error: { kind: 'ambiguous', message: `${refused.length} ambiguous construct(s); first: ${first.kind} at ${first.path || '(body)'}: ${first.message}`, path: first.path },
      };
    }
  }
  return { value, issues };
}

/**
 * Decode `body` into `type` exactly as Go's `json.NewDecoder(r).Decode(&v)` fills a fresh value.
 *
 * @example
 * const r = decodeGo(t.struct('X', [f('Privileged', t.bool)]), '{"privileged":true,"PRIVILEGED":false}');
 * // r.value => { Privileged: false }; r.issues kinds => ['fold-match', 'fold-match', 'fold-collision']
 */
export function decodeGo(type: GoType, body: Uint8Array | string, opts: DecodeOptions = {}): GoDecodeResult<unknown> {
  const raw = decodeRaw(type, body, type.k === 'struct' ? type.name : 'value');
  if ('kind' in raw) return { value: undefined, issues: [], error: raw };
  return finish(raw.ctx.issues, materialize(type, raw.internal), raw.ctx, opts);
}

/**
 * Decode `body` into `type` exactly as Go's `json.Unmarshal(body, &v)` fills a fresh value: unlike the
 * Decoder, data after the value is an error. dockerd reads query parameters (filters, buildargs) this way.
 *
 * @example
 * unmarshalGo(t.map(t.map(t.bool)), '[]').error?.message;
 * // 'json: cannot unmarshal array into Go value of type map[string]map[string]bool'
 */
export function unmarshalGo(type: GoType, body: Uint8Array | string): GoDecodeResult<unknown> {
  const parsed = parseGoJsonDocument(toBytes(body));
  if (!parsed.ok) return { value: undefined, issues: [], error: { kind: parsed.kind, message: parsed.message, offset: parsed.offset } };
  const ctx = new DecodeContext(type.k === 'struct' ? type.name : 'value', type.k === 'struct' || (type.k === 'ptr' && type.elem.k === 'struct'));
  const internal = decodeInto(type, parsed.node, undefined, ctx, '');
  return finish(ctx.issues, materialize(type, internal), ctx, {});
}

/**
 * The PortcullisError for a failed decode (syntax, type or ambiguity), for callers that throw.
 *
 * @example
 * const r = decodeGo(schema, body, { strict: true });
 * if (r.error) throw decodeErrorToPortcullis(r.error);
 */
export function decodeErrorToPortcullis(err: GoDecodeError): PortcullisError {
  const code = err.kind === 'type' || err.kind === 'invalid' ? 'PCL_ERR_API_JSON_TYPE' : err.kind === 'ambiguous' ? 'PCL_ERR_API_JSON_AMBIGUOUS' : 'PCL_ERR_API_JSON_SYNTAX';
  return new PortcullisError(code, `${err.message}; send a body dockerd reads unambiguously`, { details: { kind: err.kind, path: err.path, offset: err.offset } });
}
