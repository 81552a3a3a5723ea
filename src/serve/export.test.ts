// Indicator exports: CSV cells cannot become spreadsheet formulas (STIX and MISP are tested in src/core/intel).
import { describe, expect, it } from 'vitest';
import type { Indicator } from './data.js';
import { csvCell, toCsv } from './export.js';

const ind = (type: string, value: string): Indicator => ({ type, value, firstSeen: '2026-11-01T10:00:00.000Z', session: 's1', srcIp: '127.0.0.66', decoded: false });

describe('indicator exports', () => {
  it('neutralises spreadsheet formulas and quotes every CSV cell', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('-2+3')).toBe('"\'-2+3"');
    expect(csvCell('plain')).toBe('"plain"');
    // Leading blanks and full-width signs do not stop a spreadsheet from evaluating a formula.
    for (const v of [' =cmd|\' /C calc\'!A0', '\u00a0+1', '\uff1dSUM(A1)', '\n=1', '@SUM(A1)']) expect(csvCell(v), JSON.stringify(v)).toMatch(/^"'/);
    expect(csvCell('a "quoted", value\nnext')).toBe('"a ""quoted"", value\nnext"');
    expect(toCsv([ind('url', 'http://a,b')]).split('\r\n')[1]).toBe('"url","http://a,b","2026-11-01T10:00:00.000Z","s1","127.0.0.66","false"');
  });
});
