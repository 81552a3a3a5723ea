// Go's typeFields for encoding/json: flattens embedded structs, applies the dominance rules (shallowest
// wins, then the tagged one, else both vanish) and keeps declaration order, computed once per struct.
import { goFold } from './fold.js';
import type { GoField, GoStruct, GoType } from './types.js';

/** One step through an embedded struct on the way to a promoted field. */
export interface EmbedHop {
  readonly go: string;
  readonly struct: GoStruct;
}

export interface FlatField {
  /** The JSON name Go matches and encodes. */
  readonly json: string;
  readonly folded: string;
  readonly hops: readonly EmbedHop[];
  readonly leaf: GoField;
  readonly index: readonly number[];
  readonly tagged: boolean;
}

export interface FieldTable {
  readonly list: readonly FlatField[];
  readonly exact: ReadonlyMap<string, FlatField>;
}

const CACHE = new WeakMap<GoStruct, FieldTable>();

function embeddedStruct(field: GoField): GoStruct | undefined {
  if (!field.embedded || field.tag) return undefined;
  const ty: GoType = field.type.k === 'ptr' ? field.type.elem : field.type;
  return ty.k === 'struct' ? ty : undefined;
}

function cmpIndex(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * The flattened, dominance-filtered field list of a struct, in Go's order (by index sequence).
 *
 * @example
 * const table = fieldTable(HOST_CONFIG); // table.exact.get('CpuShares')?.hops[0].go === 'Resources'
 */
export function fieldTable(root: GoStruct): FieldTable {
  const hit = CACHE.get(root);
  if (hit) return hit;
  const all: FlatField[] = [];
  let next: { s: GoStruct; index: number[]; hops: EmbedHop[] }[] = [{ s: root, index: [], hops: [] }];
  const visited = new Set<GoStruct>();
  while (next.length > 0) {
    const current = next;
    next = [];
    for (const cur of current) {
      if (visited.has(cur.s)) continue;
      visited.add(cur.s);
      cur.s.fields.forEach((field, i) => {
        if (field.tag === '-') return;
        const index = [...cur.index, i];
        const sub = embeddedStruct(field);
        if (sub) {
          next.push({ s: sub, index, hops: [...cur.hops, { go: field.go, struct: sub }] });
          return;
        }
        const json = field.tag ?? field.go;
        all.push({ json, folded: goFold(json), hops: cur.hops, leaf: field, index, tagged: field.tag !== undefined });
      });
    }
  }
  const byName = new Map<string, FlatField[]>();
  for (const fl of all) byName.set(fl.json, [...(byName.get(fl.json) ?? []), fl]);
  const kept: FlatField[] = [];
  for (const group of byName.values()) {
    const depth = Math.min(...group.map((g) => g.index.length));
    const shallow = group.filter((g) => g.index.length === depth);
    if (shallow.length === 1) kept.push(shallow[0]!);
    else {
      const tagged = shallow.filter((g) => g.tagged);
      if (tagged.length === 1) kept.push(tagged[0]!);
    }
  }
  kept.sort((a, b) => cmpIndex(a.index, b.index));
  const table: FieldTable = { list: kept, exact: new Map(kept.map((k) => [k.json, k])) };
  CACHE.set(root, table);
  return table;
}

/**
 * Go's field lookup: exact name first, else the first field (in order) whose name folds equal.
 *
 * @example
 * lookupField(fieldTable(HOST_CONFIG), 'privileged'); // { field: <Privileged>, exact: false }
 */
export function lookupField(table: FieldTable, key: string): { field: FlatField; exact: boolean } | undefined {
  const exact = table.exact.get(key);
  if (exact) return { field: exact, exact: true };
  const folded = goFold(key);
  const field = table.list.find((fl) => fl.folded === folded);
  return field ? { field, exact: false } : undefined;
}
