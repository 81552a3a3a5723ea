// Raw HTTP/1.1 over TCP to a guard's plain loopback listener (nothing normalises the bytes), and engine ground
// truth read with the docker CLI straight from the lab socket (never through the guard).
import { connect } from 'node:net';
import { docker } from '../../lab/index.js';
import { lab } from './helpers.js';

/** Send raw bytes, collect everything until the server closes or `idleMs` passes without data. */
export function rawSend(address: string, bytes: string | Buffer, idleMs = 1500): Promise<string> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const s = connect({ host: host!, port: Number(port) });
    let out = '';
    let timer = setTimeout(() => s.destroy(), idleMs);
    s.on('data', (c) => { out += c.toString('latin1'); clearTimeout(timer); timer = setTimeout(() => s.destroy(), idleMs); });
    s.on('close', () => { clearTimeout(timer); resolve(out); });
    s.on('error', () => undefined);
    s.write(bytes);
  });
}

export const postReq = (path: string, body: string, extra = ''): string =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`;
export const getReq = (path: string, method = 'GET'): string => `${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;
export const statusOf = (resp: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(resp)?.[1] ?? 0);
export const bodyOf = (resp: string): string => resp.slice(resp.indexOf('\r\n\r\n') + 4);

/** docker CLI against the lab engine; '' when it fails (e.g. no such object). */
export function engine(args: string[]): string {
  try { return docker(lab, args).trim(); } catch { return ''; }
}

/** `docker inspect --format` of one object, '' when it does not exist. */
export const inspect = (name: string, format: string, kind: 'container' | 'volume' | 'network' = 'container'): string =>
  engine([kind, 'inspect', '--format', format, name]);

/** Names of lab containers whose names start with `prefix`. */
export const containersNamed = (prefix: string): string[] =>
  engine(['ps', '-a', '--format', '{{.Names}}', '--filter', `name=^/${prefix}`]).split('\n').filter(Boolean);
