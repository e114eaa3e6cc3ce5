/**
 * A cache of expanded occurrences, in SQLite at `<cache dir>/expansions.db`.
 *
 * Key: etiq's version + a schema number, the SHA-256 of the calendar's bytes, the source
 * name, the window rounded out to whole UTC days, the user's zone, the user's addresses
 * and the busy options. A changed file has a new hash, so it can never be served stale;
 * an unchanged file within the same day's window is served without loading ical.js or
 * parsing anything. Entries not used for the last 200 puts are pruned.
 *
 * The cache is an accelerator only: any failure to open, read or write it (locked,
 * damaged, read-only folder) is ignored and the calendar is read from scratch.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ReadResult } from '../core/calendar/types.js';
import { etiqVersion } from './version.js';
import { makeFolder } from './folders.js';

/** Bump when the reader's output for the same input changes. */
const SCHEMA = 5;
const KEEP = 200;

export interface CacheKeyParts {
  contentHash: string;
  source: string;
  windowStart: number;
  windowEnd: number;
  userZone: string;
  myAddresses: string[];
  tentativeIsBusy: boolean;
}

export function cacheKey(p: CacheKeyParts): string {
  return createHash('sha256')
    .update(
      JSON.stringify([etiqVersion(), SCHEMA, p.contentHash, p.source, p.windowStart, p.windowEnd, p.userZone, [...p.myAddresses].sort(), p.tentativeIsBusy]),
    )
    .digest('hex');
}

export class ExpansionCache {
  private constructor(private readonly db: Database.Database) {}

  static open(dir: string): ExpansionCache | null {
    try {
      makeFolder(dir); // not mkdirSync({recursive}): it spins forever under /proc
      const db = new Database(path.join(dir, 'expansions.db'), { timeout: 1000 });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec('CREATE TABLE IF NOT EXISTS expansions (key TEXT PRIMARY KEY, used INTEGER NOT NULL, payload TEXT NOT NULL)');
      return new ExpansionCache(db);
    } catch {
      return null;
    }
  }

  get(key: string): ReadResult | null {
    try {
      const row = this.db.prepare('SELECT payload FROM expansions WHERE key = ?').get(key) as { payload: string } | undefined;
      return row ? (JSON.parse(row.payload) as ReadResult) : null;
    } catch {
      return null;
    }
  }

  put(key: string, result: ReadResult): void {
    try {
      const tx = this.db.transaction(() => {
        const next = ((this.db.prepare('SELECT MAX(used) AS m FROM expansions').get() as { m: number | null }).m ?? 0) + 1;
        this.db.prepare('INSERT OR REPLACE INTO expansions (key, used, payload) VALUES (?, ?, ?)').run(key, next, JSON.stringify(result));
        this.db.prepare('DELETE FROM expansions WHERE used <= ?').run(next - KEEP);
      });
      tx();
    } catch {
      // Read-only or locked: the next run reads the calendar again.
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
