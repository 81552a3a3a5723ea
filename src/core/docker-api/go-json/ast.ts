// Parses JSON bytes into a tree exactly as Go's encoding/json scanner and string unquoting read them
// (Go 1.19, the toolchain of dockerd 20.10): byte-wise U+FFFD replacement, one value then trailing data ignored.
import { goQuoteChar as quoteChar } from './quote.js';

/** A parsed JSON node; strings are already unquoted the way Go unquotes them. */
export type JsonNode =
  | { readonly t: 'obj'; readonly members: readonly JsonMember[]; readonly at: number }
  | { readonly t: 'arr'; readonly items: readonly JsonNode[]; readonly at: number }
  | { readonly t: 'str'; readonly v: string; readonly at: number }
  | { readonly t: 'num'; readonly raw: string; readonly at: number }
  | { readonly t: 'bool'; readonly v: boolean; readonly at: number }
  | { readonly t: 'null'; readonly at: number };

export interface JsonMember {
  readonly key: string;
  /** The key was written with backslash escapes (e.g. `"Privil\u0065ged"`). */
  readonly escaped: boolean;
  readonly value: JsonNode;
  readonly at: number;
}

/** What the parser noticed that Go silently accepts. */
export interface ParseNotes {
  invalidUtf8: number[];
  loneSurrogates: number[];
  trailingAt?: number;
}

export type ParseOutcome =
  | { readonly ok: true; readonly node: JsonNode; readonly notes: ParseNotes }
  | { readonly ok: false; readonly kind: 'syntax' | 'eof'; readonly message: string; readonly offset: number };

/** Go's maxNestingDepth (encoding/json scanner). */
export const GO_MAX_DEPTH = 10000;

class SyntaxFail {
  constructor(readonly kind: 'syntax' | 'eof', readonly message: string, readonly offset: number) {}
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

interface Frame {
  kind: 'obj' | 'arr';
  at: number;
  members: JsonMember[];
  items: JsonNode[];
  key?: string;
  keyAt?: number;
  keyEscaped?: boolean;
}

/** Go's utf8.DecodeRune: returns [codePoint, size] or [-1, 1] for an invalid byte. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c0 = b[i]!;
  if (c0 < 0x80) return [c0, 1];
  const n = b.length - i;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => k < n && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c0 >= 0xc2 && c0 <= 0xdf) return cont(1) ? [((c0 & 0x1f) << 6) | (b[i + 1]! & 0x3f), 2] : [-1, 1];
  if (c0 >= 0xe0 && c0 <= 0xef) {
    const lo = c0 === 0xe0 ? 0xa0 : 0x80;
    const hi = c0 === 0xed ? 0x9f : 0xbf;
    if (!cont(1, lo, hi) || !cont(2)) return [-1, 1];
    return [((c0 & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f), 3];
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    const lo = c0 === 0xf0 ? 0x90 : 0x80;
    const hi = c0 === 0xf4 ? 0x8f : 0xbf;
    if (!cont(1, lo, hi) || !cont(2) || !cont(3)) return [-1, 1];
    return [((c0 & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f), 4];
  }
  return [-1, 1];
}

const hexVal = (c: number): number =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;

const SIMPLE_ESCAPES: Readonly<Record<number, string>> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };

class Parser {
  i = 0;
  readonly notes: ParseNotes = { invalidUtf8: [], loneSurrogates: [] };
  /** A zero-copy Buffer view, for fast latin1 slices of ASCII runs. */
  readonly buf: Buffer;
  /** Whether the last string read contained an escape. */
  lastEscaped = false;
  constructor(readonly b: Uint8Array) {
    this.buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }

  fail(msg: string): never {
    // json.Decoder's wording for a value cut short; parseGoJsonDocument gives json.Unmarshal's.
    if (this.i >= this.b.length) throw new SyntaxFail('eof', 'unexpected EOF', this.i);
    throw new SyntaxFail('syntax', msg, this.i);
  }
  skipWs(): void {
    while (this.i < this.b.length && isSpace(this.b[this.i]!)) this.i++;
  }
  peek(): number {
    if (this.i >= this.b.length) this.fail('');
    return this.b[this.i]!;
  }

  hex4(): number {
    let v = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.peek();
      const h = hexVal(c);
      if (h < 0) this.fail(`invalid character ${quoteChar(c)} in \\u hexadecimal character escape`);
      v = v * 16 + h;
      this.i++;
    }
    return v;
  }

  /** A string literal, unquoted as Go's unquoteBytes does. */
  str(): string {
    this.i++; // opening quote
    this.lastEscaped = false;
    const b = this.b;
    let out = '';
    let runStart = this.i;
    // Pure-ASCII runs are sliced in one go; escapes and non-ASCII bytes are handled one at a time.
    for (;;) {
      if (this.i >= b.length) this.fail('');
      const c = b[this.i]!;
      if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c) {
        this.i++;
        continue;
      }
      if (this.i > runStart) out += this.buf.toString('latin1', runStart, this.i);
      if (c === 0x22) {
        this.i++;
        return out;
      }
      if (c < 0x20) this.fail(`invalid character ${quoteChar(c)} in string literal`);
      if (c === 0x5c) {
        this.lastEscaped = true;
        out += this.escape();
      }
      else {
        const [cp, size] = decodeRune(b, this.i);
        if (cp < 0) {
          out += '\ufffd';
          this.notes.invalidUtf8.push(this.i);
        } else out += String.fromCodePoint(cp);
        this.i += size;
      }
      runStart = this.i;
    }
  }

  /** One backslash escape at `this.i`; surrogate escapes pair only with an immediately following low one. */
  escape(): string {
    const escAt = this.i;
    this.i++;
    const e = this.peek();
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      this.i++;
      return simple;
    }
    if (e !== 0x75) this.fail(`invalid character ${quoteChar(e)} in string escape code`);
    this.i++;
    const u = this.hex4();
    if (u >= 0xdc00 && u < 0xe000) {
      this.notes.loneSurrogates.push(escAt);
      return '\ufffd';
    }
    if (u < 0xd800 || u >= 0xdc00) return String.fromCharCode(u);
    const b = this.b;
    const at = this.i;
    if (b[at] === 0x5c && b[at + 1] === 0x75 && at + 6 <= b.length) {
      let lo = 0;
      let okHex = true;
      for (let k = 0; k < 4; k++) {
        const h = hexVal(b[at + 2 + k]!);
        if (h < 0) okHex = false;
        lo = lo * 16 + h;
      }
      if (okHex && lo >= 0xdc00 && lo < 0xe000) {
        this.i = at + 6;
        return String.fromCharCode(u, lo);
      }
    }
    this.notes.loneSurrogates.push(escAt);
    return '\ufffd';
  }

  digit(): boolean {
    const c = this.b[this.i];
    return c !== undefined && c >= 0x30 && c <= 0x39;
  }

  num(): JsonNode {
    const at = this.i;
    const b = this.b;
    if (b[this.i] === 0x2d) this.i++;
    if (!this.digit()) this.fail(`invalid character ${quoteChar(this.peek())} in numeric literal`);
    if (b[this.i] === 0x30) this.i++;
    else while (this.digit()) this.i++;
    if (b[this.i] === 0x2e) {
      this.i++;
      if (!this.digit()) this.fail(`invalid character ${quoteChar(this.peek())} after decimal point in numeric literal`);
      while (this.digit()) this.i++;
    }
    if (b[this.i] === 0x65 || b[this.i] === 0x45) {
      this.i++;
      if (b[this.i] === 0x2b || b[this.i] === 0x2d) this.i++;
      if (!this.digit()) this.fail(`invalid character ${quoteChar(this.peek())} in exponent of numeric literal`);
      while (this.digit()) this.i++;
    }
    return { t: 'num', raw: this.buf.toString('latin1', at, this.i), at };
  }

  literal(word: string, node: JsonNode): JsonNode {
    for (let k = 0; k < word.length; k++) {
      const c = this.peek();
      if (c !== word.charCodeAt(k)) this.fail(`invalid character ${quoteChar(c)} in literal ${word} (expecting '${word[k]}')`);
      this.i++;
    }
    return node;
  }

  /** One value, iteratively (no recursion, so deep nesting cannot overflow the JS stack). */
  value(): JsonNode {
    const stack: Frame[] = [];
    let result: JsonNode | undefined;
    for (;;) {
      // Parse a value start.
      this.skipWs();
      const at = this.i;
      const c = this.peek();
      let node: JsonNode | undefined;
      if (c === 0x7b || c === 0x5b) {
        if (stack.length >= GO_MAX_DEPTH) this.fail('exceeded max depth');
        this.i++;
        const frame: Frame = { kind: c === 0x7b ? 'obj' : 'arr', at, members: [], items: [] };
        this.skipWs();
        const close = this.peek();
        if ((frame.kind === 'obj' && close === 0x7d) || (frame.kind === 'arr' && close === 0x5d)) {
          this.i++;
          node = frame.kind === 'obj' ? { t: 'obj', members: [], at } : { t: 'arr', items: [], at };
        } else {
          stack.push(frame);
          if (frame.kind === 'obj') {
            this.readKey(frame);
            continue;
          }
          continue;
        }
      } else if (c === 0x22) node = { t: 'str', v: this.str(), at };
      else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) node = this.num();
      else if (c === 0x74) node = this.literal('true', { t: 'bool', v: true, at });
      else if (c === 0x66) node = this.literal('false', { t: 'bool', v: false, at });
      else if (c === 0x6e) node = this.literal('null', { t: 'null', at });
      else this.fail(`invalid character ${quoteChar(c)} looking for beginning of value`);
      // Attach the finished value and close containers as far as possible.
      for (;;) {
        const top = stack[stack.length - 1];
        if (!top) {
          result = node;
          break;
        }
        if (top.kind === 'obj') top.members.push({ key: top.key!, escaped: top.keyEscaped ?? false, value: node!, at: top.keyAt! });
        else top.items.push(node!);
        this.skipWs();
        const d = this.peek();
        if (d === 0x2c) {
          this.i++;
          if (top.kind === 'obj') this.readKey(top);
          break;
        }
        const want = top.kind === 'obj' ? 0x7d : 0x5d;
        if (d !== want) this.fail(`invalid character ${quoteChar(d)} after ${top.kind === 'obj' ? 'object key:value pair' : 'array element'}`);
        this.i++;
        stack.pop();
        node = top.kind === 'obj' ? { t: 'obj', members: top.members, at: top.at } : { t: 'arr', items: top.items, at: top.at };
      }
      if (result) return result;
    }
  }

  readKey(frame: Frame): void {
    this.skipWs();
    const c = this.peek();
    if (c !== 0x22) this.fail(`invalid character ${quoteChar(c)} looking for beginning of object key string`);
    frame.keyAt = this.i;
    frame.key = this.str();
    frame.keyEscaped = this.lastEscaped;
    this.skipWs();
    const d = this.peek();
    if (d !== 0x3a) this.fail(`invalid character ${quoteChar(d)} after object key`);
    this.i++;
  }
}

/**
 * Parse the first JSON value of `bytes` the way `json.NewDecoder(r).Decode` does: leading whitespace skipped,
 * the value checked and unquoted, anything after it left unread (reported in `notes.trailingAt`).
 *
 * @example
 * const r = parseGoJson(Buffer.from('{"a":"\\ud800"} junk'));
 * // r.ok === true, r.node.members[0].value.v === '\ufffd', r.notes.trailingAt === 15
 */
export function parseGoJson(bytes: Uint8Array): ParseOutcome {
  const p = new Parser(bytes);
  try {
    p.skipWs();
    if (p.i >= bytes.length) return { ok: false, kind: 'eof', message: 'EOF', offset: p.i };
    const node = p.value();
    const end = p.i;
    p.skipWs();
    if (p.i < bytes.length) p.notes.trailingAt = end;
    return { ok: true, node, notes: p.notes };
  } catch (e) {
    if (e instanceof SyntaxFail) return { ok: false, kind: e.kind, message: e.message, offset: e.offset };
    throw e;
  }
}

/**
 * Parse `bytes` the way `json.Unmarshal` does: the whole input is one document, so data after the value is a
 * syntax error and a short input is "unexpected end of JSON input" (never the Decoder's EOF).
 *
 * @example
 * const r = parseGoJsonDocument(Buffer.from('{} x'));
 * // r.ok === false, r.message === "invalid character 'x' after top-level value"
 */
export function parseGoJsonDocument(bytes: Uint8Array): ParseOutcome {
  const r = parseGoJson(bytes);
  if (!r.ok) return r.kind === 'eof' ? { ...r, message: 'unexpected end of JSON input' } : r;
  if (r.notes.trailingAt === undefined) return r;
  let i = r.notes.trailingAt;
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  return { ok: false, kind: 'syntax', message: `invalid character ${quoteChar(bytes[i]!)} after top-level value`, offset: i };
}
