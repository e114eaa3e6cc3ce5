// A calendar prepared once (decoded or read as bytes, and scanned: prepareCalendarBytes) and
// read for several windows must give, for each window, what reading its bytes afresh gives:
// noshow reads one calendar around the missed meeting and again for the follow-up's offers.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareCalendarBytes, readCalendarBytes, readPreparedCalendar } from '../../../src/core/calendar/read-bytes.js';
import type { ReadOptions } from '../../../src/core/calendar/types.js';
import { allIcs, ev, ics, repoFixtures } from './helpers.js';


const WINDOWS: [string, string][] = [
  ['2026-03-01T00:00:00Z', '2026-03-04T00:00:00Z'],
  ['2026-03-02T00:00:00Z', '2026-03-22T00:00:00Z'],
  ['1990-01-01T00:00:00Z', '2040-01-01T00:00:00Z'],
  ['2026-03-01T00:00:00Z', '2026-03-04T00:00:00Z'], // the first again: nothing carried over
];

const opts = (from: string, to: string): ReadOptions => ({
  window: { start: Date.parse(from), end: Date.parse(to) },
  userZone: 'America/New_York',
  myAddresses: ['dana@example.com'],
  tentativeIsBusy: true,
});

describe('a prepared calendar read for several windows', () => {
  it('reads each window as its bytes read afresh do, on every fixture calendar', () => {
    const files = allIcs(repoFixtures);
    expect(files.length).toBeGreaterThanOrEqual(25);
    let occurrences = 0;
    let warnings = 0;
    for (const f of files) {
      const bytes = fs.readFileSync(f);
      const prepared = prepareCalendarBytes(bytes);
      for (const [from, to] of WINDOWS) {
        const fresh = readCalendarBytes(fs.readFileSync(f), 'cal.ics', opts(from, to));
        expect(JSON.stringify(readPreparedCalendar(prepared, 'cal.ics', opts(from, to))), `${path.relative(repoFixtures, f)} ${from}`).toBe(JSON.stringify(fresh));
        occurrences += fresh.occurrences.length;
        warnings += fresh.warnings.length;
      }
    }
    // The fixtures exercise both: what is read, and what is warned about (scan problems
    // included, which every read repeats).
    expect(occurrences).toBeGreaterThan(100);
    expect(warnings).toBeGreaterThan(20);
  });

  it('repeats the problems of the scan and the decoding note in every read; a file that is no calendar stays one', () => {
    const text = ics(...ev('UID:a', 'DTSTART:20260302T090000Z', 'DURATION:PT1H', 'SUMMARY:Caf\u00e9'), 'not a content line');
    const cp1252 = Buffer.from(text, 'latin1'); // é as one byte: not UTF-8, decoded whole with a note
    const prepared = prepareCalendarBytes(cp1252);
    const [a, b] = [readPreparedCalendar(prepared, 'x.ics', opts(...WINDOWS[0]!)), readPreparedCalendar(prepared, 'y.ics', opts(...WINDOWS[0]!))];
    expect(a.occurrences.map((o) => o.summary)).toEqual(['Caf\u00e9']);
    expect(a.warnings.map((w) => w.kind)).toEqual(b.warnings.map((w) => w.kind));
    expect(a.warnings.some((w) => w.kind === 'encoding')).toBe(true);
    expect(b.warnings.every((w) => w.calendar === 'y.ics')).toBe(true);
    const notCalendar = prepareCalendarBytes(Buffer.from('hello\n'));
    expect(readPreparedCalendar(notCalendar, 'n.ics', opts(...WINDOWS[0]!)).error).toMatch(/not an iCalendar file/);
    expect(readPreparedCalendar(notCalendar, 'n.ics', opts(...WINDOWS[1]!)).error).toMatch(/not an iCalendar file/);
  });
});
