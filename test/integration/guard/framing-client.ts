// Raw-byte client for the framing red team: one guard with a mutual-TLS, a token-TLS and a unix-socket listener
// in front of the lab dockerd, and a sender that writes exact bytes (in parts, with gaps or a half-close) over
// any of them. Ground truth is read from the lab engine's own socket, never through the guard.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createToken, startGuard, type RunningGuard } from '../../../src/guard/index.js';
import { initGuard, issueCert } from '../../../src/guard/init.js';
import { engineGet } from '../../lab/index.js';
import { lab } from './helpers.js';

export type Kind = 'mtls' | 'token' | 'unix';
export const KINDS: readonly Kind[] = ['mtls', 'token', 'unix'];

export interface FramingLab {
  readonly guard: RunningGuard;
  /** Owner label value of each listener's subject. */
  readonly subjects: Record<Kind, string>;
  send(kind: Kind, parts: readonly string[], o?: SendOptions): Promise<Exchange>;
  close(): Promise<void>;
}

export interface SendOptions {
  /** Pause between parts (split packets, slow senders). */
  readonly gapMs?: number;
  /** Half-close (FIN) after the last part. */
  readonly halfClose?: boolean;
  /** Give up when nothing arrives for this long (default 500 ms). */
  readonly idleMs?: number;
}

export interface Exchange {
  readonly out: string;
  /** Status codes of every response head in order. */
  readonly statuses: number[];
  /** The guard ended or closed the connection (not our idle timeout). */
  readonly closedByGuard: boolean;
}

/** `{AUTH}` in a part is replaced by the listener's credential header line (token only). */
export async function startFramingLab(run: string, role: unknown): Promise<FramingLab> {
  const dir = mkdtempSync(join(tmpdir(), 'pcl-guardfr-'));
  initGuard({ dir, sans: ['localhost', '127.0.0.1'], address: '127.0.0.1:0', upstream: `unix://${lab.socketPath}` });
  const client = `fr${run}`;
  issueCert(join(dir, 'pki'), client, join(dir, 'client'));
  const subjects: Record<Kind, string> = { mtls: `cert:${client}`, token: `token:${client}`, unix: `unix:${client}` };
  const configPath = join(dir, 'guard.yaml');
  writeFileSync(configPath, stringify({
    upstream: { url: `unix://${lab.socketPath}` },
    listeners: [
      { type: 'mtls', address: '127.0.0.1:0', ca: 'pki/ca.pem', cert: 'pki/server-cert.pem', key: 'pki/server-key.pem' },
      { type: 'token', address: '127.0.0.1:0', cert: 'pki/server-cert.pem', key: 'pki/server-key.pem' },
      { type: 'unix', path: join(dir, 'guard.sock'), mode: '0600', subject: client },
    ],
    tokens: 'tokens.json', audit: { file: 'audit.jsonl' }, limits: { bodyBytes: 65536 },
    policy: { roles: { fr: role }, grants: Object.values(subjects).map((subject) => ({ subject, roles: ['fr'] })) },
  }));
  const token = createToken(join(dir, 'tokens.json'), client);
  const guard = await startGuard({ configPath, log: () => undefined });
  const [mtlsAddr, tokenAddr, unixPath] = guard.addresses as [string, string, string];
  const ca = readFileSync(join(dir, 'pki', 'ca.pem'));
  const tls = (addr: string, withCert: boolean): Socket => {
    const [host, port] = addr.split(':');
    return tlsConnect({
      host: host!, port: Number(port), ca, servername: 'localhost',
      ...(withCert ? { cert: readFileSync(join(dir, 'client', 'cert.pem')), key: readFileSync(join(dir, 'client', 'key.pem')) } : {}),
    });
  };
  const open = (kind: Kind): { sock: Socket; ready: string } => kind === 'unix'
    ? { sock: netConnect({ path: unixPath, allowHalfOpen: true }), ready: 'connect' }
    : { sock: tls(kind === 'mtls' ? mtlsAddr : tokenAddr, kind === 'mtls'), ready: 'secureConnect' };
  const send = (kind: Kind, parts: readonly string[], o: SendOptions = {}): Promise<Exchange> => new Promise((resolve) => {
    const { sock, ready } = open(kind);
    const auth = kind === 'token' ? `Authorization: Bearer ${token}\r\n` : '';
    let out = '';
    let closedByGuard = false;
    const idle = o.idleMs ?? 500;
    let timer = setTimeout(() => sock.destroy(), idle);
    sock.on('data', (c: Buffer) => { out += c.toString('latin1'); clearTimeout(timer); timer = setTimeout(() => sock.destroy(), idle); });
    sock.on('end', () => { closedByGuard = true; sock.end(); });
    sock.on('error', () => undefined);
    sock.on('close', () => {
      clearTimeout(timer);
      resolve({ out, closedByGuard, statuses: [...out.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1])) });
    });
    sock.once(ready, () => {
      void (async () => {
        for (const [i, p] of parts.entries()) {
          if (i > 0 && o.gapMs) await new Promise((r) => setTimeout(r, o.gapMs));
          if (!sock.writable) return;
          sock.write(Buffer.from(p.replaceAll('{AUTH}', auth), 'latin1'));
        }
        if (o.halfClose) sock.end();
      })();
    });
  });
  return { guard, subjects, send, close: async () => { await guard.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** The engine's own view of a container (404: it does not exist). */
export async function engineContainer(name: string): Promise<{ status: number; privileged?: boolean; binds?: unknown }> {
  const r = await engineGet(lab.socketPath, `/v1.41/containers/${encodeURIComponent(name)}/json`);
  if (r.status !== 200) return { status: r.status };
  const j = JSON.parse(r.body) as { HostConfig?: { Privileged?: boolean; Binds?: unknown } };
  return { status: 200, privileged: j.HostConfig?.Privileged === true, binds: j.HostConfig?.Binds ?? null };
}
