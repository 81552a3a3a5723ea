// Internal value model of the Go decoder (structs keyed by Go field name, slices with their hidden backing
// array and capacity, maps as Map) and its conversion to plain JSON-shaped output keyed by JSON names.
import { fieldTable } from './fields.js';
import type { GoStruct, GoType } from './types.js';

/** A Go slice: what `reflect` sees, including elements past `len` that a later decode can resurrect. */
export class GoSlice {
  constructor(
    public backing: Internal[],
    public len: number,
  ) {}
}

export type StructVal = { [goName: string]: Internal };
export type Internal = string | boolean | number | bigint | null | undefined | GoSlice | Map<string, Internal> | StructVal | Internal[] | unknown;

export function newStruct(): StructVal {
  return Object.create(null) as StructVal;
}

/** The materialised zero value of a type (what Go would encode for it). */
export function zeroOut(type: GoType): unknown {
  switch (type.k) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
    case 'uint':
    case 'float':
      return 0;
    case 'struct':
      return {};
    case 'array':
      return Array.from({ length: type.len }, () => zeroOut(type.elem));
    default:
      return null;
  }
}

/**
 * Internal value -> plain output: structs become objects keyed by JSON name in Go field order (only fields
 * that were set), maps become null-prototype objects (attacker keys such as `__proto__` stay plain data).
 */
export function materialize(type: GoType, v: Internal): unknown {
  if (v === undefined) return zeroOut(type);
  switch (type.k) {
    case 'ptr':
      return materialize(type.elem, v);
    case 'struct':
      return materializeStruct(type, v as StructVal);
    case 'slice': {
      if (v === null) return null;
      const s = v as GoSlice;
      return s.backing.slice(0, s.len).map((e) => materialize(type.elem, e));
    }
    case 'array':
      return (v as Internal[]).map((e) => materialize(type.elem, e));
    case 'map': {
      if (v === null) return null;
      const out = Object.create(null) as Record<string, unknown>;
      for (const [k, e] of v as Map<string, Internal>) out[k] = e === null ? null : materialize(type.value, e);
      return out;
    }
    default:
      return v;
  }
}

function materializeStruct(type: GoStruct, v: StructVal): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const fl of fieldTable(type).list) {
    let holder: StructVal | undefined = v;
    for (const hop of fl.hops) holder = holder?.[hop.go] as StructVal | undefined;
    if (!holder) continue;
    const leaf = holder[fl.leaf.go];
    if (leaf === undefined) continue;
    out[fl.json] = materialize(fl.leaf.type, leaf);
  }
  return out;
}
