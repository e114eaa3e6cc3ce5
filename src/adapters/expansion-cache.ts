/**
 * A cache of expanded occurrences, in files under `<cache dir>/expansions/`.
 *
 * Key: etiq's version + a schema number, the SHA-256 of the calendar's bytes, the source
 * name, the window rounded out to whole UTC days, the user's zone, the user's addresses
 * and the busy options. A changed file has a new hash, so it can never be served stale;
 * an unchanged file within the same day's window is served without loading ical.js or
 * parsing anything. At most KEEP entries are kept: a write that makes more deletes the
 * least recently used (a hit touches its entry's modification time).
 *
 * File hashes are remembered too (`<cache dir>/file-hashes/`, one small file per calendar
 * path: the path, its device, inode, size, mtime and ctime in nanoseconds, and the hash),
 * so an unchanged local file is not even read: hashing 7 MB costs ~15 ms. A remembered
 * hash is used only when all six still match, and is remembered only for a file whose
 * last change was at least two seconds old when it was read: timestamps are coarse (ext4
 * stamps with the kernel tick), and a file written twice within one tick would otherwise
 * keep its stamps. ctime cannot be set back by `touch -d` or by copying tools, so a
 * rewritten file always shows a new one.
 *
 * The cache is an accelerator only: any failure to read or write it (a damaged entry, a
 * read-only or missing folder, a full disk) is ignored and the calendar is read from
 * scratch. Files are written to a temporary name and renamed into place, so a concurrent
 * run reads the old entry, the new one or none, never half of one.
 *
 * Why files and not SQLite (issue 13): a warm `agenda` or `slots` uses no database
 * otherwise, and loading better-sqlite3 and opening a database cost ~12-15 ms of a
 * ~150 ms run, against ~1.5 ms to read the entry's file; a first run no longer maps the
 * SQLite addon or fills SQLite's page cache with the entry it writes. Earlier builds kept
 * the cache in `<cache dir>/expansions.db`: the first write deletes it.
 *
 * An entry is the SHA-256 of the rest of the file, then the ReadResult in V8's
 * serialization format (node:v8), not JSON: a warm run is a clone of the cold one (JSON
 * would drop undefined fields and turn NaN into null), and it is quicker both ways
 * (issue 13, the 10k calendar's 14 days: agenda warm 199 -> 180 ms and noshow 223 ->
 * 212 ms, 15 and 25 interleaved runs). An entry whose digest does not match (damaged, cut
 * short), or that another Node cannot read (deserialize() throws), is a miss: read again
 * and written anew.
 *
 * A busy view (slots, offers, reply) is kept as its occurrences' times in typed arrays, and
 * the occurrences themselves as bytes in V8's format again, inside the entry: a warm run
 * rebuilds no occurrence unless it names one (core/calendar/times.ts; issue 13: ~2,250
 * occurrences, ~6-12 ms of a warm noshow).
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { BusyRead } from '../core/calendar/busy.js';
import { lazyTimes, occurrencesOf } from '../core/calendar/times.js';
import type { Occurrence, ReadResult } from '../core/calendar/types.js';
import { etiqVersion } from './version.js';
import { makeFolder, readChecked, replaceChecked, replaceFile, sha256 } from './folders.js';

/** Bump when the reader's output for the same input changes. */
const SCHEMA = 10; // 7: ReadResult.unknown, warning kinds, bounded warnings; 8: payloads in V8's format; 9: files; 10: busy views as times
/** The most entries kept; a write beyond it deletes the least recently used. */
export const KEEP = 200;
/** A temporary file this old was left by a run that was killed before it renamed it. */
const STALE_TMP_MS = 3600_000;

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
  return sha256(JSON.stringify(parts)).toString('hex');
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

/** A busy view's entry: the read without its occurrences, their times, and their bytes (v8.serialize). */
interface BusyEntry {
  rest: BusyRead['rest'];
  calendar: string | null;
  start: Float64Array;
  end: Float64Array;
  flags: Uint8Array;
  body: Uint8Array;
}

export class ExpansionCache {
  private readonly entries: string;
  private readonly hashes: string;

  private constructor(private readonly dir: string) {
    this.entries = path.join(dir, 'expansions');
    this.hashes = path.join(dir, 'file-hashes');
  }

  /** The cache in `dir` (etiq's cache folder). Nothing is read or made until it is used. */
  static open(dir: string): ExpansionCache {
    return new ExpansionCache(dir);
  }

  private entryFile(key: string): string {
    return path.join(this.entries, `${key}.v8`);
  }

  get(key: string): ReadResult | null {
    return this.read(key) as ReadResult | null;
  }

  put(key: string, result: ReadResult): void {
    this.write(key, result);
  }

  /** A busy view kept by putBusy; its occurrences are decoded when one is first asked for. */
  getBusy(key: string): BusyRead | null {
    const entry = this.read(key) as Partial<BusyEntry> | null;
    if (entry === null || typeof entry !== 'object') return null;
    const { rest, calendar, start, end, flags, body } = entry;
    if (!(start instanceof Float64Array && end instanceof Float64Array && flags instanceof Uint8Array && body instanceof Uint8Array)) return null;
    if (typeof rest !== 'object' || rest === null || !Array.isArray(rest.warnings) || !(calendar === null || typeof calendar === 'string')) return null;
    try {
      return { rest, calendar, times: lazyTimes(start, end, flags, () => v8.deserialize(body) as Occurrence[]) };
    } catch {
      return null; // arrays of different lengths
    }
  }

  putBusy(key: string, busy: BusyRead): void {
    const { times } = busy;
    const entry: BusyEntry = { rest: busy.rest, calendar: busy.calendar, start: times.start, end: times.end, flags: times.flags, body: v8.serialize(occurrencesOf(times)) };
    this.write(key, entry);
  }

  private read(key: string): unknown {
    const file = this.entryFile(key);
    try {
      const data = readChecked(file);
      if (data === null) return null;
      const value: unknown = v8.deserialize(data);
      try {
        const now = new Date();
        fs.utimesSync(file, now, now); // recently used: kept by prune()
      } catch {
        // a read-only cache: the entry serves all the same
      }
      return value;
    } catch {
      return null;
    }
  }

  private write(key: string, value: unknown): void {
    try {
      makeFolder(this.entries); // not mkdirSync({recursive}): it spins forever under /proc
      const data = v8.serialize(value);
      if (replaceChecked(this.entryFile(key), data, 0o600)) this.prune();
    } catch {
      // A read-only or full folder: the next run reads the calendar again.
    }
  }

  /** Deletes the least recently used entries beyond KEEP, and the SQLite cache of older versions. */
  private prune(): void {
    for (const old of ['expansions.db', 'expansions.db-wal', 'expansions.db-shm']) {
      try {
        fs.unlinkSync(path.join(this.dir, old));
      } catch {
        // not there (the usual case)
      }
    }
    const all = fs.readdirSync(this.entries);
    // A run killed between writing and renaming leaves its temporary file: gone after an hour.
    for (const n of all) {
      if (!n.endsWith('.tmp')) continue;
      const file = path.join(this.entries, n);
      try {
        if (Date.now() - fs.statSync(file).mtimeMs > STALE_TMP_MS) fs.unlinkSync(file);
      } catch {
        // gone already
      }
    }
    const names = all.filter((n) => n.endsWith('.v8'));
    if (names.length <= KEEP) return;
    const used = names.map((n) => {
      const file = path.join(this.entries, n);
      try {
        return { file, at: fs.statSync(file).mtimeMs };
      } catch {
        return { file, at: Infinity }; // gone already
      }
    });
    used.sort((a, b) => a.at - b.at);
    for (const { file } of used.slice(0, used.length - KEEP)) {
      try {
        fs.unlinkSync(file);
      } catch {
        // gone already, or not ours to delete
      }
    }
  }

  private hashFile(file: string): string {
    return path.join(this.hashes, `${sha256(file).toString('hex')}.json`);
  }

  /** The content hash remembered for `file` with exactly this stamp, or null. */
  knownHash(file: string, stamp: FileStamp): string | null {
    try {
      const noted = JSON.parse(fs.readFileSync(this.hashFile(file), 'utf8')) as { path?: unknown; stamp?: unknown; hash?: unknown };
      return noted.path === file && noted.stamp === stampText(stamp) && typeof noted.hash === 'string' ? noted.hash : null;
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
      makeFolder(this.hashes);
      replaceFile(this.hashFile(file), JSON.stringify({ path: file, stamp: stampText(stamp), hash }), 0o600);
    } catch {
      // read-only: the file is hashed again next time
    }
  }
}
