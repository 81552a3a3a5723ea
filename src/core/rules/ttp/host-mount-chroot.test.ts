// PCL-TTP-001 variants: host disks mounted from a privileged container, nsenter into PID 1 by /proc path.
import { describe, expect, it } from 'vitest';
import { analyse, deviceMounts } from '../analyse.js';
import { detect } from '../detect.js';
import type { DetectionInput } from '../types.js';

const sev = (input: DetectionInput, rule: string) => detect(input).find((f) => f.ruleId === rule)?.severity;
const sh = (script: string, more: Partial<DetectionInput> = {}): DetectionInput => ({ cmd: ['sh', '-c', script], ...more });

describe('host disks mounted inside the container', () => {
  it('become host-root mounts (mount DEV DIR, -t/-o options, --source/--target, chroot prefix)', () => {
    const m = (s: string) => deviceMounts(analyse(sh(s)).commands).map((x) => `${x.device} ${x.destination}`);
    expect(m('mount /dev/sda1 /mnt/h')).toEqual(['/dev/sda1 /mnt/h']);
    expect(m('mount -t ext4 -o rw /dev/nvme0n1p2 /x/')).toEqual(['/dev/nvme0n1p2 /x']);
    expect(m('busybox mount --source /dev/mapper/vg-root --target /r')).toEqual(['/dev/mapper/vg-root /r']);
    expect(m('mount -t tmpfs tmpfs /cache; mount -o loop /tmp/disk.img /img; mount --bind /a /b; mount /dev/sda1')).toEqual([]);
    expect(analyse(sh('mount /dev/xvda1 /h')).mounts).toEqual([expect.objectContaining({ source: '/', destination: '/h', type: 'device' })]);
  });
  it('raise PCL-TTP-001: critical in a privileged container, high otherwise; chroot and writes into them land on the host', () => {
    expect(sev(sh('mount /dev/sda1 /h', { privileged: true }), 'PCL-TTP-001')).toBe('critical');
    expect(sev(sh('mount /dev/sda1 /h'), 'PCL-TTP-001')).toBe('high');
    const f = detect(sh('mount /dev/vda1 /h && chroot /h sh -c "echo ssh-rsa AAAA k >> /root/.ssh/authorized_keys"', { binds: ['/srv/data:/data'] }));
    expect(f.find((x) => x.ruleId === 'PCL-TTP-001')?.message).toMatch(/chroots into \/h, where the host disk \/dev\/vda1 is mounted/);
    expect(f.find((x) => x.ruleId === 'PCL-TTP-005')?.severity).toBe('critical');
    expect(sev(sh('mount /dev/sda1 /h; echo "* * * * * root id" > /h/etc/cron.d/x'), 'PCL-TTP-004')).toBe('critical');
  });
  it('leave tmpfs and loop mounts of a build container alone', () => {
    expect(detect(sh('mount -t tmpfs tmpfs /cache && mount -o loop /tmp/rootfs.img /img && chroot /img true', { privileged: true }))
      .filter((x) => x.severity !== 'low')).toEqual([]);
  });
});

describe('nsenter into the host namespaces', () => {
  it('counts --target 1 and /proc/1/ns paths, as the program or wrapping a shell script', () => {
    expect(sev({ cmd: ['nsenter', '--mount=/proc/1/ns/mnt', '--', 'sh', '-c', 'id'] }, 'PCL-TTP-001')).toBe('high');
    expect(sev({ cmd: ['nsenter', '-t', '1', '-m', '-u', '-i', '-n', 'sh', '-c', 'id'] }, 'PCL-TTP-001')).toBe('high');
    expect(sev(sh('nsenter -t1 -a bash'), 'PCL-TTP-001')).toBe('high');
    expect(sev({ cmd: ['nsenter', '--net=/var/run/netns/blue', 'ip', 'addr'] }, 'PCL-TTP-001')).toBeUndefined();
    expect(sev({ cmd: ['nsenter', '-t', '12', '-n', 'ss', '-tlpn'] }, 'PCL-TTP-001')).toBeUndefined();
  });
});
