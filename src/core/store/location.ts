// Where the store lives: resolves `--store` / $PORTCULLIS_STORE / the XDG default into a typed location, so
// every front end opens the same file by default and fleet mode can later switch on a `postgres://` URL.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'memory' }
  | { readonly kind: 'postgres'; readonly url: string; readonly display: string };

export interface LocationEnv {
  readonly PORTCULLIS_STORE?: string | undefined;
  readonly XDG_DATA_HOME?: string | undefined;
  readonly HOME?: string | undefined;
}

/** The default SQLite file: `$XDG_DATA_HOME/portcullis/portcullis.db`, else `~/.local/share/portcullis/portcullis.db`. */
export function defaultStorePath(env: LocationEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec says relative values are invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.local', 'share');
  return join(base, 'portcullis', 'portcullis.db');
}

/** Remove credentials from a URL before it appears in a message or `Store.location`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/**
 * Resolve a store location: explicit argument, then $PORTCULLIS_STORE, then the default file.
 * Accepts a plain path, `sqlite:<path>`, `sqlite::memory:` (tests) and `postgres://` / `postgresql://` URLs.
 * @example resolveStoreLocation('sqlite:/var/lib/portcullis/p.db') // { kind: 'sqlite', path: '/var/lib/portcullis/p.db' }
 */
export function resolveStoreLocation(location?: string, env: LocationEnv = process.env): StoreLocation {
  const raw = (location ?? '').trim() || (env.PORTCULLIS_STORE ?? '').trim();
  if (!raw) return { kind: 'sqlite', path: defaultStorePath(env) };
  if (/^postgres(ql)?:\/\//i.test(raw)) return { kind: 'postgres', url: raw, display: redactUrl(raw) };
  let path = raw;
  if (/^sqlite:/i.test(raw)) {
    path = raw.slice('sqlite:'.length);
    // Accept sqlite:///abs/path and sqlite://rel as well as sqlite:/abs/path.
    if (path.startsWith('//')) path = path.slice(2);
  }
  if (path === ':memory:') return { kind: 'memory' };
  if (path.startsWith('~/')) path = join(env.HOME || homedir(), path.slice(2));
  return { kind: 'sqlite', path: resolve(path) };
}
