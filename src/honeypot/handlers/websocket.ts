// `GET /containers/{id}/attach/ws`: dockerd serves it with Go's x/net/websocket — RFC 6455 handshake, then the
// container's raw output (no stdcopy framing) as binary frames (text before API 1.28), stdin from masked frames.
import { createHash } from 'node:crypto';
import { apiLess } from '../config.js';
import { truthy, type Handler } from '../context.js';
import type { HijackedStream } from '../http/responder.js';
import { lookupContainer } from './containers.js';
import { boundHijack, captureStdin, registerAttachment, stdinOutput } from './lifecycle.js';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const MAX_FRAME = 1 << 20;

/** One unmasked server frame (FIN set). */
export function wsFrame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 65_536 ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 0xff])
    : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; })()]);
  return Buffer.concat([head, payload]);
}

/** Incremental reader of client frames: payloads (unmasked) of data frames, and whether a close frame came. */
export class WsReader {
  private buf = Buffer.alloc(0);
  closed = false;
  push(chunk: Buffer): Buffer[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const out: Buffer[] = [];
    for (;;) {
      if (this.buf.length < 2) break;
      const b0 = this.buf[0] ?? 0;
      const b1 = this.buf[1] ?? 0;
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) break;
        len = this.buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) break;
        len = Number(this.buf.readBigUInt64BE(2));
        off = 10;
      }
      if (len > MAX_FRAME) { this.closed = true; this.buf = Buffer.alloc(0); break; }
      const masked = (b1 & 0x80) !== 0;
      const mask = masked ? this.buf.subarray(off, off + 4) : undefined;
      if (masked) off += 4;
      if (this.buf.length < off + len) break;
      const payload = Buffer.from(this.buf.subarray(off, off + len));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
      this.buf = this.buf.subarray(off + len);
      const opcode = b0 & 0x0f;
      if (opcode === 0x8) { this.closed = true; break; }
      if (opcode <= 0x2) out.push(payload);
    }
    return out;
  }
}

export const containerAttachWs: Handler = (ctx) => {
  const c = lookupContainer(ctx);
  if (!c) return;
  const h = ctx.headers;
  const upgrade = String(h.upgrade ?? '').toLowerCase();
  const connection = String(h.connection ?? '').toLowerCase();
  if (upgrade !== 'websocket' || !connection.includes('upgrade')) {
    ctx.res.rawReply('HTTP/1.1 400 Bad Request\r\n\r\nnot websocket protocol');
    return;
  }
  const key = String(h['sec-websocket-key'] ?? '');
  if (String(h['sec-websocket-version'] ?? '') !== '13') {
    ctx.res.rawReply('HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Version: 13\r\n\r\n');
    return;
  }
  if (key === '') {
    ctx.res.rawReply('HTTP/1.1 400 Bad Request\r\n\r\nmismatch challenge/response');
    return;
  }
  const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
  const raw = ctx.res.upgrade(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  const opcode = apiLess(ctx.apiVersion, '1.28') ? 0x1 : 0x2;
  const stream = framed(raw, opcode);
  boundHijack(stream);
  ctx.session.state.dockerEvent('container', 'attach', c.id, { image: c.image, name: c.name }, ctx.now());
  if (truthy(ctx.query.stdin)) {
    captureStdin(ctx, stream, { route: ctx.routeId, container: c.id }, (commands, source) => {
      if (!stream.closed) stream.write(stdinOutput(ctx, c, commands, undefined, true, source).stdout);
    });
  }
  if (truthy(ctx.query.logs) && c.output) stream.write(c.output);
  if (c.status === 'exited') {
    stream.end();
    return;
  }
  registerAttachment(c, stream);
};

/** Wrap a hijacked connection in websocket framing: writes become frames, input frames become stdin. */
function framed(raw: HijackedStream, opcode: number): HijackedStream {
  const reader = new WsReader();
  const inputs: Array<(c: Buffer) => void> = [];
  const ends: Array<() => void> = [];
  let ended = false;
  const endInput = () => { if (!ended) { ended = true; for (const cb of ends.splice(0)) cb(); } };
  raw.onInput((chunk) => {
    for (const p of reader.push(chunk)) for (const cb of inputs) cb(p);
    if (reader.closed) endInput();
  });
  raw.onInputEnd(endInput);
  const asBuf = (c: string | Buffer) => (Buffer.isBuffer(c) ? c : Buffer.from(c));
  return {
    write(chunk) { const b = asBuf(chunk); if (b.length > 0) raw.write(wsFrame(opcode, b)); },
    end(chunk) {
      if (chunk !== undefined && asBuf(chunk).length > 0) raw.write(wsFrame(opcode, asBuf(chunk)));
      raw.end(wsFrame(0x8, Buffer.from([0x03, 0xe8])));
    },
    onClose: (cb) => raw.onClose(cb),
    get closed() { return raw.closed; },
    onInput(cb) { inputs.push(cb); },
    onInputEnd(cb) { if (ended) cb(); else ends.push(cb); },
  };
}
