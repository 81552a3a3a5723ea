// The shape of one bypass attempt and the raw-request builders the corpus uses. Requests are built as bytes
// (headers latin1, bodies UTF-8 or raw buffers) so malformed framing and invalid UTF-8 reach the guard as is.
export interface Ctx {
  /** `Authorization: Bearer ...` of the attempt's subject. */
  readonly auth: string;
  /** The allowed host path prefix of the maker role. */
  readonly A: string;
  /** A fresh container/volume/image name for this attempt (pcl-bypass-aN). */
  readonly name: string;
  /** An exec instance the maker created legitimately (User nobody) on the target fixture. */
  readonly execId: string;
  /** Full image id of the lab images. */
  readonly imageId: string;
}

export interface Attempt {
  readonly id: string;
  readonly cls: string;
  readonly who: 'maker' | 'reader';
  readonly parts: (c: Ctx) => Array<string | Buffer>;
  /** Leading responses that may succeed (an allowed request in front of a smuggled one, or a 101). */
  readonly allowedFirst?: number;
  /** 'refuse' (default): refused and nothing new on the engine. 'no-effect': dockerd ignores the trick, so
   * the guard may allow it; only the ground truth (no forbidden effect) is asserted. */
  readonly mode?: 'refuse' | 'no-effect';
  /** Strings that must not come back (data a subject may not read). */
  readonly leak?: readonly string[];
}

/** Per-run prefix: other sessions may run this file at the same time on the shared engine. */
export const RUN = process.pid.toString(36);
/** Every container/volume/image this run creates or may cause starts with this. */
export const P = `pcl-bypass-${RUN}-`;
/** Fixtures made directly on the engine (not through the guard); excluded from the violation scan. */
export const FX = `${P}fx-`;
export const FXT = `${FX}target`;

export interface ReqOpts {
  body?: string | Buffer;
  headers?: readonly string[];
  /** Keep the connection open (default: `Connection: close`). */
  keepAlive?: boolean;
  version?: string;
  /** Content-Type; null for none. Default application/json when there is a body. */
  ct?: string | null;
  /** Omit Content-Length (caller frames the body itself). */
  noLength?: boolean;
}

/** One raw HTTP/1.1 request. */
export function http(c: Ctx, method: string, target: string, o: ReqOpts = {}): Buffer {
  const body = o.body === undefined ? Buffer.alloc(0) : typeof o.body === 'string' ? Buffer.from(o.body, 'utf8') : o.body;
  const h = [`${method} ${target} HTTP/${o.version ?? '1.1'}`, 'Host: docker', c.auth];
  const ct = o.ct === undefined ? (o.body !== undefined ? 'application/json' : null) : o.ct;
  if (ct !== null) h.push(`Content-Type: ${ct}`);
  if (!o.noLength) h.push(`Content-Length: ${body.length}`);
  h.push(...(o.headers ?? []));
  if (!o.keepAlive) h.push('Connection: close');
  return Buffer.concat([Buffer.from(h.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
}

export const withName = (target: string, name: string): string => `${target}${target.includes('?') ? '&' : '?'}name=${name}`;

/** POST a container create body to `target` (default /v1.41/containers/create) with this attempt's name. */
export const create = (c: Ctx, body: string | Buffer, target = '/v1.41/containers/create', o: ReqOpts = {}): Buffer =>
  http(c, 'POST', withName(target, c.name), { ...o, body });

export const PRIV = '{"Image":"alpine","Cmd":["true"],"HostConfig":{"Privileged":true}}';
export const hc = (inner: string): string => `{"Image":"alpine","Cmd":["true"],"HostConfig":${inner}}`;

/** A chunked body. */
export function chunked(body: string, ext = ''): string {
  const b = Buffer.from(body, 'utf8');
  return `${b.length.toString(16)}${ext}\r\n${b.toString('latin1')}\r\n0\r\n\r\n`;
}

/** A minimal tar with one regular file (ustar, 512-byte blocks). */
export function tarOf(name: string, content: string): Buffer {
  const data = Buffer.from(content, 'utf8');
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'latin1');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(data.length.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  h.write('00000000000\0', 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write('0', 156, 'latin1');
  h.write('ustar\0' + '00', 257, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([h, data, pad, Buffer.alloc(1024)]);
}
