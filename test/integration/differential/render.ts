// Renders generated request bodies to raw bytes with the tricks a filter must survive: key case and Unicode
// fold variants, escaped keys and strings, repeated keys, invalid UTF-8, whitespace and trailing data.

/** A seeded PRNG (mulberry32) so every run generates the same cases. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let x = this.s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  subset<T>(xs: readonly T[]): T[] {
    return xs.filter(() => this.chance(0.4));
  }
}

/** A raw JSON token written as is (numbers such as 1.5, -0, 1e3). */
export class Raw {
  constructor(readonly text: string) {}
}
/** Bytes spliced into a string literal (e.g. invalid UTF-8). */
export class Bytes {
  constructor(readonly before: string, readonly bytes: readonly number[], readonly after: string) {}
}
/** An object with ordered (possibly repeated) entries. */
export class Obj {
  constructor(readonly entries: [string, Val][]) {}
}
export type Val = string | number | boolean | null | Raw | Bytes | Obj | Val[];

export interface Style {
  /** Probability a key is spelled differently (case, fold runes, escapes). */
  readonly mangle: number;
  /** Probability a string character is written as a \u escape. */
  readonly escape: number;
  readonly pretty: boolean;
}

const enc = new TextEncoder();

function escapeString(s: string, rng: Rng, p: number): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c < 0x20) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else if (c < 0x10000 && rng.chance(p)) out += `\\u${c.toString(16).padStart(4, rng.chance(0.5) ? '0' : '0').toUpperCase()}`;
    else if (ch === '/' && rng.chance(p)) out += '\\/';
    else out += ch;
  }
  return out;
}

/** A different spelling of key `k` that Go still matches to the same field. */
export function mangleKey(k: string, rng: Rng): string {
  switch (rng.int(5)) {
    case 0:
      return k.toLowerCase();
    case 1:
      return k.toUpperCase();
    case 2:
      return [...k].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
    case 3: {
      const folded = k.replace(/s/gi, (m) => (rng.chance(0.7) ? '\u017f' : m)).replace(/k/gi, (m) => (rng.chance(0.7) ? '\u212a' : m));
      return folded === k ? k.toLowerCase() : folded;
    }
    default:
      return k.replace(/[a-z]/i, (m) => (m === m.toUpperCase() ? m.toLowerCase() : m.toUpperCase()));
  }
}

export function render(v: Val, rng: Rng, style: Style, depth = 0): string {
  const nl = style.pretty ? `\n${'  '.repeat(depth + 1)}` : '';
  const end = style.pretty ? `\n${'  '.repeat(depth)}` : '';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `"${escapeString(v, rng, style.escape)}"`;
  if (v instanceof Raw) return v.text;
  if (v instanceof Bytes) return `"${escapeString(v.before, rng, 0)}\u0000BYTES${v.bytes.join(',')}\u0000${escapeString(v.after, rng, 0)}"`;
  if (Array.isArray(v)) return `[${v.map((x) => nl + render(x, rng, style, depth + 1)).join(',')}${v.length ? end : ''}]`;
  const parts = v.entries.map(([k, x]) => {
    const key = rng.chance(style.mangle) ? mangleKey(k, rng) : k;
    return `${nl}"${escapeString(key, rng, style.escape)}":${style.pretty ? ' ' : ''}${render(x, rng, style, depth + 1)}`;
  });
  return `{${parts.join(',')}${parts.length ? end : ''}}`;
}

/** Render to bytes, splicing raw byte runs where `Bytes` values asked for them. */
export function toBody(text: string): Uint8Array {
  const out: number[] = [];
  const re = /\u0000BYTES([\d,]+)\u0000/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(...enc.encode(text.slice(last, m.index)), ...m[1]!.split(',').map(Number));
    last = m.index + m[0].length;
  }
  out.push(...enc.encode(text.slice(last)));
  return Uint8Array.from(out);
}
