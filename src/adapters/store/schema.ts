/**
 * The store's schema: versioned migrations in PRAGMA user_version (never edit a released
 * one: add the next), and the checks that refuse a file this etiq must not touch.
 */
import type Database from 'better-sqlite3';
import { storeError } from './errors.js';

export const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export const MIGRATIONS: string[] = [
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
  // 2: follow-ups. A host outcome's reason; offers and the slots they hold.
  `
  ALTER TABLE outcomes ADD COLUMN reason TEXT;
  CREATE TABLE offers (
    id              INTEGER PRIMARY KEY,
    client_id       INTEGER NOT NULL REFERENCES clients (id),
    meeting_id      INTEGER REFERENCES meetings (id),
    situation       TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    closed_at       INTEGER,
    closed_reason   TEXT CHECK (closed_reason IN ('replaced', 'cancelled', 'accepted')),
    accepted_start  INTEGER
  );
  CREATE INDEX offers_open ON offers (expires_at) WHERE closed_at IS NULL;
  CREATE INDEX offers_client ON offers (client_id, created_at);
  CREATE TABLE offer_slots (
    offer_id INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    start_at INTEGER NOT NULL,
    end_at   INTEGER NOT NULL,
    PRIMARY KEY (offer_id, start_at)
  );
  `,
  // 3: `etiq reply`. A meeting booked from an offer points to the meeting it replaces; the
  // missed meeting keeps its own outcome (the no-show stays current), so the link cannot
  // be a `rescheduled` outcome there.
  `
  ALTER TABLE meetings ADD COLUMN rescheduled_from INTEGER REFERENCES meetings (id);
  `,
  // 4: `etiq report`. One client's current outcomes (the report for --client, and the tone
  // history) without reading everyone's; every outcome of a meeting and client, corrected
  // or undone ones included (the evidence); the offers made in a window.
  `
  CREATE INDEX IF NOT EXISTS outcomes_client_current ON outcomes (client_id, meeting_id) WHERE superseded_at IS NULL;
  CREATE INDEX IF NOT EXISTS outcomes_meeting ON outcomes (meeting_id, client_id);
  CREATE INDEX IF NOT EXISTS offers_created ON offers (created_at);
  `,
  // 5: lookups every recording and every history line makes. The meeting a current outcome
  // moved a client to (reschedule links: recordOutcome, history's rescheduledFrom), and the
  // outcome a correction superseded (undo): both read the whole table without these.
  `
  CREATE INDEX IF NOT EXISTS outcomes_rescheduled_to ON outcomes (rescheduled_to, client_id) WHERE rescheduled_to IS NOT NULL;
  CREATE INDEX IF NOT EXISTS outcomes_superseded_by ON outcomes (superseded_by) WHERE superseded_by IS NOT NULL;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

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
export function checkVersion(file: string, version: number): void {
  if (Number.isInteger(version) && version > SCHEMA_VERSION) {
    throw storeError(`database ${file} was written by a newer etiq (schema ${version}; this etiq knows up to ${SCHEMA_VERSION}); upgrade etiq. The file was left untouched`);
  }
  if (!knownVersion(version)) {
    throw storeError(`database ${file} is damaged (its schema version is ${version}, which no etiq writes; this etiq knows 0 to ${SCHEMA_VERSION}); it was left untouched: move it aside or pass --db`);
  }
}

export function checkIntact(file: string, db: Database.Database): void {
  const check = db.pragma('quick_check(1)', { simple: true }) as string;
  if (check !== 'ok') throw storeError(`database ${file} is damaged (${check.replace(/\s+/g, ' ').replace(/\*+/g, '').trim().slice(0, 120)}); it was left untouched: move it aside or pass --db`);
}

