/**
 * The SQLite store (better-sqlite3): clients, meetings, their attendees, outcomes with
 * their full history (a correction supersedes, never deletes), and the offers made to
 * clients with the slots they hold. One class per table under store/; this facade opens,
 * checks, migrates and runs the transactions.
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
import type Database from 'better-sqlite3';
import { openSqlite } from './sqlite.js';
import { EtiqError } from '../core/errors.js';
import type { OutcomeKind } from '../core/etiquette/outcomes.js';
import type { ClientRow, ClientSummary, MeetingInput, MeetingRow, OfferClosedReason, OfferInput, OfferRecord, OutcomeInput, OutcomeRecord, RecordStatus } from '../core/records/types.js';
import { makeFolder } from './folders.js';
import { ClientsTable } from './store/clients.js';
import { NOT_WRITABLE, describeSqliteError, storeError } from './store/errors.js';
import { MeetingsTable } from './store/meetings.js';
import { OffersTable } from './store/offers.js';
import { OutcomesTable } from './store/outcomes.js';
import { VerifiedFiles } from './store/verified.js';
import { ReportTable, type RowWindow } from './store/report.js';
import type { EvidenceRow, OfferRow, OutcomeColumns, ReportClient } from '../core/report/types.js';
import { SCHEMA_VERSION, SQLITE_HEADER, MIGRATIONS, checkIntact, checkVersion } from './store/schema.js';

export { LOW_DISK_BYTES, describeSqliteError, diskFullMessage, freeBytes } from './store/errors.js';
export { SCHEMA_VERSION } from './store/schema.js';
export { VerifiedFiles } from './store/verified.js';
export type { ClientRow, ClientSummary, MeetingInput, MeetingRow, OfferInput, OfferRecord, OutcomeInput, OutcomeRecord, RecordStatus } from '../core/records/types.js';

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Checks an existing file on a read-only connection (see Store.open). Returns false when a
 * read-only connection cannot tell (a hot journal to roll back, a WAL index it cannot
 * create): the read-write connection then checks, or fails with its own error.
 */
function probeExisting(file: string): boolean {
  let ro: Database.Database;
  try {
    ro = openSqlite(file, { readonly: true, timeout: 10_000 });
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
  private readonly clients: ClientsTable;
  private readonly meetings: MeetingsTable;
  private readonly outcomes: OutcomesTable;
  private readonly offers: OffersTable;
  /** Where this file is noted as intact when it is closed (read-write stores only). */
  private verified: VerifiedFiles | null = null;
  private readonly report: ReportTable;

  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
  ) {
    this.clients = new ClientsTable(db);
    this.meetings = new MeetingsTable(db);
    this.outcomes = new OutcomesTable(db, this.meetings, this.clients);
    this.offers = new OffersTable(db, this.meetings, this.clients);
    this.report = new ReportTable(db);
  }

  /**
   * Opens (creating if needed) and migrates the database; refuses damaged or newer files
   * untouched. With `verified`, a file unchanged since etiq last closed it intact is not
   * scanned again (see store/verified.ts), and this one is noted when it is closed.
   */
  static open(file: string, verified?: VerifiedFiles): Store {
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
      db = openSqlite(file, { timeout: 10_000 });
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
      if (exists && !probed && !verified?.matches(file)) checkIntact(file, db);
      store.verified = verified ?? null;
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
  static openForReading(file: string, verified?: VerifiedFiles): Store | null {
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
      return Store.open(file, verified);
    } catch (err) {
      if (!(err instanceof EtiqError) || err.code !== NOT_WRITABLE) throw err;
      return Store.openReadOnly(file);
    }
  }

  private static openReadOnly(file: string): Store | null {
    let db: Database.Database;
    let first: Database.Database | undefined;
    try {
      db = first = openSqlite(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
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
      db = openSqlite(copy, { readonly: true });
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
      throw this.failed(err);
    }
  }

  read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw this.failed(err);
    }
  }

  /** After an error, the file is not noted as intact (the next open scans it). */
  private failed(err: unknown): EtiqError {
    if (!(err instanceof EtiqError)) {
      this.verified?.forget(this.file);
      this.verified = null;
    }
    return describeSqliteError(this.file, err);
  }

  close(): void {
    try {
      if (!this.db.open) return;
      this.db.close();
      // Checked (or trusted) when opened, and closed cleanly: noted as intact as it is now.
      this.verified?.record(this.file);
    } catch {
      // closing twice or after an error is harmless
    }
  }

  // --- clients -----------------------------------------------------------------------

  upsertClient(email: string, name: string | null, now: number): ClientRow {
    return this.clients.upsert(email, name, now);
  }

  clientByEmail(email: string): ClientRow | null {
    return this.clients.byEmail(email);
  }

  updateClient(email: string, fields: Partial<Pick<ClientRow, 'name' | 'organisation' | 'timezone' | 'notes'>>, now: number): ClientRow {
    return this.clients.update(email, fields, now);
  }

  listClients(): ClientSummary[] {
    return this.clients.list();
  }

  // --- meetings ----------------------------------------------------------------------

  upsertMeeting(m: MeetingInput, now: number): MeetingRow {
    return this.meetings.upsert(m, now);
  }

  meetingByKey(uid: string, recurrenceId: string | null): MeetingRow | null {
    return this.meetings.byKey(uid, recurrenceId);
  }

  meetingStartingAt(start: number, clientEmail: string): MeetingRow | null {
    return this.meetings.startingAt(start, clientEmail);
  }

  /** Reschedule targets etiq booked that are still to come, with their clients (see MeetingsTable.upcomingBooked). */
  upcomingBooked(now: number): { meeting: MeetingRow; client: string; outcomes: OutcomeKind[] }[] {
    return this.meetings.upcomingBooked(now);
  }

  linkAttendee(meetingId: number, clientId: number, partstat: string | null): void {
    this.meetings.linkAttendee(meetingId, clientId, partstat);
  }

  /** Links a meeting booked from an offer to the meeting it replaces (`etiq reply`); outcomes untouched. */
  linkReschedule(meetingId: number, fromMeetingId: number): void {
    this.meetings.setRescheduledFrom(meetingId, fromMeetingId);
  }

  /** The meeting this one was booked to replace, by the link linkReschedule sets. */
  rescheduledFrom(meetingId: number): MeetingRow | null {
    const id = this.meetings.rescheduledFromId(meetingId);
    return id === null ? null : this.meetings.byId(id);
  }

  // --- outcomes ----------------------------------------------------------------------

  currentOutcome(meetingId: number, clientId: number): OutcomeRecord | null {
    return this.outcomes.current(meetingId, clientId);
  }

  recordOutcome(input: OutcomeInput, now: number): { record: OutcomeRecord; status: RecordStatus } {
    return this.outcomes.record(input, now);
  }

  undoOutcome(meetingId: number, clientId: number, now: number): { undone: OutcomeRecord; restored: OutcomeRecord | null } | null {
    return this.outcomes.undo(meetingId, clientId, now);
  }

  history(opts: { clientEmail?: string; all?: boolean; limit?: number }): OutcomeRecord[] {
    return this.outcomes.history(opts);
  }

  // --- offers ------------------------------------------------------------------------

  /** Stores an offer; an open one for the same client and meeting is closed as replaced. */
  createOffer(input: OfferInput): { offer: OfferRecord; replaced: OfferRecord[] } {
    return this.offers.create(input);
  }

  offerById(id: number): OfferRecord | null {
    return this.offers.byId(id);
  }

  /** Offers neither closed nor expired at `now` (for one client when given): their slots are held. */
  openOffers(now: number, clientId?: number): OfferRecord[] {
    return this.offers.open(now, clientId);
  }

  /** The client's most recent offer in any state (to tell an expired offer from none). */
  latestOffer(clientId: number): OfferRecord | null {
    return this.offers.latest(clientId);
  }

  closeOffer(id: number, reason: OfferClosedReason, now: number, acceptedStart: number | null = null): void {
    this.offers.close(id, reason, now, acceptedStart);
  }

  // --- report (flat rows over a window; see store/report.ts) ------------------------

  /** Current outcomes of the meetings starting in [from, to), with their meetings' times, by column. */
  reportOutcomes(w: RowWindow): OutcomeColumns {
    return this.report.outcomeRows(w);
  }

  /** Offers created in [from, to). */
  reportOffers(w: RowWindow): OfferRow[] {
    return this.report.offerRows(w);
  }

  reportClients(): ReportClient[] {
    return this.report.clients();
  }

  /** Every outcome of one client's meetings in [from, to), corrected and undone ones too. */
  reportEvidence(w: RowWindow & { clientId: number }): EvidenceRow[] {
    return this.report.evidence(w);
  }

  /** Whether anything at all is recorded. */
  hasOutcomes(): boolean {
    return this.report.anyOutcome();
  }

  /** The report's queries and their plans (EXPLAIN QUERY PLAN). */
  reportQueryPlans(): Record<string, string[]> {
    return this.report.queryPlans();
  }

  /** Integrity, for tests and `doctor`-style checks. */
  integrity(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }
}
