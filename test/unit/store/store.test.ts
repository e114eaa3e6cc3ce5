/**
 * The SQLite store on real database files in a temp folder: no mocks.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, Store, describeSqliteError, type MeetingInput, type OutcomeInput } from '../../../src/adapters/store.js';
import { EtiqError } from '../../../src/core/errors.js';
import { opened, tempDir } from './cleanup.js';
import { countMisses } from '../../../src/core/etiquette/outcomes.js';

const T0 = Date.UTC(2026, 2, 10, 15, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;


function open(file: string): Store {
  const s = Store.open(file);
  opened.push(s);
  return s;
}

function fresh(): { file: string; store: Store } {
  const file = path.join(tempDir(), 'etiq.db');
  return { file, store: open(file) };
}

/** The store's own connection, to read its connection-level pragmas. */
function conn(store: Store): Database.Database {
  return (store as unknown as { db: Database.Database }).db;
}

function meeting(uid: string, start: number, extra: Partial<MeetingInput> = {}): MeetingInput {
  return { uid, recurrenceId: null, source: 'work.ics', start, end: start + 30 * MIN, summary: `Meeting ${uid}`, ...extra };
}

function outcome(meetingId: number, clientId: number, extra: Partial<OutcomeInput> = {}): OutcomeInput {
  return { meetingId, clientId, kind: 'no-show', minutes: 10, noticeMs: null, toldAt: null, rescheduledTo: null, note: null, reason: null, ...extra };
}

/** A meeting with one client, stored; returns their ids. */
function seed(store: Store, uid = 'acme-weekly@example.com', start = T0, email = 'priya@acme.example', name: string | null = 'Priya Nair') {
  return store.write(() => {
    const m = store.upsertMeeting(meeting(uid, start), T0);
    const c = store.upsertClient(email, name, T0);
    store.linkAttendee(m.id, c.id, 'ACCEPTED');
    return { meetingId: m.id, clientId: c.id };
  });
}

function fingerprint(file: string): { sha: string; mtimeMs: number; size: number } {
  const st = fs.statSync(file);
  return { sha: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'), mtimeMs: st.mtimeMs, size: st.size };
}

/** Sets the file's times in the past, so that any write shows in its mtime. */
function age(file: string): void {
  const past = new Date('2020-01-01T00:00:00Z');
  fs.utimesSync(file, past, past);
}

function expectRefused(file: string, pattern: RegExp, named = file): EtiqError {
  let caught: unknown;
  try {
    open(file);
  } catch (err) {
    caught = err;
  }
  expect(caught, 'Store.open should refuse the file').toBeInstanceOf(EtiqError);
  const e = caught as EtiqError;
  expect(e.exitCode).toBe(1);
  expect(e.message).toMatch(pattern);
  expect(e.message).not.toContain('\n');
  expect(e.message).toContain(named);
  return e;
}

/** A database written with the real schema and some rows, closed (WAL checkpointed). */
function populated(file: string, rows = 400): void {
  const s = Store.open(file);
  s.write(() => {
    for (let i = 0; i < rows; i++) s.updateClient(`c${i}@x.example`, { name: `Client ${i}`, notes: `notes ${i} `.repeat(40) }, T0);
  });
  s.close();
}

describe('schema', () => {
  it('creates the file and its folders with user_version = SCHEMA_VERSION, WAL, foreign keys and a busy timeout', () => {
    const dir = tempDir();
    const file = path.join(dir, 'deep', 'er', 'etiq.db');
    const store = open(file);
    expect(fs.existsSync(file)).toBe(true);
    const db = conn(store);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(10_000);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]);
    expect(tables).toEqual(['clients', 'meeting_attendees', 'meetings', 'offer_slots', 'offers', 'outcomes']);
    expect(store.integrity()).toBe('ok');
    // A fresh file has nothing to back up.
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.bak'))).toEqual([]);
    store.close();
    // The version and the WAL mode are in the file, not only in the connection.
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('enforces foreign keys: an outcome for a meeting that does not exist is refused and nothing is written', () => {
    const { store } = fresh();
    const { clientId } = seed(store);
    expect(() => store.write(() => store.recordOutcome(outcome(9999, clientId), T0))).toThrow(/FOREIGN KEY/);
    expect(store.history({ all: true })).toEqual([]);
  });

  it('enforces the outcome names at the schema level', () => {
    const { store } = fresh();
    const { meetingId, clientId } = seed(store);
    expect(() => store.write(() => store.recordOutcome(outcome(meetingId, clientId, { kind: 'noshow' as never }), T0))).toThrow(EtiqError);
    expect(store.history({ all: true })).toEqual([]);
  });

  it('reopens an existing database without migrating or backing it up again', () => {
    const { file, store } = fresh();
    const ids = seed(store);
    store.write(() => store.recordOutcome(outcome(ids.meetingId, ids.clientId), T0 + 15 * MIN));
    store.close();
    const again = open(file);
    expect(again.history({}).map((r) => r.kind)).toEqual(['no-show']);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.bak'))).toEqual([]);
  });

  it('accepts an existing empty file as a new database', () => {
    const file = path.join(tempDir(), 'etiq.db');
    fs.writeFileSync(file, '');
    const store = open(file);
    expect(conn(store).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.bak'))).toEqual([]);
  });

  it('rolls back every write of a failed write()', () => {
    const { store } = fresh();
    expect(() =>
      store.write(() => {
        store.upsertClient('first@x.example', 'First', T0);
        store.upsertMeeting(meeting('m1', T0), T0);
        throw new Error('boom');
      }),
    ).toThrow(/boom/);
    expect(store.clientByEmail('first@x.example')).toBeNull();
    expect(store.meetingByKey('m1', null)).toBeNull();
  });
});

describe('clients', () => {
  it('upsertClient is case-insensitive on the email and keeps a known name', () => {
    const { store } = fresh();
    const a = store.write(() => store.upsertClient('  Priya@Acme.Example ', 'Priya Nair', T0));
    const b = store.write(() => store.upsertClient('priya@acme.example', null, T0 + 1));
    const c = store.write(() => store.upsertClient('PRIYA@ACME.EXAMPLE', 'Someone Else', T0 + 2));
    expect(a.email).toBe('priya@acme.example');
    expect(b.id).toBe(a.id);
    expect(c.id).toBe(a.id);
    expect(c.name).toBe('Priya Nair');
    expect(store.clientByEmail('PrIyA@aCmE.eXaMpLe')?.id).toBe(a.id);
    expect(store.listClients()).toHaveLength(1);
  });

  it('learns a name it did not know', () => {
    const { store } = fresh();
    store.write(() => store.upsertClient('ann@one.example', null, T0));
    expect(store.write(() => store.upsertClient('ANN@one.example', 'Ann One', T0)).name).toBe('Ann One');
  });

  it('updateClient sets only the fields given, creating the client if new', () => {
    const { store } = fresh();
    const created = store.write(() => store.updateClient('New@Client.example', { name: 'New', timezone: 'Europe/London' }, T0));
    expect(created).toMatchObject({ email: 'new@client.example', name: 'New', timezone: 'Europe/London', organisation: null, notes: null });
    const edited = store.write(() => store.updateClient('NEW@client.example', { organisation: 'Org', notes: 'n', name: undefined }, T0));
    expect(edited).toMatchObject({ id: created.id, name: 'New', timezone: 'Europe/London', organisation: 'Org', notes: 'n' });
    const renamed = store.write(() => store.updateClient('new@client.example', { name: 'Renamed' }, T0));
    expect(renamed.name).toBe('Renamed');
  });

  it('counts meetings and misses per client', () => {
    const { store } = fresh();
    const a = seed(store, 'm1', T0);
    const b = seed(store, 'm2', T0 + 7 * 24 * HOUR);
    store.write(() => {
      store.recordOutcome(outcome(a.meetingId, a.clientId), T0 + HOUR);
      store.recordOutcome(outcome(b.meetingId, b.clientId, { kind: 'attended', minutes: null }), T0 + 7 * 24 * HOUR + HOUR);
    });
    const [row] = store.listClients();
    expect(row).toMatchObject({ email: 'priya@acme.example', meetings: 2, outcomes: { 'no-show': 1, attended: 1 }, lastMeeting: T0 + 7 * 24 * HOUR });
    expect(countMisses(row!.outcomes)).toBe(1);
    // A client with no meeting yet (clients set): listed, in email order, with none.
    store.write(() => store.upsertClient('adam@acme.example', 'Adam', T0));
    const rows = store.listClients();
    expect(rows.map((r) => [r.email, r.meetings, r.lastMeeting, r.outcomes])).toEqual([
      ['adam@acme.example', 0, null, {}],
      ['priya@acme.example', 2, T0 + 7 * 24 * HOUR, { 'no-show': 1, attended: 1 }],
    ]);
  });
});

describe('outcomes', () => {
  it('records the same outcome twice as unchanged, with one row', () => {
    const { store } = fresh();
    const { meetingId, clientId } = seed(store);
    const first = store.write(() => store.recordOutcome(outcome(meetingId, clientId), T0 + 15 * MIN));
    const second = store.write(() => store.recordOutcome(outcome(meetingId, clientId), T0 + 20 * MIN));
    expect(first.status).toBe('recorded');
    expect(second.status).toBe('unchanged');
    expect(second.record.id).toBe(first.record.id);
    expect(second.record.recordedAt).toBe(T0 + 15 * MIN);
    expect(conn(store).prepare('SELECT COUNT(*) FROM outcomes').pluck().get()).toBe(1);
    expect(store.history({ all: true })).toHaveLength(1);
  });

  it('a different outcome corrects the current one, which is kept as superseded', () => {
    const { store } = fresh();
    const { meetingId, clientId } = seed(store);
    const first = store.write(() => store.recordOutcome(outcome(meetingId, clientId), T0 + 15 * MIN));
    const second = store.write(() => store.recordOutcome(outcome(meetingId, clientId, { kind: 'late', minutes: 7 }), T0 + 20 * MIN));
    expect(second.status).toBe('corrected');
    expect(second.record).toMatchObject({ kind: 'late', minutes: 7, supersededAt: null, supersededReason: null, recordedAt: T0 + 20 * MIN });
    expect(store.currentOutcome(meetingId, clientId)?.id).toBe(second.record.id);
    const all = store.history({ all: true });
    expect(all.map((r) => [r.kind, r.supersededAt, r.supersededReason])).toEqual([
      ['late', null, null],
      ['no-show', T0 + 20 * MIN, 'corrected'],
    ]);
    const raw = conn(store).prepare('SELECT superseded_by FROM outcomes WHERE id = ?').pluck().get(first.record.id);
    expect(raw).toBe(second.record.id);
    // Only the current one without `all`.
    expect(store.history({}).map((r) => r.id)).toEqual([second.record.id]);
  });

  it('a changed detail (minutes, note) is a correction; the same values change nothing', () => {
    // Which values a command writes (a note kept when none is given) is core/records/plan.ts's
    // rule; the store writes exactly what it is given.
    const { store } = fresh();
    const { meetingId, clientId } = seed(store);
    store.write(() => store.recordOutcome(outcome(meetingId, clientId, { note: 'waited in the lobby' }), T0 + 15 * MIN));
    expect(store.write(() => store.recordOutcome(outcome(meetingId, clientId, { note: 'waited in the lobby' }), T0 + 16 * MIN)).status).toBe('unchanged');
    expect(store.write(() => store.recordOutcome(outcome(meetingId, clientId, { note: 'other' }), T0 + 17 * MIN)).status).toBe('corrected');
    expect(store.write(() => store.recordOutcome(outcome(meetingId, clientId, { minutes: 15, note: 'other' }), T0 + 18 * MIN)).status).toBe('corrected');
    expect(store.history({ all: true })).toHaveLength(3);
    expect(store.currentOutcome(meetingId, clientId)).toMatchObject({ minutes: 15, note: 'other' });
  });

  it('undoOutcome keeps the record as undone, and a second undo finds nothing', () => {
    const { store } = fresh();
    const { meetingId, clientId } = seed(store);
    const rec = store.write(() => store.recordOutcome(outcome(meetingId, clientId), T0 + 15 * MIN));
    const undone = store.write(() => store.undoOutcome(meetingId, clientId, T0 + HOUR));
    expect(undone?.undone).toMatchObject({ id: rec.record.id, supersededAt: T0 + HOUR, supersededReason: 'undone' });
    expect(undone?.restored).toBeNull();
    expect(store.currentOutcome(meetingId, clientId)).toBeNull();
    expect(store.history({})).toEqual([]);
    expect(store.history({ all: true }).map((r) => [r.id, r.supersededReason, r.supersededAt])).toEqual([[rec.record.id, 'undone', T0 + HOUR]]);
    expect(store.write(() => store.undoOutcome(meetingId, clientId, T0 + 2 * HOUR))).toBeNull();
    // Recording it again after an undo is a new record, not "unchanged".
    expect(store.write(() => store.recordOutcome(outcome(meetingId, clientId), T0 + 3 * HOUR)).status).toBe('recorded');
    expect(store.history({ all: true })).toHaveLength(2);
  });

  it('history is newest first, per client or for everyone, with a limit', () => {
    const { store } = fresh();
    const p1 = seed(store, 'p1', T0, 'priya@acme.example');
    const o1 = seed(store, 'o1', T0 + 24 * HOUR, 'oliver@globex.example', 'Oliver');
    const p2 = seed(store, 'p2', T0 + 7 * 24 * HOUR, 'priya@acme.example');
    store.write(() => store.recordOutcome(outcome(p1.meetingId, p1.clientId), T0 + HOUR));
    store.write(() => store.recordOutcome(outcome(o1.meetingId, o1.clientId, { kind: 'attended', minutes: null }), T0 + 25 * HOUR));
    store.write(() => store.recordOutcome(outcome(p2.meetingId, p2.clientId, { kind: 'late', minutes: 3 }), T0 + 7 * 24 * HOUR + HOUR));
    expect(store.history({}).map((r) => r.meeting.uid)).toEqual(['p2', 'o1', 'p1']);
    expect(store.history({ clientEmail: 'PRIYA@acme.example' }).map((r) => r.meeting.uid)).toEqual(['p2', 'p1']);
    expect(store.history({ clientEmail: 'nobody@x.example' })).toEqual([]);
    expect(store.history({ limit: 2 }).map((r) => r.meeting.uid)).toEqual(['p2', 'o1']);
    const r = store.history({ clientEmail: 'oliver@globex.example' })[0]!;
    expect(r.client).toMatchObject({ email: 'oliver@globex.example', name: 'Oliver' });
    expect(r.meeting).toMatchObject({ uid: 'o1', recurrenceId: null, source: 'work.ics', start: T0 + 24 * HOUR, end: T0 + 24 * HOUR + 30 * MIN });
  });

  it('keeps a reschedule chain A -> B -> C', () => {
    const { store } = fresh();
    const a = seed(store, 'A', T0);
    const { b, c } = store.write(() => {
      const b = store.upsertMeeting(meeting('B', T0 + 7 * 24 * HOUR, { source: 'manual' }), T0);
      const c = store.upsertMeeting(meeting('C', T0 + 14 * 24 * HOUR, { source: 'manual' }), T0);
      store.linkAttendee(b.id, a.clientId, null);
      store.linkAttendee(c.id, a.clientId, null);
      return { b, c };
    });
    store.write(() => store.recordOutcome(outcome(a.meetingId, a.clientId, { kind: 'rescheduled', minutes: null, rescheduledTo: b.id }), T0 - 24 * HOUR));
    store.write(() => store.recordOutcome(outcome(b.id, a.clientId, { kind: 'rescheduled', minutes: null, rescheduledTo: c.id }), T0 + 6 * 24 * HOUR));
    const entries = store.history({ clientEmail: 'priya@acme.example' });
    expect(entries.map((e) => [e.meeting.uid, e.rescheduledTo?.uid ?? null, e.rescheduledFrom?.uid ?? null])).toEqual([
      ['B', 'C', 'A'],
      ['A', 'B', null],
    ]);
    // The same reschedule again changes nothing; a different target is a correction.
    expect(store.write(() => store.recordOutcome(outcome(b.id, a.clientId, { kind: 'rescheduled', minutes: null, rescheduledTo: c.id }), T0 + 6 * 24 * HOUR)).status).toBe('unchanged');
    const d = store.write(() => store.upsertMeeting(meeting('D', T0 + 15 * 24 * HOUR, { source: 'manual' }), T0));
    const moved = store.write(() => store.recordOutcome(outcome(b.id, a.clientId, { kind: 'rescheduled', minutes: null, rescheduledTo: d.id }), T0 + 6 * 24 * HOUR + HOUR));
    expect([moved.status, moved.record.rescheduledTo?.uid]).toEqual(['corrected', 'D']);
    // C is no longer one of the client's meetings; D is.
    const linked = () => conn(store).prepare('SELECT m.uid FROM meeting_attendees ma JOIN meetings m ON m.id = ma.meeting_id ORDER BY m.uid').pluck().all();
    expect(linked()).toEqual(['A', 'B', 'D']);
    // Undoing the correction brings C back.
    expect(store.write(() => store.undoOutcome(b.id, a.clientId, T0 + 6 * 24 * HOUR + 2 * HOUR))?.restored?.rescheduledTo?.uid).toBe('C');
    expect(linked()).toEqual(['A', 'B', 'C']);
    // Undoing A's reschedule cuts the link back from B.
    store.write(() => store.undoOutcome(a.meetingId, a.clientId, T0));
    expect(store.currentOutcome(b.id, a.clientId)?.rescheduledFrom).toBeNull();
  });

  it('separates occurrences of a recurring meeting by recurrence id', () => {
    const { store } = fresh();
    const [x, y, x2] = store.write(() => [
      store.upsertMeeting(meeting('series', T0, { recurrenceId: '2026-03-10T15:00:00Z' }), T0),
      store.upsertMeeting(meeting('series', T0 + 7 * 24 * HOUR, { recurrenceId: '2026-03-17T15:00:00Z' }), T0),
      store.upsertMeeting(meeting('series', T0 + HOUR, { recurrenceId: '2026-03-10T15:00:00Z', summary: 'moved' }), T0),
    ]);
    expect(x!.id).not.toBe(y!.id);
    expect(x2!.id).toBe(x!.id);
    expect(store.meetingByKey('series', '2026-03-10T15:00:00Z')).toMatchObject({ start: T0 + HOUR, summary: 'moved' });
    expect(store.meetingByKey('series', null)).toBeNull();
  });

  it('round-trips quotes, emoji, newlines and a 10,000-character string', () => {
    const { file, store } = fresh();
    const long = `${'a'.repeat(4_000)}€${'ß'.repeat(5_999)}`;
    expect(long.length).toBe(10_000);
    const name = `Zoë "Z" O'Brien; DROP TABLE clients; -- 🚀👩🏽‍💻\nsecond line\r\n\ttabbed \\ backslash`;
    const note = `${name}\n${long}\u0000after-nul`;
    const ids = store.write(() => {
      const m = store.upsertMeeting(meeting('odd', T0, { summary: name }), T0);
      const c = store.updateClient('zoe@example.com', { name, organisation: long, notes: note, timezone: 'Europe/Dublin' }, T0);
      store.linkAttendee(m.id, c.id, null);
      store.recordOutcome(outcome(m.id, c.id, { note }), T0 + HOUR);
      return { m, c };
    });
    store.close();
    const again = open(file);
    const c = again.clientByEmail('zoe@example.com')!;
    expect(c.name).toBe(name);
    expect(c.organisation).toBe(long);
    expect(c.notes).toBe(note);
    const [rec] = again.history({});
    expect(rec!.note).toBe(note);
    expect(rec!.meeting.summary).toBe(name);
    expect(rec!.client.id).toBe(ids.c.id);
    expect(again.listClients().map((r) => r.email)).toEqual(['zoe@example.com']);
  });
});

describe('files that are refused, untouched', () => {
  it('refuses a file written by a newer etiq, leaving its bytes and mtime as they were', () => {
    const dir = tempDir();
    const file = path.join(dir, 'etiq.db');
    const raw = new Database(file);
    raw.exec("CREATE TABLE future (x); INSERT INTO future VALUES ('from the future')");
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    age(file);
    const before = fingerprint(file);
    expectRefused(file, new RegExp(`newer etiq \\(schema ${SCHEMA_VERSION + 1}; this etiq knows up to ${SCHEMA_VERSION}\\)`));
    expect(fingerprint(file)).toEqual(before);
    expect(fs.readdirSync(dir)).toEqual(['etiq.db']);
  });

  it('refuses a newer WAL database whose last writer died, without checkpointing its WAL into it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'etiq.db');
    // A newer etiq killed with its last transaction still in the -wal file.
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const script = `
      const Database = require(${JSON.stringify(sqlite)});
      const db = new Database(${JSON.stringify(file)});
      db.pragma('journal_mode = WAL');
      db.pragma('wal_autocheckpoint = 0');
      db.exec("CREATE TABLE future (x)");
      db.pragma('user_version = ${SCHEMA_VERSION + 3}');
      db.exec("INSERT INTO future VALUES ('pending in the WAL')");
      process.kill(process.pid, 'SIGKILL');`;
    const killed = spawnSync(process.execPath, ['-e', script]);
    expect(killed.signal).toBe('SIGKILL');
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    age(file);
    const before = fingerprint(file);
    const walBefore = fingerprint(`${file}-wal`);
    expectRefused(file, /newer etiq/);
    expect(fingerprint(file)).toEqual(before);
    expect(fingerprint(`${file}-wal`).sha).toBe(walBefore.sha);
    // The newer etiq's data is still readable where it left it.
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT x FROM future').pluck().get()).toBe('pending in the WAL');
    check.close();
  });

  it('refuses a text file at the path', () => {
    const dir = tempDir();
    const file = path.join(dir, 'etiq.db');
    fs.writeFileSync(file, 'my precious notes\nsecond line\n');
    age(file);
    const before = fingerprint(file);
    expectRefused(file, /not an etiq database \(not an SQLite file\); it was left untouched/);
    expect(fingerprint(file)).toEqual(before);
    expect(fs.readdirSync(dir)).toEqual(['etiq.db']);
  });

  it('refuses a short file that is not even an SQLite header', () => {
    const dir = tempDir();
    const file = path.join(dir, 'etiq.db');
    fs.writeFileSync(file, 'SQLite');
    const before = fingerprint(file);
    expectRefused(file, /not an SQLite file/);
    expect(fingerprint(file)).toEqual(before);
  });

  it('refuses a damaged SQLite file (valid header, garbage pages)', () => {
    const dir = tempDir();
    const file = path.join(dir, 'etiq.db');
    populated(file);
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeGreaterThan(20 * 4096);
    const middle = Math.floor(bytes.length / 2 / 4096) * 4096;
    crypto.randomFillSync(bytes, middle, 3 * 4096);
    fs.writeFileSync(file, bytes);
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    age(file);
    const before = fingerprint(file);
    expectRefused(file, /is damaged \(.+\); it was left untouched/);
    expect(fingerprint(file)).toEqual(before);
    expect(fs.readdirSync(dir)).toEqual(['etiq.db']);
  });

  it('refuses a folder at the path, and a path under a regular file', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'etiq.db'));
    expectRefused(path.join(dir, 'etiq.db'), /is a folder/);
    const plain = path.join(dir, 'plain');
    fs.writeFileSync(plain, 'x');
    expectRefused(path.join(plain, 'sub', 'etiq.db'), /cannot create the database folder .*ENOTDIR/, path.join(plain, 'sub'));
    expect(fs.readFileSync(plain, 'utf8')).toBe('x');
  });

  it('fails at once, not forever, under a folder that cannot hold children (/proc)', () => {
    // Node's recursive mkdir loops forever on procfs' ENOENT; run it in a child with a deadline.
    const storeJs = path.resolve(__dirname, '../../../dist/adapters/store.js');
    const script = `
      import(${JSON.stringify(storeJs)}).then(({ Store }) => {
        try { Store.open('/proc/etiq-test-${process.pid}/sub/etiq.db'); console.log('opened'); }
        catch (e) { console.log(JSON.stringify({ message: e.message, exitCode: e.exitCode })); }
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { timeout: 10_000, encoding: 'utf8' });
    expect(r.signal, 'Store.open hung').toBeNull();
    const out = JSON.parse(r.stdout) as { message: string; exitCode: number };
    expect(out.exitCode).toBe(1);
    expect(out.message).toMatch(/cannot create the database folder \/proc\/etiq-test-\d+/);
  });
});

describe('migration', () => {
  it('copies an older database aside as .bak-<version> before migrating it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'etiq.db');
    const raw = new Database(file);
    raw.exec("CREATE TABLE legacy (x TEXT); INSERT INTO legacy VALUES ('kept'), ('also kept')");
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    raw.close();
    const store = open(file);
    expect(conn(store).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const backup = `${file}.bak-0`;
    expect(fs.existsSync(backup)).toBe(true);
    expect(fs.readFileSync(backup).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    const bak = new Database(backup, { readonly: true });
    expect(bak.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(bak.pragma('user_version', { simple: true })).toBe(0);
    expect(bak.prepare('SELECT x FROM legacy ORDER BY rowid').pluck().all()).toEqual(['kept', 'also kept']);
    expect(bak.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'outcomes'").pluck().get()).toBe(0);
    bak.close();
    // The migrated file keeps what it had and gains the schema.
    expect(conn(store).prepare('SELECT COUNT(*) FROM legacy').pluck().get()).toBe(2);
    const ids = seed(store);
    expect(store.write(() => store.recordOutcome(outcome(ids.meetingId, ids.clientId), T0 + HOUR)).status).toBe('recorded');
  });

  it('does not overwrite an earlier backup of the same version', () => {
    const dir = tempDir();
    const file = path.join(dir, 'etiq.db');
    fs.writeFileSync(`${file}.bak-0`, 'an earlier backup');
    const raw = new Database(file);
    raw.exec('CREATE TABLE legacy (x)');
    raw.close();
    open(file);
    expect(fs.readFileSync(`${file}.bak-0`, 'utf8')).toBe('an earlier backup');
    const others = fs.readdirSync(dir).filter((f) => /^etiq\.db\.bak-0-\d+$/.test(f));
    expect(others).toHaveLength(1);
    const bak = new Database(path.join(dir, others[0]!), { readonly: true });
    expect(bak.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['legacy']);
    bak.close();
  });
});

describe('describeSqliteError', () => {
  it('names the file in one sentence per SQLite error family, exit 1', () => {
    const f = '/data/etiq.db';
    const cases: [string, RegExp][] = [
      ['SQLITE_BUSY', /is locked by another process/],
      ['SQLITE_READONLY', /cannot be written/],
      ['SQLITE_CANTOPEN', /cannot be written/],
      ['SQLITE_IOERR_WRITE', /cannot be written/],
      ['SQLITE_NOTADB', /is damaged/],
      ['SQLITE_CORRUPT', /is damaged/],
      ['SQLITE_FULL', /disk is full/],
    ];
    for (const [code, pattern] of cases) {
      const e = describeSqliteError(f, Object.assign(new Error(`raw ${code}`), { code }), () => null); // free space unknown
      expect(e, code).toBeInstanceOf(EtiqError);
      expect(e.exitCode).toBe(1);
      expect(e.message, code).toMatch(pattern);
      expect(e.message).toContain(f);
    }
    const own = new EtiqError('x', 'mine', { exitCode: 2 });
    expect(describeSqliteError(f, own)).toBe(own);
  });
});
