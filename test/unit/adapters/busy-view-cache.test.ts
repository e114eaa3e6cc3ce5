// readCalendars' busy-only reads (slots, offers, reply) and the expansion cache: their own
// entry, made from a whole read's entry of the same bytes and window when there is one;
// and the entries themselves (V8's serialization format), whole or damaged; and one
// calendar read for two windows in one process (scanned once: the same results).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { readCalendars, type CalendarReadOptions } from '../../../src/adapters/calendars.js';
import { readCalendarBytes } from '../../../src/core/calendar/read-bytes.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const temp = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'etiq-busy-view-'));
  dirs.push(d);
  return d;
};

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//etiq test//EN',
  'BEGIN:VEVENT',
  'UID:call-1',
  'DTSTART:20260302T090000Z',
  'DTEND:20260302T100000Z',
  'SUMMARY:Call with Kofi',
  'LOCATION:Room 4',
  'ORGANIZER;CN=Dana:mailto:dana@example.com',
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:kofi@example.com',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

function setup(): { opts: (detail: 'full' | 'busy') => CalendarReadOptions; db: () => Database.Database } {
  const dir = temp();
  const cache = path.join(dir, 'cache');
  const file = path.join(dir, 'cal.ics');
  fs.writeFileSync(file, ICS);
  const opts = (detail: 'full' | 'busy'): CalendarReadOptions => ({
    calendars: [file],
    window: { start: Date.parse('2026-03-02T00:00:00Z'), end: Date.parse('2026-03-03T00:00:00Z') },
    userZone: 'UTC',
    myAddresses: ['dana@example.com'],
    tentativeIsBusy: true,
    now: Date.parse('2026-03-01T00:00:00Z'),
    useCache: true,
    env: { ETIQ_CACHE_DIR: cache },
    detail,
  });
  return { opts, db: () => new Database(path.join(cache, 'expansions.db')) };
}

describe('busy-only reads and the expansion cache', () => {
  it('come without people or place, cached in an entry of their own', async () => {
    const { opts, db } = setup();
    const busy = await readCalendars(opts('busy'));
    expect(busy.occurrences.map((o) => [o.summary, o.busy, o.attendees, o.organizer, o.location])).toEqual([['Call with Kofi', true, [], null, null]]);
    const full = await readCalendars(opts('full'));
    expect(full.occurrences[0]!.attendees.map((a) => a.email)).toEqual(['kofi@example.com']);
    expect(full.occurrences[0]!.location).toBe('Room 4');
    const d = db();
    expect((d.prepare('SELECT COUNT(*) AS n FROM expansions').get() as { n: number }).n).toBe(2);
    d.close();
    expect(await readCalendars(opts('busy'))).toEqual(busy);
  });

  it('are made from the whole read of the same bytes and window when it is cached, and kept', async () => {
    const { opts, db } = setup();
    await readCalendars(opts('full'));
    // Mark the whole read's entry: a busy read that answers with the mark was made from it.
    const d = db();
    const row = d.prepare('SELECT key, payload FROM expansions').get() as { key: string; payload: Buffer };
    const entry = v8.deserialize(row.payload) as { occurrences: { summary: string }[] };
    entry.occurrences[0]!.summary = 'From the whole entry';
    d.prepare('UPDATE expansions SET payload = ? WHERE key = ?').run(v8.serialize(entry), row.key);
    const busy = await readCalendars(opts('busy'));
    expect(busy.occurrences.map((o) => [o.summary, o.attendees, o.organizer, o.location])).toEqual([['From the whole entry', [], null, null]]);
    expect((d.prepare('SELECT COUNT(*) AS n FROM expansions').get() as { n: number }).n).toBe(2);
    d.close();
  });
});

describe('expansion-cache entries', () => {
  it('hold the read as V8 serializes it: a warm read is the cold one, field for field', async () => {
    const { opts, db } = setup();
    const cold = await readCalendars(opts('full'));
    const d = db();
    const row = d.prepare('SELECT payload FROM expansions').get() as { payload: unknown };
    d.close();
    expect(row.payload).toBeInstanceOf(Buffer);
    const entry = v8.deserialize(row.payload as Buffer) as { occurrences: { summary: string; attendees: unknown[] }[] };
    expect(entry.occurrences.map((o) => [o.summary, o.attendees.length])).toEqual([['Call with Kofi', 1]]);
    const warm = await readCalendars(opts('full'));
    expect(warm).toStrictEqual(cold);
  });

  it('damaged, cut short or in an older form (JSON text) count as missing: the calendar is read again', async () => {
    const { opts, db } = setup();
    const cold = await readCalendars(opts('full'));
    const d = db();
    const row = d.prepare('SELECT key, payload FROM expansions').get() as { key: string; payload: Buffer };
    const damaged = Buffer.from(row.payload);
    for (let i = 2; i < damaged.length; i += 7) damaged[i] = damaged[i]! ^ 0x5a;
    for (const payload of [damaged, row.payload.subarray(0, row.payload.length >> 1), JSON.stringify(cold), Buffer.alloc(0)]) {
      d.prepare('UPDATE expansions SET payload = ? WHERE key = ?').run(payload, row.key);
      expect(await readCalendars(opts('full'))).toStrictEqual(cold);
      // Read again and written anew, whole.
      const now = d.prepare('SELECT payload FROM expansions WHERE key = ?').get(row.key) as { payload: Buffer };
      expect(now.payload.equals(row.payload)).toBe(true);
    }
    d.close();
  });
});

describe('one calendar read for two windows in one process', () => {
  const window = (from: string, days: number) => ({ start: Date.parse(from), end: Date.parse(from) + days * 86_400_000 });
  const read = (file: string, w: { start: number; end: number }) =>
    readCalendars({ calendars: [file], window: w, userZone: 'UTC', myAddresses: ['dana@example.com'], tentativeIsBusy: true, now: w.start, useCache: false, env: { ETIQ_CACHE_DIR: path.join(path.dirname(file), 'cache') } });
  const series = (summary: string) =>
    ICS.replace('DTSTART:20260302T090000Z', 'DTSTART:20260301T090000Z').replace('DTEND:20260302T100000Z', 'DTEND:20260301T100000Z\r\nRRULE:FREQ=DAILY').replace('Call with Kofi', summary);

  it('reads each window as a fresh read of the file does', async () => {
    const file = path.join(temp(), 'cal.ics');
    fs.writeFileSync(file, series('Daily call'));
    const around = window('2026-03-01T00:00:00Z', 3);
    const offers = window('2026-03-02T00:00:00Z', 20);
    const first = await read(file, around);
    const second = await read(file, offers);
    const o = { userZone: 'UTC', myAddresses: ['dana@example.com'], tentativeIsBusy: true };
    expect(first.occurrences).toEqual(readCalendarBytes(fs.readFileSync(file), file, { ...o, window: around }).occurrences);
    expect(second.occurrences).toEqual(readCalendarBytes(fs.readFileSync(file), file, { ...o, window: offers }).occurrences);
    expect([first.occurrences.length, second.occurrences.length]).toEqual([3, 20]);
  });

  it('never serves the last file read for a file whose bytes changed', async () => {
    const file = path.join(temp(), 'cal.ics');
    const w = window('2026-03-01T00:00:00Z', 3);
    fs.writeFileSync(file, series('Before'));
    expect((await read(file, w)).occurrences.map((x) => x.summary)).toEqual(['Before', 'Before', 'Before']);
    fs.writeFileSync(file, series('After!')); // the same size
    expect((await read(file, w)).occurrences.map((x) => x.summary)).toEqual(['After!', 'After!', 'After!']);
  });
});
