// localDayStart (core/time.ts) works out luxon's startOf('day').plus({ days }) on etiq's
// zone tables, so that a warm run needs no Intl object (issue 13): the instant must be
// luxon's, also where the clocks change at midnight (a missing midnight moves forward by
// the gap) and where a whole day was skipped (Pacific/Apia, 30 December 2011).
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localDayStart } from '../../../src/core/time.js';

const HOUR = 3_600_000;
const ZONES = ['America/Santiago', 'Asia/Beirut', 'America/Havana', 'America/Asuncion', 'Pacific/Apia', 'Australia/Lord_Howe', 'Europe/Berlin', 'Africa/Monrovia', 'UTC', 'UTC+3'];

/** Every change of offset in [from, to), found hour by hour with luxon. */
function changes(zone: string, from: number, to: number): number[] {
  const out: number[] = [];
  let prev = DateTime.fromMillis(from, { zone }).offset;
  for (let t = from + 6 * HOUR; t < to; t += 6 * HOUR) {
    const o = DateTime.fromMillis(t, { zone }).offset;
    if (o !== prev) out.push(t);
    prev = o;
  }
  return out;
}

describe('localDayStart: luxon\'s startOf(\'day\').plus({ days })', () => {
  for (const zone of ZONES) {
    it(`agrees with luxon in ${zone}, around each change of 1968-1971 and 2008-2013, and on a spread of days`, () => {
      const instants: number[] = [];
      for (const [a, b] of [[Date.UTC(1968, 0, 1), Date.UTC(1972, 0, 1)], [Date.UTC(2008, 0, 1), Date.UTC(2014, 0, 1)]] as const) {
        for (const c of changes(zone, a, b)) for (let t = c - 36 * HOUR; t <= c + 36 * HOUR; t += 2 * HOUR + 17 * 60_000) instants.push(t);
      }
      for (let t = Date.UTC(1950, 0, 1); t < Date.UTC(2060, 0, 1); t += 97 * 24 * HOUR + 5 * HOUR) instants.push(t);
      for (const t of instants) {
        for (const days of [0, 1, -1, 14]) {
          const expected = DateTime.fromMillis(t, { zone }).startOf('day').plus({ days }).toMillis();
          expect(localDayStart(t, zone, days), `${zone} ${new Date(t).toISOString()} ${days}`).toBe(expected);
        }
      }
    });
  }

  it('starts a day at its local midnight, or where a missing one moves to', () => {
    // Santiago, 6 September 2026: clocks go from 00:00 to 01:00 (-04:00 -> -03:00), so the
    // day starts at 01:00, 04:00 UTC; the day before starts at 00:00 -04:00, 04:00 UTC too.
    expect(new Date(localDayStart(Date.UTC(2026, 8, 6, 15), 'America/Santiago')).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(new Date(localDayStart(Date.UTC(2026, 8, 5, 15), 'America/Santiago', 1)).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(new Date(localDayStart(Date.UTC(2026, 8, 5, 15), 'America/Santiago')).toISOString()).toBe('2026-09-05T04:00:00.000Z');
    expect(new Date(localDayStart(Date.UTC(2026, 8, 7, 15), 'America/Santiago')).toISOString()).toBe('2026-09-07T03:00:00.000Z');
    expect(new Date(localDayStart(Date.UTC(2026, 2, 10, 15), 'Europe/Berlin')).toISOString()).toBe('2026-03-09T23:00:00.000Z');
  });
});
