// localDayStart and plusLocalDays (core/time.ts) work out luxon's startOf('day').plus({ days })
// and plus({ days }) on etiq's
// zone tables, so that a warm run needs no Intl object (issue 13): the instant must be
// luxon's, also where the clocks change at midnight (a missing midnight moves forward by
// the gap) and where a whole day was skipped (Pacific/Apia, 30 December 2011).
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localDayStart, localMonthStarts, plusLocalDays } from '../../../src/core/time.js';

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

describe('plusLocalDays: luxon\'s plus({ days })', () => {
  for (const zone of ['America/Santiago', 'Pacific/Apia', 'Australia/Lord_Howe', 'Europe/Berlin', 'UTC+3']) {
    it(`agrees with luxon in ${zone}, from instants in gaps, folds and ordinary hours`, () => {
      const instants: number[] = [];
      for (const c of changes(zone, Date.UTC(2009, 0, 1), Date.UTC(2013, 0, 1))) for (let t = c - 30 * HOUR; t <= c + 30 * HOUR; t += 3 * HOUR + 11 * 60_000) instants.push(t);
      for (let t = Date.UTC(1950, 0, 1); t < Date.UTC(2060, 0, 1); t += 131 * 24 * HOUR + 7 * HOUR) instants.push(t);
      for (const t of instants) {
        for (const days of [1, -1, 7, -90, 365]) {
          expect(plusLocalDays(t, zone, days), `${zone} ${new Date(t).toISOString()} ${days}`).toBe(DateTime.fromMillis(t, { zone }).plus({ days }).toMillis());
        }
      }
    });
  }

  it('keeps the wall-clock time across a change: Berlin, 10:00 the day before the spring change, a day on', () => {
    // 28 March 2026 10:00 CET (09:00 UTC) + 1 day = 29 March 10:00 CEST (08:00 UTC).
    expect(new Date(plusLocalDays(Date.UTC(2026, 2, 28, 9), 'Europe/Berlin', 1)).toISOString()).toBe('2026-03-29T08:00:00.000Z');
  });
});

describe('localMonthStarts: luxon\'s startOf(\'month\'), then plus({ months: 1 })', () => {
  for (const zone of ['America/Santiago', 'America/Sao_Paulo', 'Pacific/Apia', 'Asia/Beirut', 'Europe/Berlin', 'UTC', 'UTC+3']) {
    it(`agrees with luxon in ${zone}, for 14-month windows from 1960 to 2050`, () => {
      for (let t = Date.UTC(1960, 0, 1); t < Date.UTC(2050, 0, 1); t += 53 * 24 * HOUR + 5 * HOUR) {
        const until = t + 420 * 24 * HOUR;
        const expected: { year: number; month: number; start: number }[] = [];
        for (let m = DateTime.fromMillis(t, { zone }).startOf('month'); m.toMillis() < until; m = m.plus({ months: 1 })) expected.push({ year: m.year, month: m.month, start: m.toMillis() });
        expect(localMonthStarts(t, until, zone), `${zone} ${new Date(t).toISOString()}`).toEqual(expected);
      }
    });
  }

  it('starts each month at its local midnight: Berlin, winter to summer 2026', () => {
    // Up to 1 May 00:00 UTC, which is 02:00 in Berlin: May has begun there (at 22:00 UTC).
    expect(localMonthStarts(Date.UTC(2026, 1, 15), Date.UTC(2026, 4, 1), 'Europe/Berlin').map((m) => new Date(m.start).toISOString())).toEqual([
      '2026-01-31T23:00:00.000Z',
      '2026-02-28T23:00:00.000Z',
      '2026-03-31T22:00:00.000Z',
      '2026-04-30T22:00:00.000Z',
    ]);
  });
});
