// Occurrence times (core/calendar/times.ts): the engine's fast path over a read's
// occurrences. Each function is checked against the plain path it stands for: the
// occurrences themselves, filtered with overlaps() and sorted with byStart.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { busyRead } from '../../../src/core/calendar/busy.js';
import { ALL_DAY, BUSY, calendarOfAll, concatTimes, lazyTimes, occurrencesOf, selectTimes, timesOf, type TimesPart } from '../../../src/core/calendar/times.js';
import type { Occurrence } from '../../../src/core/calendar/types.js';
import { byStart, overlaps } from '../../../src/core/calendar/window.js';
import { allIcs, ev, ics, occurrence, read, repoFixtures } from './helpers.js';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const H = 3_600_000;

function occ(calendar: string, uid: string, startH: number, endH: number, more: Partial<Occurrence> = {}): Occurrence {
  return occurrence({ uid, summary: uid, start: T0 + startH * H, end: T0 + endH * H, calendar, ...more });
}

/** The plain path: every part's occurrences overlapping [from, to), sorted by byStart. */
function plain(parts: readonly Occurrence[][], from: number, to: number): Occurrence[] {
  return parts.flat().filter((o) => overlaps(o.start, o.end, from, to)).sort(byStart);
}

const part = (list: Occurrence[]): TimesPart => ({ times: timesOf(list), calendar: calendarOfAll(list) });

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('timesOf and occurrencesOf', () => {
  it("keep each occurrence's start, end, busy and all-day flags, in order, and give back the same objects", () => {
    const list = [occ('a', 'x', 1, 2), occ('a', 'y', 3, 3, { busy: false }), occ('a', 'z', -24, 24, { allDay: true })];
    const t = timesOf(list);
    expect(t.length).toBe(3);
    expect([...t.start]).toEqual(list.map((o) => o.start));
    expect([...t.end]).toEqual(list.map((o) => o.end));
    expect([...t.flags]).toEqual([BUSY, 0, BUSY | ALL_DAY]);
    const back = occurrencesOf(t);
    back.forEach((o, i) => expect(o).toBe(list[i]));
    expect(() => t.at(3)).toThrow(RangeError);
    expect(() => t.at(-1)).toThrow(RangeError);
  });
});

describe('lazyTimes', () => {
  it('makes its occurrences on the first ask only, and refuses a list that does not match its times', () => {
    const list = [occ('a', 'x', 1, 2), occ('a', 'y', 2, 4, { busy: false })];
    const t = timesOf(list);
    let loads = 0;
    const lazy = lazyTimes(t.start, t.end, t.flags, () => {
      loads++;
      return v8.deserialize(v8.serialize(list)) as Occurrence[];
    });
    expect(lazy.length).toBe(2);
    expect(loads).toBe(0);
    expect(occurrencesOf(lazy)).toEqual(list);
    expect(lazy.at(1).summary).toBe('y');
    expect(loads).toBe(1);

    expect(() => lazyTimes(t.start, t.end, t.flags, () => list.slice(1)).at(0)).toThrow(/1 occurrences for 2 times/);
    const moved = [list[0]!, { ...list[1]!, end: list[1]!.end + 1 }];
    expect(() => lazyTimes(t.start, t.end, t.flags, () => moved).at(0)).toThrow(/occurrence 1 does not match/);
    const freed = [list[0]!, { ...list[1]!, busy: true }];
    expect(() => lazyTimes(t.start, t.end, t.flags, () => freed).at(0)).toThrow(/occurrence 1 does not match/);
    expect(() => lazyTimes(t.start, t.end.subarray(1), t.flags, () => list)).toThrow(/entries/);
  });
});

describe('selectTimes', () => {
  it('gives the occurrences of several calendars in byStart order: ties of start and end by calendar, then UID', () => {
    // Hand-worked: b's and a's 09:00-10:00 tie, and go a (uid q), a (uid r), b (uid p);
    // a zero-length occurrence at the window's start is in, one at its end is out.
    const a = [occ('a.ics', 'q', 9, 10), occ('a.ics', 'r', 9, 10), occ('a.ics', 's', 12, 12), occ('a.ics', 't', 14, 15)];
    const b = [occ('b.ics', 'o', 8, 9.5), occ('b.ics', 'p', 9, 10), occ('b.ics', 'u', 9, 11)];
    const from = T0 + 8 * H;
    const to = T0 + 12 * H;
    const got = occurrencesOf(selectTimes([part(b), part(a)], from, to));
    expect(got.map((o) => `${o.calendar}:${o.uid}`)).toEqual(['b.ics:o', 'a.ics:q', 'a.ics:r', 'b.ics:p', 'b.ics:u']);
    const zero = occurrencesOf(selectTimes([part(a)], T0 + 12 * H, T0 + 13 * H));
    expect(zero.map((o) => o.uid)).toEqual(['s']);
  });

  it('equals the plain path on random calendars, windows, and parts the arrays cannot order (mixed or repeated calendars, out of order)', () => {
    const rnd = random(13);
    for (let round = 0; round < 300; round++) {
      const names = ['a.ics', 'b.ics', 'https://x.example/c.ics'];
      const parts: Occurrence[][] = [];
      const count = 1 + Math.floor(rnd() * 3);
      for (let p = 0; p < count; p++) {
        const list: Occurrence[] = [];
        const n = Math.floor(rnd() * 12);
        for (let i = 0; i < n; i++) {
          const s = Math.floor(rnd() * 8);
          const e = s + Math.floor(rnd() * 3); // zero-length ones too
          // Mostly the part's own calendar; sometimes another one or a repeated name.
          const cal = round % 7 === 0 && rnd() < 0.3 ? names[(p + 1) % 3]! : round % 11 === 0 ? names[0]! : names[p]!;
          list.push(occ(cal, `u${Math.floor(rnd() * 4)}`, s, e, { busy: rnd() < 0.8, allDay: rnd() < 0.1 }));
        }
        // Parts come sorted by byStart, as a read gives them, except now and then.
        parts.push(round % 13 === 0 ? list : list.sort(byStart));
      }
      const from = T0 + Math.floor(rnd() * 4) * H;
      const to = from + Math.floor(rnd() * 6) * H;
      const expected = plain(parts, from, to);
      const times = selectTimes(parts.map(part), from, to);
      const got = occurrencesOf(times);
      expect(got.length, `round ${round}`).toBe(expected.length);
      got.forEach((o, i) => expect(o, `round ${round}, ${i}`).toBe(expected[i]));
      expect([...times.start]).toEqual(expected.map((o) => o.start));
      expect([...times.end]).toEqual(expected.map((o) => o.end));
      expect([...times.flags]).toEqual(expected.map((o) => (o.busy ? BUSY : 0) | (o.allDay ? ALL_DAY : 0)));
    }
  });

  it('equals the plain path over every fixture calendar read together, with the occurrences decoded late', () => {
    const files = allIcs(repoFixtures);
    expect(files.length).toBeGreaterThan(10);
    const from = Date.parse('2025-06-01T00:00:00Z');
    const to = Date.parse('2027-01-01T00:00:00Z');
    const reads = files.map((f) => busyRead(read(fs.readFileSync(f, 'latin1'), '2025-06-01T00:00:00Z', '2027-01-01T00:00:00Z', {}, path.basename(f))));
    const lists = reads.map((r) => occurrencesOf(r.times));
    expect(lists.flat().length).toBeGreaterThan(100);
    for (const [a, b] of [
      [from, to],
      [Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-03-15T00:00:00Z')],
    ] as const) {
      const expected = plain(lists, a, b);
      // As the expansion cache gives them: the occurrences from their bytes, on first ask.
      const parts = reads.map((r) => ({ calendar: r.calendar, times: lazyTimes(r.times.start, r.times.end, r.times.flags, () => v8.deserialize(v8.serialize(occurrencesOf(r.times))) as Occurrence[]) }));
      expect(JSON.stringify(occurrencesOf(selectTimes(parts, a, b)))).toBe(JSON.stringify(expected));
    }
  });
});

describe('concatTimes', () => {
  it('is the occurrence lists one after the other, empty ones included', () => {
    const a = [occ('a', 'x', 1, 2), occ('a', 'y', 3, 4)];
    const b = [occ('b', 'z', 0, 1)];
    const t = concatTimes([timesOf([]), timesOf(a), timesOf([]), timesOf(b), timesOf([])]);
    expect(occurrencesOf(t)).toEqual([...a, ...b]);
    occurrencesOf(t).forEach((o, i) => expect(o).toBe([...a, ...b][i]));
    expect([...t.start]).toEqual([...a, ...b].map((o) => o.start));
  });
});

describe('busyRead', () => {
  it('is the busy view, its occurrences as times, and the one calendar they name', () => {
    const r = read(ics(...ev('UID:a', 'DTSTART:20260302T090000Z', 'DURATION:PT1H', 'SUMMARY:Call', 'LOCATION:Room 1'), ...ev('UID:b', 'DTSTART;VALUE=DATE:20260303', 'SUMMARY:Off', 'TRANSP:TRANSPARENT')), '2026-03-01T00:00:00Z', '2026-03-08T00:00:00Z', {}, 'work.ics');
    const b = busyRead(r);
    expect(b.calendar).toBe('work.ics');
    expect([...b.times.flags]).toEqual([BUSY, ALL_DAY]);
    expect(occurrencesOf(b.times).map((o) => [o.uid, o.location])).toEqual([
      ['a', null],
      ['b', null],
    ]);
    expect(b.rest).toEqual({ ...r, occurrences: undefined });
    expect('occurrences' in b.rest).toBe(false);
    expect(calendarOfAll([])).toBeNull();
  });
});
