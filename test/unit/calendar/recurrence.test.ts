// Recurrence from the fixtures rrule.ics, rdate-exdate.ics and overrides.ics (each says
// what it exercises): RRULE parts, RDATE/EXDATE in every form, RECURRENCE-ID overrides,
// RANGE=THISANDFUTURE and versions by SEQUENCE.
import { describe, expect, it } from 'vitest';
import { iso, ofUid, readFixture, spans, starts, warnings } from './helpers.js';

describe('RRULE parts (rrule.ics)', () => {
  const r = readFixture('rrule.ics', '2024-01-01T00:00:00Z', '2029-01-01T00:00:00Z');
  const at10 = (...days: string[]) => days.map((d) => `${d}T10:00:00Z`);

  it('COUNT', () => {
    expect(starts(ofUid(r, 'count'))).toEqual(at10('2026-03-02', '2026-03-03', '2026-03-04'));
  });

  it('UNTIL in UTC, as a DATE on a timed series and on an all-day series: the last instance is included', () => {
    const evenings = ['2026-03-03T01:00:00Z', '2026-03-04T01:00:00Z', '2026-03-05T01:00:00Z']; // 20:00 EST
    expect(starts(ofUid(r, 'until-utc'))).toEqual(evenings);
    expect(starts(ofUid(r, 'until-date'))).toEqual(evenings);
    expect(ofUid(r, 'until-date-allday').map((o) => o.startDate)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
  });

  it('BYDAY with ordinals (2TU, -1FR)', () => {
    expect(starts(ofUid(r, 'second-tuesday'))).toEqual(at10('2026-01-13', '2026-02-10', '2026-03-10'));
    expect(starts(ofUid(r, 'last-friday'))).toEqual(at10('2026-01-30', '2026-02-27', '2026-03-27'));
  });

  it('BYMONTHDAY=31 skips short months; BYMONTHDAY=-1 is the last day', () => {
    expect(starts(ofUid(r, 'monthday-31'))).toEqual(at10('2026-01-31', '2026-03-31', '2026-05-31', '2026-07-31'));
    expect(starts(ofUid(r, 'monthday-last'))).toEqual(at10('2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30'));
  });

  it('BYSETPOS: the last workday of the month, and on WEEKLY', () => {
    expect(starts(ofUid(r, 'last-workday'))).toEqual(['2026-01-30', '2026-02-27', '2026-03-31', '2026-04-30', '2026-05-29', '2026-06-30'].map((d) => `${d}T17:00:00Z`));
    expect(starts(ofUid(r, 'weekly-setpos'))).toEqual(at10('2026-03-04', '2026-03-11', '2026-03-18'));
  });

  it('INTERVAL', () => {
    expect(starts(ofUid(r, 'every-other-week'))).toEqual(at10('2026-03-03', '2026-03-05', '2026-03-17', '2026-03-19'));
    expect(starts(ofUid(r, 'every-third-day'))).toEqual(at10('2026-03-02', '2026-03-05', '2026-03-08'));
  });

  it('checks BYMONTH from the first month on; DTSTART is an instance even when the rule does not match it', () => {
    expect(ofUid(r, 'bymonth-first-month').map((o) => o.startDate)).toEqual(['2026-07-01', '2026-10-25', '2027-10-31']);
  });

  it('limits MONTHLY rules by BYMONTH without losing INTERVAL or walking a month twice', () => {
    expect(starts(ofUid(r, 'bymonth-two-months'))).toEqual(at10('2026-10-04', '2026-10-11', '2026-10-18', '2026-10-25', '2027-03-07', '2027-03-14'));
    expect(starts(ofUid(r, 'bymonth-interval'))).toEqual(at10('2026-01-28', '2026-03-28', '2026-07-28', '2026-11-28'));
    expect(starts(ofUid(r, 'october-since-2000'))).toEqual(at10('2024-10-27', '2025-10-26', '2026-10-25', '2027-10-31', '2028-10-29'));
  });

  it('counts a negative BYMONTHDAY from the end of each month, on DAILY and YEARLY rules too', () => {
    expect(starts(ofUid(r, 'daily-last-day'))).toEqual(at10('2026-01-31', '2026-02-28', '2026-03-31'));
    expect(starts(ofUid(r, 'quarter-end'))).toEqual(at10('2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31', '2027-03-31'));
    expect(starts(ofUid(r, 'biennial-month-end'))).toEqual(at10('2026-01-31', '2026-06-30', '2028-01-31', '2028-06-30'));
  });

  it('skips a date that does not exist (29 February) instead of rolling it over', () => {
    expect(starts(ofUid(r, 'leap-day'))).toEqual(at10('2024-02-29', '2028-02-29'));
  });

  it('gives each instance its recurrence id (UTC instant, or the date for all-day)', () => {
    expect(ofUid(r, 'until-utc').map((o) => o.recurrenceId)).toEqual(starts(ofUid(r, 'until-utc')));
    expect(ofUid(r, 'until-date-allday').map((o) => o.recurrenceId)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    expect(r.warnings).toEqual([]);
  });
});

describe('RDATE and EXDATE (rdate-exdate.ics)', () => {
  const r = readFixture('rdate-exdate.ics', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z');

  it('EXDATE removes instances written with the same TZID, in UTC, floating, in another TZID and as a DATE', () => {
    // Left: 2 March (EST) and 8 March (EDT); the 09:00 EXDATE on 8 March matches no instance.
    expect(spans(ofUid(r, 'exdates'))).toEqual(['2026-03-02T15:00:00Z/2026-03-02T16:00:00Z', '2026-03-08T14:00:00Z/2026-03-08T15:00:00Z']);
    expect(starts(ofUid(r, 'exdate-list'))).toEqual(['2026-03-23T10:00:00Z', '2026-03-25T10:00:00Z', '2026-03-27T10:00:00Z']);
  });

  it('RDATE adds date-times, PERIODs with an end or a duration, and times in another zone', () => {
    expect(spans(ofUid(r, 'rdates'))).toEqual([
      '2026-03-10T09:00:00Z/2026-03-10T10:00:00Z',
      '2026-03-12T09:00:00Z/2026-03-12T10:00:00Z',
      '2026-03-14T09:00:00Z/2026-03-14T10:00:00Z',
      '2026-03-16T13:00:00Z/2026-03-16T16:00:00Z',
      '2026-03-18T08:00:00Z/2026-03-18T08:15:00Z',
      '2026-03-20T09:00:00Z/2026-03-20T10:00:00Z', // 10:00 Paris
    ]);
  });

  it('RDATE and EXDATE as DATEs on an all-day series', () => {
    expect(ofUid(r, 'rdate-allday').map((o) => o.startDate)).toEqual(['2026-03-02', '2026-03-12']);
    expect(r.warnings).toEqual([]);
  });
});

describe('overrides and versions (overrides.ics)', () => {
  const read = (to: string) => readFixture('overrides.ics', '2026-03-01T00:00:00Z', to);
  const row = (o: { start: number; summary: string; status: string; busy: boolean; recurrenceId: string | null }) => [iso(o.start), o.summary, o.status, o.busy, o.recurrenceId];

  it('moves instances into and out of the window and lists a cancelled one as cancelled, not busy', () => {
    expect(ofUid(read('2026-03-18T00:00:00Z'), 'weekly').map(row)).toEqual([
      ['2026-03-02T10:00:00Z', 'Weekly', 'CONFIRMED', true, '2026-03-02T10:00:00Z'],
      ['2026-03-11T10:00:00Z', 'Moved earlier', 'CONFIRMED', true, '2026-03-30T10:00:00Z'],
      ['2026-03-16T10:00:00Z', 'Cancelled', 'CANCELLED', false, '2026-03-16T10:00:00Z'],
    ]);
    // A longer window holds the instance moved later; 9 and 30 March stay empty.
    expect(starts(ofUid(read('2026-04-01T00:00:00Z'), 'weekly'))).toEqual(['2026-03-02T10:00:00Z', '2026-03-11T10:00:00Z', '2026-03-16T10:00:00Z', '2026-03-20T10:00:00Z', '2026-03-23T10:00:00Z']);
  });

  it('RANGE=THISANDFUTURE changes that instance and every later one', () => {
    const o = ofUid(read('2026-04-01T00:00:00Z'), 'this-and-future');
    expect(o.map((x) => `${spans([x])[0]} ${x.summary} ${x.recurrenceId}`)).toEqual([
      '2026-03-02T10:00:00Z/2026-03-02T11:00:00Z Before 2026-03-02T10:00:00Z',
      '2026-03-03T10:00:00Z/2026-03-03T11:00:00Z Before 2026-03-03T10:00:00Z',
      '2026-03-04T14:00:00Z/2026-03-04T14:30:00Z After 2026-03-04T10:00:00Z',
      '2026-03-05T14:00:00Z/2026-03-05T14:30:00Z After 2026-03-05T10:00:00Z',
      '2026-03-06T14:00:00Z/2026-03-06T14:30:00Z After 2026-03-06T10:00:00Z',
    ]);
  });

  it('keeps the highest SEQUENCE of one UID, wherever it is in the file', () => {
    const r = read('2026-04-01T00:00:00Z');
    expect(ofUid(r, 'versioned').map(row)).toEqual([['2026-03-03T10:00:00Z', 'New time', 'CONFIRMED', true, null]]);
    expect(warnings(r)).toMatch(/event "versioned" \(line \d+\) is an older version/);
  });

  it('drops an override whose instance the newer master EXDATEs, and the older master', () => {
    const r = read('2026-04-01T00:00:00Z');
    expect(ofUid(r, 'stale-override').map((o) => `${iso(o.start)} ${o.summary}`)).toEqual(['2026-03-02T12:00:00Z Current', '2026-03-04T12:00:00Z Current']);
    expect(warnings(r)).toMatch(/event "stale-override" \(line \d+\) is an older version/);
    expect(r.warnings).toHaveLength(2);
  });
});
