// Go's strconv.Quote, which dockerd's messages print values with: one implementation for the JSON scanner's
// `invalid character 'x'` (a byte read as a rune) and for strconv's `parsing "x"` errors.

const ESCAPES: Readonly<Record<number, string>> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 0x5c: '\\\\' };

/** Code points below U+0100 that unicode.IsPrint rejects besides the C0 controls: DEL, the C1 controls, NBSP, soft hyphen. */
const notPrintable = (c: number): boolean => c === 0x7f || (c >= 0x80 && c <= 0xa0) || c === 0xad;

/** One rune as strconv.Quote writes it inside its quotes (`quote` is the delimiter that must be escaped). */
export function quoteRuneBody(c: number, quote: '"' | "'"): string {
  const esc = ESCAPES[c];
  if (esc) return esc;
  if (c === quote.charCodeAt(0)) return `\\${quote}`;
  if (c < 0x20 || c === 0x7f) return `\\x${c.toString(16).padStart(2, '0')}`;
  if (notPrintable(c)) return `\\u${c.toString(16).padStart(4, '0')}`;
  return String.fromCodePoint(c);
}

/**
 * strconv.Quote: the string between double quotes, with Go's escapes.
 *
 * @example
 * goQuote('a"b\u0001'); // '"a\\"b\\x01"'
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += quoteRuneBody(ch.codePointAt(0) ?? 0, '"');
  return `${out}"`;
}

/**
 * encoding/json's quoteChar: a byte of the input (as Go reads it, a rune below U+0100) between single quotes.
 *
 * @example
 * goQuoteChar(0x01); // "'\\x01'"
 */
export function goQuoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  return `'${quoteRuneBody(c, "'")}'`;
}
