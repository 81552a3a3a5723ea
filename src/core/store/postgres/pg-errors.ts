// Turns node-postgres failures into PCL_ERR_STORE_* errors that say what to do, and tells a transient
// outage (server down, connection cut) from a permanent rejection, which the outbox needs to decide on retry.
import { PortcullisError } from '../../errors/index.js';

const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

function codeOf(err: unknown): string {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : '';
}

/** True when retrying later may succeed: the server is unreachable, shutting down or cut the connection. */
export function isTransient(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { details?: { transient?: unknown } }).details?.transient === true) return true;
    const code = codeOf(e);
    // SQLSTATE class 08 = connection exception; 57P01-57P03 = admin shutdown / crash / cannot connect now.
    if (NET_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code)) return true;
    const msg = (e as Error).message ?? '';
    if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Query read timeout/i.test(msg)) return true;
  }
  return false;
}

export function pgOpenError(where: string, err: unknown): PortcullisError {
  const code = codeOf(err);
  let msg: string;
  if (code === '28P01' || code === '28000') {
    msg = `PostgreSQL at ${where} refused the login (${code}): check the user and password in the postgres:// URL`;
  } else if (code === '3D000') {
    msg = `the database in ${where} does not exist (${code}): create it (createdb) or fix the URL path`;
  } else if (isTransient(err)) {
    msg = `cannot reach PostgreSQL at ${where} (${code || (err as Error).message}): check that the server runs and the host/port are right`;
  } else {
    msg = `cannot open the PostgreSQL store at ${where}: ${(err as Error)?.message ?? String(err)}`;
  }
  return new PortcullisError('PCL_ERR_STORE_OPEN', msg,
    { cause: err, details: { location: where, pgCode: code, transient: isTransient(err) } });
}

export function pgWriteError(where: string, what: string, err: unknown): PortcullisError {
  if (err instanceof PortcullisError) return err;
  const code = codeOf(err);
  const transient = isTransient(err);
  let msg: string;
  if (code === '23503') msg = `cannot save ${what}: its run is not in the store at ${where}; call saveRun() first`;
  else if (transient) msg = `cannot save ${what}: PostgreSQL at ${where} is unreachable (${code || (err as Error).message}); records queue locally when the store is opened with an outbox`;
  else msg = `cannot save ${what} to the store at ${where}: ${(err as Error)?.message ?? String(err)}`;
  return new PortcullisError('PCL_ERR_STORE_WRITE', msg, { cause: err, details: { location: where, pgCode: code, transient } });
}

export function pgClosedError(where: string, what: string): PortcullisError {
  return new PortcullisError('PCL_ERR_STORE_WRITE',
    `cannot ${what}: the store at ${where} is closed; open it again with openStore()`, { details: { location: where } });
}
