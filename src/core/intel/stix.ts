// STIX 2.1 export of a trap summary: the sensor as an `identity`, each indicator as an `indicator` with a STIX
// pattern plus a `sighting` by the sensor, attacker addresses as indicators too. Ids are deterministic.
import { createHash } from 'node:crypto';
import type { IndicatorSummary, TrapSummary } from './trap-summary.js';

/** A stable UUID (v5-shaped) for a STIX id, so re-exports of the same data produce the same ids. */
export function stableUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const v = `5${h.slice(13, 16)}`;
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16) + h.slice(17, 20);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${v}-${variant}-${h.slice(20, 32)}`;
}

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const HASH_NAMES: Record<number, string> = { 32: 'MD5', 40: 'SHA-1', 64: 'SHA-256', 128: 'SHA-512' };

/** The STIX pattern for one indicator. */
export function stixPattern(i: Pick<IndicatorSummary, 'type' | 'value'>): string {
  switch (i.type) {
    case 'url': case 'pool': return `[url:value = ${q(i.value)}]`;
    case 'domain': case 'onion': return `[domain-name:value = ${q(i.value)}]`;
    case 'ipv4': return `[ipv4-addr:value = ${q(i.value)}]`;
    case 'ipv6': return `[ipv6-addr:value = ${q(i.value)}]`;
    case 'hash': return `[file:hashes.${q(HASH_NAMES[i.value.length] ?? 'SHA-256')} = ${q(i.value.toLowerCase())}]`;
    case 'image': return `[software:name = ${q(i.value)}]`;
    case 'wallet': return `[x-cryptocurrency-wallet:address = ${q(i.value)}]`;
    default: return `[artifact:payload_bin = ${q(Buffer.from(i.value).toString('base64'))}]`;
  }
}

const LABELS: Record<string, string[]> = {
  url: ['malicious-activity'], domain: ['malicious-activity'], ipv4: ['malicious-activity'], ipv6: ['malicious-activity'],
  onion: ['malicious-activity', 'anonymization'], hash: ['malicious-activity'], image: ['malicious-activity'], wallet: ['attribution'],
  pool: ['malicious-activity'],
};

export interface StixOptions {
  /** Bundle creation time (a parameter so exports are reproducible). */
  readonly now: string;
  readonly productVersion?: string;
}

/**
 * Render a STIX 2.1 bundle.
 * @example JSON.stringify(toStixBundle(summary, { now: new Date().toISOString() }), null, 2)
 */
export function toStixBundle(s: TrapSummary, opts: StixOptions): Record<string, unknown> {
  const sensor = s.sensor || 'portcullis-trap';
  const identityId = `identity--${stableUuid('identity', sensor)}`;
  const objects: Record<string, unknown>[] = [{
    type: 'identity', spec_version: '2.1', id: identityId, created: opts.now, modified: opts.now, name: sensor,
    identity_class: 'system', description: 'portcullis trap: an emulated, exposed Docker Engine API (honeypot sensor)',
  }];
  const add = (type: string, value: string, first: string, last: string, count: number, description: string, decoded = false) => {
    const id = `indicator--${stableUuid('indicator', type, value)}`;
    objects.push({
      type: 'indicator', spec_version: '2.1', id, created: first, modified: last, created_by_ref: identityId,
      name: `${type}: ${value}`.slice(0, 256), description, indicator_types: LABELS[type] ?? ['malicious-activity'],
      pattern: stixPattern({ type, value }), pattern_type: 'stix', valid_from: first,
      labels: ['docker-api-honeypot', ...(decoded ? ['decoded-payload'] : [])],
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'execution' }],
    });
    objects.push({
      type: 'sighting', spec_version: '2.1', id: `sighting--${stableUuid('sighting', sensor, type, value)}`, created: first, modified: last,
      first_seen: first, last_seen: last, count: Math.max(1, count), sighting_of_ref: id, where_sighted_refs: [identityId],
      created_by_ref: identityId,
    });
  };
  for (const i of s.indicators) {
    add(i.type, i.value, i.firstSeen, i.lastSeen, i.count,
      `Seen in what attackers sent to an exposed Docker API${i.decoded ? ' (inside an encoded payload)' : ''}; ${i.sessions.length} session(s).`, i.decoded);
  }
  const byIp = new Map<string, { first: string; last: string; n: number }>();
  for (const x of s.sessions) {
    if (!x.srcIp) continue;
    const cur = byIp.get(x.srcIp);
    const last = x.closedAt ?? x.openedAt;
    if (!cur) byIp.set(x.srcIp, { first: x.openedAt, last, n: 1 });
    else { cur.n++; if (last > cur.last) cur.last = last; }
  }
  for (const [ip, v] of byIp) {
    add(ip.includes(':') ? 'ipv6' : 'ipv4', ip, v.first, v.last, v.n, `Source of ${v.n} session(s) against the exposed Docker API sensor (scanner or attacker).`);
  }
  return { type: 'bundle', id: `bundle--${stableUuid('bundle', sensor, opts.now, String(objects.length))}`, objects };
}
