// The framing red-team attempts (issue 5): raw requests over the guard's TLS and unix listeners, each carrying a
// create the role denies (privileged, or a host bind of /) under the attempt's own name. Whatever the guard
// answers, that name must never exist on the engine afterwards. `{AUTH}` is the listener's credential line.
import type { SendOptions } from './framing-client.js';

export const PRIV = '{"Image":"alpine","Cmd":["true"],"HostConfig":{"Privileged":true}}';
export const BIND = '{"Image":"alpine","Cmd":["true"],"HostConfig":{"Binds":["/:/host"]}}';
export const OK = '{"Image":"alpine","Cmd":["true"]}';
const L = (s: string): number => Buffer.byteLength(s, 'latin1');
export const chunked = (s: string, ext = ''): string => `${L(s).toString(16)}${ext}\r\n${s}\r\n0\r\n\r\n`;

/** A request head: line, Host, credential, headers. */
export const head = (line: string, headers: readonly string[]): string => `${line}\r\nHost: docker\r\n{AUTH}${headers.map((h) => `${h}\r\n`).join('')}\r\n`;
export const createLine = (name: string, version = '1.1', target = '/v1.41/containers/create'): string => `POST ${target}?name=${name} HTTP/${version}`;
/** A complete create with Content-Length; `close` adds Connection: close. */
export const create = (name: string, body: string, headers: readonly string[] = [], close = true): string =>
  head(createLine(name), ['Content-Type: application/json', `Content-Length: ${L(body)}`, ...headers, ...(close ? ['Connection: close'] : [])]) + body;
const te = (name: string, value: string, body: string, extra: readonly string[] = []): string =>
  head(createLine(name), [`Transfer-Encoding: ${value}`, 'Content-Type: application/json', ...extra, 'Connection: close']) + body;
const upgradeHead = (line: string, extra: readonly string[] = []): string => head(line, ['Connection: Upgrade', 'Upgrade: tcp', ...extra]);

export interface Attempt {
  readonly id: string;
  readonly cls: string;
  /** The bytes; `n` is the denied create's name (`${n}ok` for an allowed one in front). */
  readonly parts: (n: string, missing: string) => string[];
  readonly opts?: SendOptions;
  /** 2xx answers that may come back (allowed requests in front of or around the denied one). */
  readonly allowed?: number;
}

const a = (cls: string, id: string, parts: Attempt['parts'], opts?: SendOptions, allowed?: number): Attempt =>
  ({ cls, id, parts, ...(opts ? { opts } : {}), ...(allowed ? { allowed } : {}) });

export const ATTEMPTS: readonly Attempt[] = [
  // Content-Length / Transfer-Encoding ambiguity
  a('length', 'CL then TE', (n) => [head(createLine(n), [`Content-Length: ${L(PRIV)}`, 'Transfer-Encoding: chunked', 'Connection: close']) + chunked(PRIV)]),
  a('length', 'TE then CL', (n) => [head(createLine(n), ['Transfer-Encoding: chunked', `Content-Length: ${L(PRIV)}`, 'Connection: close']) + chunked(PRIV)]),
  a('length', 'duplicate CL, same value', (n) => [create(n, PRIV, [`Content-Length: ${L(PRIV)}`])]),
  a('length', 'duplicate CL, different values', (n) => [head(createLine(n), ['Content-Length: 2', `Content-Length: ${L(PRIV)}`, 'Connection: close']) + PRIV]),
  ...['+', ' ', '0x', '-'].map((p) => a('length', `CL "${p}N"`, (n) => [head(createLine(n), [`Content-Length: ${p}${p === '0x' ? L(PRIV).toString(16) : L(PRIV)}`, 'Connection: close']) + PRIV])),
  a('length', 'CL "N " (trailing space, Go trims it too)', (n) => [head(createLine(n), [`Content-Length: ${L(PRIV)} `, 'Connection: close']) + PRIV]),
  a('length', 'CL huge', (n) => [head(createLine(n), ['Content-Length: 99999999999999999999', 'Connection: close']) + PRIV]),
  a('length', 'CL shorter than the body, rest is a hidden request', (n) => [head(createLine(`${n}ok`), [`Content-Length: ${L(OK)}`]) + OK + create(n, PRIV)], undefined, 1),
  a('length', 'CL longer than the body, then half-close', (n) => [head(createLine(n), [`Content-Length: ${L(PRIV) + 9}`]) + PRIV], { halfClose: true }),
  ...['chunked, chunked', 'xchunked', 'identity', 'gzip, chunked', 'chunked, identity'].map((v) => a('te', `TE "${v}"`, (n) => [te(n, v, chunked(PRIV))])),
  a('te', 'TE twice', (n) => [te(n, 'chunked', chunked(PRIV), ['Transfer-Encoding: chunked'])]),
  a('te', 'TE mixed case (judged: Go folds it too)', (n) => [te(n, 'ChUnKeD', chunked(PRIV))]),
  a('te', 'TE on HTTP/1.0 (Go ignores it)', (n) => [head(createLine(n, '1.0'), ['Transfer-Encoding: chunked', 'Content-Type: application/json']) + chunked(PRIV)]),
  // header syntax
  a('header', 'obs-fold', (n) => [create(n, PRIV, ['X-A: a', ' folded'])]),
  a('header', 'obs-fold of TE', (n) => [head(createLine(n), ['Transfer-Encoding:', ' chunked', 'Connection: close']) + chunked(PRIV)]),
  a('header', 'space before colon', (n) => [head(createLine(n), [`Content-Length : ${L(PRIV)}`, 'Connection: close']) + PRIV]),
  a('header', 'tab separators', (n) => [head(createLine(n), [`Content-Length:\t${L(PRIV)}\t`, 'Content-Type:\tapplication/json', 'Connection: close']) + PRIV]),
  ...[['NUL', '\0'], ['CR', '\r'], ['LF', '\n']].map(([k, c]) => a('header', `${k!} in a header value`, (n) => [create(n, PRIV, [`X-A: a${c!}b`])])),
  a('header', 'bare LF line endings', (n) => [create(n, PRIV).replaceAll('\r\n', '\n')]),
  a('header', 'very long header', (n) => [create(n, PRIV, [`X-Long: ${'a'.repeat(70_000)}`])]),
  // chunked bodies
  a('chunk', 'chunk extension (judged)', (n) => [te(n, 'chunked', chunked(PRIV, ';x=y'))]),
  a('chunk', 'chunk size 0x', (n) => [te(n, 'chunked', `0x${chunked(PRIV)}`)]),
  a('chunk', 'chunk size with leading whitespace', (n) => [te(n, 'chunked', ` ${chunked(PRIV)}`)]),
  a('chunk', 'chunk size with leading zeros (judged)', (n) => [te(n, 'chunked', `000${chunked(PRIV)}`)]),
  a('chunk', 'oversized chunk size', (n) => [te(n, 'chunked', `fffffffffffffffff${chunked(PRIV)}`)]),
  a('chunk', 'missing final CRLF, half-close', (n) => [te(n, 'chunked', chunked(PRIV).slice(0, -2))], { halfClose: true }),
  a('chunk', 'trailer carrying Content-Type/Content-Length', (n) => [te(n, 'chunked', chunked(PRIV).slice(0, -2) + 'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1\r\n\r\n')]),
  a('chunk', 'bare LF in chunks', (n) => [te(n, 'chunked', chunked(PRIV).replaceAll('\r\n', '\n'))]),
  // protocol versions and targets
  a('version', 'HTTP/1.0 keep-alive, pipelined', (n) => [create(`${n}ok`, OK, ['Connection: keep-alive'], false).replace('HTTP/1.1', 'HTTP/1.0') + create(n, PRIV)], undefined, 1),
  a('version', 'HTTP/0.9 request line', (n) => [`POST /v1.41/containers/create?name=${n}\r\n\r\n${PRIV}`]),
  a('version', 'HTTP/2 preface', () => ['PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n']),
  a('version', 'Expect: 100-continue, body sent after the 100', (n) => [head(createLine(n), ['Content-Type: application/json', `Content-Length: ${L(PRIV)}`, 'Expect: 100-continue', 'Connection: close']), PRIV], { gapMs: 150 }),
  ...['http://x/v1.41/containers/create', '//v1.41/containers/create', '/v1.41/./containers/create', '/v1.41/x/%2e%2e/containers/create',
    '/v1.41/containers%2Fcreate', '/v1.41/containers/create;p=1', '/v1.41/containers/create/'].map((t) =>
    a('target', t, (n) => [head(createLine(n, '1.1', t), ['Content-Type: application/json', `Content-Length: ${L(PRIV)}`, 'Connection: close']) + PRIV])),
  a('target', '# before the query', (n) => [create(n, PRIV).replace('/create?', '/create#?')]),
  a('target', 'authority-form', () => [head('POST 127.0.0.1:2375 HTTP/1.1', [`Content-Length: ${L(PRIV)}`, 'Connection: close']) + PRIV]),
  a('target', 'asterisk-form', () => [head('POST * HTTP/1.1', [`Content-Length: ${L(PRIV)}`, 'Connection: close']) + PRIV]),
  a('target', 'very long target', (n) => [create(n, PRIV).replace(`name=${n}`, `name=${n}&x=${'a'.repeat(70_000)}`)]),
  ...['post', 'PoST', 'MOVE', 'PROPFIND'].map((m) => a('method', `method ${m}`, (n) => [create(n, PRIV).replace(/^POST/, m)])),
  // pipelining
  a('pipeline', 'allowed create then denied, one packet', (n) => [create(`${n}ok`, OK, [], false) + create(n, PRIV)], undefined, 1),
  a('pipeline', 'allowed then denied bind, split mid-header', (n) => { const s = create(`${n}ok`, OK, [], false) + create(n, BIND); return [s.slice(0, s.length - 60), s.slice(-60)]; }, { gapMs: 150 }, 1),
  a('pipeline', 'denied request inside an allowed body', (n) => { const inner = create(n, PRIV).replace('{AUTH}', ''); return [create(`${n}ok`, inner, [], false)]; }),
  a('pipeline', 'denied request inside a GET body', (n) => { const inner = create(n, PRIV).replace('{AUTH}', ''); return [head('GET /v1.41/_ping HTTP/1.1', [`Content-Length: ${L(inner)}`]) + inner]; }, undefined, 1),
  a('pipeline', 'denied request after Connection: close', (n) => [create(`${n}ok`, OK) + create(n, PRIV)], undefined, 1),
  a('pipeline', 'half-close after a denied keep-alive request', (n) => [create(n, PRIV, [], false)], { halfClose: true }),
  // upgrades
  a('upgrade', 'Upgrade: tcp on create, then bytes', (n) => [upgradeHead(createLine(n), ['Content-Type: application/json', `Content-Length: ${L(PRIV)}`]) + PRIV + create(n, PRIV)]),
  a('upgrade', 'Upgrade: tcp on _ping, request in the "tunnel"', (n) => [upgradeHead('GET /v1.41/_ping HTTP/1.1') + create(n, PRIV)]),
  a('upgrade', 'Upgrade: h2c on _ping, request behind it', (n) => [head('GET /v1.41/_ping HTTP/1.1', ['Connection: Upgrade, HTTP2-Settings', 'Upgrade: h2c', 'HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA']) + create(n, PRIV)]),
  a('upgrade', 'attach upgrade dockerd refuses (404), denied request on the same connection', (n, m) => [upgradeHead(`POST /v1.41/containers/${m}/attach?stream=1&stdin=1 HTTP/1.1`, ['Content-Length: 0']), create(n, PRIV)], { gapMs: 300 }),
  a('upgrade', 'exec start upgrade dockerd refuses (404), denied request behind it', (n) => [upgradeHead('POST /v1.41/exec/0000000000000000000000000000000000000000000000000000000000000000/start HTTP/1.1', ['Content-Type: application/json', 'Content-Length: 2']) + '{}' + create(n, PRIV)]),
  a('upgrade', 'websocket attach with a body', (n, m) => [head(`GET /v1.41/containers/${m}/attach/ws?stream=1 HTTP/1.1`, ['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', `Content-Length: ${L(PRIV)}`]) + PRIV + create(n, PRIV)]),
  a('upgrade', 'attach upgrade with chunked body', (n, m) => [head(`POST /v1.41/containers/${m}/attach?stream=1 HTTP/1.1`, ['Connection: Upgrade', 'Upgrade: tcp', 'Transfer-Encoding: chunked']) + chunked('x') + create(n, PRIV)]),
  a('upgrade', 'CONNECT, request behind it', (n) => ['CONNECT 127.0.0.1:2375 HTTP/1.1\r\nHost: 127.0.0.1:2375\r\n{AUTH}\r\n' + create(n, PRIV)]),
  // slow senders
  a('slow', 'slowloris headers', (n) => { const s = create(n, PRIV); return [s.slice(0, 20), s.slice(20, 60), s.slice(60)]; }, { gapMs: 150 }),
  a('slow', 'slow body', (n) => { const s = create(n, PRIV); return [s.slice(0, -40), s.slice(-40, -20), s.slice(-20)]; }, { gapMs: 150 }),
];
