// readCalendars' busy-only reads (slots, offers, reply) and the expansion cache: their own
// entry, made from a whole read's entry of the same bytes and window when there is one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { readCalendars, type CalendarReadOptions } from '../../../src/adapters/calendars.js';

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
    const row = d.prepare('SELECT key, payload FROM expansions').get() as { key: string; payload: string };
    d.prepare('UPDATE expansions SET payload = ? WHERE key = ?').run(row.payload.replace('Call with Kofi', 'From the whole entry'), row.key);
    const busy = await readCalendars(opts('busy'));
    expect(busy.occurrences.map((o) => [o.summary, o.attendees, o.organizer, o.location])).toEqual([['From the whole entry', [], null, null]]);
    expect((d.prepare('SELECT COUNT(*) AS n FROM expansions').get() as { n: number }).n).toBe(2);
    d.close();
  });
});
