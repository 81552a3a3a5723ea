// Ties the route catalogue to docs/ROUTES.md: the catalogue table lists exactly the catalogue's ids,
// each with the same method and path, in the same (dockerd registration) order.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES, type CatalogueRoute } from '../../src/core/docker-api/index.js';

const doc = readFileSync(new URL('../../docs/ROUTES.md', import.meta.url), 'utf8');
const section = doc.split(/^## Catalogue$/m)[1] ?? '';
const rows = [...section.matchAll(/^\| `([a-z_.]+)` \| ([A-Za-z]+) \| `([^`]+)` \|/gm)].map((m) => ({ id: m[1], method: m[2], path: m[3] }));

describe('docs/ROUTES.md', () => {
  it('lists exactly the catalogue ids, in catalogue order', () => {
    expect(rows.map((r) => r.id)).toEqual(ROUTES.map((r) => r.id));
  });

  it('gives each id the catalogue\'s method and path (with non-default parameter patterns)', () => {
    const routes: readonly CatalogueRoute[] = ROUTES;
    for (const [i, r] of routes.entries()) {
      const shown = r.path.replace(/\{([^}]+)\}/g, (_w, n: string) => (r.params?.[n] ? `{${n}:${r.params[n]}}` : `{${n}}`));
      expect(rows[i], r.id).toEqual({ id: r.id, method: r.anyMethod ? 'any' : r.method, path: shown });
    }
  });
});
