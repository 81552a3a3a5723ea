// nmap's service detection and docker-version script must take the trap for Docker (loopback only).
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTrap, type TestTrap } from './helpers.js';

let t: TestTrap;
beforeAll(async () => { t = await startTestTrap(); });
afterAll(async () => { await t.close(); });

function nmap(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('nmap', args, { timeout: 180_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
  });
}

describe('trap: nmap', () => {
  it('nmap -sV --script docker-version identifies Docker with its version', async () => {
    const out = await nmap(['-sV', '--script', 'docker-version', '-Pn', '-n', '-p', String(t.port), '127.0.0.1']);
    expect(out).toMatch(new RegExp(`${t.port}/tcp\\s+open\\s+docker\\s+Docker 24\\.0\\.7 \\(API 1\\.43\\)`));
    expect(out).toContain('docker-version:');
    expect(out).toContain('KernelVersion: 5.15.0-88-generic');
  });
});
