// readCalendars' busy-only reads (slots, offers, reply) and the expansion cache: their own
// entry, made from a whole read's entry of the same bytes and window when there is one;
// the entries themselves (a digest, then V8's serialization format), whole or damaged, and
// how many are kept; and one calendar read for two windows in one process (scanned once:
// the same results).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { readCalendars, type CalendarReadOptions } from '../../../src/adapters/calendars.js';
import { KEEP } from '../../../src/adapters/expansion-cache.js';
import { readCalendarBytes } from '../../../src/core/calendar/read-bytes.js';
import { tempDirsRemovedAfterAll } from '../../e2e/helpers.js';

const removedAfterAll = tempDirsRemovedAfterAll();
const temp = (): string => removedAfterAll('etiq-busy-view-');

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

/** The expansion cache's entry files, as written: `<cache>/expansions/<key>.v8`. */
interface Entries {
  dir: string;
  files: () => string[];
  /** The entry's payload (after its SHA-256), deserialized; throws when the digest does not match. */
  read: (file: string) => unknown;
  /** Writes `value` as a valid entry (its digest, then V8's format). */
  write: (file: string, value: unknown) => void;
}

function entriesIn(cache: string): Entries {
  const dir = path.join(cache, 'expansions');
  const sha = (b: Buffer): Buffer => createHash('sha256').update(b).digest();
  return {
    dir,
    files: () => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.v8')).map((n) => path.join(dir, n)) : []),
    read: (file) => {
      const buf = fs.readFileSync(file);
      if (!sha(buf.subarray(32)).equals(buf.subarray(0, 32))) throw new Error(`${file}: digest does not match`);
      return v8.deserialize(buf.subarray(32));
    },
    write: (file, value) => {
      const data = v8.serialize(value);
      fs.writeFileSync(file, Buffer.concat([sha(data), data]));
    },
  };
}

function setup(): { opts: (detail: 'full' | 'busy') => CalendarReadOptions; cache: string; entries: Entries } {
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
  return { opts, cache, entries: entriesIn(cache) };
}

describe('busy-only reads and the expansion cache', () => {
  it('come without people or place, cached in an entry of their own', async () => {
    const { opts, entries } = setup();
    const busy = await readCalendars(opts('busy'));
    expect(busy.occurrences.map((o) => [o.summary, o.busy, o.attendees, o.organizer, o.location])).toEqual([['Call with Kofi', true, [], null, null]]);
    const full = await readCalendars(opts('full'));
    expect(full.occurrences[0]!.attendees.map((a) => a.email)).toEqual(['kofi@example.com']);
    expect(full.occurrences[0]!.location).toBe('Room 4');
    expect(entries.files()).toHaveLength(2);
    expect(await readCalendars(opts('busy'))).toEqual(busy);
  });

  it('are made from the whole read of the same bytes and window when it is cached, and kept', async () => {
    const { opts, entries } = setup();
    await readCalendars(opts('full'));
    // Mark the whole read's entry: a busy read that answers with the mark was made from it.
    const [file] = entries.files();
    const entry = entries.read(file!) as { occurrences: { summary: string }[] };
    entry.occurrences[0]!.summary = 'From the whole entry';
    entries.write(file!, entry);
    const busy = await readCalendars(opts('busy'));
    expect(busy.occurrences.map((o) => [o.summary, o.attendees, o.organizer, o.location])).toEqual([['From the whole entry', [], null, null]]);
    expect(entries.files()).toHaveLength(2);
  });

  it("keep the occurrences' times in typed arrays and the occurrences as bytes, decoded only when read", async () => {
    const { opts, entries } = setup();
    const cold = await readCalendars(opts('busy'));
    const [file] = entries.files();
    const entry = entries.read(file!) as Record<string, unknown>;
    expect(Object.keys(entry).sort()).toEqual(['body', 'calendar', 'end', 'flags', 'rest', 'start']);
    expect(entry['start']).toBeInstanceOf(Float64Array);
    expect([...(entry['start'] as Float64Array)]).toEqual([Date.parse('2026-03-02T09:00:00Z')]);
    expect([...(entry['end'] as Float64Array)]).toEqual([Date.parse('2026-03-02T10:00:00Z')]);
    expect([...(entry['flags'] as Uint8Array)]).toEqual([1]); // busy, not all-day
    expect(entry['calendar']).toBe(opts('busy').calendars[0]);
    expect(v8.deserialize(entry['body'] as Uint8Array)).toEqual(cold.occurrences);

    const warm = await readCalendars(opts('busy'));
    expect([...warm.times.start, ...warm.times.end, ...warm.times.flags]).toEqual([...cold.times.start, ...cold.times.end, ...cold.times.flags]);
    expect(warm.occurrences).toEqual(cold.occurrences);
    expect(warm).toEqual(cold);

    // Bytes of other occurrences (no cache writes them): the times are read without them, and
    // they are refused when an occurrence is asked for.
    entries.write(file!, { ...entry, body: v8.serialize([]) });
    const lazy = await readCalendars(opts('busy'));
    expect([...lazy.times.start]).toEqual([...cold.times.start]);
    expect(() => lazy.occurrences).toThrow(/0 occurrences for 1 times/);
  });

  it('a busy entry of another shape counts as missing: the calendar is read again and the entry written anew (8 shapes)', async () => {
    const { opts, entries } = setup();
    const cold = await readCalendars(opts('busy'));
    const [file] = entries.files();
    const whole = fs.readFileSync(file!);
    const entry = entries.read(file!) as Record<string, unknown>;
    const others: unknown[] = [
      { ...entry, end: new Float64Array(2) },
      { ...entry, flags: [1] },
      { ...entry, body: 'not bytes' },
      { ...entry, calendar: 3 },
      { ...entry, rest: null },
      { ...entry, rest: {} }, // no warnings list
      { occurrences: cold.occurrences, warnings: [], error: null }, // a whole read's shape
      'text',
    ];
    for (const other of others) {
      entries.write(file!, other);
      expect(await readCalendars(opts('busy'))).toEqual(cold);
      expect(fs.readFileSync(file!).equals(whole)).toBe(true);
    }
  });
});

describe('expansion-cache entries', () => {
  it('hold the read as V8 serializes it, after its digest: a warm read is the cold one, field for field', async () => {
    const { opts, entries } = setup();
    const cold = await readCalendars(opts('full'));
    const files = entries.files();
    expect(files).toHaveLength(1);
    const entry = entries.read(files[0]!) as { occurrences: { summary: string; attendees: unknown[] }[] };
    expect(entry.occurrences.map((o) => [o.summary, o.attendees.length])).toEqual([['Call with Kofi', 1]]);
    const warm = await readCalendars(opts('full'));
    expect(warm).toStrictEqual(cold);
  });

  it('damaged, cut short, in an older form (JSON text) or not V8 data count as missing: the calendar is read again', async () => {
    const { opts, entries } = setup();
    const cold = await readCalendars(opts('full'));
    const [file] = entries.files();
    const whole = fs.readFileSync(file!);
    const damaged = Buffer.from(whole);
    for (let i = 40; i < damaged.length; i += 7) damaged[i] = damaged[i]! ^ 0x5a;
    const garbage = Buffer.from('not what V8 writes');
    const withDigest = Buffer.concat([createHash('sha256').update(garbage).digest(), garbage]);
    for (const bytes of [damaged, whole.subarray(0, whole.length >> 1), Buffer.from(JSON.stringify(cold)), Buffer.alloc(0), withDigest]) {
      fs.writeFileSync(file!, bytes);
      expect(await readCalendars(opts('full'))).toStrictEqual(cold);
      // Read again and written anew, whole.
      expect(fs.readFileSync(file!).equals(whole)).toBe(true);
    }
  });

  it('are kept up to KEEP: a write beyond it deletes the least recently used, and a hit counts as a use', async () => {
    const { opts, entries } = setup();
    await readCalendars(opts('full'));
    const [mine] = entries.files();
    // KEEP older entries of other reads (made up), the oldest first: with ours, one too many.
    const longAgo = Date.now() / 1000 - 86_400;
    const others = Array.from({ length: KEEP }, (_, i) => path.join(entries.dir, `${String(i).padStart(64, '0')}.v8`));
    others.forEach((f, i) => {
      entries.write(f, { occurrences: [], warnings: [], error: null });
      fs.utimesSync(f, longAgo + i, longAgo + i);
    });
    fs.utimesSync(mine!, longAgo - 10, longAgo - 10); // ours is the oldest...
    await readCalendars(opts('full')); // ...until this hit uses it
    expect(entries.files()).toHaveLength(KEEP + 1);
    await readCalendars(opts('busy')); // a write: one too many, two over
    const left = new Set(entries.files());
    expect(left.size).toBe(KEEP);
    expect(left.has(mine!)).toBe(true);
    expect([left.has(others[0]!), left.has(others[1]!), left.has(others[2]!)]).toEqual([false, false, true]);
  });

  it('lose a temporary file left by a killed run once it is an hour old, at the next write', async () => {
    const { opts, entries } = setup();
    await readCalendars(opts('busy'));
    const old = path.join(entries.dir, `${'a'.repeat(64)}.v8.4242.tmp`);
    const recent = path.join(entries.dir, `${'b'.repeat(64)}.v8.4243.tmp`);
    fs.writeFileSync(old, 'half an entry');
    fs.writeFileSync(recent, 'half an entry');
    const twoHoursAgo = Date.now() / 1000 - 7200;
    fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
    await readCalendars(opts('full')); // a write
    expect([fs.existsSync(old), fs.existsSync(recent)]).toEqual([false, true]);
  });

  it('replace the SQLite cache of older versions (expansions.db), deleted on the first write', async () => {
    const { opts, cache, entries } = setup();
    fs.mkdirSync(cache, { recursive: true });
    for (const f of ['expansions.db', 'expansions.db-wal', 'expansions.db-shm']) fs.writeFileSync(path.join(cache, f), 'old');
    const r = await readCalendars(opts('full'));
    expect(r.occurrences.map((o) => o.summary)).toEqual(['Call with Kofi']);
    expect(fs.readdirSync(cache).sort()).toEqual(['expansions']);
    expect(entries.files()).toHaveLength(1);
  });

  it('cannot be written when the folder is a file: every read still reads the calendar', async () => {
    const { opts, cache } = setup();
    fs.mkdirSync(cache, { recursive: true });
    fs.writeFileSync(path.join(cache, 'expansions'), 'a file where the folder goes');
    const first = await readCalendars(opts('full'));
    expect(first.occurrences.map((o) => o.summary)).toEqual(['Call with Kofi']);
    expect(await readCalendars(opts('full'))).toStrictEqual(first);
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
