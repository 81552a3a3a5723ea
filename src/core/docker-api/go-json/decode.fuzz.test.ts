// Property tests of the decoder: it never throws on any input, and on plain ASCII JSON without repeated
// keys it agrees with JSON.parse (decoded into interface{}), with syntax acceptance identical too.
import { describe, expect, it } from 'vitest';
import { parseGoJson } from './ast.js';
import { decodeGo } from './api.js';
import { t } from './types.js';
import { CONTAINER_CREATE_WRAPPER } from '../specs/container-schemas.js';
import { decodeContainerCreate } from '../specs/container-create.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function genValue(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 3 ? 4 : 6));
  switch (k) {
    case 0:
      return Math.floor(r() * 2e6) - 1e6;
    case 1:
      return Array.from({ length: Math.floor(r() * 6) }, () => String.fromCharCode(32 + Math.floor(r() * 95))).join('');
    case 2:
      return r() < 0.5;
    case 3:
      return null;
    case 4:
      return Array.from({ length: Math.floor(r() * 4) }, () => genValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      const n = Math.floor(r() * 4);
      for (let i = 0; i < n; i++) o[`k${Math.floor(r() * 20)}`] = genValue(r, depth + 1);
      return o;
    }
  }
}

describe('go-json properties', () => {
  it('agrees with JSON.parse on plain ASCII JSON without repeated keys (2000 seeded documents)', () => {
    const r = rng(7);
    for (let i = 0; i < 2000; i++) {
      const v = genValue(r, 0);
      const text = JSON.stringify(v, null, r() < 0.3 ? 1 : undefined);
      const got = decodeGo(t.any, text);
      expect(got.error).toBeUndefined();
      expect(JSON.parse(JSON.stringify(got.value))).toEqual(JSON.parse(text));
    }
  });

  it('never throws, and accepts exactly what JSON.parse accepts on mutated ASCII input (3000 mutations)', () => {
    const r = rng(11);
    const alphabet = '{}[],:"\\ tfn0123456789.-eE+xu';
    for (let i = 0; i < 3000; i++) {
      let text = JSON.stringify(genValue(r, 0));
      const edits = 1 + Math.floor(r() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(r() * (text.length + 1));
        const op = r();
        if (op < 0.4) text = text.slice(0, at) + text.slice(at + 1);
        else text = text.slice(0, at) + alphabet[Math.floor(r() * alphabet.length)]! + text.slice(at);
      }
      let jsOk = true;
      try {
        JSON.parse(text);
      } catch {
        jsOk = false;
      }
      const parsed = parseGoJson(new TextEncoder().encode(text));
      // Go's Decoder reads one value and ignores the rest; JSON.parse insists on exactly one value.
      const goOk = parsed.ok && parsed.notes.trailingAt === undefined;
      expect(goOk, text).toBe(jsOk);
      expect(() => decodeContainerCreate(text)).not.toThrow();
      expect(() => decodeGo(CONTAINER_CREATE_WRAPPER, text, { strict: true })).not.toThrow();
    }
  });

  it('never throws on random bytes', () => {
    const r = rng(13);
    for (let i = 0; i < 2000; i++) {
      const b = Uint8Array.from({ length: Math.floor(r() * 64) }, () => (r() < 0.5 ? '{}[]":,'.charCodeAt(Math.floor(r() * 7)) : Math.floor(r() * 256)));
      expect(() => decodeContainerCreate(b)).not.toThrow();
    }
  });
});
