// Query parameters of the guard log and the events API: real instants only (no silent roll-over or extended
// years), known verdicts and orders, whole page numbers; pagination offsets; and the guard query they build.
import { describe, expect, it } from 'vitest';
import { guardQuery } from './data.js';
import { filterProblems, offsetOf, parseTime } from './filters.js';

const q = (s: string): URLSearchParams => new URLSearchParams(s);

describe('console filters', () => {
  it('reads the times people type as UTC instants in the stored form', () => {
    expect(parseTime('2026-11-01T15:00')).toBe('2026-11-01T15:00:00.000Z');
    expect(parseTime('2026-11-01 15:00:30')).toBe('2026-11-01T15:00:30.000Z');
    expect(parseTime('2026-11-01')).toBe('2026-11-01T00:00:00.000Z');
    expect(parseTime('2026-11-01T16:00:00.5+01:00')).toBe('2026-11-01T15:00:00.500Z');
    expect(parseTime('2026-11-01+02:00')).toBe('2026-10-31T22:00:00.000Z');
  });

  it('refuses what is not a real instant instead of comparing it as text', () => {
    for (const bad of ['notadate', '2026-02-30', '2026-13-01', '99999-01-01', '2026-11-01T25:00', "2026-11-01' OR '1'='1", '1e12', '', '\u0000']) {
      expect(parseTime(bad), bad).toBeUndefined();
    }
    expect(filterProblems(q('since=2026-02-30'))[0]).toContain('since="2026-02-30" is not a time');
    expect(filterProblems(q('until=99999-01-01'))).toHaveLength(1);
    expect(filterProblems(q('since=2026-11-02&until=2026-11-01'))).toEqual(['since is after until: swap them']);
  });

  it('knows the verdicts, orders and page numbers, and passes any text filter through', () => {
    expect(filterProblems(q('verdict=maybe'))[0]).toContain('use allow or deny');
    expect(filterProblems(q('verdict=DENY&order=ASC&limit=10&offset=20'))).toEqual([]);
    expect(filterProblems(q('order=sideways'))).toHaveLength(1);
    for (const bad of ['limit=-1', 'limit=abc', 'offset=1.5', 'page=0', 'limit=1e3']) expect(filterProblems(q(bad)), bad).toHaveLength(1);
    expect(filterProblems(q("subject=' OR 1=1 --&route=%00&rule=<script>"))).toEqual([]);
  });

  it('pages by offset or by page number', () => {
    expect(offsetOf(q('offset=40'), 20)).toBe(40);
    expect(offsetOf(q('page=3'), 20)).toBe(40);
    expect(offsetOf(q('page=1'), 20)).toBe(0);
    expect(guardQuery(q('limit=50&page=2&order=asc&verdict=Deny'))).toEqual({ verdict: 'deny', limit: 50, offset: 50, order: 'asc' });
    expect(guardQuery(q('since=2026-11-01%2B01:00'))).toMatchObject({ since: '2026-10-31T23:00:00.000Z' });
    // A hand-typed +01:00 arrives as a space in a query string.
    expect(guardQuery(q('since=2026-11-01T16:00:00+01:00'))).toMatchObject({ since: '2026-11-01T15:00:00.000Z' });
    expect(filterProblems(q('since=2026-11-01T16:00:00+01:00'))).toEqual([]);
  });
});
