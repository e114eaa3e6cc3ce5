// Hostile recurrences (fixtures/calendars/hostile-dense.ics and hostile-long.ics): each must
// finish, give the right instances, and say so in a warning naming the event when a cap
// stops it. No assertion on wall time: the test timeout is the guard against a hang.
import { describe, expect, it } from 'vitest';
import { ev, ics, iso, localTime, ofUid, read, readFixture, starts, warnings } from './helpers.js';

describe('an instance every second (hostile-dense.ics), read for a year', () => {
  const r = readFixture('hostile-dense.ics', '2026-03-10T00:00:00Z', '2027-03-10T00:00:00Z');

  it('stops at 10,000 occurrences per series, all in the window', () => {
    for (const uid of ['every-second', 'every-second-earlier']) {
      const o = ofUid(r, uid);
      expect(o, uid).toHaveLength(10_000);
      // The first 10,000 seconds of the window; the one that began an hour earlier spends
      // nothing of its cap before the window.
      expect(iso(o[0]!.start), uid).toBe('2026-03-10T00:00:00Z');
      expect(iso(o[9_999]!.start), uid).toBe('2026-03-10T02:46:39Z');
    }
  });

  it('warns once per series, naming it', () => {
    expect(r.warnings).toHaveLength(2);
    expect(warnings(r)).toMatch(/event "every-second" \(line \d+\) \("Every second"\): more than 10000 occurrences in the window; only the first 10000 are listed/);
    expect(warnings(r)).toMatch(/event "every-second-earlier" \(line \d+\) \("Every second, from an hour before"\): more than 10000 occurrences/);
  });

  it('follows a lower cap from the options', () => {
    const small = readFixture('hostile-dense.ics', '2026-03-10T00:00:00Z', '2027-03-10T00:00:00Z', { maxOccurrencesPerSeries: 50 });
    expect(small.occurrences).toHaveLength(100);
    expect(warnings(small)).toMatch(/more than 50 occurrences/);
  });

  it('gives up on a secondly series begun long before the window, saying so truthfully', () => {
    // Plain SECONDLY is fast-forwarded to two days before the window, which still leaves
    // 172,800 steps; with BYMINUTE it is walked from 2020. Either way the budget ends it.
    for (const rule of ['FREQ=SECONDLY', 'FREQ=SECONDLY;BYMINUTE=0,30']) {
      const old = read(ics(...ev('UID:since-2020', 'SUMMARY:Ticking', 'DTSTART:20200101T000000Z', `RRULE:${rule}`)), '2026-03-10T00:00:00Z', '2027-03-10T00:00:00Z', { maxStepsPerSeries: 5000 });
      expect(old.warnings.map((w) => w.message), rule).toEqual([expect.stringMatching(/^event "since-2020" \(line \d+\) \("Ticking"\): its recurrence rule needs more than 5000 steps to reach the window; expansion stopped/)]);
    }
  });
});

describe('long and endless series (hostile-long.ics), read from 1 January to 10 March 2026', () => {
  const r = readFixture('hostile-long.ics', '2026-01-01T00:00:00Z', '2026-03-10T00:00:00Z', { maxStepsPerSeries: 5000 });

  it('COUNT=10000000 and UNTIL in 9999 give just the window instances', () => {
    const count = starts(ofUid(r, 'huge-count'));
    expect(count).toHaveLength(68);
    expect([count[0], count.at(-1)]).toEqual(['2026-01-01T09:00:00Z', '2026-03-09T09:00:00Z']);
    expect(starts(ofUid(r, 'until-9999'))).toEqual(
      ['01-05', '01-12', '01-19', '01-26', '02-02', '02-09', '02-16', '02-23', '03-02', '03-09'].map((d) => `2026-${d}T11:00:00Z`),
    );
  });

  it('a daily series from 1970 has every 2026 day at 09:00 New York, across the DST change', () => {
    const daily = ofUid(r, 'since-1970');
    expect(daily).toHaveLength(68);
    expect(new Set(daily.map((o) => localTime(o.start, 'America/New_York')))).toEqual(new Set(['09:00']));
    expect(starts(daily).slice(65)).toEqual(['2026-03-07T14:00:00Z', '2026-03-08T13:00:00Z', '2026-03-09T13:00:00Z']);
  });

  it('an impossible rule (every 30 February) keeps DTSTART and is known to match nothing else, naming the event', () => {
    expect(starts(ofUid(r, 'feb-30'))).toEqual(['2026-01-01T09:00:00Z']);
    // Seen from the rule itself, before ical.js searches for a day it will never find: no
    // step cap, so nothing of the window is unknown. The others were fast-forwarded.
    expect(r.warnings.map((w) => [w.kind, w.message])).toEqual([
      ['bad-property', expect.stringMatching(/^event "feb-30" \(line \d+\): RRULE on line \d+ never matches a date \(BYMONTH=2 has no day BYMONTHDAY=30\)/)],
    ]);
    expect(r.unknown).toBeUndefined();
  });

  it('reads the same series with the default limits', () => {
    const d = readFixture('hostile-long.ics', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z');
    expect(starts(ofUid(d, 'since-1970'))).toEqual(['2026-03-07T14:00:00Z', '2026-03-08T13:00:00Z', '2026-03-09T13:00:00Z']);
    expect(starts(ofUid(d, 'huge-count'))).toEqual(['2026-03-07T09:00:00Z', '2026-03-08T09:00:00Z', '2026-03-09T09:00:00Z']);
    expect(warnings(d)).toMatch(/"feb-30".*never matches a date/);
  });
});

describe('many exclusions', () => {
  it('600 consecutive EXDATEs (ical.js throws "max tries" after 500)', () => {
    const exdates: string[] = [];
    for (let i = 0; i < 600; i++) exdates.push(`EXDATE:${new Date(Date.UTC(2026, 0, 1 + i, 9)).toISOString().replace(/[-:]|\.000/g, '')}`);
    expect(exdates.at(-1)).toBe('EXDATE:20270823T090000Z');
    const r = read(ics(...ev('UID:gone', 'DTSTART:20260101T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY', ...exdates)), '2027-08-01T00:00:00Z', '2027-08-27T00:00:00Z');
    expect(starts(r)).toEqual(['2027-08-24T09:00:00Z', '2027-08-25T09:00:00Z', '2027-08-26T09:00:00Z']);
    expect(r.warnings).toEqual([]);
  });
});
