// Event ids: EVENT_IDS and docs/EVENTS.md list the same ids, each once, and every id follows the grammar
// `<component>.<subject>.<verb_past>` (EVENT_ID_PATTERN).
import { describe, expect, it } from 'vitest';
import { EVENT_IDS, EVENT_ID_PATTERN } from '../../src/core/events/index.js';
import { docRows, duplicates, missing } from './doc-tables.js';

describe('event ids <-> docs/EVENTS.md', () => {
  const code: readonly string[] = EVENT_IDS;
  // Any dotted lowercase token in a first cell, so a documented id that breaks the grammar is caught too.
  const doc = docRows('docs/EVENTS.md', /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){2,}$/);

  it('every id in the catalogue follows the grammar and is unique', () => {
    expect(code.filter((id) => !EVENT_ID_PATTERN.test(id))).toEqual([]);
    expect(duplicates(code)).toEqual([]);
  });
  it('every id in the catalogue is documented', () => {
    expect(missing(code, doc.map((r) => r.id))).toEqual([]);
  });
  it('every documented id exists in the catalogue and follows the grammar', () => {
    expect(missing(doc.map((r) => r.id), code)).toEqual([]);
    expect(doc.filter((r) => !EVENT_ID_PATTERN.test(r.id)).map((r) => r.id)).toEqual([]);
  });
  it('each id is documented once, saying when it is emitted', () => {
    expect(duplicates(doc.map((r) => r.id))).toEqual([]);
    expect(doc.filter((r) => !r.cells[0]).map((r) => r.id)).toEqual([]);
  });
});
