// Property test of normalize + match over random odd targets (seeded, reproducible): never a foreign
// exception, idempotent on its own output, redirects land on clean paths, params rebuild the path.
import { describe, expect, it } from 'vitest';
import { isPortcullisError } from '../errors/index.js';
import { matchRoute } from './match.js';
import { normalizeTarget, tryNormalizeTarget } from './normalize.js';
import { goEscapePath } from './normalize-go.js';
import { formatTarget } from './normalize-format.js';
import { ROUTES } from './routes/index.js';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['/', '/', '/', '//', '.', '..', '%2e', '%2E', '%2f', '%2F', '%25', '%', '%zz', '%4', '?', '&', '=', ';', '#', '+',
  ' ', '\t', 'v1.41', 'v1.41.0', 'v2', 'v', 'containers', 'json', 'images', 'exec', 'start', 'create', 'networks', 'volumes',
  '_ping', 'debug', 'vars', 'a', 'é', '%C3%A9', '%ff', '%00', '%0A', 'http://x', 'HTTP://h:1', '*', '__proto__', 'constructor',
  'checkpoints', 'archive', 'attach', 'ws', '{id}', '%7B', '?a=1&a=2', '?x=%20+%2B', '&b=%C3%A9', '?=&=x'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'get', 'PATCH', 'G T', ''];
const ITERATIONS = 20_000;

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)] as T;
}

function fromTemplate(rnd: () => number): string {
  const r = pick(rnd, ROUTES);
  return r.path.replace(/\{[^}]+\}/g, () => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(rnd, PIECES)).join(''));
}

describe('normalize + match (fuzz)', () => {
  it('never throws a foreign error and is idempotent on its own output', () => {
    const rnd = mulberry32(0x5eed);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < ITERATIONS; i++) {
      const base = rnd() < 0.5 ? fromTemplate(rnd) : Array.from({ length: Math.floor(rnd() * 8) }, () => pick(rnd, PIECES)).join('');
      const target = (rnd() < 0.3 ? '/v1.41' : '') + base;
      const method = pick(rnd, METHODS);
      try {
        normalizeTarget(method, target);
      } catch (e) {
        expect(isPortcullisError(e), `${method} ${JSON.stringify(target)}: ${String(e)}`).toBe(true);
      }
      const r = tryNormalizeTarget(method, target);
      if (!r.ok) {
        outcomes.set(r.rejection.reason, (outcomes.get(r.rejection.reason) ?? 0) + 1);
        if (r.rejection.dockerd === 'redirect') {
          // A redirect lands on a clean path: following it never redirects again.
          const again = tryNormalizeTarget(method, r.rejection.location ?? '');
          expect(!again.ok && again.rejection.dockerd === 'redirect', `${target} -> ${r.rejection.location}`).toBe(false);
        }
        continue;
      }
      outcomes.set('ok', (outcomes.get('ok') ?? 0) + 1);
      const t = r.target;
      const m = matchRoute(t);
      // Re-encoding the normalised target and normalising again gives the same reading.
      const re = (t.version === undefined ? '' : `/v${t.version}`) + goEscapePath(t.path);
      const again = normalizeTarget(method, re);
      expect(again.path).toBe(t.path);
      expect(again.version).toBe(t.version);
      expect(matchRoute(again)?.route.id).toBe(m?.route.id);
      // The canonical form a guard forwards reads back identically, query included.
      expect(normalizeTarget(method, formatTarget(t, { firstValueOnly: false }))).toEqual(t);
      if (m) {
        // Parameters substituted back into the template rebuild the path exactly.
        const rebuilt = m.route.path.replace(/\{([^}]+)\}/g, (_w, n: string) => m.params[n] ?? '\u0000');
        expect(rebuilt).toBe(t.path);
      }
    }
    // The generator must exercise both sides (a generator that only produced rejections would prove nothing).
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(ITERATIONS / 10);
    expect(outcomes.get('not-clean') ?? 0).toBeGreaterThan(100);
  });
});
