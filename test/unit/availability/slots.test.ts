// The availability engine on hand-built busy lists: each rule and each boundary of issue 3.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HOURS,
  calendarWindow,
  candidates,
  chooseOffer,
  describeHours,
  explainSlot,
  findFreeSlots,
  insideHours,
  pickOffer,
  searchWindow,
  type AvailabilityInput,
  type Slot,
  type WorkingHours,
} from '../../../src/core/availability/slots.js';
import { lazyTimes, timesOf } from '../../../src/core/calendar/times.js';
import { occurrence } from '../calendar/helpers.js';
import type { Occurrence } from '../../../src/core/calendar/types.js';
import { WEEKDAYS, parseHourRange, type SlotRules, type Weekday } from '../../../src/core/settings.js';
import { isoInZone } from '../../../src/core/time.js';
import { clientTime } from '../../../src/render/slots.js';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const t = (s: string): number => {
  const ms = Date.parse(s);
  if (!Number.isFinite(ms)) throw new Error(`bad instant in test: ${s}`);
  return ms;
};

// ---------------------------------------------------------------------------------------
// Factories

let uidSeq = 0;

/** A busy timed occurrence between two instants (ISO with offset or Z). */
function timed(start: string, end: string, extra: Partial<Occurrence> = {}): Occurrence {
  return occurrence({ uid: `timed-${++uidSeq}@test`, start: t(start), end: t(end), ...extra });
}

/** A busy all-day occurrence from startDate to endDate (exclusive), bounded by the zone's local midnights as the reader gives it. */
function allDay(startDate: string, endDate: string, zone: string, extra: Partial<Occurrence> = {}): Occurrence {
  return timed(DateTime.fromISO(startDate, { zone }).toISO()!, DateTime.fromISO(endDate, { zone }).toISO()!, {
    uid: `allday-${++uidSeq}@test`,
    allDay: true,
    startDate,
    endDate,
    summary: 'Day off',
    ...extra,
  });
}

/** Working hours: the listed days only, e.g. { mon: ['09:00-12:00'] }. */
function hours(spec: Partial<Record<Weekday, string[]>>): WorkingHours {
  const h = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } as WorkingHours;
  for (const day of WEEKDAYS) h[day] = (spec[day] ?? []).map((r) => parseHourRange(r) ?? (() => { throw new Error(`bad range ${r}`); })());
  return h;
}
const everyDay = (...ranges: string[]): WorkingHours => hours(Object.fromEntries(WEEKDAYS.map((d) => [d, ranges])));
const noHours = hours({});

const rules = (r: Partial<SlotRules> = {}): SlotRules => ({
  durationMs: 30 * MIN,
  stepMs: null,
  noticeMs: 0,
  bufferMs: 0,
  horizonMs: D,
  maxPerDay: 0,
  ...r,
});

interface Opts {
  now: string;
  zone?: string;
  hours?: WorkingHours;
  rules?: Partial<SlotRules>;
  busy?: Occurrence[];
}
const input = (o: Opts): AvailabilityInput => ({
  now: t(o.now),
  zone: o.zone ?? 'UTC',
  hours: o.hours ?? everyDay('09:00-11:00'),
  rules: rules(o.rules),
  occurrences: o.busy ?? [],
});
/** Free slot starts, as ISO with the zone's offset. */
function starts(o: Opts): string[] {
  const zone = o.zone ?? 'UTC';
  return findFreeSlots(input(o)).map((s) => isoInZone(s.start, zone));
}
/** Free slots as `start/end`, ISO with the zone's offset. */
function spans(o: Opts): string[] {
  const zone = o.zone ?? 'UTC';
  return findFreeSlots(input(o)).map((s) => `${isoInZone(s.start, zone)}/${isoInZone(s.end, zone)}`);
}

// ---------------------------------------------------------------------------------------
// Rule 1

describe('rule 1: working ranges and the grid', () => {
  const now = '2026-03-10T00:00:00Z'; // Tuesday

  it('steps from the range start by the duration when no step is set', () => {
    expect(starts({ now })).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T09:30:00Z', '2026-03-10T10:00:00Z', '2026-03-10T10:30:00Z']);
    expect(starts({ now, rules: { durationMs: 40 * MIN } })).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T09:40:00Z', '2026-03-10T10:20:00Z']);
  });

  it('steps by the step when one is set', () => {
    expect(starts({ now, rules: { stepMs: 20 * MIN } })).toEqual([
      '2026-03-10T09:00:00Z', '2026-03-10T09:20:00Z', '2026-03-10T09:40:00Z', '2026-03-10T10:00:00Z', '2026-03-10T10:20:00Z',
    ]);
    expect(starts({ now, rules: { stepMs: 45 * MIN } })).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T09:45:00Z', '2026-03-10T10:30:00Z']);
  });

  it('anchors the grid at each range start, not at the hour or at midnight', () => {
    const h = hours({ tue: ['09:10-10:10', '13:15-14:00'] });
    expect(starts({ now, hours: h })).toEqual(['2026-03-10T09:10:00Z', '2026-03-10T09:40:00Z', '2026-03-10T13:15:00Z']);
  });

  it('offers a slot ending exactly at the range end, not one that would pass it', () => {
    const h = hours({ tue: ['09:00-10:00'] });
    // 40 minutes on a 20-minute grid: 09:20-10:00 ends at the end; 09:40-10:20 would pass it.
    expect(spans({ now, hours: h, rules: { durationMs: 40 * MIN, stepMs: 20 * MIN } })).toEqual([
      '2026-03-10T09:00:00Z/2026-03-10T09:40:00Z',
      '2026-03-10T09:20:00Z/2026-03-10T10:00:00Z',
    ]);
    // A meeting longer than the range never fits.
    expect(starts({ now, hours: h, rules: { durationMs: 61 * MIN } })).toEqual([]);
    expect(starts({ now, hours: h, rules: { durationMs: 60 * MIN } })).toEqual(['2026-03-10T09:00:00Z']);
  });

  it('offers nothing on a weekday without hours, and reads weekdays in the user zone', () => {
    // Monday 9 March to Monday 16 March: only Tuesday has hours.
    const week = starts({ now: '2026-03-09T00:00:00Z', hours: hours({ tue: ['09:00-10:00'] }), rules: { horizonMs: 7 * D } });
    expect(week).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T09:30:00Z']);
    expect(starts({ now: '2026-03-09T00:00:00Z', hours: noHours, rules: { horizonMs: 7 * D } })).toEqual([]);
    // 21:00 Sunday in Tokyo is 12:00Z Sunday; Monday 09:00 JST is 00:00Z Monday.
    expect(starts({ now: '2026-03-08T12:00:00Z', zone: 'Asia/Tokyo', hours: hours({ mon: ['09:00-10:00'] }) })).toEqual([
      '2026-03-09T09:00:00+09:00',
      '2026-03-09T09:30:00+09:00',
    ]);
    // 00:00Z Monday is still 17:00 Sunday in Los Angeles: Sunday's hours apply.
    expect(starts({ now: '2026-03-09T00:00:00Z', zone: 'America/Los_Angeles', hours: hours({ sun: ['17:00-18:00'] }), rules: { horizonMs: 2 * H } })).toEqual([
      '2026-03-08T17:00:00-07:00',
      '2026-03-08T17:30:00-07:00',
    ]);
  });

  it('uses Monday to Friday 09:00-17:00 as the default hours', () => {
    expect(DEFAULT_HOURS.sat).toEqual([]);
    expect(DEFAULT_HOURS.sun).toEqual([]);
    const r = starts({ now: '2026-03-13T00:00:00Z', hours: DEFAULT_HOURS, rules: { horizonMs: 3 * D, durationMs: 60 * MIN } });
    expect(r).toHaveLength(8); // Friday 09:00-16:00 starts; Saturday and Sunday off
    expect(r[0]).toBe('2026-03-13T09:00:00Z');
    expect(r[7]).toBe('2026-03-13T16:00:00Z');
  });
});

// ---------------------------------------------------------------------------------------
// Rule 2

describe('rule 2: notice and horizon', () => {
  it('offers a start exactly at now + notice, and not the grid start one step before', () => {
    const r = starts({ now: '2026-03-10T07:00:00Z', rules: { noticeMs: 2.5 * H } }); // now + notice = 09:30
    expect(r[0]).toBe('2026-03-10T09:30:00Z');
    expect(r).not.toContain('2026-03-10T09:00:00Z');
    // One minute more notice pushes 09:30 out too.
    expect(starts({ now: '2026-03-10T07:00:00Z', rules: { noticeMs: 2.5 * H + MIN } })[0]).toBe('2026-03-10T10:00:00Z');
    // Exactly at now with no notice is offered; a start before now never is.
    expect(starts({ now: '2026-03-10T09:00:00Z' })[0]).toBe('2026-03-10T09:00:00Z');
    expect(starts({ now: '2026-03-10T09:00:00.001Z' })[0]).toBe('2026-03-10T09:30:00Z');
  });

  it('never offers a start at now + horizon, and offers one just before it', () => {
    // now + horizon = 10:00 exactly: 10:00 is out, 09:30 (just before) is in.
    expect(starts({ now: '2026-03-10T08:00:00Z', rules: { horizonMs: 2 * H } })).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T09:30:00Z']);
    // One millisecond more horizon brings 10:00 in.
    expect(starts({ now: '2026-03-10T08:00:00Z', rules: { horizonMs: 2 * H + 1 } })).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T09:30:00Z', '2026-03-10T10:00:00Z']);
  });

  it('offers nothing when the horizon is not beyond the notice', () => {
    expect(starts({ now: '2026-03-10T08:00:00Z', rules: { noticeMs: 2 * H, horizonMs: 2 * H } })).toEqual([]);
    expect(candidates(input({ now: '2026-03-10T08:00:00Z', rules: { noticeMs: 3 * H, horizonMs: 2 * H } }))).toEqual([]);
  });

  it('spans several local days and stops at the horizon', () => {
    const r = starts({ now: '2026-03-10T00:00:00Z', rules: { horizonMs: 3 * D } });
    expect(r).toHaveLength(12);
    expect(r[11]).toBe('2026-03-12T10:30:00Z');
  });
});

// ---------------------------------------------------------------------------------------
// Rule 3

describe('rule 3: busy time and buffers', () => {
  const now = '2026-03-10T00:00:00Z';
  const buf = { bufferMs: 10 * MIN };

  it('blocks a candidate a busy event overlaps, not one it merely touches (no buffer)', () => {
    const r = starts({ now, busy: [timed('2026-03-10T09:30:00Z', '2026-03-10T10:00:00Z')] });
    expect(r).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T10:00:00Z', '2026-03-10T10:30:00Z']);
    // A one-minute overlap at either end is enough.
    expect(starts({ now, busy: [timed('2026-03-10T09:29:00Z', '2026-03-10T09:31:00Z')] })).toEqual(['2026-03-10T10:00:00Z', '2026-03-10T10:30:00Z']);
  });

  it('lets a busy event end exactly at s - buffer, not a minute later', () => {
    expect(starts({ now, rules: buf, busy: [timed('2026-03-10T08:00:00Z', '2026-03-10T09:50:00Z')] })[0]).toBe('2026-03-10T10:00:00Z');
    expect(starts({ now, rules: buf, busy: [timed('2026-03-10T08:00:00Z', '2026-03-10T09:51:00Z')] })[0]).toBe('2026-03-10T10:30:00Z');
  });

  it('lets a busy event start exactly at s + duration + buffer, not a minute earlier', () => {
    // 09:00-09:30 needs free time to 09:40.
    expect(starts({ now, rules: buf, busy: [timed('2026-03-10T09:40:00Z', '2026-03-10T12:00:00Z')] })).toEqual(['2026-03-10T09:00:00Z']);
    expect(starts({ now, rules: buf, busy: [timed('2026-03-10T09:39:00Z', '2026-03-10T12:00:00Z')] })).toEqual([]);
  });

  it('applies the buffer between back-to-back candidates around one event', () => {
    // 10:00-10:30 busy with a 10-minute buffer rules out 09:30 (after) and 10:30 (before).
    expect(starts({ now, rules: buf, busy: [timed('2026-03-10T10:00:00Z', '2026-03-10T10:30:00Z')] })).toEqual(['2026-03-10T09:00:00Z']);
    expect(starts({ now, hours: everyDay('09:00-11:10'), rules: { stepMs: 10 * MIN, ...buf }, busy: [timed('2026-03-10T10:00:00Z', '2026-03-10T10:30:00Z')] })).toEqual([
      '2026-03-10T09:00:00Z', '2026-03-10T09:10:00Z', '2026-03-10T09:20:00Z', '2026-03-10T10:40:00Z',
    ]);
  });

  it('finds a long event hidden behind later, shorter ones', () => {
    const busy = [
      timed('2026-03-10T06:00:00Z', '2026-03-10T10:15:00Z', { summary: 'Long' }),
      timed('2026-03-10T07:00:00Z', '2026-03-10T07:30:00Z'),
      timed('2026-03-10T08:00:00Z', '2026-03-10T08:30:00Z'),
      timed('2026-03-10T09:59:00Z', '2026-03-10T10:00:00Z'),
    ];
    expect(starts({ now, busy })).toEqual(['2026-03-10T10:30:00Z']);
  });

  it('counts a zero-length busy event at the instant it marks', () => {
    expect(starts({ now, busy: [timed('2026-03-10T09:30:00Z', '2026-03-10T09:30:00Z')] })).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T10:00:00Z', '2026-03-10T10:30:00Z']);
  });

  it('ignores occurrences that are not busy', () => {
    const free = timed('2026-03-10T08:00:00Z', '2026-03-10T12:00:00Z', { busy: false, freeReason: 'declined by you' });
    expect(starts({ now, busy: [free] })).toHaveLength(4);
  });

  it('blocks the whole local day of an all-day busy event, in the user zone', () => {
    const zone = 'America/New_York';
    const h = everyDay('00:00-24:00');
    // Tuesday 10 March all day in New York: 04:00Z Tuesday to 04:00Z Wednesday.
    const r = starts({ now: '2026-03-09T12:00:00-04:00', zone, hours: h, rules: { horizonMs: 2 * D }, busy: [allDay('2026-03-10', '2026-03-11', zone)] });
    expect(r.some((s) => s.startsWith('2026-03-10'))).toBe(false);
    expect(r).toContain('2026-03-09T23:30:00-04:00'); // the evening before (03:30Z Tuesday)
    expect(r).toContain('2026-03-11T00:00:00-04:00'); // the midnight after
    expect(r.filter((s) => s.startsWith('2026-03-09'))).toHaveLength(24); // 12:00-24:00
  });

  it('blocks every day of a multi-day all-day event', () => {
    const zone = 'America/New_York';
    const r = starts({ now: '2026-03-09T00:00:00-04:00', zone, rules: { horizonMs: 5 * D }, busy: [allDay('2026-03-10', '2026-03-13', zone)] });
    const days = [...new Set(r.map((s) => s.slice(0, 10)))];
    expect(days).toEqual(['2026-03-09', '2026-03-13']);
  });
});

// ---------------------------------------------------------------------------------------
// Rule 4

describe('rule 4: max meetings per day', () => {
  const now = '2026-03-10T00:00:00Z';
  const two = [timed('2026-03-10T12:00:00Z', '2026-03-10T12:30:00Z'), timed('2026-03-10T18:00:00Z', '2026-03-10T19:00:00Z')];

  it('gives no slot to a day that already has max_per_day busy timed events, even outside working hours', () => {
    expect(starts({ now, rules: { maxPerDay: 2 }, busy: two })).toEqual([]);
    expect(starts({ now, rules: { maxPerDay: 3 }, busy: two })).toHaveLength(4);
    expect(starts({ now, rules: { maxPerDay: 0 }, busy: [...two, ...two, ...two] })).toHaveLength(4); // 0 = no cap
  });

  it('counts per local day: other days keep their slots', () => {
    const r = starts({ now, rules: { maxPerDay: 2, horizonMs: 2 * D }, busy: two });
    expect(r).toEqual(['2026-03-11T09:00:00Z', '2026-03-11T09:30:00Z', '2026-03-11T10:00:00Z', '2026-03-11T10:30:00Z']);
  });

  it("counts an event on the user's local day, not the UTC day", () => {
    const zone = 'America/New_York';
    // 01:00Z and 02:00Z on Wednesday are 21:00 and 22:00 on Tuesday in New York.
    const late = [timed('2026-03-11T01:00:00Z', '2026-03-11T01:30:00Z'), timed('2026-03-11T02:00:00Z', '2026-03-11T02:30:00Z')];
    const r = starts({ now: '2026-03-10T00:00:00-04:00', zone, rules: { maxPerDay: 2, horizonMs: 2 * D }, busy: late });
    expect(r.some((s) => s.startsWith('2026-03-10'))).toBe(false);
    expect(r.filter((s) => s.startsWith('2026-03-11'))).toHaveLength(4);
  });

  it('does not count all-day events or events that are not busy', () => {
    const notBusy = [timed('2026-03-10T14:00:00Z', '2026-03-10T14:30:00Z', { busy: false }), timed('2026-03-10T15:00:00Z', '2026-03-10T15:30:00Z', { busy: false })];
    expect(starts({ now, rules: { maxPerDay: 2 }, busy: [two[0]!, ...notBusy] })).toHaveLength(4);
    // An all-day event blocks its day by rule 3, so the count shows through --explain:
    const dayOff = allDay('2026-03-10', '2026-03-11', 'UTC');
    const e = explainSlot(input({ now, rules: { maxPerDay: 2 }, busy: [two[0]!, dayOff, ...notBusy] }), t('2026-03-10T09:00:00Z'), (ms) => isoInZone(ms, 'UTC'));
    expect(e.reasons.map((r) => r.rule)).toEqual(['busy']);
    // ...and an all-day event that is not busy neither blocks nor counts.
    const freeDay = allDay('2026-03-10', '2026-03-11', 'UTC', { busy: false });
    expect(starts({ now, rules: { maxPerDay: 2 }, busy: [two[0]!, freeDay] })).toHaveLength(4);
  });
});

// ---------------------------------------------------------------------------------------
// Daylight saving, zones

describe('daylight-saving days', () => {
  const ny = 'America/New_York';
  const london = 'Europe/London';
  const night = everyDay('00:00-04:00');

  it('skips 02:00 and 02:30 on the New York spring-forward day (8 March 2026), with the right offset on each side', () => {
    const r = spans({ now: '2026-03-08T00:00:00-05:00', zone: ny, hours: night, rules: { horizonMs: 20 * H } });
    expect(r).toEqual([
      '2026-03-08T00:00:00-05:00/2026-03-08T00:30:00-05:00',
      '2026-03-08T00:30:00-05:00/2026-03-08T01:00:00-05:00',
      '2026-03-08T01:00:00-05:00/2026-03-08T01:30:00-05:00',
      '2026-03-08T01:30:00-05:00/2026-03-08T03:00:00-04:00',
      '2026-03-08T03:00:00-04:00/2026-03-08T03:30:00-04:00',
      '2026-03-08T03:30:00-04:00/2026-03-08T04:00:00-04:00',
    ]);
    // Every slot still lasts exactly the duration.
    for (const s of findFreeSlots(input({ now: '2026-03-08T00:00:00-05:00', zone: ny, hours: night, rules: { horizonMs: 20 * H } }))) expect(s.end - s.start).toBe(30 * MIN);
  });

  it('keeps a meeting that spans the New York gap exactly its duration long', () => {
    const r = spans({ now: '2026-03-08T00:00:00-05:00', zone: ny, hours: everyDay('01:00-04:00'), rules: { durationMs: 60 * MIN, stepMs: 30 * MIN, horizonMs: 20 * H } });
    expect(r).toEqual([
      '2026-03-08T01:00:00-05:00/2026-03-08T03:00:00-04:00',
      '2026-03-08T01:30:00-05:00/2026-03-08T03:30:00-04:00',
      '2026-03-08T03:00:00-04:00/2026-03-08T04:00:00-04:00',
    ]);
  });

  it('offers 01:00 and 01:30 once each (the first, EDT) on the New York fall-back day (1 November 2026)', () => {
    const r = spans({ now: '2026-11-01T00:00:00-04:00', zone: ny, hours: night, rules: { horizonMs: 20 * H } });
    expect(r).toEqual([
      '2026-11-01T00:00:00-04:00/2026-11-01T00:30:00-04:00',
      '2026-11-01T00:30:00-04:00/2026-11-01T01:00:00-04:00',
      '2026-11-01T01:00:00-04:00/2026-11-01T01:30:00-04:00',
      '2026-11-01T01:30:00-04:00/2026-11-01T01:00:00-05:00',
      '2026-11-01T02:00:00-05:00/2026-11-01T02:30:00-05:00',
      '2026-11-01T02:30:00-05:00/2026-11-01T03:00:00-05:00',
      '2026-11-01T03:00:00-05:00/2026-11-01T03:30:00-05:00',
      '2026-11-01T03:30:00-05:00/2026-11-01T04:00:00-05:00',
    ]);
  });

  it('skips 01:00 and 01:30 on the London spring-forward day (29 March 2026)', () => {
    expect(spans({ now: '2026-03-29T00:00:00Z', zone: london, hours: night, rules: { horizonMs: 20 * H } })).toEqual([
      '2026-03-29T00:00:00+00:00/2026-03-29T00:30:00+00:00',
      '2026-03-29T00:30:00+00:00/2026-03-29T02:00:00+01:00',
      '2026-03-29T02:00:00+01:00/2026-03-29T02:30:00+01:00',
      '2026-03-29T02:30:00+01:00/2026-03-29T03:00:00+01:00',
      '2026-03-29T03:00:00+01:00/2026-03-29T03:30:00+01:00',
      '2026-03-29T03:30:00+01:00/2026-03-29T04:00:00+01:00',
    ]);
  });

  it('offers 01:00 and 01:30 once each (the first, BST) on the London fall-back day (25 October 2026)', () => {
    const r = findFreeSlots(input({ now: '2026-10-25T00:00:00+01:00', zone: london, hours: night, rules: { horizonMs: 20 * H } }));
    expect(r.map((s) => isoInZone(s.start, london))).toEqual([
      '2026-10-25T00:00:00+01:00',
      '2026-10-25T00:30:00+01:00',
      '2026-10-25T01:00:00+01:00',
      '2026-10-25T01:30:00+01:00',
      '2026-10-25T02:00:00+00:00',
      '2026-10-25T02:30:00+00:00',
      '2026-10-25T03:00:00+00:00',
      '2026-10-25T03:30:00+00:00',
    ]);
    expect(r.map((s) => new Date(s.start).toISOString().slice(11, 16))).toEqual(['23:00', '23:30', '00:00', '00:30', '02:00', '02:30', '03:00', '03:30']);
  });

  it('keeps the wall-clock hours across a DST change over a two-week horizon', () => {
    const r = starts({ now: '2026-03-02T00:00:00-05:00', zone: ny, hours: hours({ mon: ['09:00-09:30'], fri: ['16:30-17:00'] }), rules: { horizonMs: 14 * D } });
    expect(r).toEqual([
      '2026-03-02T09:00:00-05:00',
      '2026-03-06T16:30:00-05:00',
      '2026-03-09T09:00:00-04:00',
      '2026-03-13T16:30:00-04:00',
    ]);
  });

  it("shows a London client the right time while New York and London are 4 hours apart (8-29 March 2026)", () => {
    const weekly = hours({ tue: ['10:00-10:30'] });
    const slots = findFreeSlots(input({ now: '2026-03-02T00:00:00-05:00', zone: ny, hours: weekly, rules: { horizonMs: 35 * D } }));
    expect(slots.map((s) => `${isoInZone(s.start, ny)} ${clientTime(s, ny, london)}`)).toEqual([
      '2026-03-03T10:00:00-05:00 15:00–15:30 Europe/London', // both on standard time: 5 h
      '2026-03-10T10:00:00-04:00 14:00–14:30 Europe/London', // New York on daylight time, London not yet: 4 h
      '2026-03-17T10:00:00-04:00 14:00–14:30 Europe/London',
      '2026-03-24T10:00:00-04:00 14:00–14:30 Europe/London',
      '2026-03-31T10:00:00-04:00 15:00–15:30 Europe/London', // both on daylight time: 5 h again
    ]);
  });

  it('shows a New York client the right time for a London user across both changes', () => {
    const daily = everyDay('15:00-15:30');
    const at = (date: string) => {
      const s = findFreeSlots(input({ now: `${date}T00:00:00Z`, zone: london, hours: daily }))[0]!;
      return `${isoInZone(s.start, london)} ${clientTime(s, london, ny)}`;
    };
    expect(at('2026-03-06')).toBe('2026-03-06T15:00:00+00:00 10:00–10:30 America/New_York');
    expect(at('2026-03-09')).toBe('2026-03-09T15:00:00+00:00 11:00–11:30 America/New_York');
    expect(at('2026-03-30')).toBe('2026-03-30T15:00:00+01:00 10:00–10:30 America/New_York');
  });

  it("names the client's day when it differs from the user's", () => {
    const late = { start: t('2026-03-10T23:00:00Z'), end: t('2026-03-10T23:30:00Z') };
    expect(clientTime(late, ny, 'Asia/Tokyo')).toBe('Wed 11 Mar 08:00–08:30 Asia/Tokyo');
    expect(clientTime(late, ny, ny)).toBe('19:00–19:30 America/New_York');
  });

  it('places slots in a half-hour zone (Asia/Kolkata): 09:00 IST is 03:30Z', () => {
    const zone = 'Asia/Kolkata';
    const r = findFreeSlots(input({ now: '2026-03-10T00:00:00+05:30', zone, hours: everyDay('09:00-10:00') }));
    expect(r.map((s) => new Date(s.start).toISOString())).toEqual(['2026-03-10T03:30:00.000Z', '2026-03-10T04:00:00.000Z']);
    expect(r.map((s) => isoInZone(s.start, zone))).toEqual(['2026-03-10T09:00:00+05:30', '2026-03-10T09:30:00+05:30']);
    // A busy event 03:00Z-03:45Z (08:30-09:15 IST) takes 09:00 only.
    expect(starts({ now: '2026-03-10T00:00:00+05:30', zone, hours: everyDay('09:00-10:00'), busy: [timed('2026-03-10T03:00:00Z', '2026-03-10T03:45:00Z')] })).toEqual(['2026-03-10T09:30:00+05:30']);
    // 19:00Z on 9 March is 00:30 IST on 10 March: it counts toward the 10th.
    const early = timed('2026-03-09T19:00:00Z', '2026-03-09T19:30:00Z');
    expect(starts({ now: '2026-03-10T00:00:00+05:30', zone, hours: everyDay('09:00-10:00'), rules: { maxPerDay: 1 }, busy: [early] })).toEqual([]);
  });
});

describe('calendarWindow', () => {
  it('covers whole local days around the search window, widened by the buffer', () => {
    const w = calendarWindow({ now: t('2026-03-10T15:00:00-04:00'), zone: 'America/New_York', rules: rules({ noticeMs: 18 * H, horizonMs: 2 * D, bufferMs: 10 * MIN }) });
    // from = Wed 09:00 local, so the window starts at Wed 00:00 local minus the buffer.
    expect(w.start).toBe(t('2026-03-11T00:00:00-04:00') - 10 * MIN);
    expect(w.end).toBeGreaterThanOrEqual(t('2026-03-13T00:00:00-04:00'));
  });
});

// ---------------------------------------------------------------------------------------
// --explain

describe('explainSlot', () => {
  const fmt = (ms: number) => isoInZone(ms, 'UTC');
  const acme = timed('2026-03-10T10:00:00Z', '2026-03-10T10:30:00Z', { summary: 'Acme call', uid: 'acme-1@example.com', calendar: '/cal/work.ics' });
  const base = (extra: Partial<AvailabilityInput> = {}): AvailabilityInput => ({
    now: t('2026-03-10T08:00:00Z'), // Tuesday
    zone: 'UTC',
    hours: hours({ mon: ['09:00-12:00'], tue: ['09:00-12:00'], wed: ['09:00-12:00'], thu: ['09:00-12:00'], fri: ['09:00-12:00'] }),
    rules: rules({ noticeMs: H, horizonMs: 3 * D, bufferMs: 10 * MIN }),
    occurrences: [acme],
    ...extra,
  });
  const why = (at: string, extra: Partial<AvailabilityInput> = {}) => explainSlot(base(extra), t(at), fmt);
  const rulesOf = (at: string, extra: Partial<AvailabilityInput> = {}) => why(at, extra).reasons.map((r) => r.rule);

  it('offers a free time on the grid, with no reasons', () => {
    const e = why('2026-03-11T09:00:00Z');
    expect(e).toEqual({ start: t('2026-03-11T09:00:00Z'), end: t('2026-03-11T09:30:00Z'), offered: true, reasons: [] });
  });

  it('hours: a day without hours', () => {
    const e = why('2026-03-14T10:00:00Z'); // Saturday (also beyond the horizon)
    expect(e.offered).toBe(false);
    expect(e.reasons[0]).toMatchObject({ rule: 'hours' });
    expect(e.reasons[0]!.message).toContain('sat is not a working day');
  });

  it('hours: outside the ranges of a working day', () => {
    const e = why('2026-03-11T13:00:00Z');
    expect(e.reasons.map((r) => r.rule)).toEqual(['hours']);
    expect(e.reasons[0]!.message).toContain('outside working hours (wed: 09:00-12:00)');
  });

  it('hours: a meeting that would end after the range', () => {
    const e = why('2026-03-11T11:45:00Z', { rules: rules({ noticeMs: H, horizonMs: 3 * D, stepMs: 15 * MIN }) });
    expect(e.reasons.map((r) => r.rule)).toEqual(['hours']);
    expect(e.reasons[0]!.message).toMatch(/30-minute meeting would end after 12:00/);
    expect(rulesOf('2026-03-11T11:30:00Z', { rules: rules({ noticeMs: H, horizonMs: 3 * D, stepMs: 15 * MIN }) })).toEqual([]);
  });

  it('grid: a start off the step grid', () => {
    const e = why('2026-03-11T09:10:00Z');
    expect(e.reasons.map((r) => r.rule)).toEqual(['grid']);
    expect(e.reasons[0]!.message).toContain('30-minute grid that starts at 09:00');
  });

  it('gap: the repeated hour of a fall-back day is offered only once', () => {
    const ny = 'America/New_York';
    const input = { ...base(), zone: ny, hours: everyDay('00:00-04:00'), now: t('2026-10-31T00:00:00-04:00'), occurrences: [] };
    // 01:00 EDT (05:00Z) is the one offered; 01:00 EST (06:00Z) is the same wall-clock time an hour later.
    expect(explainSlot(input, t('2026-11-01T01:00:00-04:00'), fmt).offered).toBe(true);
    const second = explainSlot(input, t('2026-11-01T01:00:00-05:00'), fmt);
    expect(second.offered).toBe(false);
    expect(second.reasons.map((r) => r.rule)).toEqual(['gap']);
    expect(second.reasons[0]!.message).toMatch(/daylight-saving/);
    // The spring-forward day: 03:00 EDT comes right after 01:59 EST and is offered.
    const spring = { ...input, now: t('2026-03-07T00:00:00-05:00') };
    expect(explainSlot(spring, t('2026-03-08T03:00:00-04:00'), fmt).offered).toBe(true);
  });

  it('notice: too soon, with the earliest start', () => {
    const e = why('2026-03-10T09:00:00Z'); // now + notice = 09:00: offered
    expect(e.offered).toBe(true);
    const soon = why('2026-03-10T09:00:00Z', { now: t('2026-03-10T08:00:01Z') });
    expect(soon.reasons.map((r) => r.rule)).toEqual(['notice']);
    expect(soon.reasons[0]).toMatchObject({ rule: 'notice', earliest: t('2026-03-10T09:00:01Z') });
    expect(soon.reasons[0]!.message).toContain('minimum notice');
  });

  it('horizon: too far ahead, with the limit', () => {
    // now + horizon = Friday 13 March 08:00.
    const e = why('2026-03-13T09:00:00Z');
    expect(e.reasons.map((r) => r.rule)).toEqual(['horizon']);
    expect(e.reasons[0]).toMatchObject({ rule: 'horizon', latest: t('2026-03-13T08:00:00Z') });
    expect(e.reasons[0]!.message).toContain('2026-03-13T08:00:00Z');
    expect(rulesOf('2026-03-13T08:00:00Z', { hours: everyDay('08:00-12:00') })).toEqual(['horizon']);
    expect(rulesOf('2026-03-13T07:30:00Z', { hours: everyDay('07:30-12:00') })).toEqual([]);
  });

  it('busy: an overlapping event, by summary, uid and calendar', () => {
    const e = why('2026-03-10T10:00:00Z');
    expect(e.reasons).toHaveLength(1);
    const r = e.reasons[0]!;
    expect(r).toMatchObject({ rule: 'busy', viaBuffer: false });
    if (r.rule !== 'busy') throw new Error('not busy');
    expect(r.event).toBe(acme);
    expect(r.message).toBe('it overlaps "Acme call" (2026-03-10T10:00:00Z–2026-03-10T10:30:00Z; uid acme-1@example.com; /cal/work.ics)');
  });

  it('busy: an all-day event, naming its dates', () => {
    const off = allDay('2026-03-11', '2026-03-13', 'UTC', { summary: 'Conference', uid: 'conf-1' });
    const e = why('2026-03-11T09:00:00Z', { occurrences: [off] });
    expect(e.reasons.map((r) => r.rule)).toEqual(['busy']);
    expect(e.reasons[0]!.message).toContain('"Conference" (all day 2026-03-11 to 2026-03-13 (exclusive); uid conf-1; work.ics)');
    const one = allDay('2026-03-11', '2026-03-12', 'UTC', { summary: 'Holiday', uid: 'hol-1' });
    expect(why('2026-03-11T09:00:00Z', { occurrences: [one] }).reasons[0]!.message).toContain('"Holiday" (all day 2026-03-11; uid hol-1');
  });

  it('busy via the buffer before: the event ends less than a buffer before the start', () => {
    const e = why('2026-03-10T10:30:00Z');
    expect(e.reasons).toHaveLength(1);
    expect(e.reasons[0]).toMatchObject({ rule: 'busy', viaBuffer: true });
    expect(e.reasons[0]!.message).toMatch(/^the 10-minute buffer before it touches "Acme call" .*uid acme-1@example\.com; \/cal\/work\.ics/);
  });

  it('busy via the buffer after: the event starts less than a buffer after the end', () => {
    const e = why('2026-03-10T09:30:00Z');
    expect(e.reasons).toHaveLength(1);
    expect(e.reasons[0]).toMatchObject({ rule: 'busy', viaBuffer: true });
    expect(e.reasons[0]!.message).toMatch(/^the 10-minute buffer after it touches "Acme call"/);
    // Touching exactly at the buffer's edge is fine.
    expect(why('2026-03-10T09:00:00Z', { rules: rules({ noticeMs: H, horizonMs: 3 * D, bufferMs: 30 * MIN }) }).offered).toBe(true);
  });

  it('max-per-day: the day already has enough meetings', () => {
    const full = [12, 13, 14].map((h) => timed(`2026-03-11T${h}:00:00Z`, `2026-03-11T${h}:30:00Z`));
    const e = why('2026-03-11T09:00:00Z', { occurrences: full, rules: rules({ noticeMs: H, horizonMs: 3 * D, maxPerDay: 3 }) });
    expect(e.reasons.map((r) => r.rule)).toEqual(['max-per-day']);
    expect(e.reasons[0]).toMatchObject({ count: 3 });
    expect(e.reasons[0]!.message).toContain('already has 3 busy meetings (max_per_day = 3)');
    expect(why('2026-03-11T09:00:00Z', { occurrences: full, rules: rules({ noticeMs: H, horizonMs: 3 * D, maxPerDay: 4 }) }).offered).toBe(true);
  });

  it('lists every rule that rejects a time, in rule order', () => {
    const e = why('2026-03-10T08:15:00Z', { hours: everyDay('08:00-12:00'), occurrences: [timed('2026-03-10T08:00:00Z', '2026-03-10T09:00:00Z')] });
    expect(e.reasons.map((r) => r.rule)).toEqual(['grid', 'notice', 'busy']);
  });

  it('agrees with findFreeSlots at every 5-minute start around DST changes', () => {
    for (const [zone, day] of [
      ['America/New_York', '2026-03-08'],
      ['America/New_York', '2026-11-01'],
      ['Europe/London', '2026-03-29'],
      ['Europe/London', '2026-10-25'],
      ['Asia/Kolkata', '2026-03-10'],
    ] as const) {
      const startOfDay = DateTime.fromISO(day, { zone }).minus({ days: 1 });
      const inp: AvailabilityInput = {
        now: startOfDay.toMillis(),
        zone,
        hours: everyDay('00:00-04:00', '09:00-12:00'),
        rules: rules({ noticeMs: 2 * H, horizonMs: 2 * D, bufferMs: 10 * MIN, stepMs: 15 * MIN, maxPerDay: 3 }),
        occurrences: [
          timed(startOfDay.plus({ days: 1, hours: 10 }).toISO()!, startOfDay.plus({ days: 1, hours: 10, minutes: 20 }).toISO()!),
          timed(startOfDay.plus({ hours: 9, minutes: 55 }).toISO()!, startOfDay.plus({ hours: 10, minutes: 5 }).toISO()!),
        ],
      };
      const offered = new Set(findFreeSlots(inp).map((s) => s.start));
      expect(offered.size, `${zone} ${day}`).toBeGreaterThan(10);
      for (let ms = startOfDay.toMillis(); ms < startOfDay.toMillis() + 3 * D; ms += 5 * MIN) {
        expect(explainSlot(inp, ms, fmt).offered, `${zone} ${isoInZone(ms, zone)}`).toBe(offered.has(ms));
      }
    }
  });
});

// ---------------------------------------------------------------------------------------
// --offer N

describe('pickOffer', () => {
  const mk = (start: string): Slot => ({ start: t(start), end: t(start) + 30 * MIN });
  const all = [
    mk('2026-03-10T09:00:00Z'), mk('2026-03-10T09:30:00Z'), mk('2026-03-10T14:00:00Z'), mk('2026-03-10T14:30:00Z'),
    mk('2026-03-11T09:00:00Z'), mk('2026-03-11T15:00:00Z'), mk('2026-03-11T16:00:00Z'),
    mk('2026-03-12T10:00:00Z'), mk('2026-03-12T16:00:00Z'),
  ];
  const pick = (n: number, slots = all, zone = 'UTC') => pickOffer(slots, n, zone).map((s) => isoInZone(s.start, zone));

  it('spreads over different days first, rather than the first N', () => {
    const r = pick(3);
    expect(new Set(r.map((s) => s.slice(0, 10))).size).toBe(3);
    expect(r).not.toEqual(all.slice(0, 3).map((s) => isoInZone(s.start, 'UTC')));
  });

  it('alternates mornings and afternoons, earliest first within each', () => {
    expect(pick(3)).toEqual(['2026-03-10T09:00:00Z', '2026-03-11T15:00:00Z', '2026-03-12T10:00:00Z']);
  });

  it('takes the other half when the preferred one is empty, and alternates from what it took', () => {
    const slots = [mk('2026-03-10T14:00:00Z'), mk('2026-03-11T09:00:00Z'), mk('2026-03-11T15:00:00Z'), mk('2026-03-12T09:00:00Z'), mk('2026-03-12T13:00:00Z')];
    // Day 1 has only an afternoon; day 2 then prefers a morning; day 3 an afternoon.
    expect(pick(3, slots)).toEqual(['2026-03-10T14:00:00Z', '2026-03-11T09:00:00Z', '2026-03-12T13:00:00Z']);
  });

  it('with fewer days than N, takes the other half of each day, then the earliest left', () => {
    const two = all.slice(0, 7); // 10 and 11 March
    expect(pick(4, two)).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T14:00:00Z', '2026-03-11T09:00:00Z', '2026-03-11T15:00:00Z']);
    expect(pick(5, two)).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T09:30:00Z', '2026-03-10T14:00:00Z', '2026-03-11T09:00:00Z', '2026-03-11T15:00:00Z']);
    const oneDay = all.slice(0, 2);
    expect(pick(2, oneDay)).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T09:30:00Z']);
  });

  it('returns the picks sorted by start', () => {
    const r = pickOffer(all, 6, 'UTC');
    expect(r.map((s) => s.start)).toEqual([...r.map((s) => s.start)].sort((a, b) => a - b));
    expect(new Set(r).size).toBe(6);
  });

  it('returns every slot when N is larger than what is free, and nothing for N = 0', () => {
    expect(pick(20)).toEqual(all.map((s) => isoInZone(s.start, 'UTC')));
    expect(pick(all.length)).toHaveLength(all.length);
    expect(pick(0)).toEqual([]);
    expect(pick(3, [])).toEqual([]);
  });

  it("splits mornings from afternoons in the user's zone", () => {
    // 15:00Z is 11:00 in New York (EDT): a morning there, an afternoon in UTC.
    const slots = [mk('2026-03-10T13:00:00Z'), mk('2026-03-10T17:00:00Z'), mk('2026-03-11T15:00:00Z'), mk('2026-03-11T18:00:00Z')];
    expect(pickOffer(slots, 2, 'UTC').map((s) => new Date(s.start).toISOString().slice(0, 13))).toEqual(['2026-03-10T13', '2026-03-11T15']);
    expect(pickOffer(slots, 2, 'America/New_York').map((s) => new Date(s.start).toISOString().slice(0, 13))).toEqual(['2026-03-10T13', '2026-03-11T18']);
  });
});

describe("the client's working day", () => {
  const weekdays = hours({ mon: ['08:00-18:00'], tue: ['08:00-18:00'], wed: ['08:00-18:00'], thu: ['08:00-18:00'], fri: ['08:00-18:00'] });
  const slot = (start: string, minutes = 60): Slot => ({ start: t(start), end: t(start) + minutes * MIN });

  it('insideHours: start and end inside one range of the client local day', () => {
    // Thu 12 Mar 2026: Chicago is on CDT (-05:00).
    expect(insideHours(slot('2026-03-12T13:00:00Z'), weekdays, 'America/Chicago')).toBe(true); // 08:00-09:00
    expect(insideHours(slot('2026-03-12T12:59:00Z'), weekdays, 'America/Chicago')).toBe(false); // 07:59
    expect(insideHours(slot('2026-03-12T22:00:00Z'), weekdays, 'America/Chicago')).toBe(true); // 17:00-18:00
    expect(insideHours(slot('2026-03-12T22:30:00Z'), weekdays, 'America/Chicago')).toBe(false); // ends 18:30
    // Saturday in Chicago, although Friday 23:30 in some zones west of it.
    expect(insideHours(slot('2026-03-14T15:00:00Z'), weekdays, 'America/Chicago')).toBe(false);
    // Crossing midnight is never inside.
    expect(insideHours(slot('2026-03-12T04:30:00Z'), everyDay('00:00-24:00'), 'America/Chicago')).toBe(false);
  });

  it('describeHours groups days with the same ranges', () => {
    expect(describeHours(weekdays)).toBe('Mon–Fri 08:00–18:00');
    expect(describeHours(hours({ mon: ['09:00-12:00', '13:00-17:00'], tue: ['09:00-12:00', '13:00-17:00'], fri: ['09:00-13:00'] }))).toBe(
      'Mon–Tue 09:00–12:00, 13:00–17:00; Fri 09:00–13:00',
    );
    expect(describeHours(noHours)).toBe('no working days');
  });

  it('chooseOffer keeps to the client day and says when that leaves fewer than asked', () => {
    const free = [slot('2026-03-12T08:00:00Z'), slot('2026-03-12T13:00:00Z'), slot('2026-03-13T08:00:00Z'), slot('2026-03-13T14:00:00Z')];
    const client = { zone: 'America/Chicago', hours: weekdays };
    expect(chooseOffer(free, 2, 'UTC', client)).toEqual({ slots: [free[1], free[3]], short: false });
    expect(chooseOffer(free, 3, 'UTC', client)).toEqual({ slots: [free[1], free[3]], short: true });
    // Without a client: plain pickOffer; fewer free slots than asked is not "short".
    expect(chooseOffer(free, 3, 'UTC', null).slots).toHaveLength(3);
    expect(chooseOffer(free.slice(0, 1), 3, 'UTC', null).short).toBe(false);
  });

  it('searchWindow: whole days are calendar days on the wall clock, other durations exact', () => {
    // Berlin changes to summer time on Sunday 29 March 2026.
    const now = t('2026-03-23T09:30:00+01:00');
    const base = { now, zone: 'Europe/Berlin', rules: rules({ horizonMs: 7 * D, noticeMs: D }) };
    expect(searchWindow(base)).toEqual({ from: now + D, to: now + 7 * D });
    expect(searchWindow({ ...base, rules: { ...base.rules, horizonDays: 7, noticeDays: 1 } })).toEqual({
      from: t('2026-03-24T09:30:00+01:00'),
      to: t('2026-03-30T09:30:00+02:00'),
    });
  });
});

// ---------------------------------------------------------------------------------------
// Unknown time (issue 9): a series cut short by a cap covers an unknown span, which is busy.

describe('unknown spans are busy', () => {
  const now = '2026-03-10T00:00:00Z'; // Tuesday; hours 09:00-11:00 every day, 30m slots, 1 day horizon
  const span = {
    calendar: '/cal/work.ics',
    uid: 'minutely@test',
    summary: 'Ticker',
    line: 7,
    start: t('2026-03-10T09:40:00Z'),
    end: t('2026-03-10T10:10:00Z'),
    reason: '"Ticker" (event "minutely@test" line 7) has more than 10000 occurrences in the window; the rest of its span is treated as busy',
  };

  it('no slot overlaps an unknown span, or its buffer', () => {
    const base = input({ now });
    // 09:00-11:00 in 30m: 09:00 and 10:30 are clear of 09:40-10:10; 09:30 and 10:00 overlap it.
    expect(findFreeSlots({ ...base, unknown: [span] }).map((s) => isoInZone(s.start, 'UTC'))).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T10:30:00Z']);
    // With a 30-minute buffer, 09:00 (ends 09:30, +30 = 10:00 > 09:40) and 10:30 (starts 10:30, -30 = 10:00 < 10:10) go too.
    expect(findFreeSlots({ ...base, rules: rules({ bufferMs: 30 * MIN }), unknown: [span] })).toEqual([]);
  });

  it('an unknown span does not count as a meeting towards max_per_day', () => {
    const base = input({ now, rules: { maxPerDay: 1 } });
    expect(findFreeSlots({ ...base, unknown: [span] })).toHaveLength(2);
  });

  it('--explain names the calendar, the span and the reason', () => {
    const e = explainSlot({ ...input({ now }), unknown: [span] }, t('2026-03-10T10:00:00Z'), (ms) => isoInZone(ms, 'UTC'));
    expect(e.offered).toBe(false);
    expect(e.reasons).toHaveLength(1);
    expect(e.reasons[0]).toMatchObject({ rule: 'unknown', span, viaBuffer: false });
    expect(e.reasons[0]!.message).toBe(
      `it overlaps time that /cal/work.ics could not fully account for (2026-03-10T09:40:00Z–2026-03-10T10:10:00Z, busy): ${span.reason}`,
    );
  });
});

describe('held slots (issue 10)', () => {
  const now = '2026-03-10T00:00:00Z';
  const held = { start: t('2026-03-10T09:30:00Z'), end: t('2026-03-10T10:00:00Z'), offerId: 4, client: 'jo@fabrikam.example', expiresAt: t('2026-03-12T00:00:00Z') };

  it('a slot held by an open offer is not free', () => {
    expect(findFreeSlots({ ...input({ now }), held: [held] }).map((s) => isoInZone(s.start, 'UTC'))).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T10:00:00Z', '2026-03-10T10:30:00Z']);
  });

  it('--explain names the offer that holds it', () => {
    const e = explainSlot({ ...input({ now }), held: [held] }, t('2026-03-10T09:30:00Z'), (ms) => isoInZone(ms, 'UTC'));
    expect(e.reasons).toEqual([{ rule: 'held', held, viaBuffer: false, message: 'it overlaps 2026-03-10T09:30:00Z–2026-03-10T10:00:00Z, held for jo@fabrikam.example by offer 4 until 2026-03-12T00:00:00Z' }]);
  });
});

describe('occurrences handed in as times (calendar/times.ts)', () => {
  const now = '2026-03-10T00:00:00Z';
  const fmt = (ms: number) => isoInZone(ms, 'UTC');
  // Three things take 09:30-10:00: an occurrence, a held slot, an unknown span; a second
  // occurrence ends later; an all-day busy day the next day; an occurrence that is free.
  const a = timed('2026-03-10T09:30:00Z', '2026-03-10T10:00:00Z', { summary: 'Standup' });
  const b = timed('2026-03-10T09:30:00Z', '2026-03-10T10:30:00Z', { summary: 'Review' });
  const c = timed('2026-03-10T09:00:00Z', '2026-03-10T09:30:00Z', { summary: 'Free', busy: false });
  const day = allDay('2026-03-11', '2026-03-12', 'UTC');
  const held = { start: t('2026-03-10T09:30:00Z'), end: t('2026-03-10T10:00:00Z'), offerId: 4, client: 'jo@fabrikam.example', expiresAt: t('2026-03-12T00:00:00Z') };
  const span = { calendar: '/cal/work.ics', uid: 'x', summary: 'Capped', line: 3, start: t('2026-03-10T09:30:00Z'), end: t('2026-03-10T10:00:00Z'), reason: 'a capped series' };
  const sorted = [c, a, b, day];
  const base = { ...input({ now, hours: everyDay('09:00-11:00'), rules: { horizonMs: 3 * D, maxPerDay: 3 } }), held: [held], unknown: [span] };

  it('give the slots and explanations the occurrences give, in any order, read lazily or not; a tie names the occurrence first', () => {
    const plain = findFreeSlots({ ...base, occurrences: sorted });
    // Hand-worked: 10 March 09:00 is free (Free is not busy), 09:30-10:30 taken; 11 March is a busy day.
    expect(plain.map((s) => fmt(s.start))).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T10:30:00Z', '2026-03-12T09:00:00Z', '2026-03-12T09:30:00Z', '2026-03-12T10:00:00Z', '2026-03-12T10:30:00Z']);
    const at = t('2026-03-10T09:30:00Z');
    const explained = explainSlot({ ...base, occurrences: sorted }, at, fmt);
    // By start, then end; on a tie the occurrence, the unknown span, the held slot.
    expect(explained.reasons.map((r) => (r.rule === 'busy' ? r.event.summary : r.rule))).toEqual(['Standup', 'unknown', 'held', 'Review']);
    const reversed = [...sorted].reverse();
    let loads = 0;
    const times = timesOf(sorted);
    const lazy = lazyTimes(times.start, times.end, times.flags, () => {
      loads++;
      return sorted;
    });
    for (const occurrences of [reversed, timesOf(sorted), timesOf(reversed), lazy]) {
      expect(findFreeSlots({ ...base, occurrences })).toEqual(plain);
    }
    expect(loads).toBe(0); // finding slots reads no occurrence
    for (const occurrences of [timesOf(sorted), lazy]) expect(explainSlot({ ...base, occurrences }, at, fmt)).toEqual(explained);
    expect(loads).toBe(1);
    // Out of order, the same order of reasons.
    expect(explainSlot({ ...base, occurrences: timesOf(reversed) }, at, fmt).reasons.map((r) => (r.rule === 'busy' ? r.event.summary : r.rule))).toEqual(['Standup', 'unknown', 'held', 'Review']);
  });
});
