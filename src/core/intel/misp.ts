// MISP export of a trap summary: one MISP event (core format) with attributes per indicator, attacker source
// addresses as ip-src, and coin-address objects for wallets; tagged TLP and honeypot-basic like Cowrie's.
import type { TrapSummary } from './trap-summary.js';
import { stableUuid } from './stix.js';

interface MispAttribute { uuid: string; type: string; category: string; value: string; to_ids: boolean; comment: string; first_seen: string; last_seen: string }

const HASH_TYPES: Record<number, string> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

function typeOf(t: string, value: string, kind?: string): { type: string; category: string; comment: string } {
  switch (t) {
    case 'url': return { type: 'url', category: 'Network activity', comment: 'URL in a command sent to the Docker API' };
    case 'pool': return { type: 'url', category: 'Network activity', comment: 'mining pool' };
    case 'domain': return { type: 'domain', category: 'Network activity', comment: 'domain in a command sent to the Docker API' };
    case 'onion': return { type: 'domain', category: 'Network activity', comment: 'Tor onion service' };
    case 'ipv4': case 'ipv6': return { type: 'ip-dst', category: 'Network activity', comment: 'address in a command sent to the Docker API' };
    case 'hash': return { type: HASH_TYPES[value.length] ?? 'sha256', category: 'Payload delivery', comment: 'hash in a command or upload' };
    case 'image': return { type: 'text', category: 'Payload delivery', comment: 'container image pulled or run by the attacker' };
    case 'wallet': return { type: kind?.startsWith('xmr') ? 'xmr' : kind === 'btc' ? 'btc' : 'text', category: 'Financial fraud', comment: `cryptocurrency wallet${kind ? ` (${kind})` : ''}` };
    default: return { type: 'text', category: 'Other', comment: t };
  }
}

export interface MispOptions {
  readonly now: string;
}

/**
 * Render a MISP event (`{"Event": {...}}`) importable by MISP's JSON import.
 * @example JSON.stringify(toMispEvent(summary, { now: new Date().toISOString() }), null, 2)
 */
export function toMispEvent(s: TrapSummary, opts: MispOptions): Record<string, unknown> {
  const sensor = s.sensor || 'portcullis-trap';
  const attrs: MispAttribute[] = [];
  const objects: Record<string, unknown>[] = [];
  for (const i of s.indicators) {
    const t = typeOf(i.type, i.value, i.kind);
    attrs.push({ uuid: stableUuid('misp-attr', i.type, i.value), type: t.type, category: t.category, value: i.value, to_ids: i.type !== 'image',
      comment: `${t.comment}${i.decoded ? '; decoded from an encoded payload' : ''}; ${i.sessions.length} session(s)`, first_seen: i.firstSeen, last_seen: i.lastSeen });
    if (i.type === 'wallet') {
      const rel = i.kind?.startsWith('xmr') ? 'address-xmr' : i.kind === 'btc' ? 'address' : 'address-crypto';
      objects.push({ uuid: stableUuid('misp-obj', i.value), name: 'coin-address', 'meta-category': 'financial', description: 'cryptocurrency wallet',
        template_uuid: 'd0e6997e-78da-4815-a6a1-cfc1c1cb8a46', Attribute: [
          { uuid: stableUuid('misp-obj-attr', i.value), object_relation: rel, type: rel === 'address-xmr' ? 'xmr' : rel === 'address' ? 'btc' : 'text',
            category: 'Financial fraud', value: i.value, to_ids: true },
          { uuid: stableUuid('misp-obj-seen', i.value), object_relation: 'first-seen', type: 'datetime', category: 'Other', value: i.firstSeen, to_ids: false },
        ] });
    }
  }
  const ips = new Map<string, { first: string; last: string; n: number }>();
  for (const x of s.sessions) {
    if (!x.srcIp) continue;
    const v = ips.get(x.srcIp);
    if (!v) ips.set(x.srcIp, { first: x.openedAt, last: x.closedAt ?? x.openedAt, n: 1 });
    else v.n++;
  }
  for (const [ip, v] of ips) {
    attrs.push({ uuid: stableUuid('misp-src', ip), type: 'ip-src', category: 'Network activity', value: ip, to_ids: true,
      comment: `source of ${v.n} session(s) against the Docker API sensor`, first_seen: v.first, last_seen: v.last });
  }
  return {
    Event: {
      uuid: stableUuid('misp-event', sensor, s.from ?? '', s.to ?? ''), info: `portcullis trap (${sensor}): Docker API honeypot activity`,
      date: (s.from ?? opts.now).slice(0, 10), timestamp: String(Math.floor(Date.parse(opts.now) / 1000)), threat_level_id: '2', analysis: '1',
      distribution: '0', published: false,
      Tag: [{ name: 'tlp:amber' }, { name: 'honeypot-basic:interaction-level="medium"' }, { name: 'honeypot-basic:data-capture="network-capture"' },
        { name: 'misp-galaxy:mitre-attack-pattern="Deploy Container - T1610"' }],
      Attribute: attrs, Object: objects,
    },
  };
}
