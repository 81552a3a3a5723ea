import { describe, expect, it } from 'vitest';
import {
  boolFilter, dockerTimestampMs, exactMatch, filterMatch, filterValues, goPathMatch, invalidFilterMessage, isDockerTimestamp, isGoDuration, labelsMatch, parseFilterArgs,
  unknownFilter, type FilterArgs,
} from './filters.js';

const args = (raw: string): FilterArgs => {
  const p = parseFilterArgs(raw);
  if (!p.ok) throw new Error(p.message);
  return p.args;
};

describe('filters.FromJSON', () => {
  it('reads the map form and the legacy list form into the same values', () => {
    expect(filterValues(args('{"label":{"a=1":true,"b":false}}'), 'label')).toEqual(['a=1', 'b']);
    expect(filterValues(args('{"label":["a=1","b"]}'), 'label')).toEqual(['a=1', 'b']);
    expect(args('{"label":{"b":false}}').get('label')?.get('b')).toBe(false);
    expect(args('').size).toBe(0);
    expect(args('null').size).toBe(0);
    expect(args('{"a":null}').get('a')?.size).toBe(0);
  });
  it('refuses what is neither form with the map form\'s error, and non-JSON with the syntax error', () => {
    expect(parseFilterArgs('[]')).toEqual({ ok: false, kind: 'type', message: 'json: cannot unmarshal array into Go value of type map[string]map[string]bool' });
    expect(parseFilterArgs('{"a":"x"}')).toMatchObject({ ok: false, message: 'json: cannot unmarshal string into Go value of type map[string]bool' });
    expect(parseFilterArgs('{"a":[1]}')).toMatchObject({ ok: false, message: 'json: cannot unmarshal array into Go value of type map[string]bool' });
    expect(parseFilterArgs('notjson')).toEqual({ ok: false, kind: 'syntax', message: "invalid character 'o' in literal null (expecting 'u')" });
    expect(parseFilterArgs('{} x')).toMatchObject({ ok: false, message: "invalid character 'x' after top-level value" });
  });
});

describe('Args helpers', () => {
  it('ExactMatch is true for an absent or empty filter, else only for a value set true', () => {
    expect(exactMatch(args('{}'), 'dangling', 'true')).toBe(true);
    expect(exactMatch(args('{"dangling":[]}'), 'dangling', 'true')).toBe(true);
    expect(exactMatch(args('{"dangling":["true"]}'), 'dangling', 'true')).toBe(true);
    expect(exactMatch(args('{"dangling":{"true":false}}'), 'dangling', 'true')).toBe(false);
    expect(exactMatch(args('{"dangling":["1"]}'), 'dangling', 'true')).toBe(false);
  });
  it('Validate names the first unknown filter; invalidFilter prints values as Go does', () => {
    expect(unknownFilter(args('{"label":["a"],"bogus":["x"]}'), new Set(['label']))).toBe('bogus');
    expect(unknownFilter(args('{"label":["a"]}'), new Set(['label']))).toBeUndefined();
    expect(invalidFilterMessage('bogus')).toBe("Invalid filter 'bogus'");
    expect(invalidFilterMessage('status', 'zz')).toBe("Invalid filter 'status=zz'");
    expect(invalidFilterMessage('dangling', ['a', 'b'])).toBe("Invalid filter 'dangling=[a b]'");
  });
  it('GetBoolOrDefault: one value, true/1 or false/0', () => {
    expect(boolFilter(args('{}'), 'dangling')).toBeUndefined();
    expect(boolFilter(args('{"dangling":["1"]}'), 'dangling')).toBe(true);
    expect(boolFilter(args('{"dangling":["false"]}'), 'dangling')).toBe(false);
    expect(boolFilter(args('{"dangling":["true","false"]}'), 'dangling')).toEqual({ error: 'got more than one value for filter key "dangling"' });
    expect(boolFilter(args('{"dangling":["maybe"]}'), 'dangling')).toEqual({ error: 'invalid value for filter \'dangling\', must be "true" (or "1"), or "false" (or "0")' });
  });
  it('Match: equal or regular-expression match; labels: key present or key=value equal', () => {
    expect(filterMatch(args('{"name":["web"]}'), 'name', 'my-web-1')).toBe(true);
    expect(filterMatch(args('{"name":["^web$"]}'), 'name', 'my-web-1')).toBe(false);
    expect(filterMatch(args('{"name":["(["]}'), 'name', '([')).toBe(true);
    expect(filterMatch(args('{}'), 'name', 'x')).toBe(true);
    expect(labelsMatch(['a', 'b=1'], { a: '', b: '1' })).toBe(true);
    expect(labelsMatch(['b=2'], { b: '1' })).toBe(false);
    expect(labelsMatch(['b='], { b: '' })).toBe(true);
    expect(labelsMatch(['toString'], {})).toBe(false);
    expect(labelsMatch([], null)).toBe(true);
  });
});

describe('value grammars', () => {
  it('Go durations and dockerd timestamps', () => {
    for (const d of ['0', '10m', '1h30m', '-1.5h', '300ms', '2\u00b5s', '.5s']) expect(isGoDuration(d), d).toBe(true);
    for (const d of ['', '10', 'h', '1x', '1h 2m', '--1h']) expect(isGoDuration(d), d).toBe(false);
    for (const ts of ['10m', '1700000000', '1700000000.5', '2020-01-01', '2020-01-01T10:00:00Z', '2020-01-01T10:00:00.123+02:00', '2020-01-01T10']) {
      expect(isDockerTimestamp(ts), ts).toBe(true);
    }
    for (const ts of ['zz', '2020-13', 'yesterday']) expect(isDockerTimestamp(ts), ts).toBe(false);
  });
  it('the instant a timestamp names: durations back from now, Unix seconds, dates in UTC; "0" is the epoch', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(dockerTimestampMs('10m', now)).toBe(now - 600_000);
    expect(dockerTimestampMs('1h30m', now)).toBe(now - 5_400_000);
    expect(dockerTimestampMs('0', now)).toBe(0);
    expect(dockerTimestampMs('1700000000.5', now)).toBe(1_700_000_000_500);
    expect(dockerTimestampMs('2020-01-01', now)).toBe(Date.parse('2020-01-01T00:00:00Z'));
    expect(dockerTimestampMs('2020-01-01T10', now)).toBe(Date.parse('2020-01-01T10:00:00Z'));
    expect(dockerTimestampMs('2020-01-01T10:00:00+02:00', now)).toBe(Date.parse('2020-01-01T08:00:00Z'));
    expect(dockerTimestampMs('zz', now)).toBeUndefined();
  });
  it('path.Match patterns: * and ? stop at /, classes, escapes; malformed patterns match nothing', () => {
    expect(goPathMatch('busy*', 'busybox:latest')).toBe(true);
    expect(goPathMatch('*', 'library/busybox')).toBe(false);
    expect(goPathMatch('*/busybox', 'library/busybox')).toBe(true);
    expect(goPathMatch('busybox:?atest', 'busybox:latest')).toBe(true);
    expect(goPathMatch('[a-c]usybox', 'busybox')).toBe(true);
    expect(goPathMatch('[^a-c]usybox', 'busybox')).toBe(false);
    expect(goPathMatch('busy\\*', 'busy*')).toBe(true);
    expect(goPathMatch('busy[', 'busy[')).toBe(false);
    expect(goPathMatch('a.b', 'axb')).toBe(false);
  });
});
