// Indicator exports for trap sessions (STIX 2.1 bundle, MISP event JSON, CSV), built here from the stored
// trap.indicator.extracted events: the trap's own exporters live in src/honeypot, which serve may not import.
import { createHash } from 'node:crypto';
import type { Indicator } from './data.js';

/** A stable UUID (v5-shaped) from a name, so re-exports of one session carry the same STIX ids. */
function uuidFrom(name: string): string {
  const h = createHash('sha1').update(`portcullis:${name}`).digest('hex');
  const v = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${v}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

const quote = (s: string): string => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

/** STIX pattern for an indicator type; types without a standard object use a custom `x-portcullis-*` one. */
export function stixPattern(i: Indicator): string {
  const v = quote(i.value);
  switch (i.type) {
    case 'url': return `[url:value = '${v}']`;
    case 'domain': case 'pool': return `[domain-name:value = '${v}']`;
    case 'ip': case 'ipv4': return `[ipv4-addr:value = '${v}']`;
    case 'ipv6': return `[ipv6-addr:value = '${v}']`;
    case 'hash': return i.value.length === 64 ? `[file:hashes.'SHA-256' = '${v}']` : `[file:hashes.MD5 = '${v}']`;
    default: return `[x-portcullis-${i.type.replace(/[^a-z0-9-]/g, '') || 'other'}:value = '${v}']`;
  }
}

export function toStix(session: string, indicators: readonly Indicator[], createdAt: string): object {
  const identity = { type: 'identity', spec_version: '2.1', id: `identity--${uuidFrom('identity')}`, created: createdAt,
    modified: createdAt, name: 'portcullis trap', identity_class: 'system' };
  const objects: object[] = [identity];
  for (const i of indicators) {
    objects.push({
      type: 'indicator', spec_version: '2.1', id: `indicator--${uuidFrom(`${i.type}:${i.value}`)}`,
      created: i.firstSeen, modified: i.firstSeen, valid_from: i.firstSeen, created_by_ref: identity.id,
      name: `${i.type}: ${i.value.slice(0, 200)}`, indicator_types: ['malicious-activity'],
      pattern: stixPattern(i), pattern_type: 'stix',
      description: `Seen in trap session ${session} from ${i.srcIp}${i.decoded ? ' (decoded from a payload)' : ''}`,
      labels: ['docker-api-honeypot'],
    });
  }
  return { type: 'bundle', id: `bundle--${uuidFrom(`bundle:${session}:${createdAt}`)}`, objects };
}

const MISP_TYPES: Readonly<Record<string, { type: string; category: string }>> = {
  url: { type: 'url', category: 'Network activity' },
  domain: { type: 'domain', category: 'Network activity' },
  pool: { type: 'domain', category: 'Network activity' },
  ip: { type: 'ip-dst', category: 'Network activity' },
  ipv4: { type: 'ip-dst', category: 'Network activity' },
  ipv6: { type: 'ip-dst', category: 'Network activity' },
  hash: { type: 'sha256', category: 'Payload delivery' },
  wallet: { type: 'xmr', category: 'Financial fraud' },
};

export function toMisp(session: string, srcIp: string, indicators: readonly Indicator[], date: string): object {
  return {
    Event: {
      info: `portcullis trap session ${session} from ${srcIp}`, date: date.slice(0, 10), threat_level_id: '2', analysis: '2',
      distribution: '0', Tag: [{ name: 'tlp:amber' }, { name: 'portcullis:docker-api-honeypot' }],
      Attribute: [
        ...(srcIp ? [{ type: 'ip-src', category: 'Network activity', value: srcIp, to_ids: true, comment: 'attacker source address' }] : []),
        ...indicators.map((i) => {
          const t = MISP_TYPES[i.type] ?? { type: 'text', category: 'Other' };
          return { type: i.type === 'hash' && i.value.length !== 64 ? 'md5' : t.type, category: t.category, value: i.value,
            to_ids: t.type !== 'text', comment: `${i.type}${i.decoded ? ', decoded from a payload' : ''}; first seen ${i.firstSeen}` };
        }),
      ],
    },
  };
}

/** One CSV cell: quoted, and neutralised when a spreadsheet would read it as a formula (attacker-controlled text). */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsv(indicators: readonly Indicator[]): string {
  const rows = [['type', 'value', 'first_seen', 'session', 'src_ip', 'decoded']];
  for (const i of indicators) rows.push([i.type, i.value, i.firstSeen, i.session, i.srcIp, String(i.decoded)]);
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
