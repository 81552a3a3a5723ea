// Lenient readers for decoded request bodies and inspect answers: the policy checks walk untyped JSON and take a
// missing or mistyped value as empty, once here rather than in every check module.

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Obj => (isObj(v) ? v : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** Numbers as the Go decoder hands them (number or bigint); anything else is 0. */
export const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);
