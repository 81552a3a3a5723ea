// A small schema DSL describing Go types as encoding/json sees them, so dockerd's structs can be written
// down as data (field names, json tags, embedding, pointers) and filled by the Go-compatible decoder.

export type GoType =
  | { readonly k: 'string' }
  | { readonly k: 'bool' }
  /** `plain`: Go's platform-sized `int`/`uint` (64 bits here), named so in errors. */
  | { readonly k: 'int'; readonly bits: 8 | 16 | 32 | 64; readonly plain?: boolean }
  | { readonly k: 'uint'; readonly bits: 8 | 16 | 32 | 64; readonly plain?: boolean }
  | { readonly k: 'float'; readonly bits: 32 | 64 }
  | { readonly k: 'any' }
  | { readonly k: 'strslice' }
  | { readonly k: 'slice'; readonly elem: GoType }
  | { readonly k: 'array'; readonly len: number; readonly elem: GoType }
  | { readonly k: 'map'; readonly value: GoType }
  | { readonly k: 'ptr'; readonly elem: GoType }
  | GoStruct;

export interface GoStruct {
  readonly k: 'struct';
  readonly name: string;
  readonly fields: readonly GoField[];
  /** Only the security-relevant subset of the Go struct is modelled: unknown keys are not reported. */
  readonly partial?: boolean;
}

export interface GoField {
  /** The Go field name (used for embedded structs and internal storage). */
  readonly go: string;
  /** The name from the json tag, if the tag names one. */
  readonly tag?: string;
  readonly type: GoType;
  /** An anonymous (embedded) field; struct or pointer-to-struct without a tag name is flattened. */
  readonly embedded?: boolean;
}

/**
 * Constructors for the DSL.
 *
 * @example
 * const RESTART = t.struct('RestartPolicy', [f('Name', t.string), f('MaximumRetryCount', t.int)]);
 */
export const t = {
  string: { k: 'string' } as GoType,
  bool: { k: 'bool' } as GoType,
  int: { k: 'int', bits: 64, plain: true } as GoType,
  int64: { k: 'int', bits: 64 } as GoType,
  int32: { k: 'int', bits: 32 } as GoType,
  uint: { k: 'uint', bits: 64, plain: true } as GoType,
  uint16: { k: 'uint', bits: 16 } as GoType,
  uint32: { k: 'uint', bits: 32 } as GoType,
  uint64: { k: 'uint', bits: 64 } as GoType,
  float64: { k: 'float', bits: 64 } as GoType,
  any: { k: 'any' } as GoType,
  /** docker's strslice.StrSlice: a string or an array of strings (its own UnmarshalJSON); `null` gives nil. */
  strslice: { k: 'strslice' } as GoType,
  slice: (elem: GoType): GoType => ({ k: 'slice', elem }),
  array: (len: number, elem: GoType): GoType => ({ k: 'array', len, elem }),
  map: (value: GoType): GoType => ({ k: 'map', value }),
  ptr: (elem: GoType): GoType => ({ k: 'ptr', elem }),
  struct: (name: string, fields: readonly GoField[]): GoStruct => ({ k: 'struct', name, fields }),
  partial: (name: string, fields: readonly GoField[]): GoStruct => ({ k: 'struct', name, fields, partial: true }),
};

/**
 * A field `go` with an optional json tag name.
 *
 * @example
 * f('CPUShares', t.int64, 'CpuShares'); // Go name CPUShares, JSON name CpuShares
 */
export function f(go: string, type: GoType, tag?: string): GoField {
  return tag === undefined ? { go, type } : { go, type, tag };
}

/**
 * An embedded struct (or pointer to struct) whose fields are promoted.
 *
 * @example
 * t.struct('HostConfig', [f('Privileged', t.bool), embed('Resources', RESOURCES)]);
 */
export function embed(go: string, type: GoType): GoField {
  return { go, type, embedded: true };
}
