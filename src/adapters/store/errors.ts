/** The store's errors: SQLite's codes as one sentence that names the file. */
import fs from 'node:fs';
import path from 'node:path';
import { formatSize } from '../../core/duration.js';
import { EtiqError } from '../../core/errors.js';

export function storeError(message: string, cause?: unknown, code = 'store'): EtiqError {
  return new EtiqError(code, message, { exitCode: 1, cause });
}

/** The error code of "this database (or its folder) cannot be written": readers then read it read-only. */
export const NOT_WRITABLE = 'store-not-writable';

/** Below this much free space in the database's folder, an I/O error is taken for a full disk. */
export const LOW_DISK_BYTES = 8 * 1024 * 1024;

/** The space this user may still write in folder dir, in bytes; null when it cannot be told. */
export function freeBytes(dir: string): number | null {
  try {
    const st = fs.statfsSync(dir);
    return Number(st.bavail) * Number(st.bsize);
  } catch {
    return null;
  }
}

/**
 * The sentence for a write that failed because the disk is full, or null when the error is
 * not that. SQLite says SQLITE_FULL when a write comes up short (ENOSPC), but a full disk
 * also shows as an I/O error (an fsync, a `-shm` or `-wal` that cannot grow: SQLITE_IOERR_*);
 * such an error counts as a full disk when the database's folder has less than
 * LOW_DISK_BYTES left. `free` is that free space in bytes, null when unknown. Pure: the
 * caller measures (freeBytes), so that this can be tested without filling a disk.
 */
export function diskFullMessage(file: string, code: string, free: number | null): string | null {
  const tail = 'free some space and run the command again; nothing was recorded';
  if (code.startsWith('SQLITE_FULL')) {
    if (free === null) return `cannot write ${file}: the disk is full (${code}); ${tail}`;
    if (free < LOW_DISK_BYTES) return `cannot write ${file}: the disk is full (${formatSize(free)} free, ${code}); ${tail}`;
    // Space left next to the file: what filled up is likely SQLite's temporary folder.
    return `cannot write ${file}: a disk is full (${code}; its folder still has ${formatSize(free)} free, so it may be the temporary folder's); ${tail}`;
  }
  if (code.startsWith('SQLITE_IOERR') && code !== 'SQLITE_IOERR_NOMEM' && free !== null && free < LOW_DISK_BYTES) {
    return `cannot write ${file}: the disk is full (${formatSize(free)} free, ${code}); ${tail}`;
  }
  return null;
}

/**
 * Maps SQLite's error codes to one sentence that names the file. `free` measures the free
 * space of a folder (see diskFullMessage); tests pass their own.
 */
export function describeSqliteError(file: string, err: unknown, free: (dir: string) => number | null = freeBytes): EtiqError {
  if (err instanceof EtiqError) return err;
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return storeError(`database ${file} is locked by another process and stayed locked for 10 s (${code}); try again`, err);
  }
  if (code.startsWith('SQLITE_FULL') || code.startsWith('SQLITE_IOERR')) {
    // NOT_WRITABLE: a command that only reads still reads a database on a full disk.
    const full = diskFullMessage(file, code, free(path.dirname(file)));
    if (full !== null) return storeError(full, err, NOT_WRITABLE);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PERM') {
    return storeError(`database ${file} cannot be written (${e.message ?? code}); check the folder's permissions or pass --db`, err, NOT_WRITABLE);
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return storeError(`database ${file} is damaged (${e.message ?? code}); it was left untouched: move it aside or pass --db`, err);
  }
  return storeError(`database ${file}: ${e.message ?? String(err)}`, err);
}

