// Images: list, inspect, remove, and the pull stream (`POST /images/create`) as chunked NDJSON progress lines
// that look like a registry pull; nothing is fetched. A pulled reference then exists for this session.
import { decodeBody, exactMatch, filterValues, goPathMatch, isValidTag } from '../../core/docker-api/index.js';
import { truthy, type Handler, type TrapContext } from '../context.js';
import { requestFilters } from '../list-filters.js';
import { isRefError, parseImageRef } from '../image-ref.js';
import { sha256Hex, stableHex } from '../ids.js';
import { imageRow, inspectImage, layerDigests } from '../views.js';
import { platformRefusal } from './platform.js';

function bar(current: number, total: number): string {
  const width = 50;
  const done = Math.max(0, Math.min(width, Math.floor((current / total) * width)));
  const arrow = done < width ? '>' : '';
  const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}MB` : `${(n / 1e3).toFixed(2)}kB`);
  return `[${'='.repeat(Math.max(0, done - (arrow ? 1 : 0)))}${arrow}${' '.repeat(width - done)}] ${fmt(current)}/${fmt(total)}`;
}

/** The progress lines of a pull, in order. */
export function pullLines(ref: { familiar: string; tag: string; remotePath: string }, present: boolean): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [{ status: `Pulling from ${ref.remotePath}`, id: ref.tag || 'latest' }];
  const digest = stableHex('digest', ref.familiar);
  if (!present) {
    const layers = layerDigests(ref.familiar).map((d) => ({ id: d.slice(0, 12), total: 1_000_000 + (parseInt(d.slice(0, 6), 16) % 30_000_000) }));
    for (const l of layers) lines.push({ status: 'Pulling fs layer', progressDetail: {}, id: l.id });
    for (const l of layers) {
      for (const f of [0.25, 0.6, 1]) {
        const current = Math.floor(l.total * f);
        lines.push({ status: 'Downloading', progressDetail: { current, total: l.total }, progress: bar(current, l.total), id: l.id });
      }
      lines.push({ status: 'Verifying Checksum', progressDetail: {}, id: l.id }, { status: 'Download complete', progressDetail: {}, id: l.id });
    }
    for (const l of layers) {
      const unpacked = l.total * 2;
      lines.push({ status: 'Extracting', progressDetail: { current: unpacked, total: unpacked }, progress: bar(unpacked, unpacked), id: l.id },
        { status: 'Pull complete', progressDetail: {}, id: l.id });
    }
  }
  lines.push({ status: `Digest: sha256:${digest}` });
  lines.push({ status: present ? `Status: Image is up to date for ${ref.familiar}` : `Status: Downloaded newer image for ${ref.familiar}` });
  return lines;
}

export const imagePull: Handler = (ctx) => {
  const from = ctx.query.fromImage ?? '';
  const fromSrc = ctx.query.fromSrc;
  const auth = ctx.headers['x-registry-auth'];
  const authHash = typeof auth === 'string' && auth !== '' ? sha256Hex(auth) : undefined;
  const platform = platformRefusal(ctx.query.platform ?? '', ctx.cfg.engine.arch);
  if (platform?.status === 400) {
    ctx.session.log.emit('trap.image.pull_attempted', { image: from || (fromSrc ?? ''), tag: ctx.query.tag ?? '', outcome: 'invalid_platform' });
    ctx.res.error(400, platform.message);
    return;
  }
  if (!from && fromSrc !== undefined && ctx.query.repo) {
    const target = parseImageRef(ctx.query.repo);
    const bad = isRefError(target) ? target.error : target.digest ? 'cannot import digest reference' : undefined;
    if (bad) {
      ctx.session.log.emit('trap.image.pull_attempted', { image: fromSrc, tag: ctx.query.tag ?? '', source: 'import', outcome: 'invalid_reference' });
      ctx.res.error(400, bad);
      return;
    }
  }
  if (!from && fromSrc !== undefined) {
    // `docker import`: the image comes from a URL or the body; record it, fetch nothing.
    ctx.session.log.emit('trap.image.pull_attempted', { image: fromSrc, tag: ctx.query.tag ?? '', source: 'import', outcome: 'imported' });
    const id = `sha256:${stableHex('import', fromSrc, ctx.query.repo ?? '')}`;
    ctx.res.json(200, { status: id });
    return;
  }
  if (from === '' && fromSrc === undefined) {
    // dockerd takes this for an import from an empty URL and fails fetching it.
    ctx.session.log.emit('trap.image.pull_attempted', { image: '', tag: ctx.query.tag ?? '', outcome: 'invalid_reference' });
    ctx.res.error(500, 'Get "http:": http: no Host in request URL');
    return;
  }
  const ref = parseImageRef(from, ctx.query.tag);
  if (isRefError(ref) || from === '') {
    ctx.session.log.emit('trap.image.pull_attempted', { image: from, tag: ctx.query.tag ?? '', outcome: 'invalid_reference' });
    ctx.res.error(400, isRefError(ref) ? ref.error : 'invalid reference format');
    return;
  }
  const state = ctx.session.state;
  const present = state.findImage(ref.familiar) !== undefined;
  ctx.session.log.emit('trap.image.pull_attempted', { image: ref.familiar, repository: ref.repo, tag: ref.tag, digest: ref.digest ?? null,
    platform: ctx.query.platform ?? '', registry_auth_sha256: authHash ?? null, outcome: present ? 'up_to_date' : 'pulled' });
  recordImage(ctx, ref.familiar);
  const lines = pullLines(ref, present);
  const stream = ctx.res.stream(200, 'application/json');
  let i = 0;
  const step = () => {
    if (stream.closed) return;
    const line = lines[i++];
    if (!line) {
      if (!state.findImage(ref.familiar) && state.images.size < ctx.cfg.limits.maxObjectsPerSession) state.addImage(ref.familiar, ctx.now());
      state.dockerEvent('image', 'pull', ref.familiar, { name: ref.repo }, ctx.now());
      stream.end();
      return;
    }
    stream.write(`${JSON.stringify(line)}\r\n`);
    if (ctx.cfg.timing.pullStepMs > 0) setTimeout(step, ctx.cfg.timing.pullStepMs).unref?.();
    else setImmediate(step);
  };
  step();
};

/** The pulled image is an indicator in its own right. */
function recordImage(ctx: TrapContext, familiar: string): void {
  const key = `image\u0000${familiar}`;
  if (ctx.session.indicatorsSeen.has(key) || ctx.session.indicatorsSeen.size >= 4096) return;
  ctx.session.indicatorsSeen.add(key);
  ctx.session.log.emit('trap.indicator.extracted', { type: 'image', value: familiar, decoded: false, route: ctx.routeId, field: 'fromImage' });
}

export const imageList: Handler = (ctx) => {
  const f = requestFilters(ctx);
  if (!f) return;
  const state = ctx.session.state;
  const createdOf = (ref: string) => state.findImage(ref)?.created;
  const before = filterValues(f, 'before').map(createdOf);
  const since = filterValues(f, 'since').map(createdOf);
  const refs = filterValues(f, 'reference');
  // No image of the trap is dangling (all are tagged) and none carries labels.
  const danglingOnly = f.has('dangling') && exactMatch(f, 'dangling', 'true');
  const rows = [...state.images.values()]
    .filter(() => !danglingOnly && filterValues(f, 'label').length === 0)
    .filter((img) => refs.length === 0 || refs.some((r) => referenceMatches(r, img.ref)))
    .filter((img) => before.every((t) => t !== undefined && img.created < t))
    .filter((img) => since.every((t) => t !== undefined && img.created > t))
    .sort((a, b) => b.created - a.created)
    .map(imageRow);
  ctx.res.json(200, rows);
};

/** The `reference` filter: a path.Match pattern against the familiar reference, or its name without the tag. */
function referenceMatches(pattern: string, familiar: string): boolean {
  const name = familiar.replace(/:[^:/]+$/, '');
  return goPathMatch(pattern, familiar) || goPathMatch(pattern, name);
}

/**
 * GetImage's refusal for a name it cannot find: a name that is no reference at all is a 400 with the reference
 * error, an unknown one a 404 `No such image`; `prefix` is the handler's wrapping (inspect's `no such image: x: `).
 */
export function imageNotFound(ctx: TrapContext, name: string, prefix = ''): void {
  const ref = parseImageRef(name);
  if (isRefError(ref)) ctx.res.error(400, `${prefix}${ref.error}`);
  else ctx.res.error(404, `${prefix}No such image: ${ref.familiar}`);
}

export const imageInspect: Handler = (ctx) => {
  const name = ctx.params.name ?? ctx.params.id ?? '';
  const img = ctx.session.state.findImage(name);
  if (!img) {
    imageNotFound(ctx, name, `no such image: ${name}: `);
    return;
  }
  ctx.res.json(200, inspectImage(img, ctx.profile.version, ctx.cfg.engine.arch));
};

export const imageDelete: Handler = (ctx) => {
  const name = ctx.params.name ?? ctx.params.id ?? '';
  const img = ctx.session.state.findImage(name);
  if (!img) {
    imageNotFound(ctx, name);
    return;
  }
  const shared = [...ctx.session.state.images.values()].some((i) => i.id === img.id && i.ref !== img.ref);
  const user = shared ? undefined : [...ctx.session.state.containers.values()].find((c) => c.imageId === img.id);
  if (user && !truthy(ctx.query.force)) {
    ctx.res.error(409, `conflict: unable to remove repository reference "${name}" (must force) - container ${user.id.slice(0, 12)} is using its referenced image ${img.id.slice(7, 19)}`);
    return;
  }
  ctx.session.state.images.delete(img.ref);
  ctx.session.state.dockerEvent('image', 'untag', img.id, { name: img.ref }, ctx.now());
  if ([...ctx.session.state.images.values()].some((i) => i.id === img.id)) {
    // Another tag still points at the image: dockerd only untags.
    ctx.res.json(200, [{ Untagged: img.ref }]);
    return;
  }
  ctx.session.state.dockerEvent('image', 'delete', img.id, { name: img.ref }, ctx.now());
  const repo = img.ref.replace(/:[^:/]+$/, '');
  // A pulled image also loses its repo digest; one made here (commit, build, load) has none, and its own layer goes too.
  ctx.res.json(200, img.local ? [{ Untagged: img.ref }, { Deleted: img.id }, ...(img.ownLayer ? [{ Deleted: `sha256:${stableHex('own-layer', img.id)}` }] : [])]
    : [{ Untagged: img.ref }, { Untagged: `${repo}@sha256:${stableHex('digest', img.ref)}` }, { Deleted: img.id }]);
};

/**
 * `POST /images/{name}/push`: the credentials come from X-Registry-Auth or, failing that, a JSON body (400 when
 * neither); bad names are untyped (500); then the stream names the repository and, as nothing reaches a registry,
 * ends with the error a pusher sees (unknown image, or Docker Hub's refusal).
 */
export const imagePush: Handler = (ctx) => {
  const auth = ctx.headers['x-registry-auth'];
  if (typeof auth !== 'string' || auth === '') {
    const d = decodeBody('auth', ctx.body);
    if (d.error) {
      ctx.res.error(400, `Bad parameters and missing X-Registry-Auth: ${d.error.message}`);
      return;
    }
  }
  const name = ctx.params.name ?? '';
  const tag = ctx.query.tag ?? '';
  const ref = parseImageRef(name);
  if (isRefError(ref) || (tag !== '' && !isValidTag(tag))) {
    ctx.res.error(500, isRefError(ref) ? ref.error : 'invalid tag format');
    return;
  }
  // Without `tag` every tag of the repository is pushed: the name's own tag or digest is dropped.
  const given = tag !== '' ? `${ref.repo}:${tag}` : ref.repo;
  const full = ref.repo.includes('/') && /[.:]/.test(ref.repo.split('/')[0] ?? '') ? ref.repo : `docker.io/${ref.remotePath}`;
  const stream = ctx.res.stream(200, 'application/json');
  stream.write(`${JSON.stringify({ status: `The push refers to repository [${full}]` })}\r\n`);
  const found = tag !== '' ? ctx.session.state.findImage(given) : [...ctx.session.state.images.values()].find((i) => i.ref.startsWith(`${ref.repo}:`));
  const message = found ? 'denied: requested access to the resource is denied' : `An image does not exist locally with the tag: ${given}`;
  stream.end(`${JSON.stringify({ errorDetail: { message }, error: message })}\r\n`);
};
