// Target parsing and lazy expansion: every spec form, exclusions, counts without expansion, interleaving.
import { describe, expect, it } from 'vitest';
import { bigIntToIp, countEndpoints, dedupeSpecs, ExcludeSet, expandTargets, ipToBigInt, parseTarget, specsCover, splitTargetText } from './targets.js';

const all = (specs: string[], ports: number[], excl: string[] = []) =>
  [...expandTargets(specs.map(parseTarget), ports, new ExcludeSet(excl.map(parseTarget)))].map((e) => `${e.host}:${e.port}`);

describe('targets', () => {
  it('parses addresses, CIDRs, ranges (long and short form), names and host:port', () => {
    expect(all(['127.0.0.1'], [2375])).toEqual(['127.0.0.1:2375']);
    expect(all(['127.0.0.0/30'], [1])).toEqual(['127.0.0.0:1', '127.0.0.1:1', '127.0.0.2:1', '127.0.0.3:1']);
    expect(all(['127.0.0.5/31'], [1])).toEqual(['127.0.0.4:1', '127.0.0.5:1']);
    expect(all(['127.0.0.1-3'], [1])).toEqual(['127.0.0.1:1', '127.0.0.2:1', '127.0.0.3:1']);
    expect(all(['127.0.0.255-127.0.1.0'], [1])).toEqual(['127.0.0.255:1', '127.0.1.0:1']);
    expect(all(['127.0.0.1:2377'], [2375, 2376])).toEqual(['127.0.0.1:2377']);
    expect(all(['localhost'], [2375, 2376])).toEqual(['localhost:2375', 'localhost:2376']);
    expect(all(['[::1]:2375'], [1])).toEqual(['::1:2375']);
    expect(all(['::1'], [1])).toEqual(['::1:1']);
    expect(all(['fd00::/127'], [1])).toEqual(['fd00:::1', 'fd00::1:1']);
  });

  it('accepts DOCKER_HOST and URL forms, refuses unix sockets with a pointer to audit', () => {
    expect(all(['tcp://127.0.0.1:2376'], [1])).toEqual(['127.0.0.1:2376']);
    expect(all(['http://[::1]:2375/'], [1])).toEqual(['::1:2375']);
    expect(all(['https://localhost'], [2376])).toEqual(['localhost:2376']);
    expect(() => parseTarget('unix:///var/run/docker.sock')).toThrow(/portcullis audit/);
  });

  it('rejects malformed targets with a coded error', () => {
    for (const bad of ['127.0.0.300', '10.0.0.0/33', '10.0.0.9-10.0.0.1', 'a b', '127.0.0.1:0', '10.0.0.1-::1', '']) {
      expect(() => parseTarget(bad), bad).toThrow(expect.objectContaining({ code: 'PCL_ERR_SCAN_TARGET_INVALID' }));
    }
  });

  it('applies --exclude and counts without expanding', () => {
    expect(all(['127.0.0.0/29'], [1], ['127.0.0.2-5'])).toEqual(['127.0.0.0:1', '127.0.0.1:1', '127.0.0.6:1', '127.0.0.7:1']);
    const big = [parseTarget('10.0.0.0/8')];
    expect(countEndpoints(big, [2375, 2376], new ExcludeSet([parseTarget('10.1.0.0/16'), parseTarget('10.1.2.0/24')]))).toBe((16777216 - 65536) * 2);
  });

  it('expands lazily: a /8 yields its first endpoint without materialising the range', () => {
    const it = expandTargets([parseTarget('10.0.0.0/8')], [2375], new ExcludeSet([]));
    expect(it.next().value).toEqual({ host: '10.0.0.0', port: 2375 });
    expect(it.next().value).toEqual({ host: '10.0.0.1', port: 2375 });
  });

  it('round-trips IPv6 and knows what a set of specs covers', () => {
    expect(bigIntToIp(6, ipToBigInt('2001:db8::1')!.value)).toBe('2001:db8::1');
    expect(bigIntToIp(6, ipToBigInt('::ffff:127.0.0.1')!.value)).toBe('::ffff:7f00:1');
    const specs = [parseTarget('127.0.0.0/24')];
    expect(specsCover(specs, [2375], '127.0.0.9', 2375)).toBe(true);
    expect(specsCover(specs, [2375], '127.0.1.9', 2375)).toBe(false);
    expect(specsCover(specs, [2375], '127.0.0.9', 2376)).toBe(false);
  });

  it('splits target files: comments, commas, spaces', () => {
    expect(splitTargetText('# c\n127.0.0.1, 127.0.0.2\n\n127.0.0.3 # x\n')).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
  });
});

describe('expansion order', () => {
  it('interleaves specs round-robin and keeps host-major order inside a spec', () => {
    expect(all(['127.0.0.1-3', '127.1.0.1'], [1, 2])).toEqual(['127.0.0.1:1', '127.1.0.1:1', '127.0.0.1:2', '127.1.0.1:2',
      '127.0.0.2:1', '127.0.0.2:2', '127.0.0.3:1', '127.0.0.3:2']);
  });
});

describe('dedupeSpecs', () => {
  const dd = (specs: string[], ports: number[]) =>
    [...expandTargets(dedupeSpecs(specs.map(parseTarget), ports), ports, new ExcludeSet([]))].map((e) => `${e.host}:${e.port}`).sort();
  it('probes each endpoint once when specs overlap or repeat', () => {
    expect(dd(['127.0.0.0/30', '127.0.0.2-5', '127.0.0.1'], [1])).toEqual(['127.0.0.0:1', '127.0.0.1:1', '127.0.0.2:1', '127.0.0.3:1', '127.0.0.4:1', '127.0.0.5:1']);
    expect(dd(['localhost', 'LOCALHOST', 'localhost:2'], [1, 2])).toEqual(['localhost:1', 'localhost:2']);
    expect(dd(['127.0.0.1:2', '127.0.0.1', '127.0.0.1:3', '127.0.0.1:3'], [1, 2])).toEqual(['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3']);
    expect(dd(['::1', '[::1]:1', '::0-::2'], [1])).toEqual(['::1:1', '::2:1', ':::1']);
  });
  it('keeps the count in step with the expansion', () => {
    const specs = dedupeSpecs(['10.0.0.0/16', '10.0.5.0/24', '10.0.255.255-10.1.0.9'].map(parseTarget), [2375]);
    expect(countEndpoints(specs, [2375], new ExcludeSet([]))).toBe(65536 + 10);
  });
});
