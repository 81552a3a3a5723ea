// A scoped subject's list answers are collected whole to be filtered: limits.listBytes caps what the guard holds.
// Past it the guard refuses with 502 and says how to narrow the list; unscoped subjects stream as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, dockerAsync } from '../../lab/index.js';
import { lab, removeContainers, startGuardLab, type GuardLab } from './helpers.js';

const P = 'pcl-guard-list-';
let g: GuardLab;

beforeAll(async () => {
  removeContainers(P);
  // Six containers with 1 KiB labels: the engine's unfiltered list is well over the 4 KiB cap.
  for (let i = 0; i < 6; i++) docker(lab, ['create', '--name', `${P}${i}`, '--network', 'none', '--label', `pad=${'x'.repeat(1024)}`, 'alpine', 'true']);
  g = await startGuardLab({
    certs: ['scoped', 'admin'],
    policy: {
      roles: { reader: { allow: ['group:read', 'system.*', 'container.*', 'volume.*'] } },
      grants: [{ subject: 'cert:scoped', roles: ['reader'], scope: { owned: true } }, { subject: 'cert:admin', roles: ['reader'] }],
    },
    extra: { limits: { listBytes: 4096 } },
  });
});
afterAll(async () => { await g?.close(); removeContainers(P); });

describe('limits.listBytes', () => {
  it('refuses a scoped subject\'s list that is larger than the cap, naming the limit and the fix', async () => {
    const r = await dockerAsync(g.certEnv('scoped'), ['ps', '-a']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/larger than limits\.listBytes \(4096 bytes\).*narrow the list with filters or raise limits\.listBytes/);
    expect(g.events.eventsOf('guard.request.failed').some((e) => /limits\.listBytes/.test(String(e.error)))).toBe(true);
  });

  it('still answers lists the engine narrows below the cap, in their own shape', async () => {
    const byName = await dockerAsync(g.certEnv('scoped'), ['ps', '-a', '--filter', `name=${P}0`, '--format', '{{.Names}}']);
    expect(byName).toMatchObject({ code: 0, stdout: '' }); // not the subject's own: filtered out, but answered
    const vols = await dockerAsync(g.certEnv('scoped'), ['volume', 'ls', '--filter', `name=${P}none`]);
    expect(vols.code).toBe(0);
  });

  it('leaves unscoped subjects alone: their lists are relayed, not collected', async () => {
    const r = await dockerAsync(g.certEnv('admin'), ['ps', '-a', '--filter', `name=${P}`, '--format', '{{.Names}}']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `${P}${i}`));
    const all = await dockerAsync(g.certEnv('admin'), ['ps', '-a', '--format', '{{.Names}}']);
    expect(all.code).toBe(0);
  });
});
