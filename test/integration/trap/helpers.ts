// Test helpers for the trap: start an in-process trap on a free loopback port with a capture sink, and a small
// raw HTTP client (node:net) so tests speak exactly the bytes attackers' scripts send.
import { connect, type Socket } from 'node:net';
import { CaptureSink, type EventId, type PortcullisEvent } from '../../../src/core/events/index.js';
import { parseTrapConfig, startTrap, type TrapConfigInput } from '../../../src/honeypot/index.js';

export interface TestTrap {
  readonly port: number;
  readonly sink: CaptureSink;
  readonly host: string;
  /** Diagnostics the trap logged (handler failures, sink errors): tests expect none. */
  readonly warnings: string[];
  eventsOf(id: EventId): PortcullisEvent[];
  close(): Promise<void>;
  readonly trap: Awaited<ReturnType<typeof startTrap>>;
}

export async function startTestTrap(overrides: TrapConfigInput = {}): Promise<TestTrap> {
  const sink = new CaptureSink();
  const cfg = parseTrapConfig({
    listen: '127.0.0.1:0', sensor: 'test-sensor', ...overrides,
    timing: { runMs: 300, pullStepMs: 0, ...overrides.timing },
  });
  const warnings: string[] = [];
  const trap = await startTrap({ cfg, sinks: [sink], warn: (m, e) => warnings.push(`${m}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`) });
  return { port: trap.port, host: '127.0.0.1', sink, trap, warnings, eventsOf: (id) => sink.eventsOf(id), close: () => trap.close() };
}

export interface RawResponse {
  readonly status: number;
  readonly statusLine: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly raw: Buffer;
}

/** Send raw bytes, collect everything until the server closes (requests use Connection: close). */
export function rawExchange(port: number, bytes: string | Buffer, opts: { host?: string } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const sock: Socket = connect(port, opts.host ?? '127.0.0.1', () => sock.write(bytes));
    sock.on('data', (c) => parts.push(c));
    sock.on('close', () => resolve(Buffer.concat(parts)));
    sock.on('error', reject);
  });
}

export function parseResponse(raw: Buffer): RawResponse {
  const sep = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, sep < 0 ? raw.length : sep).toString('latin1');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
  }
  let body = sep < 0 ? Buffer.alloc(0) : raw.subarray(sep + 4);
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status: Number(statusLine.split(' ')[1]), statusLine, headers, body, raw };
}

function dechunk(b: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  while (i < b.length) {
    const nl = b.indexOf('\r\n', i);
    if (nl < 0) break;
    const n = parseInt(b.subarray(i, nl).toString('latin1'), 16);
    if (!n) break;
    out.push(b.subarray(nl + 2, nl + 2 + n));
    i = nl + 2 + n + 2;
  }
  return Buffer.concat(out);
}

/** One HTTP/1.1 request (Connection: close) the way a curl or Python script sends it. */
export async function http(port: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawResponse & { json: () => unknown }> {
  const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const h: Record<string, string> = { Host: `127.0.0.1:${port}`, 'User-Agent': 'python-requests/2.31.0', Connection: 'close', ...headers };
  if (payload !== '' || method === 'POST') h['Content-Length'] = String(Buffer.byteLength(payload));
  if (body !== undefined && typeof body !== 'string' && !('Content-Type' in headers)) h['Content-Type'] = 'application/json';
  const req = `${method} ${path} HTTP/1.1\r\n${Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${payload}`;
  const r = parseResponse(await rawExchange(port, req));
  return { ...r, json: () => JSON.parse(r.body.toString('utf8')) as unknown };
}

/** Demultiplex stdcopy frames into stdout/stderr text. */
export function demux(b: Buffer): { stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  let i = 0;
  while (i + 8 <= b.length) {
    const kind = b[i];
    const n = b.readUInt32BE(i + 4);
    const payload = b.subarray(i + 8, i + 8 + n).toString('utf8');
    if (kind === 2) stderr += payload;
    else stdout += payload;
    i += 8 + n;
  }
  return { stdout, stderr };
}

/** Indicator values of a type, from captured events. */
export function indicators(t: TestTrap, type: string): string[] {
  return t.eventsOf('trap.indicator.extracted').filter((e) => e.type === type).map((e) => String(e.value));
}

export function commands(t: TestTrap): string[] {
  return t.eventsOf('trap.command.observed').map((e) => String(e.command));
}

/** Wait until `pred` holds (bounded by the test timeout; no timing assertions). */
export async function until(pred: () => boolean): Promise<void> {
  while (!pred()) await new Promise((r) => setTimeout(r, 20));
}

/** Addresses and values used in replays: reserved names (RFC 2606) and TEST-NET addresses (RFC 5737) only. */
/** A syntactically valid, fake Monero address (95 base58 chars, not anyone's wallet). */
export const FAKE_XMR_WALLET = `4AFakeWa11etForPortcu11isTrapTests${'2'.repeat(61)}`;
