/**
 * A cache of expanded occurrences, in SQLite at `<cache dir>/expansions.db`.
 *
 * Key: etiq's version + a schema number, the SHA-256 of the calendar's bytes, the source
 * name, the window rounded out to whole UTC days, the user's zone, the user's addresses
 * and the busy options. A changed file has a new hash, so it can never be served stale;
 * an unchanged file within the same day's window is served without loading ical.js or
 * parsing anything. Entries not used for the last 200 puts are pruned.
 *
 * File hashes are remembered too (`file_hashes`: path, device, inode, size, mtime and ctime
 * in nanoseconds), so an unchanged local file is not even read: hashing 7 MB costs ~15 ms.
 * A remembered hash is used only when all six still match, and is remembered only for a
 * file whose last change was at least two seconds old when it was read: timestamps are
 * coarse (ext4 stamps with the kernel tick), and a file written twice within one tick
 * would otherwise keep its stamps. ctime cannot be set back by `touch -d` or by copying
 * tools, so a rewritten file always shows a new one.
 *
 * The cache is an accelerator only: any failure to open, read or write it (locked,
 * damaged, read-only folder) is ignored and the calendar is read from scratch.
 *
 * Payloads are the ReadResult in V8's serialization format (node:v8), not JSON: a warm
 * run is a clone of the cold one (JSON would drop undefined fields and turn NaN into
 * null), and it is quicker both ways (issue 13, the 10k calendar's 14 days: agenda warm
 * 199 -> 180 ms and noshow 223 -> 212 ms, 15 and 25 interleaved runs; a first run writes
 * its entry ~19 ms sooner). An entry another Node cannot read (a newer format), or a
 * damaged one, throws in deserialize(): a miss, read again and written anew.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type Database from 'better-sqlite3';
import { openSqlite } from './sqlite.js';
import type { ReadResult } from '../core/calendar/types.js';
import { etiqVersion } from './version.js';
import { makeFolder } from './folders.js';

/** Bump when the reader's output for the same input changes. */
const SCHEMA = 8; // 7: ReadResult.unknown, warning kinds, bounded warnings; 8: payloads in V8's format
const KEEP = 200;

export interface CacheKeyParts {
  contentHash: string;
  source: string;
  windowStart: number;
  windowEnd: number;
  userZone: string;
  myAddresses: string[];
  tentativeIsBusy: boolean;
  /** `busy`: the entry holds the busy view of the read (busyView), not the whole of it. */
  view?: 'busy';
}

export function cacheKey(p: CacheKeyParts): string {
  const parts: unknown[] = [etiqVersion(), SCHEMA, p.contentHash, p.source, p.windowStart, p.windowEnd, p.userZone, [...p.myAddresses].sort(), p.tentativeIsBusy];
  if (p.view) parts.push(p.view);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** What identifies a file's content without reading it (from `fs.statSync(f, { bigint: true })`). */
export interface FileStamp {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

/** A file is "settled" when its last change is this old: only then is its hash remembered. */
export const SETTLED_NS = 2_000_000_000n;

function stampText(st: FileStamp): string {
  return [st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].join(':');
}

export class ExpansionCache {
  private constructor(private readonly db: Database.Database) {}

  static open(dir: string): ExpansionCache | null {
    try {
      makeFolder(dir); // not mkdirSync({recursive}): it spins forever under /proc
      const db = openSqlite(path.join(dir, 'expansions.db'), { timeout: 1000 });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec('CREATE TABLE IF NOT EXISTS expansions (key TEXT PRIMARY KEY, used INTEGER NOT NULL, payload TEXT NOT NULL)');
      db.exec('CREATE TABLE IF NOT EXISTS file_hashes (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, hash TEXT NOT NULL)');
      return new ExpansionCache(db);
    } catch {
      return null;
    }
  }

  get(key: string): ReadResult | null {
    try {
      const row = this.db.prepare('SELECT payload FROM expansions WHERE key = ?').get(key) as { payload: unknown } | undefined;
      return row && row.payload instanceof Uint8Array ? (v8.deserialize(row.payload) as ReadResult) : null;
    } catch {
      return null;
    }
  }

  put(key: string, result: ReadResult): void {
    try {
      const tx = this.db.transaction(() => {
        const next = ((this.db.prepare('SELECT MAX(used) AS m FROM expansions').get() as { m: number | null }).m ?? 0) + 1;
        this.db.prepare('INSERT OR REPLACE INTO expansions (key, used, payload) VALUES (?, ?, ?)').run(key, next, v8.serialize(result));
        this.db.prepare('DELETE FROM expansions WHERE used <= ?').run(next - KEEP);
      });
      tx();
    } catch {
      // Read-only or locked: the next run reads the calendar again.
    }
  }

  /** The content hash remembered for `file` with exactly this stamp, or null. */
  knownHash(file: string, stamp: FileStamp): string | null {
    try {
      const row = this.db.prepare('SELECT stamp, hash FROM file_hashes WHERE path = ?').get(file) as { stamp: string; hash: string } | undefined;
      return row && row.stamp === stampText(stamp) ? row.hash : null;
    } catch {
      return null;
    }
  }

  /**
   * Remembers `hash` for `file`, stat'ed as `stamp` before its bytes were read, when its
   * last change was at least SETTLED_NS before `nowNs` (the real clock, never --now).
   */
  rememberHash(file: string, stamp: FileStamp, hash: string, nowNs: bigint): void {
    const changed = stamp.mtimeNs > stamp.ctimeNs ? stamp.mtimeNs : stamp.ctimeNs;
    if (nowNs - changed < SETTLED_NS) return;
    try {
      this.db.prepare('INSERT OR REPLACE INTO file_hashes (path, stamp, hash) VALUES (?, ?, ?)').run(file, stampText(stamp), hash);
    } catch {
      // read-only or locked: the file is hashed again next time
    }
  }

  close(): void {
    try {
      this.db.close();
    } catch {
      // nothing to do
    }
  }
}
