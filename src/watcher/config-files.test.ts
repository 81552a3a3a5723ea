// Which config files the watcher reads from a container, and how it takes them out of the archive API's tar.
import { describe, expect, it } from 'vitest';
import { configPathsOf, firstTarFile, MAX_CONFIG_FILES, pathsToRead } from './config-files.js';

/** A one-entry ustar archive as the engine returns for GET /containers/{id}/archive?path=FILE. */
function tar(name: string, content: string, type = '0'): string {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  h.write(type, 156);
  h.write('ustar\0', 257);
  const body = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  body.write(content);
  return Buffer.concat([h, body, Buffer.alloc(1024)]).toString('utf8');
}

describe('configPathsOf', () => {
  it('takes -c/--config values (also inside sh -c and from processes) and a dropped program\'s own config.json', () => {
    expect(configPathsOf({ cmd: ['/tmp/.x/kworker', '-c', 'c.json'] }, '/work')).toEqual(['/work/c.json', '/tmp/.x/config.json']);
    expect(configPathsOf({ cmd: ['sh', '-c', 'cd /tmp; ./x --config=/dev/shm/p.json -B'] })).toEqual(['/dev/shm/p.json']);
    expect(configPathsOf({ processes: [{ pid: 7, cmd: '/var/tmp/.s/sys -C pools.txt' }] })).toEqual(['/pools.txt', '/var/tmp/.s/config.json']);
  });
  it('skips system programs, variables and globs, and caps the list', () => {
    expect(configPathsOf({ cmd: ['/usr/sbin/nginx', '-g', 'daemon off;'] })).toEqual([]);
    expect(configPathsOf({ cmd: ['sh', '-c', 'x -c "$CFG"; y -c /etc/*.json'] })).toEqual([]);
    expect(configPathsOf({ cmd: ['sh', '-c', Array.from({ length: 9 }, (_, k) => `x -c /c${k}.json`).join('; ')] })).toHaveLength(MAX_CONFIG_FILES);
  });
});

describe('firstTarFile', () => {
  it('returns the first regular file and nothing for directories or short input', () => {
    expect(firstTarFile(tar('config.json', '{"pools":[]}'))).toBe('{"pools":[]}');
    expect(firstTarFile(tar('etc', '', '5'))).toBeUndefined();
    expect(firstTarFile('not a tar')).toBeUndefined();
  });
});

describe('pathsToRead', () => {
  const known = new Map([['/a.json', { path: '/a.json', content: '{}' }], ['/gone.json', null]]);
  it('reads unread or missing files on events, everything after an upload', () => {
    expect(pathsToRead(['/a.json', '/gone.json', '/new.json'], known, new Set(), 'event')).toEqual(['/gone.json', '/new.json']);
    expect(pathsToRead(['/new.json'], known, new Set(), 'upload')).toEqual(['/new.json', '/a.json', '/gone.json']);
  });
  it('retries a missing file once from samples, so idle containers cost nothing per pass', () => {
    const retried = new Set<string>();
    expect(pathsToRead(['/a.json', '/gone.json', '/new.json'], known, retried, 'sample')).toEqual(['/gone.json', '/new.json']);
    expect(pathsToRead(['/gone.json'], known, retried, 'sample')).toEqual([]);
  });
});
