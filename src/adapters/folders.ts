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
