// Turns SQLite and file-system failures into PCL_ERR_STORE_* errors whose messages say what to do, so a
// read-only directory or a locked file reads as an instruction rather than as a driver stack trace.
import { PortcullisError } from '../../errors/index.js';

const HINT = 'choose a writable location with --store <path> or $PORTCULLIS_STORE';

function codeOf(err: unknown): string {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : '';
}

/** An error raised while creating, opening or configuring the store file. */
export function openError(where: string, err: unknown): PortcullisError {
  const code = codeOf(err);
  let msg: string;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code.startsWith('SQLITE_READONLY')) {
    msg = `cannot write the store at ${where} (${code}): the file or its directory is read-only for this user; ${HINT}`;
  } else if (code === 'ENOTDIR' || code === 'EISDIR') {
    msg = `cannot use ${where} as a store (${code}): a parent is not a directory or the path is a directory; ${HINT}`;
  } else if (code.startsWith('SQLITE_CANTOPEN')) {
    msg = `cannot open the store at ${where} (${code}): check that the directory exists and is writable (SQLite also `
      + `creates ${where}-wal and ${where}-shm beside it); ${HINT}`;
  } else if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    msg = `${where} is not a usable SQLite database (${code}): point --store at a new file, or move this one aside`;
  } else if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    msg = `the store at ${where} stayed locked by another process (${code}); retry when it is done`;
  } else {
    msg = `cannot open the store at ${where}: ${(err as Error)?.message ?? String(err)}; ${HINT}`;
  }
  return new PortcullisError('PCL_ERR_STORE_OPEN', msg, { cause: err, details: { location: where, sqliteCode: code } });
}

/** An error raised by a write after the store opened. */
export function writeError(where: string, what: string, err: unknown): PortcullisError {
  if (err instanceof PortcullisError) return err;
  const code = codeOf(err);
  let msg: string;
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    msg = `cannot save ${what}: its run is not in the store at ${where}; call saveRun() first`;
  } else if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    msg = `cannot save ${what}: the store at ${where} stayed locked by another writer (${code}); retry`;
  } else if (code === 'SQLITE_FULL') {
    msg = `cannot save ${what}: the disk holding ${where} is full; free space or move the store with --store`;
  } else if (code.startsWith('SQLITE_READONLY')) {
    msg = `cannot save ${what}: the store at ${where} became read-only (${code}); ${HINT}`;
  } else {
    msg = `cannot save ${what} to the store at ${where}: ${(err as Error)?.message ?? String(err)}`;
  }
  return new PortcullisError('PCL_ERR_STORE_WRITE', msg, { cause: err, details: { location: where, sqliteCode: code } });
}

export function closedError(where: string, what: string): PortcullisError {
  return new PortcullisError('PCL_ERR_STORE_WRITE',
    `cannot ${what}: the store at ${where} is closed; open it again with openStore()`, { details: { location: where } });
}
