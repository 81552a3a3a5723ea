import { describe, expect, it } from 'vitest';
import { parseGoJson, GO_MAX_DEPTH, type JsonNode } from './ast.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));
const str = (b: Uint8Array): string => {
  const r = parseGoJson(b);
  if (!r.ok || r.node.t !== 'str') throw new Error(`not a string: ${JSON.stringify(r)}`);
  return r.node.v;
};

describe('parseGoJson: Go scanner and unquote rules', () => {
  it('replaces each invalid UTF-8 byte with U+FFFD (lab: "a\\xe2\\x82b" stored as a\ufffd\ufffdb)', () => {
    expect(str(bytes('"a', [0xe2, 0x82], 'b"'))).toBe('a\ufffd\ufffdb');
    expect(str(bytes('"', [0xff], '"'))).toBe('\ufffd');
    expect(str(bytes('"', [0xed, 0xa0, 0x80], '"'))).toBe('\ufffd\ufffd\ufffd'); // UTF-8-encoded surrogate is invalid in Go
    expect(str(bytes('"', [0xc0, 0xaf], '"'))).toBe('\ufffd\ufffd'); // overlong
  });
  it('keeps valid multi-byte UTF-8 and pairs surrogate escapes', () => {
    expect(str(bytes('"\u017f\u212a\ud83d\ude00"'))).toBe('\u017f\u212a\ud83d\ude00');
    expect(str(bytes('"\\ud83d\\ude00"'))).toBe('\ud83d\ude00');
  });
  it('turns lone surrogate escapes into U+FFFD (lab: "a\\ud800b\\udc00" stored as a\ufffdb\ufffd)', () => {
    expect(str(bytes('"a\\ud800b\\udc00"'))).toBe('a\ufffdb\ufffd');
    expect(str(bytes('"\\ud800\\u0041"'))).toBe('\ufffdA');
    const r = parseGoJson(bytes('"\\udc00"'));
    expect(r.ok && r.notes.loneSurrogates).toEqual([1]);
  });
  it('ignores data after the first value and reports where it starts', () => {
    const r = parseGoJson(bytes('{"a":1} garbage'));
    expect(r.ok).toBe(true);
    expect(r.ok && r.notes.trailingAt).toBe(7);
    const clean = parseGoJson(bytes('{"a":1} \n'));
    expect(clean.ok && clean.notes.trailingAt).toBeUndefined();
  });
  it('rejects what Go rejects', () => {
    for (const bad of ['', '   ', '{', '{"a":}', '{"a":1,}', '[1,]', '[01]', '+1', '.5', '1.', '1e', '-', 'tru', 'nul', "'a'", '"\\x"', '"a\tb"', '\ufeff{}', '{"a" 1}', 'NaN', 'Infinity']) {
      expect(parseGoJson(bytes(bad)).ok, bad).toBe(false);
    }
    const eof = parseGoJson(bytes(''));
    expect(eof.ok === false && eof.kind).toBe('eof');
    // At the top level the Decoder stops after the value: "01" is 0 followed by ignored data.
    const top = parseGoJson(bytes('01'));
    expect(top.ok && top.notes.trailingAt).toBe(1);
  });
  it('accepts what Go accepts, keeping number text exactly', () => {
    const r = parseGoJson(bytes('[-0, 1e400, 0.5E-3, 123456789012345678901234567890]'));
    expect(r.ok && r.node.t === 'arr' && r.node.items.map((i: JsonNode) => (i.t === 'num' ? i.raw : ''))).toEqual(['-0', '1e400', '0.5E-3', '123456789012345678901234567890']);
  });
  it('keeps repeated keys in order (the decoder decides who wins)', () => {
    const r = parseGoJson(bytes('{"a":1,"a":2}'));
    expect(r.ok && r.node.t === 'obj' && r.node.members.map((m) => m.key)).toEqual(['a', 'a']);
  });
  it('limits nesting like Go (exceeded max depth) without overflowing the JS stack', () => {
    const deep = '['.repeat(GO_MAX_DEPTH + 1) + ']'.repeat(GO_MAX_DEPTH + 1);
    const r = parseGoJson(bytes(deep));
    expect(r.ok === false && r.message).toBe('exceeded max depth');
    const ok = '['.repeat(GO_MAX_DEPTH) + ']'.repeat(GO_MAX_DEPTH);
    expect(parseGoJson(bytes(ok)).ok).toBe(true);
  });
});
