// `portcullis serve --listen` parsing: host:port, [v6]:port, :port and bad values with a usage error.
import { describe, expect, it } from 'vitest';
import { parseListen } from './serve.js';

describe('serve --listen', () => {
  it('reads the usual forms', () => {
    expect(parseListen('127.0.0.1:7375')).toEqual({ host: '127.0.0.1', port: 7375 });
    expect(parseListen('[::1]:8080')).toEqual({ host: '::1', port: 8080 });
    expect(parseListen(':9000')).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(parseListen('localhost')).toEqual({ host: 'localhost', port: 7375 });
  });
  it('rejects ports out of range with a usage error', () => {
    expect(() => parseListen('127.0.0.1:70000')).toThrow(expect.objectContaining({ code: 'PCL_ERR_CLI_USAGE' }));
    expect(() => parseListen('a:b:c')).toThrow(expect.objectContaining({ code: 'PCL_ERR_CLI_USAGE' }));
  });
});
