// Makes untrusted text safe for terminals and XML: findings carry attacker-controlled strings (honeypot
// commands, container names), and a raw ESC or bidi override in a table could rewrite what the operator sees.

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Replace control, C1 and bidi-override characters by visible escapes (`\x1b`, `\n`, `\u202e`). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, escapeChar);
}

// Characters XML 1.0 forbids even as references: C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/F.
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escape text for XML content and attribute values; forbidden characters become visible escapes. */
export function escapeXml(text: string): string {
  return text
    .replace(XML_INVALID, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
