import { describe, expect, it } from 'vitest';
import { decodeGo, unmarshalGo } from './api.js';
import { embed, f, t } from './types.js';
import { goEqualFold, goFold } from './fold.js';

const INNER = t.struct('Inner', [f('A', t.string), f('B', t.string)]);
const S = t.struct('S', [
  f('Privileged', t.bool), f('Binds', t.slice(t.string)), f('Links', t.slice(t.string)), f('Memory', t.int64), f('Shares', t.uint16),
  f('Inner', INNER), f('Ptr', t.ptr(INNER)), f('Items', t.slice(INNER)), f('Labels', t.map(t.string)), f('Cmd', t.strslice),
  f('Ratio', t.float64), f('Size', t.array(2, t.uint)), f('Any', t.any), f('CPUShares', t.int64, 'CpuShares'),
]);
const dec = (body: string, strict = false) => decodeGo(S, body, { strict });
const kinds = (body: string): string[] => dec(body).issues.map((i) => i.kind);

describe('Go field matching', () => {
  it('folds ASCII case and the two Unicode runes that fold to ASCII (lab-verified: Bind\u017f -> Binds)', () => {
    expect(goFold('bind\u017f')).toBe('BINDS');
    expect(goEqualFold('Links', 'lin\u212as')).toBe(true);
    expect(goEqualFold('Privileged', 'PRIVILEGED')).toBe(true);
    expect(goEqualFold('Privileged', 'Privileged\u0000')).toBe(false);
    expect(dec('{"bind\u017f":["/:/h"],"lin\u212a\u017f":["a:b"]}').value).toMatchObject({ Binds: ['/:/h'], Links: ['a:b'] });
  });
  it('uses json tag names, not Go names', () => {
    expect(dec('{"cpushares":5}').value).toEqual({ CpuShares: 5 });
    expect(dec('{"CPUShares":5}').value).toEqual({ CpuShares: 5 }); // folds equal to the tag name
    expect(kinds('{"CPUShares":5}')).toEqual(['fold-match']);
  });
  it('lets the last key win, whether exact or folded (lab: privileged/Privileged/PRIVILEGED -> last)', () => {
    expect(dec('{"Privileged":true,"privileged":false}').value).toEqual({ Privileged: false });
    expect(dec('{"privileged":true,"Privileged":false,"PRIVILEGED":true}').value).toEqual({ Privileged: true });
    expect(kinds('{"Privileged":true,"privileged":false}')).toEqual(['fold-match', 'fold-collision']);
    expect(kinds('{"Privileged":true,"Privileged":false}')).toEqual(['duplicate-key']);
  });
  it('ignores unknown fields but reports them', () => {
    expect(dec('{"Nope":{"Privileged":true}}').value).toEqual({});
    expect(kinds('{"Nope":1}')).toEqual(['unknown-field']);
  });
});

describe('Go value semantics', () => {
  it('merges a repeated object into the existing struct (lab: two Mounts arrays merge element 0)', () => {
    expect(dec('{"Inner":{"A":"a"},"Inner":{"B":"b"}}').value).toEqual({ Inner: { A: 'a', B: 'b' } });
    expect(dec('{"Ptr":{"A":"a"},"Ptr":{"B":"b"}}').value).toEqual({ Ptr: { A: 'a', B: 'b' } });
    expect(dec('{"Items":[{"A":"a"}],"Items":[{"B":"b"}]}').value).toEqual({ Items: [{ A: 'a', B: 'b' }] });
    expect(kinds('{"Inner":{"A":"a"},"Inner":{"B":"b"}}')).toContain('merged-object');
  });
  it('reuses the slice backing array (lab: Env ["A","B"],["x"],["y",null] stored ["y","B"])', () => {
    expect(dec('{"Binds":["A","B"],"Binds":["x"],"Binds":["y",null]}').value).toEqual({ Binds: ['y', 'B'] });
    expect(kinds('{"Binds":["A","B"],"Binds":["x"],"Binds":["y",null]}')).toContain('stale-element');
    expect(dec('{"Binds":["A","B"],"Binds":[],"Binds":["y",null]}').value).toEqual({ Binds: ['y', ''] });
  });
  it('merges repeated map objects and keeps exact map keys', () => {
    expect(dec('{"Labels":{"a":"1"},"Labels":{"A":"2"}}').value).toEqual({ Labels: { a: '1', A: '2' } });
    expect(dec('{"Labels":{"k":"1","k":"2"}}').value).toEqual({ Labels: { k: '2' } });
    expect(kinds('{"Labels":{"k":"1","k":"2"}}')).toEqual(['duplicate-map-key']);
    const proto = dec('{"Labels":{"__proto__":"x"}}').value as { Labels: Record<string, string> };
    expect(Object.keys(proto.Labels)).toEqual(['__proto__']);
  });
  it('null resets pointers, slices and maps but leaves scalars and structs', () => {
    expect(dec('{"Privileged":true,"Privileged":null}').value).toEqual({ Privileged: true });
    expect(dec('{"Binds":["a"],"Binds":null}').value).toEqual({});
    expect(dec('{"Ptr":{"A":"a"},"Ptr":null}').value).toEqual({});
    expect(dec('{"Inner":{"A":"a"},"Inner":null}').value).toEqual({ Inner: { A: 'a' } });
    expect(dec('{"Cmd":["a"],"Cmd":null}').value).toEqual({}); // lab: "CapAdd": null stored as null
  });
  it('reads StrSlice as a string or an array of strings', () => {
    expect(dec('{"Cmd":"echo hi"}').value).toEqual({ Cmd: ['echo hi'] });
    expect(dec('{"Cmd":["a",null]}').value).toEqual({ Cmd: ['a', ''] });
    expect(dec('{"Cmd":[1]}').error?.kind).toBe('type');
  });
  it('refuses numbers that ParseInt/ParseUint refuse (lab: Memory 1.5 -> error)', () => {
    expect(dec('{"Memory":1.5}').error?.kind).toBe('type');
    expect(dec('{"Memory":1e3}').error?.kind).toBe('type');
    expect(dec('{"Memory":9223372036854775808}').error?.kind).toBe('type');
    expect(dec('{"Memory":-9223372036854775808}').value).toEqual({ Memory: -(2n ** 63n) });
    expect(dec('{"Memory":-0}').value).toEqual({ Memory: 0 });
    expect(dec('{"Shares":-0}').error?.kind).toBe('type');
    expect(dec('{"Shares":65536}').error?.kind).toBe('type');
    expect(dec('{"Ratio":1e400}').error?.kind).toBe('type');
    expect(dec('{"Ratio":1e-400}').value).toEqual({ Ratio: 0 });
  });
  it('keeps decoding after a type error but reports the first one', () => {
    const r = dec('{"Memory":"1","Privileged":"x"}');
    expect(r.error?.message).toMatch(/string into Go struct field S.Memory of type int64/);
  });
  it('words type errors as dockerd 20.10 prints them (lab-verified)', () => {
    const msg = (body: string) => dec(body).error?.message;
    // The number's text only where a numeric target could not hold it.
    expect(msg('{"Privileged":1}')).toBe('json: cannot unmarshal number into Go struct field S.Privileged of type bool');
    expect(msg('{"Memory":1e99}')).toBe('json: cannot unmarshal number 1e99 into Go struct field S.Memory of type int64');
    // Map keys and indices are not in Go's field stack; the innermost struct names the error.
    expect(msg('{"Labels":{"a":1}}')).toBe('json: cannot unmarshal number into Go struct field S.Labels of type string');
    expect(msg('{"Items":[{"A":1}]}')).toBe('json: cannot unmarshal number into Go struct field Inner.Items.A of type string');
    expect(msg('{"Inner":{"B":true}}')).toBe('json: cannot unmarshal bool into Go struct field Inner.Inner.B of type string');
    // Go's platform-sized int is named `int`, not int64 (lab: StopTimeout, OomScoreAdj, MaximumRetryCount).
    expect(decodeGo(t.struct('C', [f('StopTimeout', t.ptr(t.int))]), '{"StopTimeout":"x"}').error?.message)
      .toBe('json: cannot unmarshal string into Go struct field C.StopTimeout of type int');
    // No struct at all: "Go value".
    expect(unmarshalGo(t.map(t.map(t.bool)), '{"a":{"b":1}}').error?.message).toBe('json: cannot unmarshal number into Go value of type bool');
    expect(unmarshalGo(t.map(t.map(t.bool)), '5').error?.message).toBe('json: cannot unmarshal number into Go value of type map[string]map[string]bool');
  });
  it('reads a whole document like json.Unmarshal: trailing data and short input are syntax errors', () => {
    const L = t.map(t.slice(t.string));
    expect(unmarshalGo(L, '{} x').error).toMatchObject({ kind: 'syntax', message: "invalid character 'x' after top-level value" });
    expect(unmarshalGo(L, '{}\u0001').error?.message).toBe("invalid character '\\x01' after top-level value");
    expect(unmarshalGo(L, '{}"').error?.message).toBe('invalid character \'"\' after top-level value');
    expect(unmarshalGo(L, '{} \n').error).toBeUndefined();
    expect(unmarshalGo(L, '{"a":').error?.message).toBe('unexpected end of JSON input');
    expect(unmarshalGo(L, '').error?.message).toBe('unexpected end of JSON input');
    // The Decoder, by contrast, stops after the first value, and says `unexpected EOF` for a value cut short.
    expect(decodeGo(L, '{} x').error).toBeUndefined();
    expect(decodeGo(L, '{"a":').error).toMatchObject({ kind: 'eof', message: 'unexpected EOF' });
    expect(decodeGo(L, '').error).toMatchObject({ kind: 'eof', message: 'EOF' });
  });
  it('fills fixed arrays: extra elements dropped, missing ones zeroed', () => {
    expect(dec('{"Size":[1,2,3]}').value).toEqual({ Size: [1, 2] });
    expect(dec('{"Size":[1,2],"Size":[7]}').value).toEqual({ Size: [7, 0] });
  });
  it('decodes interface{} with last-wins objects and float64 numbers', () => {
    expect(dec('{"Any":{"a":1,"a":{"b":[true,null]}}}').value).toEqual({ Any: { a: { b: [true, null] } } });
  });
  it('promotes embedded struct fields, allocating nil embedded pointers', () => {
    const R = t.struct('R', [f('Memory', t.int64)]);
    const H = t.struct('H', [f('Privileged', t.bool), embed('R', R)]);
    const W = t.struct('W', [embed('Cfg', t.ptr(t.struct('C', [f('Image', t.string)]))), f('Inner', t.ptr(H), 'HostConfig'), embed('H', t.ptr(H))]);
    expect(decodeGo(W, '{"image":"a","memory":5,"hostconfig":{"memory":6}}').value).toEqual({ Image: 'a', HostConfig: { Memory: 6 }, Memory: 5 });
  });
  it('drops same-depth duplicate names unless exactly one is tagged (Go dominance)', () => {
    const A = t.struct('A', [f('X', t.string)]);
    const B = t.struct('B', [f('X', t.string)]);
    expect(decodeGo(t.struct('W', [embed('A', A), embed('B', B)]), '{"X":"x"}').value).toEqual({});
    const C = t.struct('C', [f('Y', t.string, 'X')]);
    expect(decodeGo(t.struct('W', [embed('A', A), embed('C', C)]), '{"X":"x"}').value).toEqual({ X: 'x' });
  });
});

describe('strict mode', () => {
  it('refuses every ambiguity unless its kind is allowed', () => {
    expect(dec('{"privileged":true}', true).error?.kind).toBe('ambiguous');
    expect(decodeGo(S, '{"privileged":true}', { strict: true, allow: ['fold-match'] }).value).toEqual({ Privileged: true });
    expect(dec('{"Privileged":true} x', true).error?.message).toMatch(/trailing-data/);
    expect(dec('{"Binds":["\\ud800"]}', true).error?.message).toMatch(/lone-surrogate/);
    expect(decodeGo(S, new Uint8Array([0x7b, 0x22, 0x42, 0x69, 0x6e, 0x64, 0x73, 0x22, 0x3a, 0x5b, 0x22, 0xff, 0x22, 0x5d, 0x7d]), { strict: true }).error?.message).toMatch(/invalid-utf8/);
    expect(dec('{"Privileged":true}', true).value).toEqual({ Privileged: true });
    expect(kinds('{"Privil\\u0065ged":true,"Labels":{"\\u0061":"x"}}')).toEqual(['escaped-key', 'escaped-key']);
  });
});
