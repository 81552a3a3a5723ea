// Generates the differential suite's request targets: safe base requests (reads, or writes aimed at
// names that do not exist) and many spellings of each (versions, escapes, dots, slashes, case, forms).

export interface Base {
  readonly method: string;
  /** Template with `{param}` placeholders, filled from params (decoded values). */
  readonly template: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: string;
}

export interface Case {
  readonly method: string;
  readonly target: string;
  readonly variant: string;
}

/** A seeded PRNG so a failing case can be reproduced. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (c: string, lower: boolean) => {
  const h = [...Buffer.from(c, 'utf8')].map((b) => '%' + b.toString(16).padStart(2, '0')).join('');
  return lower ? h.toLowerCase() : h.toUpperCase();
};
/** Encode what cannot appear raw in a path segment (RFC 3986 pchar), keeping "/" as is. */
const encodeMinimal = (s: string) => s.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g, (c) => hex(c, false));
const encodeAll = (s: string, lower: boolean) => [...s].map((c) => hex(c, lower)).join('');

function render(b: Base, paramEnc: (s: string) => string, literalEnc: (s: string) => string = (s) => s): string {
  const path = b.template.replace(/\{([^}]+)\}|[^{]+/g, (whole, name: string | undefined) =>
    name === undefined ? literalEnc(whole) : paramEnc(b.params?.[name] ?? ''));
  return path + (b.query === undefined ? '' : `?${b.query}`);
}

const VERSIONS = ['/v1.41', '/v1.40', '/v1.24', '/v1.12', '/v1.4', '/v2', '/v1.41.0', '/v01.41', '/v.', '/v', '/V1.41', '/%761.41', '/v1%2e41', '/v1.41/.'];

/** Every spelling of one base request. */
export function variants(b: Base, rnd: () => number): Case[] {
  const out: Case[] = [];
  const add = (variant: string, target: string, method = b.method) => out.push({ method, target, variant });
  const plain = render(b, encodeMinimal);
  add('plain', plain);
  for (const v of VERSIONS) add(`version ${v}`, v + plain);
  // One literal character percent-encoded (upper- and lower-case hex).
  const lit = b.template.replace(/\{[^}]+\}/g, '');
  const letters = [...lit].map((c, i) => [c, i] as const).filter(([c]) => /[a-z_]/i.test(c));
  if (letters.length > 0) {
    const [, at] = letters[Math.floor(rnd() * letters.length)] ?? ['', 0];
    let n = -1;
    const enc = render(b, encodeMinimal, (s) => [...s].map((c) => (++n === at ? hex(c, rnd() < 0.5) : c)).join(''));
    add('pct-literal', enc);
    add('pct-literal versioned', '/v1.41' + enc);
  }
  if (b.params) {
    add('pct-param-all', render(b, (s) => encodeAll(s, false)));
    add('pct-param-all lower', '/v1.41' + render(b, (s) => encodeAll(s, true)));
    add('pct-param-slash', render(b, (s) => encodeMinimal(s).replace(/\//g, '%2F')));
  }
  // Slashes and dot segments at a random "/" (dockerd cleans and redirects).
  const slashes = [...plain.split('?')[0] ?? ''].map((c, i) => [c, i] as const).filter(([c]) => c === '/').map(([, i]) => i);
  const at = slashes[Math.floor(rnd() * slashes.length)] ?? 0;
  const splice = (ins: string) => plain.slice(0, at) + ins + plain.slice(at);
  add('double-slash', splice('/'));
  add('dot', splice('/.'));
  add('dot-encoded', splice('/%2e'));
  add('dotdot', splice('/zz/..'));
  add('dotdot-encoded', splice('/zz/%2E%2e'));
  add('slash-encoded-double', splice('/%2F'));
  add('double-slash versioned', '/v1.41/' + plain);
  add('version-slash-encoded', '/v1.41%2F' + plain.slice(1));
  add('trailing-slash', plain.includes('?') ? plain.replace('?', '/?') : plain + '/');
  add('upper-case-literal', render(b, encodeMinimal, (s) => s.replace(/[a-z]/, (c) => c.toUpperCase())));
  add('absolute', 'http://docker' + plain);
  add('absolute-upper-scheme', 'HTTP://127.0.0.1:2375/v1.41' + plain);
  add('absolute-empty-path', 'http://docker', b.method);
  add('lower-method', plain, b.method.toLowerCase());
  for (const m of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH']) if (m !== b.method) add(`method ${m}`, plain, m);
  const sep = plain.includes('?') ? '&' : '?';
  add('query-repeated', `${plain}${sep}zz=1&zz=2`);
  add('query-plus', `${plain}${sep}zz=a+b%20c`);
  add('query-semicolon', `${plain}${sep}zz=1;yy=2`);
  add('query-bad-escape', `${plain}${sep}zz=%zz`);
  add('path-bad-escape', plain.replace(/\/([^/?]*)$|\/([^/?]*)\?/, (w) => w.replace('/', '/%g')));
  add('fragment', `${plain}#frag`);
  add('control-in-path', plain.replace('/', '/%0A'));
  add('nul-in-path', plain.replace('/', '/%00'));
  add('non-utf8-in-path', plain.replace('/', '/%ff'));
  add('asterisk', '*');
  add('no-slash', plain.slice(1));
  return out;
}

/** Base requests, safe to send with every spelling: reads, or writes aimed at names that do not exist. */
export function bases(real: { container: string; containerId: string; volume: string }, missing: string): Base[] {
  const Z = { id: missing };
  const N = { name: missing };
  return [
    { method: 'GET', template: '/containers/{id}/json', params: { id: real.container } },
    { method: 'GET', template: '/containers/{id}/json', params: { id: real.containerId } },
    { method: 'GET', template: '/containers/{id}/json', params: { id: 'pcl zz+nx/a' } },
    { method: 'GET', template: '/containers/json', query: 'all=1' },
    { method: 'GET', template: '/images/json' },
    { method: 'GET', template: '/images/{name}/json', params: { name: 'alpine:latest' } },
    { method: 'GET', template: '/images/{name}/json', params: { name: 'docker.io/library/alpine:latest' } },
    { method: 'GET', template: '/images/{name}/history', params: N },
    { method: 'GET', template: '/images/{name}/attestations', params: N },
    { method: 'GET', template: '/version' },
    { method: 'GET', template: '/info' },
    { method: 'GET', template: '/_ping' },
    { method: 'HEAD', template: '/_ping' },
    { method: 'GET', template: '/networks' },
    { method: 'GET', template: '/networks/' },
    { method: 'GET', template: '/networks/{id}', params: { id: 'none' } },
    { method: 'GET', template: '/volumes' },
    { method: 'GET', template: '/volumes/{name}', params: { name: real.volume } },
    { method: 'GET', template: '/exec/{id}/json', params: Z },
    { method: 'GET', template: '/containers/{id}/top', params: Z },
    { method: 'GET', template: '/containers/{id}/changes', params: Z },
    { method: 'GET', template: '/containers/{id}/archive', params: Z, query: 'path=/' },
    { method: 'HEAD', template: '/containers/{id}/archive', params: { id: real.container }, query: 'path=/' },
    ...['start', 'stop', 'restart', 'kill', 'pause', 'unpause', 'wait', 'attach'].map((a) => ({ method: 'POST', template: `/containers/{id}/${a}`, params: Z })),
    { method: 'POST', template: '/containers/{id}/copy', params: Z },
    { method: 'POST', template: '/containers/{id}/resize', params: Z, query: 'h=10&w=10' },
    { method: 'POST', template: '/containers/{id}/rename', params: Z, query: `name=${missing}-new` },
    { method: 'GET', template: '/containers/{id}/attach/ws', params: Z },
    { method: 'POST', template: '/exec/{id}/resize', params: Z, query: 'h=10&w=10' },
    { method: 'POST', template: '/images/{name}/tag', params: N, query: `repo=${missing}-tag` },
    { method: 'POST', template: '/plugins/{name}/disable', params: N },
    { method: 'DELETE', template: '/plugins/{name}', params: N },
    { method: 'GET', template: '/services' },
    { method: 'GET', template: '/tasks' },
    { method: 'GET', template: '/debug/pprof/{name}', params: { name: missing } },
    { method: 'POST', template: '/containers/create' },
    { method: 'DELETE', template: '/containers/{id}', params: Z },
    { method: 'DELETE', template: '/images/{name}', params: N },
    { method: 'DELETE', template: '/networks/{id}', params: Z },
    { method: 'DELETE', template: '/volumes/{name}', params: N },
    { method: 'PUT', template: '/volumes/{name}', params: N },
    { method: 'GET', template: '/plugins' },
    { method: 'GET', template: '/plugins/{name}/json', params: N },
    { method: 'GET', template: '/swarm' },
    { method: 'GET', template: '/nodes/{id}', params: Z },
    { method: 'GET', template: '/configs/{id}', params: Z },
    { method: 'GET', template: '/system/df' },
    { method: 'OPTIONS', template: '/containers/json' },
    { method: 'GET', template: '/debug/vars' },
    { method: 'GET', template: '/containers/{id}/checkpoints', params: Z },
    { method: 'GET', template: '/' },
    { method: 'GET', template: '/nothing/here' },
    { method: 'GET', template: '/containers' },
  ];
}
