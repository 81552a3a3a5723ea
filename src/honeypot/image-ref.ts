// Image references read the way the engine reads them (distribution/reference): the trap must refuse what
// dockerd refuses (`invalid reference format`) and name images the way the CLI and `images/json` show them.

export interface ImageRef {
  /** Familiar repository, e.g. `alpine`, `pocosow/centos`, `registry.example.invalid:5000/x/y`. */
  readonly repo: string;
  readonly tag: string;
  readonly digest?: string;
  /** `repo:tag` (or `repo@digest`), as `docker images` shows it. */
  readonly familiar: string;
  /** Path as a registry sees it, e.g. `library/alpine`. */
  readonly remotePath: string;
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?';
const NAME_RE = new RegExp(`^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/** Parse `ref`; returns an error message (dockerd's wording) instead of throwing. */
export function parseImageRef(ref: string, tagParam?: string): ImageRef | { error: string } {
  // "pull -a" may send a name with a trailing ':' (dockerd trims it).
  let s = tagParam === undefined ? ref.trim() : ref.trim().replace(/:$/, '');
  if (s === '') return { error: 'invalid reference format' };
  if (s.length > 255) return { error: 'invalid reference format: repository name must not be more than 255 characters' };
  let digest: string | undefined;
  const at = s.indexOf('@');
  if (at >= 0) {
    digest = s.slice(at + 1);
    s = s.slice(0, at);
    if (!DIGEST_RE.test(digest)) return { error: 'invalid reference format' };
  }
  let tag: string | undefined;
  const colon = s.lastIndexOf(':');
  if (colon > s.lastIndexOf('/')) {
    tag = s.slice(colon + 1);
    s = s.slice(0, colon);
    if (!TAG_RE.test(tag)) return { error: 'invalid reference format' };
  }
  if (tagParam) {
    // reference.WithTag / WithDigest: the parameter replaces a tag in the name.
    if (DIGEST_RE.test(tagParam)) { digest = tagParam; tag = undefined; }
    else if (TAG_RE.test(tagParam)) tag = tagParam;
    else return { error: 'invalid tag format' };
  }
  const m = NAME_RE.exec(s);
  if (!m) {
    return { error: /[A-Z]/.test(s) ? 'invalid reference format: repository name must be lowercase' : 'invalid reference format' };
  }
  let domain = m[1];
  let path = m[2] ?? '';
  // A first component without '.' or ':' (and not localhost) is a Docker Hub path, not a registry.
  if (domain && !/[.:]/.test(domain) && domain !== 'localhost' && !/^\[/.test(domain)) {
    path = `${domain}/${path}`;
    domain = undefined;
  }
  if (domain === 'docker.io' || domain === 'index.docker.io') domain = undefined;
  const remotePath = !domain && !path.includes('/') ? `library/${path}` : path;
  let repo = domain ? `${domain}/${path}` : path.replace(/^library\//, '');
  if (repo === '') repo = path;
  const finalTag = tag ?? (digest ? '' : 'latest');
  const familiar = digest && !tag ? `${repo}@${digest}` : `${repo}:${finalTag}`;
  return digest ? { repo, tag: finalTag, digest, familiar, remotePath } : { repo, tag: finalTag, familiar, remotePath };
}

export function isRefError(r: ImageRef | { error: string }): r is { error: string } {
  return 'error' in r;
}
