// `docker cp` into a container: PUT /containers/{id}/archive carries a tar (maybe gzip). The trap reads member
// names, sizes and sha256 while streaming (capped), keeps short text snippets for analysis, and stores nothing.
import { createGunzip } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import type { Handler } from '../context.js';
import { recordAnalysis } from '../recorder.js';
import { joinPath, lookupPath, pathStat, rememberUpload, tarOf } from '../decoy-fs.js';
import { KEEP_FILE_MAX, keepUpload } from '../kept-uploads.js';
import { lookupContainer } from './containers.js';

export interface ArchiveMemberInfo {
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly mode: number;
  readonly sha256: string;
  /** First bytes when the member looks like text (scripts, crontabs, keys): analysed for commands/indicators. */
  readonly snippet?: string;
  /** The whole content of a regular file up to KEEP_FILE_MAX (kept so `docker cp` out returns it). Never logged. */
  readonly bytes?: Buffer;
}

export interface ArchiveSummary {
  readonly members: ArchiveMemberInfo[];
  readonly size: number;
  readonly sha256: string;
  readonly truncated: boolean;
  readonly error?: string;
}

const SNIPPET = 8192;

/** The writable side both tar-stream's extractor and zlib's gunzip offer. */
interface Sink { write(c: Buffer): boolean; end(): unknown; once(e: 'drain', cb: () => void): unknown }

/** Read a tar stream with caps on wire bytes, unpacked bytes and member count. */
export function readTar(src: Readable, maxBytes: number, maxMembers: number): Promise<ArchiveSummary> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    const members: ArchiveMemberInfo[] = [];
    let size = 0;
    let unpacked = 0;
    let truncated = false;
    let settled = false;
    let sink: Sink | undefined;
    const ex = extract();
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      src.removeAllListeners('data');
      resolve({ members, size, sha256: hash.digest('hex'), truncated, ...(error ? { error } : {}) });
    };
    ex.on('entry', (h, s, next) => {
      if (members.length >= maxMembers) {
        truncated = true;
        s.resume();
        ex.destroy();
        finish();
        return;
      }
      const mh = createHash('sha256');
      const snip: Buffer[] = [];
      let whole: Buffer[] | undefined = (h.type ?? 'file') === 'file' ? [] : undefined;
      let n = 0;
      s.on('data', (c: unknown) => {
        if (!Buffer.isBuffer(c)) return;
        mh.update(c);
        if (n < SNIPPET) snip.push(c.subarray(0, SNIPPET - n));
        if (whole && n + c.length <= KEEP_FILE_MAX) whole.push(c);
        else whole = undefined;
        n += c.length;
        unpacked += c.length;
        if (unpacked > maxBytes * 4) { truncated = true; ex.destroy(); finish(); }
      });
      s.on('end', () => {
        const text = Buffer.concat(snip).toString('utf8');
        const isText = n > 0 && !text.includes('\uFFFD') && !/[\x00-\x08\x0e-\x1f]/.test(text);
        members.push({ name: h.name.slice(0, 1024), type: h.type ?? 'file', size: n, mode: h.mode ?? 0, sha256: mh.digest('hex'), ...(isText ? { snippet: text } : {}),
          ...(whole ? { bytes: Buffer.concat(whole) } : {}) });
        next();
      });
    });
    ex.on('finish', () => finish());
    ex.on('error', (e: Error) => finish(e.message));
    src.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (!sink) {
        // dockerd accepts identity or gzip here (bzip2/xz too; those are recorded but not unpacked).
        if (chunk[0] === 0x1f && chunk[1] === 0x8b) {
          const gz = createGunzip();
          gz.on('error', (e) => finish(e.message));
          gz.pipe(ex);
          sink = gz;
        } else sink = ex as unknown as Sink;
      }
      const out = sink;
      size += chunk.length;
      hash.update(chunk);
      if (size > maxBytes) {
        truncated = true;
        finish();
        return;
      }
      if (!out.write(chunk)) {
        src.pause();
        out.once('drain', () => src.resume());
      }
    });
    src.on('end', () => { if (sink) sink.end(); else finish(); });
    src.on('error', (e) => finish(e.message));
  });
}

export const archivePut: Handler = async (ctx) => {
  const c = lookupContainer(ctx);
  if (!c || !ctx.bodyStream) {
    ctx.bodyStream?.resume();
    return;
  }
  const path = ctx.query.path ?? '';
  if (path === '') {
    ctx.res.error(400, 'bad parameter: pathcannot be empty'); // sic: dockerd's own wording
    ctx.bodyStream.resume();
    return;
  }
  // dockerd refuses a destination that does not exist (404) or is not a directory (500) before extracting; the trap
  // still reads and records the tar (the attacker's payload), then answers the same refusal.
  let dest = lookupPath(c, path);
  const link = dest?.file.type === 'symlink' ? dest.file.linkname : undefined;
  if (link !== undefined) dest = lookupPath(c, link.startsWith('/') ? link : joinPath(dest?.path.slice(0, dest.path.lastIndexOf('/')) || '/', link));
  const refusal: [number, string] | undefined = !dest ? [404, `Could not find the file ${path} in container ${ctx.params.id ?? c.name}`]
    : dest.file.type !== 'directory' ? [500, 'extraction point is not a directory'] : undefined;
  const summary = await readTar(ctx.bodyStream, ctx.cfg.limits.maxArchiveBody, ctx.cfg.limits.maxArchiveMembers);
  ctx.session.log.emit('trap.archive.uploaded', {
    container: c.id, container_name: c.name, path, size: summary.size, sha256: summary.sha256, truncated: summary.truncated,
    members: summary.members.map(({ snippet: _s, bytes: _b, ...m }) => m), ...(summary.error ? { error: summary.error } : {}),
    ...(refusal ? { refused: refusal[1] } : {}),
  });
  for (const m of refusal ? [] : summary.members) {
    if (m.type !== 'file' && m.type !== 'directory') continue;
    const at = joinPath(path, m.name);
    if (m.bytes) keepUpload(`${c.id}:${at}`, m.bytes);
    rememberUpload(c, at, { type: m.type, mode: m.mode || 0o644, mtime: ctx.now(), size: m.size, ...(m.bytes ? { kept: `${c.id}:${at}` } : {}) });
  }
  const texts = summary.members.filter((m) => m.snippet !== undefined);
  if (texts.length > 0) {
    recordAnalysis(ctx.session, ctx.analyse, { archiveMembers: texts.map((m) => ({ path: m.name, content: m.snippet ?? '' })),
      script: texts.map((m) => m.snippet).join('\n') }, { route: ctx.routeId, container: c.id, field: 'archive' });
  }
  if (refusal) {
    ctx.res.error(refusal[0], refusal[1]);
    return;
  }
  if (summary.truncated) {
    ctx.res.error(500, 'write /var/lib/docker/overlay2: no space left on device');
    ctx.bodyStream.destroy();
    return;
  }
  ctx.res.empty(200);
};

/** The container and decoy path a HEAD or GET archive request names, or undefined after answering the error. */
function archiveTarget(ctx: Parameters<Handler>[0]) {
  const c = lookupContainer(ctx);
  if (!c) return undefined;
  const raw = ctx.query.path ?? '';
  if (raw === '') {
    // dockerd's own wording, missing space included.
    ctx.res.error(400, 'bad parameter: pathcannot be empty');
    return undefined;
  }
  const found = lookupPath(c, raw);
  if (!found) {
    ctx.res.error(404, `Could not find the file ${raw} in container ${ctx.params.id ?? c.id}`);
    return undefined;
  }
  return { c, found };
}

export const archiveHead: Handler = (ctx) => {
  const t = archiveTarget(ctx);
  if (!t) return;
  // dockerd answers HEAD with the stat header only: no Content-Type, no Content-Length.
  ctx.res.empty(200, { 'X-Docker-Container-Path-Stat': pathStat(t.c, t.found.path, t.found.file) });
};

/** `docker cp CONTAINER:PATH -`: a tar of the decoy path (or of what the attacker uploaded), never host files. */
export const archiveGet: Handler = async (ctx) => {
  const t = archiveTarget(ctx);
  if (!t) return;
  const { c, found } = t;
  const tar = await tarOf(c, found.path);
  ctx.res.binary(200, 'application/x-tar', tar, { 'X-Docker-Container-Path-Stat': pathStat(c, found.path, found.file) });
};
