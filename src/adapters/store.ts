/**
 * The SQLite store (better-sqlite3): clients, meetings, their attendees, and outcomes with
 * their full history (a correction supersedes, never deletes).
 *
 * - One file: --db, else $ETIQ_DB, else <data dir>/etiq.db; created on first use.
 * - Versioned migrations in PRAGMA user_version; before migrating an existing file it is
 *   copied aside as `<file>.bak-<old version>` (VACUUM INTO: a consistent copy even with
 *   a WAL). A file written by a newer etiq, or whose version no etiq writes (negative), is
 *   refused, untouched, before anything is copied or written.
 * - WAL mode, foreign keys on, a 10 s busy timeout, and every command's writes in one
 *   BEGIN IMMEDIATE transaction: concurrent writers queue instead of failing with
 *   "database is locked" (a deferred transaction that upgrades to a write lock cannot
 *   wait, it fails at once).
 * - Before anything is written, the file is checked: a non-SQLite file (by its header)
 *   or a damaged one (quick_check) is refused, untouched.
 * - A write that fails on a full disk says so (SQLITE_FULL, or an I/O error while the
 *   folder has less than LOW_DISK_BYTES free): see diskFullMessage.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EtiqError } from '../core/errors.js';
import { makeFolder } from './folders.js';
import type { OutcomeKind } from '../core/etiquette/outcomes.js';
import { sameOutcomeValues } from '../core/records/plan.js';
import type { ClientRow, ClientSummary, MeetingInput, MeetingRow, OutcomeInput, OutcomeRecord, RecordStatus } from '../core/records/types.js';

export type { ClientRow, ClientSummary, MeetingInput, MeetingRow, OutcomeInput, OutcomeRecord, RecordStatus } from '../core/records/types.js';

const MIGRATIONS: string[] = [
  // 1: the first schema
  `
  CREATE TABLE clients (
    id           INTEGER PRIMARY KEY,
    email        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name         TEXT,
    organisation TEXT,
    timezone     TEXT,
    notes        TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
  );
  CREATE TABLE meetings (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL,
    recurrence_id TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL,
    start_at      INTEGER NOT NULL,
    end_at        INTEGER NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    UNIQUE (uid, recurrence_id)
  );
  CREATE INDEX meetings_start ON meetings (start_at);
  CREATE TABLE meeting_attendees (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    client_id  INTEGER NOT NULL REFERENCES clients (id),
    partstat   TEXT,
    PRIMARY KEY (meeting_id, client_id)
  );
  CREATE TABLE outcomes (
    id                INTEGER PRIMARY KEY,
    meeting_id        INTEGER NOT NULL REFERENCES meetings (id),
    client_id         INTEGER NOT NULL REFERENCES clients (id),
    kind              TEXT NOT NULL CHECK (kind IN ('attended', 'late', 'no-show', 'cancelled', 'late-cancel',
                        'rescheduled', 'host-cancelled', 'host-late', 'host-no-show')),
    minutes           INTEGER,
    notice_ms         INTEGER,
    told_at           INTEGER,
    rescheduled_to    INTEGER REFERENCES meetings (id),
    note              TEXT,
    recorded_at       INTEGER NOT NULL,
    superseded_at     INTEGER,
    superseded_by     INTEGER REFERENCES outcomes (id),
    superseded_reason TEXT CHECK (superseded_reason IN ('corrected', 'undone'))
  );
  CREATE INDEX outcomes_current ON outcomes (meeting_id, client_id) WHERE superseded_at IS NULL;
  CREATE INDEX outcomes_client ON outcomes (client_id, recorded_at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

interface RawOutcome {
  id: number;
  meeting_id: number;
  client_id: number;
  kind: OutcomeKind;
  minutes: number | null;
  notice_ms: number | null;
  told_at: number | null;
  rescheduled_to: number | null;
  note: string | null;
  recorded_at: number;
  superseded_at: number | null;
  superseded_reason: 'corrected' | 'undone' | null;
}

interface RawMeeting {
  id: number;
  uid: string;
  recurrence_id: string;
  source: string;
  start_at: number;
  end_at: number;
  summary: string;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function storeError(message: string, cause?: unknown, code = 'store'): EtiqError {
  return new EtiqError(code, message, { exitCode: 1, cause });
}

/** The error code of "this database (or its folder) cannot be written": readers then read it read-only. */
const NOT_WRITABLE = 'store-not-writable';

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

/** 1.2 MiB, 512 KiB, 0 bytes. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${Math.max(0, Math.round(n))} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
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
    if (free < LOW_DISK_BYTES) return `cannot write ${file}: the disk is full (${formatBytes(free)} free, ${code}); ${tail}`;
    // Space left next to the file: what filled up is likely SQLite's temporary folder.
    return `cannot write ${file}: a disk is full (${code}; its folder still has ${formatBytes(free)} free, so it may be the temporary folder's); ${tail}`;
  }
  if (code.startsWith('SQLITE_IOERR') && code !== 'SQLITE_IOERR_NOMEM' && free !== null && free < LOW_DISK_BYTES) {
    return `cannot write ${file}: the disk is full (${formatBytes(free)} free, ${code}); ${tail}`;
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

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** A version this etiq migrates from: 0 (a new file) to SCHEMA_VERSION, every step on the way defined. */
function knownVersion(version: number): boolean {
  if (!Number.isInteger(version) || version < 0 || version > SCHEMA_VERSION) return false;
  for (let v = version; v < SCHEMA_VERSION; v++) if (typeof MIGRATIONS[v] !== 'string') return false;
  return true;
}

/**
 * Refuses a schema version this etiq cannot migrate from: a newer one, or one no etiq
 * writes (negative: user_version is a signed 32-bit field anyone can set). Migrating from
 * the latter used to back the file up, then fail on a migration that does not exist.
 */
function checkVersion(file: string, version: number): void {
  if (Number.isInteger(version) && version > SCHEMA_VERSION) {
    throw storeError(`database ${file} was written by a newer etiq (schema ${version}; this etiq knows up to ${SCHEMA_VERSION}); upgrade etiq. The file was left untouched`);
  }
  if (!knownVersion(version)) {
    throw storeError(`database ${file} is damaged (its schema version is ${version}, which no etiq writes; this etiq knows 0 to ${SCHEMA_VERSION}); it was left untouched: move it aside or pass --db`);
  }
}

function checkIntact(file: string, db: Database.Database): void {
  const check = db.pragma('quick_check(1)', { simple: true }) as string;
  if (check !== 'ok') throw storeError(`database ${file} is damaged (${check.replace(/\s+/g, ' ').replace(/\*+/g, '').trim().slice(0, 120)}); it was left untouched: move it aside or pass --db`);
}

/**
 * Checks an existing file on a read-only connection (see Store.open). Returns false when a
 * read-only connection cannot tell (a hot journal to roll back, a WAL index it cannot
 * create): the read-write connection then checks, or fails with its own error.
 */
function probeExisting(file: string): boolean {
  let ro: Database.Database;
  try {
    ro = new Database(file, { readonly: true, timeout: 10_000 });
  } catch {
    return false;
  }
  try {
    checkVersion(file, ro.pragma('user_version', { simple: true }) as number);
    checkIntact(file, ro);
    return true;
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    // Fix: a read-only connection cannot run WAL recovery itself, so while other processes
    // write it can meet a transient SQLITE_BUSY (the likely cause of one "locked ... for
    // 10 s" that came within 1 s, once, among 20 concurrent writers; not reproduced in 150
    // rounds since). That is "cannot tell" too: the read-write connection checks, with
    // its busy handler. The message now carries SQLite's extended code.
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_BUSY')) return false;
    throw describeSqliteError(file, err);
  } finally {
    ro.close();
  }
}

export class Store {
  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
  ) {}

  /** Opens (creating if needed) and migrates the database; refuses damaged or newer files untouched. */
  static open(file: string): Store {
    const dir = path.dirname(file);
    try {
      makeFolder(dir);
    } catch (err) {
      throw storeError(`cannot create the database folder ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); pass --db or set ETIQ_DB`, err);
    }
    let exists = false;
    try {
      const st = fs.statSync(file);
      if (st.isDirectory()) throw storeError(`database path ${file} is a folder; pass --db FILE`);
      exists = true;
      if (st.size > 0) {
        const fd = fs.openSync(file, 'r');
        const head = Buffer.alloc(16);
        fs.readSync(fd, head, 0, 16, 0);
        fs.closeSync(fd);
        if (!head.equals(SQLITE_HEADER)) {
          throw storeError(`${file} is not an etiq database (not an SQLite file); it was left untouched: move it aside or pass --db`);
        }
      }
    } catch (err) {
      if (err instanceof EtiqError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw storeError(`database ${file} cannot be read (${code ?? (err as Error).message})`, err);
    }
    // Fix: when another process (say, a newer etiq that was killed) left a WAL, the checks
    // run on a read-only connection first: a read-write one, when closed, checkpoints that
    // WAL into the very file it refuses, changing its bytes and mtime. (Without a WAL a
    // read-only connection would leave an empty -wal and -shm behind; a read-write one
    // removes them.)
    const probed = exists && fileSize(`${file}-wal`) > 0 && probeExisting(file);
    let db: Database.Database;
    try {
      db = new Database(file, { timeout: 10_000 });
    } catch (err) {
      throw describeSqliteError(file, err);
    }
    const store = new Store(file, db);
    try {
      // Read-only checks first: nothing is written to a file we are going to refuse.
      // Fix: the version and whether the file holds any schema come from one snapshot. The
      // backup used to depend on the file's size: a process racing another one's first use
      // of a fresh file saw a non-empty version-0 file, backed "it" up, and two such
      // processes collided on the backup name ("output file already exists", exit 1).
      const [version, objects] = db.transaction(() => [
        db.pragma('user_version', { simple: true }) as number,
        db.prepare('SELECT COUNT(*) FROM sqlite_master').pluck().get() as number,
      ])();
      checkVersion(file, version);
      if (exists && !probed) checkIntact(file, db);
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
      if (version < SCHEMA_VERSION) store.migrate(version, objects > 0);
      return store;
    } catch (err) {
      try {
        db.close();
      } catch {
        // already failing
      }
      throw describeSqliteError(file, err);
    }
  }

  /**
   * Opens the database for a command that only reads (history, clients). Returns null when
   * there is no file yet: nothing is recorded, and nothing is created.
   *
   * A reader never needs write access. It opens the file as writers do when it can (so
   * WAL sidecar files are cleaned up and an older schema is migrated); when the file or
   * its folder cannot be written (a read-only copy in a shared folder, a folder the user
   * may not write to) it reads it on a read-only connection instead. SQLite cannot open a
   * WAL database read-only when its `-shm` file is missing and cannot be created (SQLite
   * wal.html, "Read-Only Databases"): then, if no `-wal` holds changes not yet written
   * back, it reads an in-memory copy of the file; better-sqlite3 has no `immutable=1` URI.
   */
  static openForReading(file: string): Store | null {
    try {
      if (fs.statSync(file).isDirectory()) throw storeError(`database path ${file} is a folder; pass --db FILE`);
    } catch (err) {
      if (err instanceof EtiqError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      if (code === 'ENOTDIR') throw storeError(`database ${file} cannot exist: a folder on its path is a file (ENOTDIR); pass --db or set ETIQ_DB`, err);
      throw storeError(`database ${file} cannot be read (${code ?? (err as Error).message})`, err);
    }
    try {
      return Store.open(file);
    } catch (err) {
      if (!(err instanceof EtiqError) || err.code !== NOT_WRITABLE) throw err;
      return Store.openReadOnly(file);
    }
  }

  private static openReadOnly(file: string): Store | null {
    let db: Database.Database;
    let first: Database.Database | undefined;
    try {
      db = first = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
      db.pragma('user_version', { simple: true }); // the first read: a WAL file without its -shm fails here
    } catch (err) {
      first?.close();
      const code = (err as { code?: string }).code ?? '';
      // On a full disk the -shm cannot be created or grown: SQLITE_IOERR_SHMSIZE and kin.
      const shm = code.startsWith('SQLITE_IOERR_SHM');
      if (!(code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || shm)) throw describeSqliteError(file, err);
      if (fileSize(`${file}-wal`) > 0) {
        if (shm) throw describeSqliteError(file, err);
        throw storeError(`database ${file} cannot be read: its folder cannot be written and ${file}-wal holds changes not yet written back; open it once where it can be written`, err);
      }
      const copy = fs.readFileSync(file);
      // Bytes 18 and 19 of the header say "WAL"; an in-memory database cannot use one.
      if (copy.length >= 20) copy[18] = copy[19] = 1;
      db = new Database(copy, { readonly: true });
    }
    try {
      const version = db.pragma('user_version', { simple: true }) as number;
      checkVersion(file, version);
      checkIntact(file, db);
      if (version < SCHEMA_VERSION) {
        const objects = db.prepare('SELECT COUNT(*) FROM sqlite_master').pluck().get() as number;
        if (objects > 0) {
          throw storeError(`database ${file} was written by an older etiq and must be upgraded, but it cannot be written; run etiq once where it can be written, or pass --db`);
        }
        db.close(); // an empty file: nothing is recorded
        return null;
      }
      return new Store(file, db);
    } catch (err) {
      db.close();
      throw describeSqliteError(file, err);
    }
  }

  /** Migrates to SCHEMA_VERSION; a file that holds a schema is first copied aside. */
  private migrate(from: number, hasContent: boolean): void {
    if (hasContent) {
      let backup = `${this.file}.bak-${from}`;
      if (fs.existsSync(backup)) backup = `${backup}-${Date.now()}`;
      this.db.prepare('VACUUM INTO ?').run(backup);
    }
    this.db
      .transaction(() => {
        // Another process may have migrated while we waited for the lock.
        const current = this.db.pragma('user_version', { simple: true }) as number;
        checkVersion(this.file, current); // set by that process: newer, or not a version at all
        for (let v = current; v < SCHEMA_VERSION; v++) this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })
      .immediate();
  }

  /** Runs fn in one BEGIN IMMEDIATE transaction: all of a command's writes or none. */
  write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      throw describeSqliteError(this.file, err);
    }
  }

  read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw describeSqliteError(this.file, err);
    }
  }

  close(): void {
    try {
      this.db.close();
    } catch {
      // closing twice or after an error is harmless
    }
  }

  // --- clients -----------------------------------------------------------------------

  /** The client with this email (case-insensitive), created if new; a known name is kept. */
  upsertClient(email: string, name: string | null, now: number): ClientRow {
    const normalised = email.trim().toLowerCase();
    this.db
      .prepare(
        `INSERT INTO clients (email, name, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (email) DO UPDATE SET name = COALESCE(clients.name, excluded.name)`,
      )
      .run(normalised, name, now, now);
    return this.clientByEmail(normalised)!;
  }

  clientByEmail(email: string): ClientRow | null {
    const row = this.db.prepare('SELECT id, email, name, organisation, timezone, notes FROM clients WHERE email = ?').get(email.trim()) as ClientRow | undefined;
    return row ?? null;
  }

  updateClient(email: string, fields: Partial<Pick<ClientRow, 'name' | 'organisation' | 'timezone' | 'notes'>>, now: number): ClientRow {
    const client = this.upsertClient(email, null, now);
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      sets.push(`${k} = ?`);
      values.push(v);
    }
    if (sets.length > 0) {
      this.db.prepare(`UPDATE clients SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`).run(...values, now, client.id);
    }
    return this.clientByEmail(client.email)!;
  }

  /** Every client with their number of meetings, current outcomes per kind, and last meeting. */
  listClients(): ClientSummary[] {
    const rows = this.db
      .prepare(
        `SELECT c.id, c.email, c.name, c.organisation, c.timezone, c.notes,
                (SELECT COUNT(*) FROM meeting_attendees ma WHERE ma.client_id = c.id) AS meetings,
                (SELECT MAX(m.start_at) FROM meeting_attendees ma JOIN meetings m ON m.id = ma.meeting_id
                   WHERE ma.client_id = c.id) AS lastMeeting
         FROM clients c ORDER BY c.email`,
      )
      .all() as (ClientRow & { meetings: number; lastMeeting: number | null })[];
    const counts = this.db
      .prepare('SELECT client_id AS id, kind, COUNT(*) AS n FROM outcomes WHERE superseded_at IS NULL GROUP BY client_id, kind')
      .all() as { id: number; kind: OutcomeKind; n: number }[];
    const byClient = new Map<number, Partial<Record<OutcomeKind, number>>>();
    for (const c of counts) {
      const m = byClient.get(c.id) ?? {};
      m[c.kind] = c.n;
      byClient.set(c.id, m);
    }
    return rows.map((r) => ({ ...r, outcomes: byClient.get(r.id) ?? {} }));
  }

  // --- meetings ----------------------------------------------------------------------

  /** The meeting with this uid + recurrence id, created or refreshed from the calendar. */
  upsertMeeting(m: MeetingInput, now: number): MeetingRow {
    this.db
      .prepare(
        `INSERT INTO meetings (uid, recurrence_id, source, start_at, end_at, summary, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (uid, recurrence_id) DO UPDATE SET start_at = excluded.start_at, end_at = excluded.end_at,
           summary = excluded.summary, source = excluded.source`,
      )
      .run(m.uid, m.recurrenceId ?? '', m.source, m.start, m.end, m.summary, now);
    return this.meetingByKey(m.uid, m.recurrenceId)!;
  }

  meetingByKey(uid: string, recurrenceId: string | null): MeetingRow | null {
    const row = this.db
      .prepare('SELECT id, uid, recurrence_id, source, start_at, end_at, summary FROM meetings WHERE uid = ? AND recurrence_id = ?')
      .get(uid, recurrenceId ?? '') as RawMeeting | undefined;
    return row ? toMeeting(row) : null;
  }

  /** A stored meeting with this client starting then (a manual or rescheduled one), if any. */
  meetingStartingAt(start: number, clientEmail: string): MeetingRow | null {
    const row = this.db
      .prepare(
        `SELECT m.id, m.uid, m.recurrence_id, m.source, m.start_at, m.end_at, m.summary FROM meetings m
         JOIN meeting_attendees ma ON ma.meeting_id = m.id JOIN clients c ON c.id = ma.client_id
         WHERE m.start_at = ? AND c.email = ? ORDER BY m.id DESC LIMIT 1`,
      )
      .get(start, clientEmail.trim()) as RawMeeting | undefined;
    return row ? toMeeting(row) : null;
  }

  private meetingById(id: number): MeetingRow | null {
    const row = this.db.prepare('SELECT id, uid, recurrence_id, source, start_at, end_at, summary FROM meetings WHERE id = ?').get(id) as RawMeeting | undefined;
    return row ? toMeeting(row) : null;
  }

  linkAttendee(meetingId: number, clientId: number, partstat: string | null): void {
    this.db
      .prepare('INSERT INTO meeting_attendees (meeting_id, client_id, partstat) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET partstat = COALESCE(excluded.partstat, partstat)')
      .run(meetingId, clientId, partstat);
  }

  // --- outcomes ----------------------------------------------------------------------

  currentOutcome(meetingId: number, clientId: number): OutcomeRecord | null {
    const row = this.db
      .prepare('SELECT * FROM outcomes WHERE meeting_id = ? AND client_id = ? AND superseded_at IS NULL ORDER BY id DESC LIMIT 1')
      .get(meetingId, clientId) as RawOutcome | undefined;
    return row ? this.hydrate(row) : null;
  }

  /**
   * Writes an outcome as the current one of its meeting and client; the one it replaces
   * is kept, superseded ("corrected"). What to write is decided by core/records/plan.ts;
   * values equal to the current ones change nothing ("unchanged").
   */
  recordOutcome(input: OutcomeInput, now: number): { record: OutcomeRecord; status: RecordStatus } {
    const current = this.currentOutcome(input.meetingId, input.clientId);
    if (current && sameOutcomeValues(current, input)) return { record: current, status: 'unchanged' };
    const info = this.db
      .prepare(
        `INSERT INTO outcomes (meeting_id, client_id, kind, minutes, notice_ms, told_at, rescheduled_to, note, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(input.meetingId, input.clientId, input.kind, input.minutes, input.noticeMs, input.toldAt, input.rescheduledTo, input.note, now);
    const id = Number(info.lastInsertRowid);
    if (current) {
      this.db.prepare("UPDATE outcomes SET superseded_at = ?, superseded_by = ?, superseded_reason = 'corrected' WHERE id = ?").run(now, id, current.id);
      if (current.rescheduledTo) this.syncTargetLink(current.rescheduledTo.id, input.clientId);
    }
    if (input.rescheduledTo !== null) this.syncTargetLink(input.rescheduledTo, input.clientId);
    const row = this.db.prepare('SELECT * FROM outcomes WHERE id = ?').get(id) as RawOutcome;
    return { record: this.hydrate(row), status: current ? 'corrected' : 'recorded' };
  }

  /**
   * Reverts the current outcome and restores the state before it: the outcome it had
   * corrected, if any, is current again. The reverted one stays in history, marked undone.
   */
  undoOutcome(meetingId: number, clientId: number, now: number): { undone: OutcomeRecord; restored: OutcomeRecord | null } | null {
    const current = this.currentOutcome(meetingId, clientId);
    if (!current) return null;
    this.db.prepare("UPDATE outcomes SET superseded_at = ?, superseded_by = NULL, superseded_reason = 'undone' WHERE id = ?").run(now, current.id);
    const previous = this.db
      .prepare("SELECT * FROM outcomes WHERE superseded_by = ? AND superseded_reason = 'corrected' ORDER BY id DESC LIMIT 1")
      .get(current.id) as RawOutcome | undefined;
    if (previous) {
      this.db.prepare('UPDATE outcomes SET superseded_at = NULL, superseded_by = NULL, superseded_reason = NULL WHERE id = ?').run(previous.id);
      if (previous.rescheduled_to !== null) this.syncTargetLink(previous.rescheduled_to, clientId);
    }
    if (current.rescheduledTo) this.syncTargetLink(current.rescheduledTo.id, clientId);
    const undone = this.hydrate(this.db.prepare('SELECT * FROM outcomes WHERE id = ?').get(current.id) as RawOutcome);
    return { undone, restored: previous ? this.hydrate({ ...previous, superseded_at: null, superseded_reason: null }) : null };
  }

  /**
   * A meeting made for a reschedule target belongs to the client while a current outcome
   * moves a meeting there, or the client has an outcome of its own there. A target given up
   * (a corrected `--to`, an undone reschedule) no longer counts as one of their meetings.
   */
  private syncTargetLink(meetingId: number, clientId: number): void {
    const used = this.db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM outcomes WHERE rescheduled_to = @meeting AND client_id = @client AND superseded_at IS NULL)
             OR EXISTS (SELECT 1 FROM outcomes WHERE meeting_id = @meeting AND client_id = @client)`,
      )
      .pluck()
      .get({ meeting: meetingId, client: clientId }) as number;
    if (used) this.linkAttendee(meetingId, clientId, null);
    else this.db.prepare('DELETE FROM meeting_attendees WHERE meeting_id = ? AND client_id = ?').run(meetingId, clientId);
  }

  /**
   * A client's timeline, or everyone's: by meeting, the latest meeting first; under each
   * meeting the current outcome, then (with `all`) the ones it corrected or that were
   * undone, newest first.
   */
  history(opts: { clientEmail?: string; all?: boolean; limit?: number }): OutcomeRecord[] {
    const where: string[] = [];
    const values: unknown[] = [];
    if (opts.clientEmail) {
      where.push('o.client_id = (SELECT id FROM clients WHERE email = ?)');
      values.push(opts.clientEmail.trim());
    }
    if (!opts.all) where.push('o.superseded_at IS NULL');
    const sql = `SELECT o.* FROM outcomes o JOIN meetings m ON m.id = o.meeting_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY m.start_at DESC, o.meeting_id DESC, o.client_id, o.superseded_at IS NOT NULL, o.recorded_at DESC, o.id DESC ${opts.limit ? 'LIMIT ?' : ''}`;
    if (opts.limit) values.push(opts.limit);
    return (this.db.prepare(sql).all(...values) as RawOutcome[]).map((r) => this.hydrate(r));
  }

  /** Integrity, for tests and `doctor`-style checks. */
  integrity(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  private hydrate(row: RawOutcome): OutcomeRecord {
    const meeting = this.meetingById(row.meeting_id)!;
    const client = this.db.prepare('SELECT id, email, name, organisation, timezone, notes FROM clients WHERE id = ?').get(row.client_id) as ClientRow;
    const fromRow = this.db
      .prepare('SELECT meeting_id FROM outcomes WHERE rescheduled_to = ? AND client_id = ? AND superseded_at IS NULL ORDER BY id DESC LIMIT 1')
      .get(row.meeting_id, row.client_id) as { meeting_id: number } | undefined;
    return {
      id: row.id,
      kind: row.kind,
      minutes: row.minutes,
      noticeMs: row.notice_ms,
      toldAt: row.told_at,
      note: row.note,
      recordedAt: row.recorded_at,
      supersededAt: row.superseded_at,
      supersededReason: row.superseded_reason,
      meeting,
      client,
      rescheduledTo: row.rescheduled_to !== null ? this.meetingById(row.rescheduled_to) : null,
      rescheduledFrom: fromRow ? this.meetingById(fromRow.meeting_id) : null,
    };
  }
}

function toMeeting(r: RawMeeting): MeetingRow {
  return {
    id: r.id,
    uid: r.uid,
    recurrenceId: r.recurrence_id === '' ? null : r.recurrence_id,
    source: r.source,
    start: r.start_at,
    end: r.end_at,
    summary: r.summary,
  };
}
