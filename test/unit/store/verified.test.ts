/**
 * Databases last closed intact are not scanned again (store/verified.ts), and any change
 * to the file brings the scan back: a damaged file is still refused, untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store, VerifiedFiles } from '../../../src/adapters/store.js';
import { opened, tempDir } from './cleanup.js';

const T0 = Date.UTC(2026, 2, 10, 15, 0);

/** Sets the file's times ten seconds back, as if it had settled. */
function settle(file: string): void {
  const past = new Date(Date.now() - 10_000);
  fs.utimesSync(file, past, past);
}

function seeded(dir: string): string {
  const file = path.join(dir, 'etiq.db');
  const s = Store.open(file);
  s.write(() => {
    for (let i = 0; i < 300; i++) {
      const m = s.upsertMeeting({ uid: `m${i}`, recurrenceId: null, source: 'manual', start: T0 + i * 3_600_000, end: T0 + i * 3_600_000 + 1_800_000, summary: `Meeting ${i} ${'x'.repeat(200)}` }, T0);
      const c = s.upsertClient(`c${i % 20}@example.com`, null, T0);
      s.linkAttendee(m.id, c.id, null);
    }
  });
  s.close();
  return file;
}

describe('VerifiedFiles', () => {
  it('noting a file again as it already is writes nothing (a read-only run)', () => {
    const dir = tempDir();
    const file = seeded(dir);
    settle(file);
    const notesFile = path.join(dir, 'cache', 'verified.json');
    const notes = new VerifiedFiles(notesFile);
    notes.record(file);
    expect(notes.matches(file)).toBe(true);
    const before = fs.statSync(notesFile, { bigint: true });
    notes.record(file);
    const after = fs.statSync(notesFile, { bigint: true });
    // Not rewritten: a rewrite renames a new file into place (another inode).
    expect([after.ino, after.mtimeNs]).toEqual([before.ino, before.mtimeNs]);
    // Another file noted, then the first again: it moves last, so that one is written.
    const other = seeded(fs.mkdtempSync(path.join(dir, 'b-')));
    settle(other);
    notes.record(other);
    notes.record(file);
    expect(Object.keys(JSON.parse(fs.readFileSync(notesFile, 'utf8')) as object)).toEqual([other, file].map((f) => path.resolve(f)));
  });

  it('notes a file closed intact once it has settled, and matches it only while nothing changes', () => {
    const dir = tempDir();
    const file = seeded(dir);
    const notes = new VerifiedFiles(path.join(dir, 'cache', 'verified.json'));
    expect(notes.matches(file)).toBe(false);
    // Closed within two seconds of its last change: not noted (a change in the same tick could hide).
    let s = Store.open(file, notes);
    s.close();
    expect(notes.matches(file)).toBe(false);
    settle(file);
    s = Store.open(file, notes);
    s.close();
    expect(notes.matches(file)).toBe(true);
    // A read-only session keeps it noted.
    s = Store.openForReading(file, notes)!;
    opened.push(s);
    expect(s.read(() => s.listClients())).toHaveLength(20);
    s.close();
    expect(notes.matches(file)).toBe(true);
    // Any change to the file (here only its times) and it is scanned again.
    fs.utimesSync(file, new Date(), new Date(Date.now() - 20_000));
    expect(notes.matches(file)).toBe(false);
  });

  it('a file damaged after it was noted intact is still refused, untouched', () => {
    const dir = tempDir();
    const file = seeded(dir);
    const notes = new VerifiedFiles(path.join(dir, 'verified.json'));
    settle(file);
    Store.open(file, notes).close();
    expect(notes.matches(file)).toBe(true);
    const bytes = fs.readFileSync(file);
    const middle = Math.floor(bytes.length / 2 / 4096) * 4096;
    bytes.fill(0xab, middle, middle + 4096);
    fs.writeFileSync(file, bytes);
    const before = fs.readFileSync(file);
    expect(() => Store.open(file, notes)).toThrow(/is damaged/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(notes.matches(file)).toBe(false);
  });

  it('a WAL still holding changes is never trusted', () => {
    const dir = tempDir();
    const file = seeded(dir);
    const notes = new VerifiedFiles(path.join(dir, 'verified.json'));
    settle(file);
    Store.open(file, notes).close();
    fs.writeFileSync(`${file}-wal`, 'x');
    expect(notes.matches(file)).toBe(false);
    fs.rmSync(`${file}-wal`);
  });

  it('a notes file that cannot be read or written costs only a scan', () => {
    const dir = tempDir();
    const file = seeded(dir);
    fs.writeFileSync(path.join(dir, 'garbage.json'), '{not json');
    const notes = new VerifiedFiles(path.join(dir, 'garbage.json'));
    expect(notes.matches(file)).toBe(false);
    const blocked = new VerifiedFiles(path.join(dir, 'etiq.db', 'under-a-file.json'));
    settle(file);
    const s = Store.open(file, blocked);
    expect(() => s.close()).not.toThrow();
    expect(blocked.matches(file)).toBe(false);
  });
});
