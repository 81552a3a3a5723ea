// Local images for the lab: no registry is reachable, so a rootfs holding a static busybox is imported
// under the names real-world requests use (alpine:latest first), so attacker request shapes work unchanged.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker, type Lab } from './lab.js';

/** Tags every lab engine carries. All are the same busybox rootfs. */
export const LAB_IMAGES = ['alpine:latest', 'busybox:latest', 'ubuntu:latest', 'portcullis/busybox:latest'] as const;

function busyboxPath(): string {
  for (const p of ['/bin/busybox', '/usr/bin/busybox']) if (existsSync(p)) return p;
  throw new Error('busybox-static is not installed: apt-get install -y busybox-static');
}

function imageExists(lab: Lab, tag: string): boolean {
  try {
    docker(lab, ['image', 'inspect', '--format', '{{.Id}}', tag]);
    return true;
  } catch {
    return false;
  }
}

/** Build the busybox rootfs tarball once and import it under every lab tag that is missing. */
export function ensureImages(lab: Lab): void {
  const missing = LAB_IMAGES.filter((t) => !imageExists(lab, t));
  if (missing.length === 0) return;
  const root = mkdtempSync(join(tmpdir(), 'pcl-rootfs-'));
  try {
    for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'tmp', 'root', 'proc', 'sys', 'dev', 'mnt', 'var/run']) {
      mkdirSync(join(root, d), { recursive: true });
    }
    chmodSync(join(root, 'tmp'), 0o1777);
    copyFileSync(busyboxPath(), join(root, 'bin/busybox'));
    chmodSync(join(root, 'bin/busybox'), 0o755);
    const applets = execFileSync(join(root, 'bin/busybox'), ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const a of applets) {
      if (a === 'busybox') continue;
      const p = join(root, 'bin', a);
      if (!existsSync(p)) symlinkSync('busybox', p);
    }
    writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
    writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
    writeFileSync(join(root, 'etc/os-release'), 'NAME="portcullis lab busybox"\nID=busybox\n');
    const tar = execFileSync('tar', ['-C', root, '-c', '.'], { maxBuffer: 64 * 1024 * 1024 });
    const first = missing[0] as string;
    docker(lab, ['import', '--change', 'CMD ["/bin/sh"]', '--change', 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin', '-', first], tar);
    for (const t of missing.slice(1)) docker(lab, ['tag', first, t]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
