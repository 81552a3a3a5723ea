import { describe, expect, it } from 'vitest';
import { passwdFile, resolveUser } from './users.js';

describe('resolveUser (runc\'s reading of User)', () => {
  it('names and ids from the decoy passwd, bare uids with gid 0 and home /', () => {
    expect(resolveUser('')).toEqual({ ok: true, user: { uid: 0, gid: 0, name: 'root', groupName: 'root', home: '/root' } });
    expect(resolveUser('www-data')).toEqual({ ok: true, user: { uid: 33, gid: 33, name: 'www-data', groupName: 'www-data', home: '/var/www' } });
    expect(resolveUser('65534')).toMatchObject({ ok: true, user: { uid: 65534, name: 'nobody', home: '/nonexistent' } });
    expect(resolveUser('1000')).toEqual({ ok: true, user: { uid: 1000, gid: 0, groupName: 'root', home: '/' } });
    expect(resolveUser('1000:50')).toEqual({ ok: true, user: { uid: 1000, gid: 50, groupName: 'staff', home: '/' } });
    expect(resolveUser('root:4242')).toEqual({ ok: true, user: { uid: 0, gid: 4242, name: 'root', home: '/root' } });
  });

  it('an unknown name or group is refused in dockerd\'s words', () => {
    expect(resolveUser('zz')).toEqual({ ok: false, error: 'unable to find user zz: no matching entries in passwd file' });
    expect(resolveUser('root:zz')).toEqual({ ok: false, error: 'unable to find group zz: no matching entries in group file' });
  });

  it('the passwd file lists every user it resolves', () => {
    expect(passwdFile()).toMatch(/^root:x:0:0:root:\/root:\/bin\/bash\n/);
    expect(passwdFile()).toContain('nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n');
  });
});
