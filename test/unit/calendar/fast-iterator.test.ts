// recurrence.ts computes plain DAILY/WEEKLY rules itself instead of through ical.js's
// RecurIterator (speed). It must yield exactly what ical.js yields, quirks included.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { type RecurLike, simpleIterator } from '../../../src/core/calendar/recurrence.js';
import { fieldsOf } from '../../../src/core/calendar/vtimezone.js';
import { wallOf } from '../../../src/core/calendar/values.js';

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** A small deterministic PRNG, so a failure names a reproducible rule. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function icalWalls(rrule: string, startWall: number, isDate: boolean, n: number): number[] {
  const it = ICAL.Recur.fromString(rrule).iterator(ICAL.Time.fromData({ ...fieldsOf(startWall), isDate }));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = it.next();
    if (!t) break;
    out.push(wallOf(t));
  }
  return out;
}

function fastWalls(rrule: string, startWall: number, n: number): number[] | null {
  const it = simpleIterator(ICAL.Recur.fromString(rrule) as RecurLike, startWall, { steps: 0, maxSteps: 1e6 });
  if (!it) return null;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const w = it.next();
    if (w === null) break;
    out.push(w);
  }
  return out;
}

/**
 * RFC 5545 read literally for MONTHLY with BYMONTHDAY or BYDAY, day by day: every day, from
 * the start on, of every INTERVAL-th month from the start's, that the BY part selects.
 */
const BRUTE_YEARS = 120;

function bruteForceMonthly(start: number, interval: number, byMonthDay: boolean, values: string[], n: number): number[] {
  const out: number[] = [];
  const s = new Date(start);
  const timeOfDay = start % 86_400_000;
  for (let k = 0; out.length < n && k < BRUTE_YEARS * 12; k += interval) {
    const first = Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + k, 1);
    const month = new Date(first).getUTCMonth();
    for (let day = first; new Date(day).getUTCMonth() === month; day += 86_400_000) {
      const d = new Date(day);
      const dim = new Date(Date.UTC(d.getUTCFullYear(), month + 1, 0)).getUTCDate();
      const dom = d.getUTCDate();
      const selected = values.some((v) => {
        if (byMonthDay) return Number(v) > 0 ? dom === Number(v) : dom === dim + Number(v) + 1;
        const m = /^([+-]?\d)?([A-Z]{2})$/.exec(v)!;
        if (DAYS.indexOf(m[2]!) !== (d.getUTCDay() + 6) % 7) return false;
        if (m[1] === undefined) return true;
        const ord = Number(m[1]);
        return ord > 0 ? Math.ceil(dom / 7) === ord : Math.ceil((dim - dom + 1) / 7) === -ord;
      });
      if (selected && day + timeOfDay >= start && out.length < n) out.push(day + timeOfDay);
    }
  }
  return out;
}

describe('the direct DAILY/WEEKLY/MONTHLY iterator', () => {
  it('yields the same first 40 instances as ical.js for 2,000 random plain rules', () => {
    const rnd = prng(20261123);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    let compared = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const freq = pick(['DAILY', 'WEEKLY']);
      const parts = [`FREQ=${freq}`];
      const interval = pick([1, 1, 2, 3, 4, 5, 7, 14]);
      if (interval !== 1 || rnd() < 0.2) parts.push(`INTERVAL=${interval}`);
      if (rnd() < 0.75) parts.push(`BYDAY=${DAYS.filter(() => rnd() < 0.35).join(',') || pick(DAYS)}`);
      if (rnd() < 0.4) parts.push(`WKST=${pick(DAYS)}`);
      const rrule = parts.join(';');
      const isDate = rnd() < 0.2;
      const day = Date.UTC(1998 + Math.floor(rnd() * 40), 0, 1) + Math.floor(rnd() * 366) * 86_400_000;
      const start = isDate ? day : day + Math.floor(rnd() * 96) * 900_000;
      // DAILY with INTERVAL=7k and a BYDAY that excludes the start's weekday has nothing
      // after the start: ical.js searches until a step limit, the direct iterator stops.
      const fast = fastWalls(rrule, start, 40);
      expect(fast, rrule).not.toBeNull();
      const barren = freq === 'DAILY' && interval % 7 === 0 && fast!.length === 1;
      if (barren) continue;
      const ical = icalWalls(rrule, start, isDate, 40);
      compared++;
      if (JSON.stringify(ical) !== JSON.stringify(fast)) mismatches.push(`${rrule} from ${new Date(start).toISOString()}`);
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(1850);
  });

  it('yields for 2,000 random MONTHLY rules what RFC 5545 says, and what ical.js yields unless ical.js is wrong', () => {
    const rnd = prng(5545);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const wrongInIcal: string[] = [];
    let compared = 0;
    for (let i = 0; i < 2000; i++) {
      const interval = pick([1, 1, 1, 2, 3, 6, 12, 5]);
      const n = 1 + Math.floor(rnd() * 3);
      const byMonthDay = rnd() < 0.5;
      const values = byMonthDay
        ? Array.from({ length: n }, () => String(pick([1, 2, 5, 10, 15, 28, 29, 30, 31, -1, -2, -7, -28, -29, -30, -31])))
        : Array.from({ length: n }, () => `${pick(['', '', '1', '2', '3', '4', '5', '-1', '-2', '-5', '+1'])}${pick(DAYS)}`);
      const rrule = `FREQ=MONTHLY${interval === 1 ? '' : `;INTERVAL=${interval}`};${byMonthDay ? 'BYMONTHDAY' : 'BYDAY'}=${values.join(',')}`;
      const isDate = rnd() < 0.2;
      const day = Date.UTC(1990 + Math.floor(rnd() * 50), 0, 1) + Math.floor(rnd() * 366) * 86_400_000;
      const start = isDate ? day : day + Math.floor(rnd() * 96) * 900_000;
      const fast = fastWalls(rrule, start, 30);
      expect(fast, rrule).not.toBeNull();
      const rfc = bruteForceMonthly(start, interval, byMonthDay, values, 30);
      // The brute force stops after 120 years (a February 5th Friday comes every 28).
      const horizon = Date.UTC(new Date(start).getUTCFullYear() + BRUTE_YEARS, new Date(start).getUTCMonth(), 1);
      expect(fast!.filter((w) => w < horizon), `${rrule} from ${new Date(start).toISOString()}`).toEqual(rfc);
      if (rfc.length === 0) continue; // ical.js's own iterator would loop forever
      let ical: number[] | null;
      try {
        ical = icalWalls(rrule, start, isDate, 30);
      } catch {
        ical = null; // "Malformed values in BYDAY part": ical.js refuses some valid ±5 ordinals
      }
      compared++;
      if (JSON.stringify(ical) !== JSON.stringify(fast)) wrongInIcal.push(rrule);
    }
    // ical.js misplaces ±5 ordinals (`BYDAY=5FR,5TH` from 20 Feb 1991 gives 1 March, a
    // first Friday) and months outside INTERVAL; everything else it gets right.
    expect(wrongInIcal.filter((r) => !/[+-]?5[A-Z]{2}|INTERVAL=\d+;BYMONTHDAY=.*(29|30|31)/.test(r))).toEqual([]);
    expect(compared).toBeGreaterThan(1850);
    expect(wrongInIcal.length).toBeLessThan(compared / 100);
  });

  it('leaves ordinals, other BY parts and other frequencies to ical.js', () => {
    for (const r of ['FREQ=WEEKLY;BYDAY=1MO', 'FREQ=DAILY;BYHOUR=9,10', 'FREQ=MONTHLY;BYDAY=MO;BYMONTHDAY=13', 'FREQ=MONTHLY;BYMONTH=3;BYDAY=MO', 'FREQ=HOURLY;BYMINUTE=5', 'FREQ=DAILY;BYMONTH=3', 'FREQ=YEARLY']) {
      expect(fastWalls(r, Date.UTC(2026, 2, 9, 10), 3), r).toBeNull();
    }
  });

  it('yields what ical.js yields for plain HOURLY, MINUTELY and SECONDLY rules (a hostile calendar is mostly these)', () => {
    const rand = prng(7);
    for (let i = 0; i < 60; i++) {
      const freq = ['HOURLY', 'MINUTELY', 'SECONDLY'][i % 3]!;
      const rule = `FREQ=${freq}${i % 2 ? `;INTERVAL=${1 + Math.floor(rand() * 100)}` : ''}`;
      const start = Date.UTC(2020 + Math.floor(rand() * 8), Math.floor(rand() * 12), 1 + Math.floor(rand() * 28), Math.floor(rand() * 24), Math.floor(rand() * 60), Math.floor(rand() * 60));
      expect(fastWalls(rule, start, 300), rule).toEqual(icalWalls(rule, start, false, 300));
    }
  });

  it('stops after the start when no later candidate can match', () => {
    // Thursday start, every 7 days, only Mondays: never.
    expect(fastWalls('FREQ=DAILY;INTERVAL=7;BYDAY=MO', Date.UTC(2026, 2, 12, 10), 5)).toEqual([Date.UTC(2026, 2, 12, 10)]);
  });
});
