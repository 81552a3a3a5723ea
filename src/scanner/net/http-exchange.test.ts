// The pure parts of the bounded HTTP exchange: chunked decoding and the request it sends.
import { describe, expect, it } from 'vitest';
import { decodeChunked, formatRequest } from './http-exchange.js';

describe('decodeChunked', () => {
  it('decodes complete and partial chunked bodies', () => {
    expect(decodeChunked(Buffer.from('5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n'))).toEqual({ done: true, body: Buffer.from('hello world') });
    expect(decodeChunked(Buffer.from('5\r\nhel'))).toEqual({ done: false, body: Buffer.from('hel') });
    expect(decodeChunked(Buffer.from('zz\r\n')).done).toBe(false);
  });
});

describe('formatRequest', () => {
  it('sends a read-only request that closes the connection', () => {
    expect(formatRequest({ method: 'HEAD', path: '/_ping', host: '127.0.0.1:2375' }))
      .toBe('HEAD /_ping HTTP/1.1\r\nHost: 127.0.0.1:2375\r\nUser-Agent: portcullis-scan\r\nAccept: */*\r\nConnection: close\r\n\r\n');
  });
});
