// Fills a schema from a parsed JSON tree with Go's encoding/json semantics: case-folded field match, last
// key wins, objects merge into existing structs/maps, slices reuse their backing array, null resets only nillables.
import type { JsonNode } from './ast.js';
import { fieldTable, lookupField } from './fields.js';
import type { GoStruct, GoType } from './types.js';
import { GoSlice, newStruct, type Internal, type StructVal } from './values.js';

export type IssueKind =
  | 'fold-match'
  | 'fold-collision'
  | 'escaped-key'
  | 'duplicate-key'
  | 'merged-object'
  | 'stale-element'
  | 'duplicate-map-key'
  | 'unknown-field'
  | 'trailing-data'
  | 'invalid-utf8'
  | 'lone-surrogate'
  | 'legacy-placement';

/** Something Go accepts silently but a reader could misjudge; strict mode refuses them. */
export interface DecodeIssue {
  readonly kind: IssueKind;
  /** JSON path with Go field names, e.g. `HostConfig.Binds[0]`. */
  readonly path: string;
  readonly message: string;
  /** Byte offset in the body, when known. */
  readonly offset?: number;
}

export interface TypeErrorInfo {
  readonly message: string;
  readonly path: string;
  readonly offset: number;
}

export class DecodeContext {
  readonly issues: DecodeIssue[] = [];
  typeError: TypeErrorInfo | undefined;
  /** The Go struct being filled (Go's errorContext.Struct); the root's name until a nested struct is entered. */
  struct: string | undefined;
  constructor(readonly rootName: string, rootIsStruct = true) {
    this.struct = rootIsStruct ? rootName : undefined;
  }
  issue(kind: IssueKind, path: string, message: string, offset?: number): void {
    this.issues.push(offset === undefined ? { kind, path, message } : { kind, path, message, offset });
  }
  /**
   * Record Go's UnmarshalTypeError, worded as dockerd's Go prints it: the number's text only when a numeric
   * target could not hold it; "Go struct field <innermost struct>.<struct fields from the root>" (map keys and
   * indices are not part of Go's field stack), or "Go value" when no struct field is involved.
   */
  fail(node: JsonNode, type: GoType, path: string): void {
    if (this.typeError) return; // Go keeps the first UnmarshalTypeError and carries on
    const numeric = type.k === 'int' || type.k === 'uint' || type.k === 'float' || type.k === 'any';
    const what = node.t === 'num' ? (numeric ? `number ${node.raw}` : 'number') : node.t === 'obj' ? 'object' : node.t === 'arr' ? 'array' : node.t === 'str' ? 'string' : node.t === 'bool' ? 'bool' : 'null';
    const fields = goFieldStack(path);
    const where = fields && this.struct ? `Go struct field ${this.struct}.${fields}` : 'Go value';
    this.typeError = { message: `json: cannot unmarshal ${what} into ${where} of type ${goTypeName(type)}`, path, offset: node.at };
  }
}

/** The struct-field part of a decoder path, as Go's errorContext.FieldStack holds it: `Labels["a"]` → `Labels`. */
export function goFieldStack(path: string): string {
  return path.replace(/\["(?:[^"\\]|\\.)*"\]|\[\d+\]/g, '').replace(/^\.+|\.+$/g, '').replace(/\.{2,}/g, '.');
}

export function goTypeName(type: GoType): string {
  switch (type.k) {
    case 'int':
      return type.plain ? 'int' : `int${type.bits}`;
    case 'uint':
      return type.plain ? 'uint' : `uint${type.bits}`;
    case 'float':
      return `float${type.bits}`;
    case 'any':
      return 'interface {}';
    case 'strslice':
      return 'strslice.StrSlice';
    case 'slice':
      return `[]${goTypeName(type.elem)}`;
    case 'array':
      return `[${type.len}]${goTypeName(type.elem)}`;
    case 'map':
      return `map[string]${goTypeName(type.value)}`;
    case 'ptr':
      return `*${goTypeName(type.elem)}`;
    case 'struct':
      return type.name;
    default:
      return type.k;
  }
}

const join = (path: string, name: string): string => (path ? `${path}.${name}` : name);

const INT_LIMITS: Record<number, [bigint, bigint]> = {
  8: [-(2n ** 7n), 2n ** 7n - 1n],
  16: [-(2n ** 15n), 2n ** 15n - 1n],
  32: [-(2n ** 31n), 2n ** 31n - 1n],
  64: [-(2n ** 63n), 2n ** 63n - 1n],
};

function intValue(raw: string, signed: boolean, bits: number): number | bigint | undefined {
  if (!(signed ? /^-?\d+$/ : /^\d+$/).test(raw)) return undefined; // ParseInt/ParseUint: no fraction, exponent, or (uint) sign
  const n = BigInt(raw);
  const [lo, hi] = signed ? INT_LIMITS[bits]! : [0n, 2n ** BigInt(bits) - 1n];
  if (n < lo || n > hi) return undefined;
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

function floatValue(raw: string, bits: number): number | undefined {
  const n = Number(raw);
  if (!Number.isFinite(n)) return undefined;
  if (bits === 32 && Math.abs(n) > 3.4028234663852886e38) return undefined;
  return n;
}

/** A node as Go decodes it into interface{}: objects (last key wins), arrays, float64, strings, bools, nil. */
export function anyValue(node: JsonNode, ctx: DecodeContext, path: string): unknown {
  switch (node.t) {
    case 'obj': {
      const out = Object.create(null) as Record<string, unknown>;
      for (const m of node.members) out[m.key] = anyValue(m.value, ctx, `${path}.${m.key}`);
      return out;
    }
    case 'arr':
      return node.items.map((it, i) => anyValue(it, ctx, `${path}[${i}]`));
    case 'num': {
      const n = floatValue(node.raw, 64);
      if (n === undefined) ctx.fail(node, { k: 'float', bits: 64 }, path);
      return n ?? 0;
    }
    case 'null':
      return null;
    default:
      return node.v;
  }
}

/**
 * Decode `node` into a value of `type` whose current content is `existing` (Go decodes into existing values).
 * Returns the new internal value; `undefined` means nil / zero.
 */
export function decodeInto(type: GoType, node: JsonNode, existing: Internal, ctx: DecodeContext, path: string): Internal {
  if (node.t === 'null') {
    // StrSlice.UnmarshalJSON("null") runs json.Unmarshal("null", &p), which sets p to nil: nil as well.
    if (type.k === 'ptr' || type.k === 'slice' || type.k === 'map' || type.k === 'any' || type.k === 'strslice') return undefined;
    return existing;
  }
  switch (type.k) {
    case 'ptr':
      return decodeInto(type.elem, node, existing, ctx, path);
    case 'struct':
      if (node.t !== 'obj') {
        ctx.fail(node, type, path);
        return existing;
      }
      return decodeStruct(type, node, (existing as StructVal | undefined) ?? newStruct(), ctx, path);
    case 'map': {
      if (node.t !== 'obj') {
        ctx.fail(node, type, path);
        return existing;
      }
      const m = (existing as Map<string, Internal> | undefined) ?? new Map<string, Internal>();
      const seen = new Set<string>();
      for (const mem of node.members) {
        const p = `${path}[${JSON.stringify(mem.key)}]`;
        if (mem.escaped) ctx.issue('escaped-key', p, `map key ${JSON.stringify(mem.key)} is written with escapes`, mem.at);
        if (seen.has(mem.key)) ctx.issue('duplicate-map-key', p, `map key ${JSON.stringify(mem.key)} repeats; Go keeps the last`, mem.at);
        seen.add(mem.key);
        const v = decodeInto(type.value, mem.value, zeroInternal(type.value), ctx, p);
        m.set(mem.key, v === undefined ? null : v);
      }
      return m;
    }
    case 'slice': {
      if (node.t !== 'arr') {
        ctx.fail(node, type, path);
        return existing;
      }
      if (node.items.length === 0) return new GoSlice([], 0);
      const s = (existing as GoSlice | undefined) ?? new GoSlice([], 0);
      node.items.forEach((item, i) => {
        if (i >= s.backing.length) {
          const cap = Math.max(4, s.backing.length + Math.floor(s.backing.length / 2));
          const grown: Internal[] = s.backing.slice(0, s.len);
          while (grown.length < cap) grown.push(undefined);
          s.backing = grown;
        }
        if (i >= s.len) {
          if (s.backing[i] !== undefined) ctx.issue('stale-element', `${path}[${i}]`, 'element reuses a value left in the slice by an earlier array (Go keeps the backing array)', item.at);
          s.len = i + 1;
        }
        s.backing[i] = decodeInto(type.elem, item, s.backing[i], ctx, `${path}[${i}]`);
      });
      if (node.items.length < s.len) s.len = node.items.length;
      return s;
    }
    case 'array': {
      if (node.t !== 'arr') {
        ctx.fail(node, type, path);
        return existing;
      }
      const a = ((existing as Internal[] | undefined) ?? []).slice();
      for (let i = 0; i < type.len; i++) a[i] = i < node.items.length ? decodeInto(type.elem, node.items[i]!, a[i], ctx, `${path}[${i}]`) : undefined;
      return a;
    }
    case 'strslice':
      if (node.t === 'str') return [node.v];
      if (node.t === 'arr' && node.items.every((it) => it.t === 'str' || it.t === 'null')) return node.items.map((it) => (it.t === 'str' ? it.v : ''));
      ctx.fail(node, type, path);
      return existing;
    case 'string':
      if (node.t === 'str') return node.v;
      ctx.fail(node, type, path);
      return existing;
    case 'bool':
      if (node.t === 'bool') return node.v;
      ctx.fail(node, type, path);
      return existing;
    case 'int':
    case 'uint': {
      const v = node.t === 'num' ? intValue(node.raw, type.k === 'int', type.bits) : undefined;
      if (v === undefined) {
        ctx.fail(node, type, path);
        return existing;
      }
      return v;
    }
    case 'float': {
      const v = node.t === 'num' ? floatValue(node.raw, type.bits) : undefined;
      if (v === undefined) {
        ctx.fail(node, type, path);
        return existing;
      }
      return v;
    }
    case 'any':
      return anyValue(node, ctx, path);
  }
}

function zeroInternal(type: GoType): Internal {
  return type.k === 'struct' ? newStruct() : undefined;
}

function decodeStruct(type: GoStruct, node: Extract<JsonNode, { t: 'obj' }>, target: StructVal, ctx: DecodeContext, path: string): StructVal {
  const outer = ctx.struct;
  ctx.struct = type.name;
  try {
    return fillStruct(type, node, target, ctx, path);
  } finally {
    ctx.struct = outer;
  }
}

function fillStruct(type: GoStruct, node: Extract<JsonNode, { t: 'obj' }>, target: StructVal, ctx: DecodeContext, path: string): StructVal {
  const table = fieldTable(type);
  const seen = new Map<string, string>();
  for (const mem of node.members) {
    if (mem.escaped) ctx.issue('escaped-key', join(path, mem.key), `key ${JSON.stringify(mem.key)} is written with escapes`, mem.at);
    const hit = lookupField(table, mem.key);
    if (!hit) {
      if (!type.partial) ctx.issue('unknown-field', join(path, mem.key), `unknown field ${JSON.stringify(mem.key)} is ignored by dockerd`, mem.at);
      continue;
    }
    const fl = hit.field;
    const p = join(path, fl.json);
    if (!hit.exact) ctx.issue('fold-match', p, `key ${JSON.stringify(mem.key)} only matches field ${fl.json} by case folding`, mem.at);
    const prev = seen.get(fl.json);
    if (prev !== undefined) {
      if (prev === mem.key) ctx.issue('duplicate-key', p, `key ${JSON.stringify(mem.key)} repeats; Go keeps the last scalar and merges objects`, mem.at);
      else ctx.issue('fold-collision', p, `keys ${JSON.stringify(prev)} and ${JSON.stringify(mem.key)} both set field ${fl.json}`, mem.at);
    }
    seen.set(fl.json, mem.key);
    // Walk (and allocate, as Go does for nil embedded pointers) the embedded structs to the field's holder.
    let holder = target;
    for (const hop of fl.hops) {
      let inner = holder[hop.go] as StructVal | undefined;
      if (inner === undefined) {
        inner = newStruct();
        holder[hop.go] = inner;
      }
      holder = inner;
    }
    const before = holder[fl.leaf.go];
    if (before !== undefined && before !== null && (mem.value.t === 'obj' || mem.value.t === 'arr') && typeof before === 'object' && !Array.isArray(before)) {
      if (!(before instanceof GoSlice && before.len === 0)) ctx.issue('merged-object', p, `value is decoded into the existing ${fl.json} (Go merges, it does not replace)`, mem.at);
    }
    const v = decodeInto(fl.leaf.type, mem.value, before, ctx, p);
    if (v === undefined) delete holder[fl.leaf.go];
    else holder[fl.leaf.go] = v;
  }
  return target;
}
