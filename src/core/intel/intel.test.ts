import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PortcullisEvent } from '../events/index.js';
import { toMispEvent } from './misp.js';
import { stableUuid, stixPattern, toStixBundle } from './stix.js';
import { renderTrapText, summariseTrapEvents } from './trap-summary.js';

const events = readFileSync(new URL('../../../test/fixtures/trap/kinsing-session.jsonl', import.meta.url), 'utf8')
  .trim().split('\n').map((l) => JSON.parse(l) as PortcullisEvent);
const NOW = '2026-01-01T00:00:00.000Z';

describe('trap report', () => {
  const s = summariseTrapEvents(events);

  it('summarises sessions and indicators', () => {
    expect(s.totals).toMatchObject({ sessions: 1, srcIps: 1, requests: 5 });
    expect(s.sessions[0]).toMatchObject({ srcIp: '127.0.0.1', containersCreated: 1, privileged: true, binds: ['/:/host'], images: ['ubuntu:latest'] });
    const byType = (t: string) => s.indicators.filter((i) => i.type === t).map((i) => i.value);
    expect(byType('url')).toEqual(['http://198.51.100.23/d.sh', 'http://payload.example.invalid/d.sh']);
    expect(byType('wallet')).toHaveLength(1);
    expect(s.indicators.find((i) => i.type === 'pool')?.decoded).toBe(true);
    expect(renderTrapText(s)).toContain('PRIVILEGED');
  });

  it('exports a STIX 2.1 bundle with required properties and stable ids', () => {
    const b = toStixBundle(s, { now: NOW }) as { type: string; objects: Array<Record<string, unknown>> };
    expect(b.type).toBe('bundle');
    const inds = b.objects.filter((o) => o.type === 'indicator');
    expect(inds.length).toBe(s.indicators.length + 1);
    for (const o of inds) {
      for (const k of ['spec_version', 'id', 'created', 'modified', 'pattern', 'pattern_type', 'valid_from']) expect(o[k]).toBeDefined();
      expect(String(o.id)).toMatch(/^indicator--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const sightings = b.objects.filter((o) => o.type === 'sighting');
    expect(sightings.every((o) => inds.some((i) => i.id === o.sighting_of_ref))).toBe(true);
    expect(toStixBundle(s, { now: NOW })).toEqual(b);
    expect(stixPattern({ type: 'url', value: "http://x.example.invalid/a'b" })).toBe("[url:value = 'http://x.example.invalid/a\\'b']");
    expect(stixPattern({ type: 'hash', value: 'a'.repeat(64) })).toBe(`[file:hashes.'SHA-256' = '${'a'.repeat(64)}']`);
    expect(stableUuid('a')).toBe(stableUuid('a'));
  });

  it('exports a MISP event with typed attributes and a coin-address object', () => {
    const m = toMispEvent(s, { now: NOW }) as { Event: { Attribute: Array<{ type: string; value: string }>; Object: Array<{ name: string }>; Tag: unknown[] } };
    const types = m.Event.Attribute.map((a) => `${a.type}:${a.value}`);
    expect(types).toContain('url:http://198.51.100.23/d.sh');
    expect(types).toContain('ip-dst:198.51.100.23');
    expect(types).toContain('ip-src:127.0.0.1');
    expect(m.Event.Attribute.find((a) => a.type === 'xmr')).toBeDefined();
    expect(m.Event.Object.map((o) => o.name)).toEqual(['coin-address']);
  });
});
