// Indicator exports: STIX patterns quote attacker text, CSV cells cannot become spreadsheet formulas,
// MISP attribute types follow the indicator type, STIX ids are stable across exports.
import { describe, expect, it } from 'vitest';
import type { Indicator } from './data.js';
import { csvCell, stixPattern, toCsv, toMisp, toStix } from './export.js';

const ind = (type: string, value: string): Indicator => ({ type, value, firstSeen: '2026-11-01T10:00:00.000Z', session: 's1', srcIp: '127.0.0.66', decoded: false });

describe('indicator exports', () => {
  it('escapes quotes and backslashes inside STIX patterns', () => {
    expect(stixPattern(ind('url', "http://x/a'b\\c"))).toBe("[url:value = 'http://x/a\\'b\\\\c']");
    expect(stixPattern(ind('ipv6', '::1'))).toBe("[ipv6-addr:value = '::1']");
    expect(stixPattern(ind('wallet', '4Abc'))).toBe("[x-portcullis-wallet:value = '4Abc']");
    expect(stixPattern(ind('hash', 'a'.repeat(64)))).toBe(`[file:hashes.'SHA-256' = '${'a'.repeat(64)}']`);
  });

  it('gives the same indicator the same STIX id in two exports', () => {
    const a = toStix('s1', [ind('ip', '198.51.100.7')], '2026-11-01T10:00:00.000Z') as { objects: { id: string; type: string }[] };
    const b = toStix('s2', [ind('ip', '198.51.100.7')], '2026-11-02T10:00:00.000Z') as { objects: { id: string; type: string }[] };
    const idOf = (x: typeof a) => x.objects.find((o) => o.type === 'indicator')?.id;
    expect(idOf(a)).toBe(idOf(b));
    expect(idOf(a)).toMatch(/^indicator--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('neutralises spreadsheet formulas and quotes every CSV cell', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('-2+3')).toBe('"\'-2+3"');
    expect(csvCell('plain')).toBe('"plain"');
    expect(toCsv([ind('url', 'http://a,b')]).split('\r\n')[1]).toBe('"url","http://a,b","2026-11-01T10:00:00.000Z","s1","127.0.0.66","false"');
  });

  it('maps indicator types to MISP attribute types and adds the attacker source', () => {
    const e = toMisp('s1', '127.0.0.66', [ind('url', 'http://x'), ind('domain', 'pool.example'), ind('image', 'alpine')], '2026-11-01T10:00:00.000Z') as
      { Event: { date: string; Attribute: { type: string; value: string; to_ids: boolean }[] } };
    expect(e.Event.date).toBe('2026-11-01');
    expect(e.Event.Attribute.map((a) => [a.type, a.value, a.to_ids])).toEqual([
      ['ip-src', '127.0.0.66', true], ['url', 'http://x', true], ['domain', 'pool.example', true], ['text', 'alpine', false]]);
  });
});
