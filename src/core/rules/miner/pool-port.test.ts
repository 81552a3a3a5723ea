// Live connections reported by the watcher from /proc.
import { describe, expect, it } from 'vitest';
import { detect } from '../detect.js';

describe('PCL-MIN-009 live connections', () => {
  it('is low for a pool-port connection alone, high next to a miner signal, silent for loopback', () => {
    const alone = detect({ name: 'c', cmd: ['node', 'app.js'], connections: [{ remote: '203.0.113.5:3333', remotePort: 3333 }] });
    expect(alone.find((f) => f.ruleId === 'PCL-MIN-009')?.severity).toBe('low');
    const strong = detect({ name: 'c', cmd: ['/tmp/x', '--donate-level=1', '-a', 'rx/0'], connections: [{ remote: '203.0.113.5:3333', remotePort: 3333 }] });
    expect(strong.find((f) => f.ruleId === 'PCL-MIN-009')?.severity).toBe('high');
    const local = detect({ name: 'c', cmd: ['node', 'app.js'], connections: [{ remote: '127.0.0.1:3333', remotePort: 3333 }] });
    expect(local.find((f) => f.ruleId === 'PCL-MIN-009')).toBeUndefined();
  });
});
