// Measures the guard as a child process (CLI entry) against the same guard in-process, same load client:
// tells process-level costs (loader, signals, stdio) apart from the request path. Not a test.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startGuard } from '../../src/guard/index.js';
import { load } from './load.js';

const sock = process.env.PORTCULLIS_LAB_SOCKET ?? '/tmp/portcullis-lab/docker.sock';
const dir = mkdtempSync(join(tmpdir(), 'pcl-guard-child-'));
const port = 24500 + Math.floor(Math.random() * 400);
writeFileSync(join(dir, 'guard.yaml'), stringify({
  upstream: { url: `unix://${sock}` }, audit: { file: 'audit.jsonl' },
  listeners: [{ type: 'plain', address: `127.0.0.1:${port}`, subject: 'b', allowPlaintext: true }],
  policy: { grants: [{ subject: 'loopback:b', roles: ['admin'] }] },
}));
const path = process.argv[2] ?? '/v1.41/containers/json';
const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../test/integration/guard/guard-cli.ts'), 'guard', '-c', join(dir, 'guard.yaml'), '--no-events'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 4000));
process.stdout.write(`child:      ${JSON.stringify(await load({ name: 'c', host: '127.0.0.1', port }, path, 32, 4))}\n`);
child.kill('SIGTERM');
await new Promise((r) => setTimeout(r, 500));
const g = await startGuard({ configPath: join(dir, 'guard.yaml'), log: () => undefined });
process.stdout.write(`in-process: ${JSON.stringify(await load({ name: 'i', host: '127.0.0.1', port }, path, 32, 4))}\n`);
await g.close();
rmSync(dir, { recursive: true, force: true });
