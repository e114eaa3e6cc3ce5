// localParts, isoInZone, dayTime, dayLabel, dayYearTime and monthLabel (core/time.ts) are
// fast paths beside luxon: their text must be luxon's, to the character, for every zone kind: UTC, whole-hour and half-hour DST zones, a 45-minute
// offset, a southern-hemisphere DST, historic offsets that are not whole minutes, and a
// zone luxon knows but etiq's IANA table does not take (a fixed offset).
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { civilDate, dayLabel, dayTime, dayYearTime, isoInZone, localParts, monthLabel } from '../../../src/core/time.js';

const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Sao_Paulo', 'Africa/Monrovia', 'Europe/Dublin', 'UTC+3'];

/** A deterministic spread of instants from 1900 to 2100, plus every DST change of 2026 in these zones, +- a minute. */
function instants(zone: string): number[] {
  const out: number[] = [];
  let x = 12345;
  for (let i = 0; i < 600; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out.push(Date.UTC(1900, 0, 1) + Math.floor((x / 2 ** 31) * (Date.UTC(2100, 0, 1) - Date.UTC(1900, 0, 1))));
  }
  // Day by day, then hour by hour inside a day whose offset changes.
  let day = Date.UTC(2026, 0, 1);
  for (let d = 0; d < 366; d++, day += 86_400_000) {
    if (DateTime.fromMillis(day, { zone }).offset === DateTime.fromMillis(day + 86_400_000, { zone }).offset) continue;
    for (let h = day; h < day + 86_400_000; h += 3_600_000) {
      if (DateTime.fromMillis(h, { zone }).offset !== DateTime.fromMillis(h + 3_600_000, { zone }).offset) out.push(h + 3_600_000 - 60_000, h + 3_600_000, h + 3_600_000 + 60_000);
    }
  }
  return out;
}

describe('civilDate: the date of a day number by arithmetic', () => {
  it('is the date toISOString gives: every day of 1900-2100, every 7th of the years 0-9999, and the ends', () => {
    const DAY = 86_400_000;
    const days: number[] = [];
    for (let d = Math.round(Date.UTC(1900, 0, 1) / DAY); d < Date.UTC(2100, 0, 1) / DAY; d++) days.push(d);
    const zero = Math.round(new Date('0000-01-01T00:00:00Z').getTime() / DAY);
    const last = Math.round(new Date('9999-12-31T00:00:00Z').getTime() / DAY);
    for (let d = zero; d <= last; d += 7) days.push(d);
    days.push(zero, zero + 59, zero + 60, last, last - 1, 0, -1, 59, 60);
    // Mismatches collected, not an expect() a day: 600,000 of them take seconds.
    const wrong: string[] = [];
    for (const d of days) {
      const iso = new Date(d * DAY).toISOString().slice(0, 10);
      const ymd = civilDate(d);
      const text = `${String(Math.floor(ymd / 10_000)).padStart(4, '0')}-${String(Math.floor(ymd / 100) % 100).padStart(2, '0')}-${String(ymd % 100).padStart(2, '0')}`;
      const parts = localParts(d * DAY + 43_200_000, 'UTC').date;
      if (text !== iso || parts !== iso) wrong.push(`day ${d}: ${text} / ${parts}, not ${iso}`);
    }
    expect(days.length).toBeGreaterThan(500_000);
    expect(wrong.slice(0, 5)).toEqual([]);
    // Hand-checked: day 0 is 1970-01-01, day 59 is 1 March 1970, 2000-02-29 is day 11,016.
    expect([civilDate(0), civilDate(59), civilDate(11_016)]).toEqual([19_700_101, 19_700_301, 20_000_229]);
  });
});

describe('localParts: the same text as luxon', () => {
  for (const zone of ZONES) {
    it(zone, () => {
      for (const ms of instants(zone)) {
        const d = DateTime.fromMillis(ms, { zone });
        expect(localParts(ms, zone), `${new Date(ms).toISOString()} in ${zone}`).toEqual({ date: d.toISODate(), time: d.toFormat('HH:mm'), weekday: d.toFormat('ccc') });
      }
    });
  }
});

describe('isoInZone: the wall clock luxon gives, to the second', () => {
  for (const zone of ZONES) {
    it(zone, () => {
      for (const ms of instants(zone)) {
        const d = DateTime.fromMillis(ms, { zone });
        expect(isoInZone(ms, zone).slice(0, 19), `${new Date(ms).toISOString()} in ${zone}`).toBe(d.toFormat("yyyy-MM-dd'T'HH:mm:ss"));
      }
    });
  }

  it('before 1970, at the last millisecond of a day, and off the whole millisecond', () => {
    expect(isoInZone(Date.UTC(1900, 0, 1) - 1, 'UTC')).toBe('1899-12-31T23:59:59Z');
    expect(isoInZone(-1, 'UTC')).toBe('1969-12-31T23:59:59Z');
    expect(isoInZone(Date.UTC(2026, 2, 9, 23, 59, 59, 999), 'America/New_York')).toBe('2026-03-09T19:59:59-04:00');
    expect(isoInZone(Date.UTC(2026, 2, 9, 12, 0, 0) + 0.5, 'UTC')).toBe('2026-03-09T12:00:00Z');
    expect(isoInZone(-0.5, 'UTC')).toBe('1970-01-01T00:00:00Z');
  });
});

describe("dayTime, dayLabel, dayYearTime and monthLabel: luxon's toFormat", () => {
  const FORMATS: [(ms: number, zone: string) => string, string][] = [
    [dayTime, 'ccc d LLL HH:mm'],
    [dayLabel, 'ccc d LLL'],
    [dayYearTime, 'ccc d LLL yyyy HH:mm'],
    [(ms, zone) => dayLabel(ms, zone, true), 'ccc d LLL yyyy'],
    [monthLabel, 'LLL yyyy'],
  ];
  for (const zone of ZONES) {
    it(zone, () => {
      for (const ms of instants(zone)) {
        const d = DateTime.fromMillis(ms, { zone });
        for (const [f, format] of FORMATS) expect(f(ms, zone), `${format} at ${new Date(ms).toISOString()} in ${zone}`).toBe(d.toFormat(format));
      }
    });
  }
});
