// Tar traffic other than `docker cp`: export and save answer believable decoy tars; load and build read the
// attacker's tar (capped), record it (Dockerfile, manifest, text members) and analyse it — nothing is built or run.
import { pack } from 'tar-stream';
import { field, jsonBody, type Handler, type TrapContext } from '../context.js';
import { tarOf } from '../decoy-fs.js';
import { decodeBody } from '../../core/docker-api/index.js';
import { isRefError, parseImageRef } from '../image-ref.js';
import { sha256Hex, stableHex } from '../ids.js';
import { recordAnalysis } from '../recorder.js';
import type { EmuImage } from '../state.js';
import { readTar, type ArchiveSummary } from './archive.js';
import { lookupContainer } from './containers.js';

/** `docker export`: the decoy rootfs (plus uploads) as a chunked octet-stream, like dockerd. */
export const containerExport: Handler = async (ctx) => {
  const c = lookupContainer(ctx);
  if (!c) return;
  const tar = await tarOf(c, '/', { root: true });
  const stream = ctx.res.stream(200, 'application/octet-stream');
  stream.end(tar);
};

async function imageTar(images: EmuImage[]): Promise<Buffer> {
  const p = pack();
  const parts: Buffer[] = [];
  p.on('data', (b: unknown) => { if (Buffer.isBuffer(b)) parts.push(b); });
  const done = new Promise<void>((resolve) => p.on('end', () => resolve()));
  const manifest: Record<string, unknown>[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  for (const img of images) {
    const layer = stableHex('layer', img.id);
    const mtime = new Date(img.created);
    const cfgName = `${img.id.slice(7)}.json`;
    p.entry({ name: `${layer}/`, type: 'directory', mode: 0o755, mtime });
    p.entry({ name: `${layer}/VERSION`, mode: 0o644, mtime }, '1.0');
    p.entry({ name: `${layer}/json`, mode: 0o644, mtime }, JSON.stringify({ id: layer, created: mtime.toISOString(), config: { Cmd: ['/bin/sh'] }, os: 'linux' }));
    const empty = Buffer.alloc(1024);
    p.entry({ name: `${layer}/layer.tar`, mode: 0o644, mtime }, empty);
    p.entry({ name: cfgName, mode: 0o644, mtime }, JSON.stringify({ architecture: 'amd64', config: { Cmd: ['/bin/sh'], Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] },
      created: mtime.toISOString(), os: 'linux', rootfs: { type: 'layers', diff_ids: [`sha256:${sha256Hex(empty)}`] } }));
    manifest.push({ Config: cfgName, RepoTags: [img.ref], Layers: [`${layer}/layer.tar`] });
    const [repo = img.ref, tag = 'latest'] = img.ref.split(/:(?=[^:/]+$)/);
    (repositories[repo] ??= {})[tag] = layer;
  }
  p.entry({ name: 'manifest.json', mode: 0o644, mtime: new Date(0) }, JSON.stringify(manifest));
  p.entry({ name: 'repositories', mode: 0o644, mtime: new Date(0) }, `${JSON.stringify(repositories)}\n`);
  p.finalize();
  await done;
  return Buffer.concat(parts);
}

/** `docker save`: GET /images/{name}/get or /images/get?names=...; unknown names are 404 like dockerd. */
export const imageSave: Handler = async (ctx) => {
  // Empty names are names too (dockerd refuses them as references).
  const names = ctx.params.name !== undefined ? [ctx.params.name] : (ctx.queryAll.names ?? (ctx.query.names !== undefined ? [ctx.query.names] : [])).slice(0, 64);
  const found: EmuImage[] = [];
  for (const n of names) {
    const ref = parseImageRef(n);
    if (isRefError(ref)) {
      // The exporter parses every name first; an unreadable one is an untyped (500) error.
      ctx.res.error(500, ref.error);
      return;
    }
  }
  for (const n of names) {
    const img = ctx.session.state.findImage(n);
    if (!img) {
      ctx.res.error(404, `No such image: ${n}`);
      return;
    }
    found.push(img);
  }
  const stream = ctx.res.stream(200, 'application/x-tar');
  stream.end(await imageTar(found));
};

/** All values of a repeated query key. */
function queryList(ctx: TrapContext, key: string): string[] {
  return (ctx.queryAll[key] ?? []).filter(Boolean).slice(0, 64);
}

function textMembers(s: ArchiveSummary): { path: string; content: string }[] {
  return s.members.filter((m) => m.snippet !== undefined).map((m) => ({ path: m.name, content: m.snippet ?? '' }));
}

/** `docker load`: record the tar, analyse its configs/scripts, answer "Loaded image" for its RepoTags. */
export const imageLoad: Handler = async (ctx) => {
  if (!ctx.bodyStream) return;
  const summary = await readTar(ctx.bodyStream, ctx.cfg.limits.maxArchiveBody, ctx.cfg.limits.maxArchiveMembers);
  const manifest = summary.members.find((m) => m.name === 'manifest.json')?.snippet;
  let tags: string[] = [];
  try {
    const m = JSON.parse(manifest ?? '[]') as { RepoTags?: unknown }[];
    tags = m.flatMap((x) => (Array.isArray(x.RepoTags) ? x.RepoTags.filter((t): t is string => typeof t === 'string') : [])).slice(0, 32);
  } catch { tags = []; }
  ctx.session.log.emit('trap.image.load_attempted', { size: summary.size, sha256: summary.sha256, truncated: summary.truncated, repo_tags: tags,
    members: summary.members.map(({ snippet: _s, ...m }) => m), ...(summary.error ? { error: summary.error } : {}) });
  const texts = textMembers(summary);
  if (texts.length > 0) recordAnalysis(ctx.session, ctx.analyse, { archiveMembers: texts, script: texts.map((t) => t.content).join('\n') }, { route: ctx.routeId, field: 'load' });
  const stream = ctx.res.stream(200, 'application/json');
  if (summary.error || summary.truncated || !manifest) {
    // dockerd reports a load failure inside the 200 stream, as an errorDetail line.
    const message = summary.truncated ? 'write /var/lib/docker/tmp: no space left on device'
      : `open /var/lib/docker/tmp/docker-import-${parseInt(summary.sha256.slice(0, 8), 16) % 1_000_000_000}/repositories: no such file or directory`;
    stream.end(`${JSON.stringify({ errorDetail: { message }, error: message })}\n`);
    return;
  }
  for (const t of tags) {
    const r = parseImageRef(t);
    if (isRefError(r)) continue;
    if (ctx.session.state.images.size < ctx.cfg.limits.maxObjectsPerSession) ctx.session.state.addImage(r.familiar, ctx.now(), undefined, undefined, true);
    ctx.session.state.dockerEvent('image', 'load', r.familiar, { name: r.familiar }, ctx.now());
    stream.write(`${JSON.stringify({ stream: `Loaded image: ${r.familiar}\n` })}\n`);
  }
  stream.end();
};

/** Dockerfile instructions (continuations joined, comments dropped). */
export function dockerfileSteps(text: string): string[] {
  const steps: string[] = [];
  let cur = '';
  // As Docker's parser: the escape at a line end is dropped and the next line appended as written.
  for (const raw of text.split(/\r?\n/)) {
    const line = cur === '' ? raw.trim() : raw.trimEnd();
    if (cur === '' && (line === '' || line.startsWith('#'))) continue;
    if (cur !== '' && line.trimStart().startsWith('#')) continue;
    if (line.endsWith('\\')) {
      cur += line.slice(0, -1);
      continue;
    }
    steps.push((cur + line).trim());
    cur = '';
  }
  if (cur.trim()) steps.push(cur.trim());
  return steps.filter(Boolean).slice(0, 256);
}

/** `docker build` (classic builder API): record the context and Dockerfile, answer a believable step stream. */
export const build: Handler = async (ctx) => {
  const remote = ctx.query.remote ?? '';
  const dockerfileName = (ctx.query.dockerfile || 'Dockerfile').replace(/^\.\//, '');
  const summary: ArchiveSummary = ctx.bodyStream
    ? await readTar(ctx.bodyStream, ctx.cfg.limits.maxArchiveBody, ctx.cfg.limits.maxArchiveMembers)
    : { members: [], size: 0, sha256: sha256Hex(''), truncated: false };
  const df = summary.members.find((m) => m.name.replace(/^\.\//, '') === dockerfileName);
  const dockerfile = df?.snippet ?? '';
  const steps = dockerfileSteps(dockerfile);
  const tags = queryList(ctx, 't');
  let buildargs: Record<string, unknown> = {};
  try { buildargs = JSON.parse(ctx.query.buildargs ?? '{}') as Record<string, unknown>; } catch { buildargs = {}; }
  const from = steps.filter((s) => /^FROM\s/i.test(s)).map((s) => s.split(/\s+/)[1] ?? '').filter(Boolean);
  const runs = steps.filter((s) => /^RUN\s/i.test(s)).map((s) => s.replace(/^RUN\s+/i, ''));
  ctx.session.log.emit('trap.build.attempted', { dockerfile_name: dockerfileName, dockerfile: dockerfile.slice(0, 8192), dockerfile_sha256: df?.sha256 ?? null,
    from, tags, remote, buildargs, context_size: summary.size, context_sha256: summary.sha256, truncated: summary.truncated,
    members: summary.members.slice(0, 256).map(({ snippet: _s, ...m }) => m), ...(summary.error ? { error: summary.error } : {}) });
  const texts = textMembers(summary).filter((t) => t.path !== df?.name);
  const script = [...runs.map(execForm), ...(remote ? [`curl ${remote}`] : []), ...Object.values(buildargs).map(String)].join('\n');
  recordAnalysis(ctx.session, ctx.analyse, { image: from[0], script, archiveMembers: texts.length > 0 ? texts : null }, { route: ctx.routeId, field: 'Dockerfile' });
  // The tagger refuses bad `t` values (untyped, 500) before anything is built.
  for (const t of tags) {
    const r = parseImageRef(t);
    if (isRefError(r) || r.digest) {
      ctx.res.error(500, isRefError(r) ? r.error : 'build tag cannot contain a digest');
      return;
    }
  }
  if (remote !== '') {
    ctx.res.error(500, `error downloading remote context ${remote}: dial tcp: lookup ${safeHost(remote)}: i/o timeout`);
    return;
  }
  if (!df) {
    ctx.res.error(500, `Cannot locate specified Dockerfile: ${dockerfileName}`);
    return;
  }
  const stream = ctx.res.stream(200, 'application/json');
  const line = (s: string) => stream.write(`${JSON.stringify({ stream: s })}\r\n`);
  let layer = stableHex(ctx.cfg.sensor, 'build', from[0] ?? '');
  steps.forEach((s, i) => {
    line(`Step ${i + 1}/${steps.length} : ${s}\n`);
    if (/^(RUN)\s/i.test(s)) {
      line(` ---> Running in ${stableHex(layer, 'run').slice(0, 12)}\n`);
      line(`Removing intermediate container ${stableHex(layer, 'run').slice(0, 12)}\n`);
    }
    layer = stableHex(layer, s);
    line(` ---> ${layer.slice(0, 12)}\n`);
  });
  const id = `sha256:${layer}`;
  stream.write(`${JSON.stringify({ aux: { ID: id } })}\r\n`);
  line(`Successfully built ${layer.slice(0, 12)}\n`);
  for (const t of tags) {
    const r = parseImageRef(t);
    if (isRefError(r)) continue;
    if (ctx.session.state.images.size < ctx.cfg.limits.maxObjectsPerSession) ctx.session.state.addImage(r.familiar, ctx.now(), undefined, id, true);
    line(`Successfully tagged ${r.familiar}\n`);
  }
  stream.end();
};

/** A RUN in exec form (`["sh","-c","..."]`) becomes its shell text for analysis. */
function execForm(run: string): string {
  if (!run.startsWith('[')) return run;
  try {
    const v = JSON.parse(run) as unknown;
    return Array.isArray(v) ? v.map(String).join(' ') : run;
  } catch { return run; }
}

function safeHost(url: string): string {
  try { return new URL(url).hostname; } catch { return 'github.com'; }
}

/** `docker login`: credentials are recorded as sha256 only; the answer is a successful login. */
export const auth: Handler = (ctx) => {
  let body: Record<string, unknown> | undefined;
  try { body = jsonBody(ctx); } catch { body = undefined; }
  const str = (k: string) => { const v = field(body, k); return typeof v === 'string' ? v : ''; };
  const hash = (v: string) => (v === '' ? null : sha256Hex(v));
  ctx.session.log.emit('trap.auth.attempted', { serveraddress: str('serveraddress').slice(0, 512), username_sha256: hash(str('username')),
    password_sha256: hash(str('password')), identitytoken_sha256: hash(str('identitytoken')), email_sha256: hash(str('email')) });
  // A body dockerd cannot decode is its untyped (500) error; a readable one always "logs in" (nothing is contacted).
  const decoded = decodeBody('auth', ctx.body);
  if (decoded.error) ctx.res.error(500, decoded.error.message);
  else ctx.res.json(200, { IdentityToken: '', Status: 'Login Succeeded' });
};
