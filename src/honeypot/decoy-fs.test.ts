import { extract } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { joinPath, lookupPath, pathStat, rememberUpload, tarOf } from './decoy-fs.js';
import type { EmuContainer } from './state.js';

const c = { id: 'a'.repeat(64), created: Date.UTC(2026, 0, 1) } as unknown as EmuContainer;

async function names(b: Buffer): Promise<string[]> {
  const out: string[] = [];
  const ex = extract();
  ex.on('entry', (h, s, next) => { out.push(h.name); s.resume(); s.on('end', next); });
  const done = new Promise<void>((r) => ex.on('finish', () => r()));
  ex.end(b);
  await done;
  return out;
}

describe('decoy filesystem', () => {
  it('resolves paths without escaping the root', () => {
    expect(joinPath('/tmp', '../../etc/passwd')).toBe('/etc/passwd');
    expect(lookupPath(c, '/etc/../etc/hostname')?.path).toBe('/etc/hostname');
    expect(lookupPath(c, '/nonexistent')).toBeUndefined();
  });

  it('serves uploads back, with parents, and a Go-shaped stat', async () => {
    rememberUpload(c, '/opt/x/run.sh', { type: 'file', mode: 0o755, content: Buffer.from('echo\n') });
    const found = lookupPath(c, '/opt/x');
    expect(found?.file.type).toBe('directory');
    expect(await names(await tarOf(c, '/opt/x'))).toEqual(['x/', 'x/run.sh']);
    const stat = JSON.parse(Buffer.from(pathStat(c, '/opt/x/run.sh', { type: 'file', mode: 0o755, content: Buffer.from('echo\n') }), 'base64').toString()) as Record<string, unknown>;
    expect(stat).toMatchObject({ name: 'run.sh', size: 5, mode: 0o755, linkTarget: '' });
    const dir = JSON.parse(Buffer.from(pathStat(c, '/tmp', { type: 'directory', mode: 0o1777 }), 'base64').toString()) as Record<string, unknown>;
    expect(dir.mode).toBe(2148532735);
  });
});
