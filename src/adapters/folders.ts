import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Fix: `fs.mkdirSync(dir, { recursive: true })` never returns (100% CPU) when a parent
 * exists but cannot hold children and answers ENOENT, as procfs does (`--db
 * /proc/x/etiq.db`): Node takes ENOENT for "parent missing" and retries forever. The
 * missing folders are made top-down instead, so each mkdir error is final.
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  let d = path.resolve(dir);
  for (; !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  if (fs.existsSync(d) && !fs.statSync(d).isDirectory()) {
    throw Object.assign(new Error(`${d} is not a folder`), { code: 'ENOTDIR' });
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * Replaces `file` with `data` through a temporary file beside it renamed into place, so a
 * concurrent reader sees the old file or the new, never half of one. For etiq's own cache
 * files, best effort: false when it could not, the temporary file removed.
 */
export function replaceFile(file: string, data: Uint8Array | string, mode = 0o666): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, data, { mode });
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    return false;
  }
}

/** Bytes of the SHA-256 that starts a checked file (replaceChecked). */
const DIGEST_BYTES = 32;

/** The SHA-256 of `data`: checked files' digests, and etiq's cache file names. */
export const sha256 = (data: string | Uint8Array): Buffer => createHash('sha256').update(data).digest();

/**
 * replaceFile for a cache whose content must be what was written (a flipped digit in an
 * offset or an occurrence would change what etiq offers): `data` after its SHA-256.
 */
export function replaceChecked(file: string, data: Uint8Array, mode?: number): boolean {
  return replaceFile(file, Buffer.concat([sha256(data), data]), mode);
}

/** What replaceChecked wrote to `file`; null when it is missing, unreadable, cut short or damaged. */
export function readChecked(file: string): Buffer | null {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return null;
  }
  if (buf.length <= DIGEST_BYTES) return null;
  const data = buf.subarray(DIGEST_BYTES);
  return sha256(data).equals(buf.subarray(0, DIGEST_BYTES)) ? data : null;
}
