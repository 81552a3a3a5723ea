import { describe, expect, it } from 'vitest';
import type { DockerEvent } from '../state.js';
import { parseFilterArgs, parseUnixTimestamp } from '../../core/docker-api/index.js';
import { eventFilter } from './system.js';

/** The event predicate for a filters query value that parses. */
function filterOf(raw: string) {
  const p = parseFilterArgs(raw);
  if (!p.ok) throw new Error(p.message);
  return eventFilter(p.args);
}

const ev = (over: Partial<DockerEvent> & { attrs?: Record<string, string> }): DockerEvent => ({
  Type: over.Type ?? 'container', Action: over.Action ?? 'create', Actor: { ID: over.Actor?.ID ?? 'abc123', Attributes: over.attrs ?? { name: 'web', image: 'nginx:1.25' } },
  scope: 'local', time: 100, timeNano: 100e9,
});

describe('GET /events filters and times', () => {
  it('reads since/until as dockerd does: unix seconds with an optional fraction, anything else refused (the CLI converts)', () => {
    expect(parseUnixTimestamp('1700000000.5', -1)).toEqual({ ok: true, value: 1700000000.5 });
    expect(parseUnixTimestamp('', -1)).toEqual({ ok: true, value: -1 });
    expect(parseUnixTimestamp('-5', -1)).toEqual({ ok: true, value: -5 });
    expect(parseUnixTimestamp('10m', -1)).toEqual({ ok: false, error: 'strconv.ParseInt: parsing "10m": invalid syntax' });
    expect(parseUnixTimestamp('2023-11-14T22:13:20Z', -1)).toEqual({ ok: false, error: 'strconv.ParseInt: parsing "2023-11-14T22:13:20Z": invalid syntax' });
    expect(parseUnixTimestamp('1.x', -1)).toEqual({ ok: false, error: 'strconv.ParseInt: parsing "x": invalid syntax' });
  });

  it('matches type, event (with exec_create: suffixes), container by id prefix or name, image, label', () => {
    const f = filterOf(JSON.stringify({ container: ['web'], event: ['exec_create'] }));
    expect(f(ev({ Action: 'exec_create: sh -c id' }))).toBe(true);
    expect(f(ev({ Action: 'start' }))).toBe(false);
    const g = filterOf(JSON.stringify({ container: { abc: true }, image: { 'nginx:1.25': true }, label: { 'tier=front': true } }));
    expect(g(ev({ attrs: { name: 'x', image: 'nginx:1.25', tier: 'front' } }))).toBe(true);
    expect(g(ev({ attrs: { name: 'x', image: 'nginx:1.25', tier: 'back' } }))).toBe(false);
    const img = filterOf(JSON.stringify({ type: ['image'], image: ['alpine'] }));
    expect(img(ev({ Type: 'image', Action: 'pull', attrs: { name: 'alpine:latest' } }))).toBe(true);
    expect(img(ev({ Type: 'container', attrs: { name: 'c', image: 'alpine' } }))).toBe(false);
  });

  it('matches nothing for unknown filter names and refuses malformed JSON, like dockerd 20.10', () => {
    const bogus = filterOf('{"bogus":["x"]}');
    expect(bogus(ev({}))).toBe(false);
    // Mixing the map form and the legacy list form is neither; dockerd reports the map form's error.
    expect(parseFilterArgs(JSON.stringify({ container: { abc: true }, image: ['nginx:1.25'] })))
      .toEqual({ ok: false, kind: 'type', message: 'json: cannot unmarshal array into Go value of type map[string]bool' });
    expect(parseFilterArgs('{')).toEqual({ ok: false, kind: 'syntax', message: 'unexpected end of JSON input' });
  });
});
