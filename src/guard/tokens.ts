// Bearer tokens for the token listener: only SHA-256 hashes are stored (a file of JSON); the plain token is
// shown once at creation. The file is re-read when it changes, so a revocation applies to the next request.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { PortcullisError } from '../core/errors/index.js';

export interface TokenEntry {
  readonly name: string;
  readonly sha256: string;
  readonly created: string;
  readonly revoked?: string;
}

const hash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export function readTokens(file: string): TokenEntry[] {
  if (!existsSync(file)) return [];
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as { tokens?: TokenEntry[] };
    return Array.isArray(v.tokens) ? v.tokens : [];
  } catch (err) {
    throw new PortcullisError('PCL_ERR_GUARD_TOKEN', `token file ${file} is unreadable: ${(err as Error).message}; fix or remove it`, { cause: err });
  }
}

function writeTokens(file: string, tokens: readonly TokenEntry[]): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify({ tokens }, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

/** Create a token for NAME; returns the plain token (shown once). */
export function createToken(file: string, name: string, now: Date = new Date()): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) throw new PortcullisError('PCL_ERR_GUARD_TOKEN', `token name "${name}" must be 1-64 letters, digits, . _ -`);
  const tokens = readTokens(file);
  if (tokens.some((t) => t.name === name && !t.revoked)) throw new PortcullisError('PCL_ERR_GUARD_TOKEN', `a live token named ${name} exists; revoke it first`);
  const token = `pcl_${randomBytes(32).toString('base64url')}`;
  writeTokens(file, [...tokens, { name, sha256: hash(token), created: now.toISOString() }]);
  return token;
}

export function revokeToken(file: string, name: string, now: Date = new Date()): void {
  const tokens = readTokens(file);
  if (!tokens.some((t) => t.name === name && !t.revoked)) throw new PortcullisError('PCL_ERR_GUARD_TOKEN', `no live token named ${name}; see \`portcullis guard token list\``);
  writeTokens(file, tokens.map((t) => (t.name === name && !t.revoked ? { ...t, revoked: now.toISOString() } : t)));
}

/** Looks up presented tokens; re-reads the file when its mtime changes (checked at most once a second). */
export class TokenVerifier {
  private entries: { readonly entry: TokenEntry; readonly digest: Buffer }[] = [];
  private mtime = -1;
  private checked = 0;

  constructor(private readonly file: string) { this.refresh(true); }

  private refresh(force = false): void {
    const now = Date.now();
    if (!force && now - this.checked < 1000) return;
    this.checked = now;
    const m = existsSync(this.file) ? statSync(this.file).mtimeMs : 0;
    if (m !== this.mtime) {
      this.entries = readTokens(this.file).map((entry) => ({ entry, digest: Buffer.from(entry.sha256, 'hex') }));
      this.mtime = m;
    }
  }

  /** Force a re-read (SIGHUP, tests). */
  reload(): void { this.refresh(true); }

  /** The token's name, or undefined when unknown or revoked. */
  verify(token: string): string | undefined {
    try { this.refresh(); } catch { /* keep the last good list; a broken file never grants */ }
    const h = createHash('sha256').update(token, 'utf8').digest();
    const hit = this.find(h);
    if (hit !== null) return hit;
    // A miss may be a token created since the last look: re-check the file (re-read only if it changed).
    try { this.refresh(true); } catch { return undefined; }
    return this.find(h) ?? undefined;
  }

  /** The entry's name, undefined when revoked, null when absent. */
  private find(h: Buffer): string | undefined | null {
    for (const { entry: t, digest: e } of this.entries) {
      if (e.length === h.length && timingSafeEqual(e, h)) return t.revoked ? undefined : t.name;
    }
    return null;
  }
}
