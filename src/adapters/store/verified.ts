/**
 * Database files last seen intact, so that an unchanged file is not scanned again.
 *
 * Before anything is written, a database is checked with `PRAGMA quick_check`, which reads
 * the whole file: about 300 ms for a 26 MB history of 100,000 outcomes, on every command.
 * When etiq closes a database it checked (or trusted), it notes the file's state here
 * (device, inode, size, modification and change times to the nanosecond); the next open
 * of a file in exactly that state skips the scan. Anything else that touches the file
 * changes one of them, and the file is scanned again. Not trusted: a file with a WAL
 * still holding changes (checked on a read-only connection, as before), or one modified
 * less than two seconds before it was noted (a change in the same clock tick could go
 * unseen). The note lives in the cache folder: deleting it only costs a scan.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeFolder, replaceFile } from '../folders.js';

interface FileState {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
}

const SETTLE_MS = 2000;

/** The same file in the same state (the same inode, size and times). */
function sameState(noted: FileState | undefined, now: FileState | null): boolean {
  if (!noted || !now) return false;
  return noted.dev === now.dev && noted.ino === now.ino && noted.size === now.size && noted.mtimeNs === now.mtimeNs && noted.ctimeNs === now.ctimeNs;
}
/** At most this many files are remembered (the most recent). */
const MAX_FILES = 50;

function stateOf(file: string): (FileState & { mtimeMs: number }) | null {
  try {
    const st = fs.statSync(file, { bigint: true });
    if (!st.isFile()) return null;
    return { dev: String(st.dev), ino: String(st.ino), size: String(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs), mtimeMs: Number(st.mtimeMs) };
  } catch {
    return null;
  }
}

function walHoldsChanges(file: string): boolean {
  try {
    return fs.statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

export class VerifiedFiles {
  constructor(private readonly notes: string) {}

  private read(): Record<string, FileState> {
    try {
      const data = JSON.parse(fs.readFileSync(this.notes, 'utf8')) as unknown;
      return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, FileState>) : {};
    } catch {
      return {};
    }
  }

  /** Whether the file is exactly as it was when last noted intact. */
  matches(file: string): boolean {
    if (walHoldsChanges(file)) return false;
    return sameState(this.read()[path.resolve(file)], stateOf(file));
  }

  /** Notes the file as intact in its present state (best effort: never throws). */
  record(file: string): void {
    try {
      if (walHoldsChanges(file)) return;
      const now = stateOf(file);
      if (!now || Date.now() - now.mtimeMs < SETTLE_MS) return;
      const { mtimeMs: _mtimeMs, ...state } = now;
      const all = this.read();
      const key = path.resolve(file);
      // Already noted as it is, and the most recent entry: nothing to write (a read-only
      // command closing an unchanged database, the common case).
      const keys0 = Object.keys(all);
      if (keys0[keys0.length - 1] === key && sameState(all[key], state)) return;
      delete all[key];
      all[key] = state;
      const keys = Object.keys(all);
      for (const k of keys.slice(0, Math.max(0, keys.length - MAX_FILES))) delete all[k];
      this.write(all);
    } catch {
      // A cache that cannot be written only costs a scan next time.
    }
  }

  /** Forgets the file: it is scanned at its next open. */
  forget(file: string): void {
    const all = this.read();
    const key = path.resolve(file);
    if (!(key in all)) return;
    delete all[key];
    try {
      this.write(all);
    } catch {
      // best effort
    }
  }

  /** Replaces the notes in one rename: a concurrent reader sees the old file or the new. */
  private write(all: Record<string, FileState>): void {
    makeFolder(path.dirname(this.notes)); // not mkdirSync({recursive}): it spins under /proc
    replaceFile(this.notes, JSON.stringify(all));
  }
}
