import { describe, expect, it } from 'vitest';
import { goAtoi, goParseBool, goParseInt64, goQuote, parseUnixTimestamp } from './go-strconv.js';

describe('Go strconv wording', () => {
  it('Atoi and ParseInt accept signed decimals and refuse the rest with Go\'s messages', () => {
    expect(goAtoi('+12')).toEqual({ ok: true, value: 12 });
    expect(goAtoi('-3')).toEqual({ ok: true, value: -3 });
    expect(goAtoi('')).toEqual({ ok: false, error: 'strconv.Atoi: parsing "": invalid syntax' });
    expect(goAtoi('1.5')).toEqual({ ok: false, error: 'strconv.Atoi: parsing "1.5": invalid syntax' });
    expect(goAtoi('99999999999999999999')).toEqual({ ok: false, error: 'strconv.Atoi: parsing "99999999999999999999": value out of range' });
    expect(goParseInt64('1h')).toEqual({ ok: false, error: 'strconv.ParseInt: parsing "1h": invalid syntax' });
  });

  it('ParseBool, Quote and unix timestamps', () => {
    expect(goParseBool('True')).toEqual({ ok: true, value: true });
    expect(goParseBool('yes').ok).toBe(false);
    expect(goQuote('a"b\\c\n\u0001é')).toBe('"a\\"b\\\\c\\n\\x01é"');
    expect(parseUnixTimestamp('5.25', 0)).toEqual({ ok: true, value: 5.25 });
    expect(parseUnixTimestamp(' 5', 0)).toEqual({ ok: false, error: 'strconv.ParseInt: parsing " 5": invalid syntax' });
  });
});

describe('goQuote and the JSON scanner\'s quoteChar share strconv.Quote', () => {
  it('escapes as Go does', async () => {
    const { goQuoteChar } = await import('./go-json/quote.js');
    expect(goQuote('a"b\\c\u0001\u0080é\n')).toBe('"a\\"b\\\\c\\x01\\u0080é\\n"');
    expect(goQuoteChar(0x27)).toBe("'\\''");
    expect(goQuoteChar(0x22)).toBe("'\"'");
    expect(goQuoteChar(0x5c)).toBe("'\\\\'");
    expect(goQuoteChar(0x09)).toBe("'\\t'");
    expect(goQuoteChar(0xc3)).toBe("'Ã'");
    expect(goQuoteChar(0xa0)).toBe("'\\u00a0'");
  });
});
