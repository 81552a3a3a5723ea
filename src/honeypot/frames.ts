// stdcopy framing for non-TTY attach/exec/logs output: an 8-byte header (stream, 0,0,0, big-endian length)
// before each payload. TTY streams are raw bytes. Docker clients mis-print or fail when this is wrong.

export const STDOUT = 1;
export const STDERR = 2;

/** One multiplexed frame. */
export function frame(stream: 1 | 2, payload: string | Buffer): Buffer {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

/** Output as the client expects it for this TTY setting. */
export function encodeOutput(tty: boolean, stream: 1 | 2, text: string): Buffer {
  if (text === '') return Buffer.alloc(0);
  return tty ? Buffer.from(text.replace(/(?<!\r)\n/g, '\r\n'), 'utf8') : frame(stream, text);
}
