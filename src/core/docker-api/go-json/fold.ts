// Go's case-insensitive key matching for struct fields (encoding/json fold.go): ASCII case plus the two
// Unicode runes whose simple folding reaches ASCII letters, U+212A KELVIN SIGN (k) and U+017F LONG S (s).

/**
 * Fold a key or field name to the form Go compares: ASCII letters upper-cased, U+212A -> 'K', U+017F -> 'S'.
 * Go 1.19 (equalFoldRight/asciiEqualFold/simpleLetterEqualFold) and Go >= 1.21 (foldName) agree on this for
 * ASCII field names, which is all dockerd has.
 *
 * @example
 * goFold('privileged') === goFold('PRIVILEGED'); // true
 * goFold('Bind\u017f') === goFold('Binds');        // true
 */
export function goFold(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x61 && c <= 0x7a) out += String.fromCharCode(c - 0x20);
    else if (c === 0x212a) out += 'K';
    else if (c === 0x17f) out += 'S';
    else out += ch;
  }
  return out;
}

/**
 * True when Go's decoder would match JSON key `key` to a field named `name` (exact or folded).
 *
 * @example
 * goEqualFold('SecurityOpt', '\u017fecurityopt'); // true
 * goEqualFold('Links', 'lin\u212as');             // true
 */
export function goEqualFold(name: string, key: string): boolean {
  return name === key || goFold(name) === goFold(key);
}
