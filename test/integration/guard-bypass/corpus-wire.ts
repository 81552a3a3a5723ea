// Corpus part 2: the wire. Odd request targets and versions, methods, query tricks, form bodies that Go's
// ParseForm would merge into the query, ambiguous framing, chunked/oversized/slow bodies, pipelining and
// upgrade tricks — each carrying a forbidden create (or rename/import) that must not reach dockerd.
import { chunked, create, FXT, http, P, PRIV, tarOf, withName, type Attempt, type Ctx } from './attempt.js';

const at = (cls: string, id: string, parts: (c: Ctx) => Array<string | Buffer>, extra: Partial<Attempt> = {}): Attempt =>
  ({ id, cls, who: 'maker', parts, ...extra });
const head = (c: Ctx, line: string, headers: string[]): string => `${line}\r\nHost: docker\r\n${c.auth}\r\n${headers.join('\r\n')}${headers.length ? '\r\n' : ''}\r\n`;
const len = (s: string): number => Buffer.byteLength(s);

const TARGETS = [
  '/v1.41//containers/create', '/v1.41/containers/create/', '/v1.41/containers/./create', '/v1.41/x/../containers/create',
  '/v1.41/%63ontainers/create', '/v1.41/containers%2Fcreate', '/v1.41/containers/%2e%2e/containers/create',
  '/V1.41/containers/create', 'http://x/v1.41/containers/create', 'http://x:2375/containers/create',
  'HTTP://x/v1.41/containers/create', '/v1.41.0/containers/create', '/v01.41/containers/create', '/v1.410/containers/create',
  '/v9.99/containers/create', '/v1/containers/create', '/v1.41/containers/create;x', '/containers/create',
  '//v1.41/containers/create', '/./v1.41/containers/create', '/v1.41/containers/create%00', '/v1.41/containers/create%20',
  '/v1.41/containers/create\t', '/v1.41/containers/CREATE', '/v1.41/containers/create#frag', '/v1.41/containers/create%3Fa=1',
  '/v1.41/containers/create?', '/v1.41/containers/create?&&', '/v1.41\\containers\\create', '/v1.41/containers/create/.',
];

export const TARGET_TRICKS: Attempt[] = [
  ...TARGETS.map((t, i) => at('target', `target-${i}-${t}`, (c) => [create(c, PRIV, t)])),
  at('target', 'asterisk-form', (c) => [http(c, 'POST', '*', { body: PRIV })]),
  at('target', 'authority-form', (c) => [http(c, 'POST', '127.0.0.1:2375', { body: PRIV })]),
  ...['post', 'PoSt', 'PUT', 'PATCH', 'HEAD', 'OPTIONS', 'POST ', 'GET'].map((m) =>
    // dockerd answers OPTIONS on any path with an empty 200 (CORS pre-flight): allowing it is harmless.
    at('method', `method-${m.trim() || 'space'}${m.endsWith(' ') ? '-space' : ''}`, (c) => [create(c, PRIV, '/v1.41/containers/create').toString('latin1').replace(/^POST/, m)],
      m === 'OPTIONS' ? { mode: 'no-effect' } : {})),
  at('query', 'repeated-name', (c) => [create(c, PRIV, `/v1.41/containers/create?name=${c.name}x`)]),
  at('query', 'pull-denied-image-first', (c) => [http(c, 'POST', '/v1.41/images/create?fromImage=ubuntu&fromImage=alpine&tag=latest', { body: '' })]),
  at('query', 'pull-allowed-image-first', (c) => [http(c, 'POST', '/v1.41/images/create?fromImage=alpine&fromImage=ubuntu&tag=latest', { body: '' })], { mode: 'no-effect' }),
  at('query', 'pull-tag-carries-other-repo', (c) => [http(c, 'POST', '/v1.41/images/create?fromImage=alpine&tag=x/../../ubuntu', { body: '' })]),
  at('query', 'pull-fromimage-case', (c) => [http(c, 'POST', '/v1.41/images/create?FromImage=alpine&fromImage=ubuntu', { body: '' })]),
  at('query', 'import-fromSrc', (c) => [http(c, 'POST', `/v1.41/images/create?fromSrc=-&repo=${c.name}`, { body: tarOf('f', 'x'), ct: 'application/x-tar' })]),
  at('query', 'import-behind-fromImage', (c) => [http(c, 'POST', `/v1.41/images/create?fromImage=alpine&fromSrc=-&repo=${c.name}`, { body: tarOf('f', 'x'), ct: 'application/x-tar' })]),
  at('query', 'import-semicolon', (c) => [http(c, 'POST', `/v1.41/images/create?fromImage=alpine;fromSrc=-&repo=${c.name}`, { body: tarOf('f', 'x'), ct: 'application/x-tar' })]),
  at('query', 'import-encoded-amp', (c) => [http(c, 'POST', `/v1.41/images/create?fromImage=alpine%26fromSrc%3D-&repo=${c.name}&fromSrc=-`, { body: tarOf('f', 'x'), ct: 'application/x-tar' })]),
  at('query', 'import-empty-then-dash', (c) => [http(c, 'POST', `/v1.41/images/create?fromSrc=&fromSrc=-&repo=${c.name}`, { body: tarOf('f', 'x'), ct: 'application/x-tar' })]),
  ...['application/x-www-form-urlencoded', 'APPLICATION/X-WWW-FORM-URLENCODED', 'application/x-www-form-urlencoded; charset=utf-8',
    'application/x-www-form-urlencoded ', ' application/x-www-form-urlencoded'].map((ct, i) =>
    at('form-body', `rename-form-${i}`, (c) => [http(c, 'POST', `/v1.41/containers/${FXT}/rename?name=${FXT}`, { body: `name=${c.name}`, ct })])),
  at('form-body', 'import-form', (c) => [http(c, 'POST', '/v1.41/images/create?fromImage=alpine', { body: `fromSrc=-&repo=${c.name}&fromImage=`, ct: 'application/x-www-form-urlencoded' })]),
  at('form-body', 'rename-form-then-json-ct', (c) => [http(c, 'POST', `/v1.41/containers/${FXT}/rename?name=${FXT}`, { body: `name=${c.name}`, ct: 'application/x-www-form-urlencoded', headers: ['Content-Type: application/json'] })]),
  at('form-body', 'create-form-name', (c) => [http(c, 'POST', '/v1.41/containers/create', { body: `{"Image":"alpine","x":"&name=${c.name}&"}`, ct: 'application/x-www-form-urlencoded' })]),
];

const CL_PRIV = (c: Ctx, headers: string[]): string => head(c, `POST ${withNameOf(c)} HTTP/1.1`, [...headers, 'Content-Type: application/json', 'Connection: close']) + PRIV;
const withNameOf = (c: Ctx): string => withName('/v1.41/containers/create', c.name);
const hidden = (c: Ctx): string => create(c, PRIV).toString('latin1');

export const FRAMING: Attempt[] = [
  at('framing', 'cl-and-te', (c) => [CL_PRIV(c, [`Content-Length: ${len(PRIV)}`, 'Transfer-Encoding: chunked'])]),
  at('framing', 'te-and-cl-chunked-body', (c) => [head(c, `POST ${withNameOf(c)} HTTP/1.1`, ['Transfer-Encoding: chunked', 'Content-Length: 4', 'Connection: close']) + chunked(PRIV)]),
  at('framing', 'two-cl-same', (c) => [CL_PRIV(c, [`Content-Length: ${len(PRIV)}`, `Content-Length: ${len(PRIV)}`])]),
  at('framing', 'two-cl-different', (c) => [CL_PRIV(c, ['Content-Length: 2', `Content-Length: ${len(PRIV)}`])]),
  at('framing', 'cl-list', (c) => [CL_PRIV(c, [`Content-Length: ${len(PRIV)}, ${len(PRIV)}`])]),
  at('framing', 'cl-plus-sign', (c) => [CL_PRIV(c, [`Content-Length: +${len(PRIV)}`])]),
  at('framing', 'cl-leading-zero', (c) => [CL_PRIV(c, [`Content-Length: 0${len(PRIV)}`])]),
  at('framing', 'cl-hex', (c) => [CL_PRIV(c, [`Content-Length: 0x${len(PRIV).toString(16)}`])]),
  ...['Chunked', 'chunked, chunked', 'identity', 'gzip, chunked', 'chunked, identity', ' chunked', 'xchunked'].map((te, i) =>
    at('framing', `te-variant-${i}-${te.trim()}`, (c) => [head(c, `POST ${withNameOf(c)} HTTP/1.1`, [`Transfer-Encoding: ${te}`, 'Content-Type: application/json', 'Connection: close']) + chunked(PRIV)])),
  at('framing', 'te-twice', (c) => [head(c, `POST ${withNameOf(c)} HTTP/1.1`, ['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked', 'Connection: close']) + chunked(PRIV)]),
  at('framing', 'chunk-extension', (c) => [head(c, `POST ${withNameOf(c)} HTTP/1.1`, ['Transfer-Encoding: chunked', 'Content-Type: application/json', 'Connection: close']) + chunked(PRIV, ';ext="a;b"')]),
  at('framing', 'chunk-trailer', (c) => [head(c, `POST ${withNameOf(c)} HTTP/1.1`, ['Transfer-Encoding: chunked', 'Trailer: Content-Type', 'Connection: close']) + chunked(PRIV).replace(/\r\n\r\n$/, '\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n')]),
  at('framing', 'chunk-size-leading-zeros-upper', (c) => [head(c, `POST ${withNameOf(c)} HTTP/1.1`, ['Transfer-Encoding: chunked', 'Connection: close']) + `0000${len(PRIV).toString(16).toUpperCase()}\r\n${PRIV}\r\n0\r\n\r\n`]),
  at('framing', 'chunk-size-overflow', (c) => [head(c, `POST ${withNameOf(c)} HTTP/1.1`, ['Transfer-Encoding: chunked', 'Connection: close']) + `10000000000000000${len(PRIV).toString(16)}\r\n${PRIV}\r\n0\r\n\r\n`]),
  at('framing', 'chunk-bare-lf', (c) => [head(c, `POST ${withNameOf(c)} HTTP/1.1`, ['Transfer-Encoding: chunked', 'Connection: close']) + `${len(PRIV).toString(16)}\n${PRIV}\n0\n\n`]),
  at('framing', 'obs-fold', (c) => [CL_PRIV(c, [`Content-Length: ${len(PRIV)}`, 'X-A: a', ' folded'])]),
  at('framing', 'obs-fold-te', (c) => [head(c, `POST ${withNameOf(c)} HTTP/1.1`, ['Transfer-Encoding:', ' chunked', 'Connection: close']) + chunked(PRIV)]),
  at('framing', 'bare-lf-headers', (c) => [`POST ${withNameOf(c)} HTTP/1.1\nHost: docker\n${c.auth}\nContent-Type: application/json\nContent-Length: ${len(PRIV)}\nConnection: close\n\n${PRIV}`]),
  at('framing', 'space-before-colon', (c) => [CL_PRIV(c, [`Content-Length : ${len(PRIV)}`])]),
  at('framing', 'nul-in-header', (c) => [CL_PRIV(c, [`Content-Length: ${len(PRIV)}`, 'X-A: a\0b'])]),
  at('framing', 'http-1.0', (c) => [create(c, PRIV, '/v1.41/containers/create', { version: '1.0' })]),
  at('framing', 'http-0.9-style', (c) => [`POST ${withNameOf(c)}\r\n\r\n${PRIV}`]),
  at('framing', 'http-2-preface', () => ['PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n']),
  at('framing', 'expect-continue', (c) => [create(c, PRIV, '/v1.41/containers/create', { headers: ['Expect: 100-continue'] })]),
  at('framing', 'cl-short', (c) => [CL_PRIV(c, ['Content-Length: 20'])]),
  at('oversize', 'cl-over-limit', (c) => [create(c, `{"Image":"alpine","Env":["${'x'.repeat(70000)}"],"HostConfig":{"Privileged":true}}`)]),
  at('oversize', 'chunked-over-limit', (c) => [head(c, `POST ${withNameOf(c)} HTTP/1.1`, ['Transfer-Encoding: chunked', 'Connection: close']) + chunked(`{"Image":"alpine","Env":["${'x'.repeat(70000)}"],"HostConfig":{"Privileged":true}}`)]),
  at('oversize', 'many-small-chunks-over-limit', (c) => [head(c, `POST ${withNameOf(c)} HTTP/1.1`, ['Transfer-Encoding: chunked', 'Connection: close']) + `1\r\n[\r\n`.repeat(70000) + '0\r\n\r\n']),
  at('oversize', 'declared-huge', (c) => [CL_PRIV(c, ['Content-Length: 999999999999'])]),
  at('slow', 'slow-body', (c) => { const r = create(c, PRIV).toString('latin1'); const b = r.indexOf('\r\n\r\n') + 4; return [r.slice(0, b), r.slice(b, b + 10), r.slice(b + 10, b + 40), r.slice(b + 40)]; }),
  at('slow', 'slow-headers', (c) => { const r = create(c, PRIV).toString('latin1'); return [r.slice(0, 7), r.slice(7, 40), r.slice(40)]; }),
  at('pipeline', 'ping-then-hidden', (c) => [http(c, 'GET', '/v1.41/_ping', { keepAlive: true }) .toString('latin1') + hidden(c)], { allowedFirst: 1 }),
  at('pipeline', 'ping-ping-hidden', (c) => [http(c, 'GET', '/_ping', { keepAlive: true }).toString('latin1') + http(c, 'GET', '/v1.41/version', { keepAlive: true }).toString('latin1') + hidden(c)], { allowedFirst: 2 }),
  at('pipeline', 'hidden-in-get-body', (c) => { const h = hidden(c); return [head(c, 'GET /v1.41/_ping HTTP/1.1', [`Content-Length: ${len(h)}`]) + h]; }, { allowedFirst: 1 }),
  at('pipeline', 'hidden-in-chunked-get-body', (c) => [head(c, 'GET /v1.41/containers/json HTTP/1.1', ['Transfer-Encoding: chunked']) + chunked(hidden(c))], { allowedFirst: 1 }),
  at('pipeline', 'hidden-after-allowed-create-body', (c) => { const ok = `{"Image":"alpine","Cmd":["true"]}`; const h = hidden(c); return [head(c, 'POST /v1.41/containers/create HTTP/1.1', ['Content-Type: application/json', `Content-Length: ${len(ok) + len(h)}`]) + ok + h]; }),
  at('pipeline', 'hidden-in-bodyless-route-body', (c) => { const h = hidden(c); return [head(c, `POST /v1.41/exec/${c.execId}/resize?h=10&w=10 HTTP/1.1`, [`Content-Length: ${len(h)}`]) + h]; }, { allowedFirst: 1 }),
  at('pipeline', 'denied-then-hidden-keepalive', (c) => [http(c, 'POST', '/v1.41/containers/create', { body: PRIV, keepAlive: true }).toString('latin1') + hidden(c)]),
  at('pipeline', 'short-cl-smuggles', (c) => { const h = hidden(c); const ok = '{"Image":"alpine","Cmd":["true"]}'; return [head(c, `POST /v1.41/containers/create HTTP/1.1`, ['Content-Type: application/json', `Content-Length: ${len(ok)}`]) + ok.slice(0, -1) + h]; }),
];

const upg = (c: Ctx, method: string, target: string, extra: string[] = [], body = ''): string =>
  head(c, `${method} ${target} HTTP/1.1`, ['Connection: Upgrade', 'Upgrade: tcp', `Content-Length: ${len(body)}`, ...extra]) + body;

export const UPGRADE: Attempt[] = [
  at('upgrade', 'upgrade-on-create', (c) => [upg(c, 'POST', withNameOf(c), ['Content-Type: application/json'], PRIV)]),
  at('upgrade', 'upgrade-header-without-connection', (c) => [create(c, PRIV, '/v1.41/containers/create', { headers: ['Upgrade: tcp'] })]),
  at('upgrade', 'h2c-on-ping-then-hidden', (c) => [head(c, 'GET /v1.41/_ping HTTP/1.1', ['Connection: Upgrade, HTTP2-Settings', 'Upgrade: h2c', 'HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA']) + hidden(c)], { allowedFirst: 1 }),
  at('upgrade', 'websocket-attach', (c) => [head(c, `GET /v1.41/containers/${FXT}/attach/ws?stream=1&stdout=1 HTTP/1.1`, ['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='])]),
  at('upgrade', 'attach-ws-without-upgrade', (c) => [http(c, 'GET', `/v1.41/containers/${FXT}/attach/ws?stream=1&stdout=1`)]),
  at('upgrade', 'attach-missing-then-hidden', (c) => [upg(c, 'POST', `/v1.41/containers/${P}nope/attach?stream=1&stdin=1`) + hidden(c)]),
  at('upgrade', 'attach-data-before-101', (c) => [upg(c, 'POST', `/v1.41/containers/${FXT}/attach?stream=1&stdin=1&stdout=1`) + hidden(c)], { allowedFirst: 1 }),
  at('upgrade', 'exec-start-data-before-101', (c) => [upg(c, 'POST', `/v1.41/exec/${c.execId}/start`, ['Content-Type: application/json'], '{"Detach":false,"Tty":false}') + hidden(c)], { allowedFirst: 1 }),
  at('upgrade', 'exec-start-chunked-upgrade', (c) => [head(c, `POST /v1.41/exec/${c.execId}/start HTTP/1.1`, ['Connection: Upgrade', 'Upgrade: tcp', 'Transfer-Encoding: chunked']) + chunked('{"Detach":false}') + hidden(c)]),
  at('upgrade', 'exec-start-detach-then-hidden', (c) => [http(c, 'POST', `/v1.41/exec/${c.execId}/start`, { body: '{"Detach":true}', keepAlive: true }).toString('latin1') + hidden(c)], { allowedFirst: 1 }),
  at('auth', 'keepalive-then-no-token', (c) => [http(c, 'GET', '/_ping', { keepAlive: true }).toString('latin1')
    + `POST /v1.41/containers/create?name=${c.name} HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: 33\r\nConnection: close\r\n\r\n{"Image":"alpine","Cmd":["true"]}`], { allowedFirst: 1 }),
  at('auth', 'token-in-query', (c) => [`POST /v1.41/containers/create?name=${c.name}&access_token=${c.auth.split(' ').pop() ?? ''} HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: 33\r\nConnection: close\r\n\r\n{"Image":"alpine","Cmd":["true"]}`]),
  at('auth', 'basic-scheme', (c) => [create(c, '{"Image":"alpine","Cmd":["true"]}').toString('latin1').replace('Authorization: Bearer ', 'Authorization: Basic ')]),
  at('upgrade', 'session-h2c', (c) => [head(c, 'POST /v1.41/session HTTP/1.1', ['Connection: Upgrade', 'Upgrade: h2c', 'X-Docker-Expose-Session-Uuid: x', 'Content-Length: 0'])]),
  at('upgrade', 'grpc-h2c', (c) => [head(c, 'POST /v1.41/grpc HTTP/1.1', ['Connection: Upgrade', 'Upgrade: h2c', 'Content-Length: 0'])]),
  at('upgrade', 'connect-method', () => ['CONNECT 127.0.0.1:2375 HTTP/1.1\r\nHost: 127.0.0.1:2375\r\n\r\n']),
];
