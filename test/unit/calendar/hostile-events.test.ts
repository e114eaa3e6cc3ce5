// Hostile events (issue 9): a capped or unexpandable series fails closed (its unknown time
// becomes an UnknownSpan, which availability treats as busy), one bad event costs only
// itself, deep nesting and damaged files cannot exhaust the stack, warnings are bounded at
// the source and each has a kind, duplicate overrides cannot bypass the cap, and the cap
// warning states the number really listed. Big inputs are generated here as strings; no
// assertion on wall time (the test timeout is the guard against a hang), but the times are
// printed.
import { IANAZone } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ianaZone } from '../../../src/core/calendar/zones.js';
import type { ReadOptions, ReadResult } from '../../../src/core/calendar/types.js';
import { ev, ics, iso, lineOf, ofUid, read, spans, starts } from './helpers.js';

const at = (s: string): number => Date.parse(s);
const unknownSpans = (r: ReadResult): string[] => (r.unknown ?? []).map((u) => `${u.uid} ${iso(u.start)}/${iso(u.end)}`);
const kinds = (r: ReadResult): string[] => r.warnings.map((w) => w.kind ?? 'none');
/** Reads and prints how long it took (not asserted). */
function timed(label: string, text: string, from: string, to: string, opts: Partial<ReadOptions> = {}): ReadResult {
  const t0 = performance.now();
  let r: ReadResult | undefined;
  expect(() => {
    r = read(text, from, to, opts);
  }).not.toThrow();
  console.log(`${label}: ${(text.length / 1e6).toFixed(1)} MB read in ${Math.round(performance.now() - t0)} ms, ${r!.warnings.length} warnings`);
  return r!;
}

const DAY = ['2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z'] as const;
/** `ics` for many lines: a call with 600,000 spread arguments would overflow the stack itself. */
const calendar = (lines: string[]): string => `${['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//etiq unit//EN', ...lines, 'END:VCALENDAR'].join('\r\n')}\r\n`;

describe('a series cut short by a cap leaves the rest of its span unknown (item 1)', () => {
  const hourly = (...extra: string[]) => ics(...ev('UID:standup', 'SUMMARY:Standup', 'DTSTART:20260310T000000Z', 'DURATION:PT15M', ...extra));

  it('occurrence cap: from the end of the last listed occurrence to UNTIL plus the duration', () => {
    const text = hourly('RRULE:FREQ=HOURLY;UNTIL=20260310T120000Z');
    const r = read(text, ...DAY, { maxOccurrencesPerSeries: 5 });
    expect(starts(r)).toEqual(['00', '01', '02', '03', '04'].map((h) => `2026-03-10T${h}:00:00Z`));
    // Last listed 04:00-04:15; the last instance UNTIL allows starts 12:00 and ends 12:15.
    expect(unknownSpans(r)).toEqual(['standup 2026-03-10T04:15:00Z/2026-03-10T12:15:00Z']);
    const line = lineOf(text, 'BEGIN:VEVENT');
    expect(r.unknown![0]).toMatchObject({ calendar: 'test.ics', summary: 'Standup', line });
    expect(r.unknown![0]!.reason).toBe(`"Standup" (event "standup" line ${line}) has more than 5 occurrences in the window; the rest of its span is treated as busy`);
    expect(r.warnings).toEqual([
      {
        calendar: 'test.ics',
        kind: 'capped-series',
        message: `event "standup" (line ${line}) ("Standup"): more than 5 occurrences in the window; only the first 5 are listed, and its time from 2026-03-10T04:15:00Z to 2026-03-10T12:15:00Z is treated as busy`,
      },
    ]);
  });

  it('without UNTIL, or when COUNT is the limit, to the window end', () => {
    for (const rule of ['RRULE:FREQ=HOURLY', 'RRULE:FREQ=HOURLY;COUNT=100']) {
      const r = read(hourly(rule), ...DAY, { maxOccurrencesPerSeries: 5 });
      expect(unknownSpans(r), rule).toEqual(['standup 2026-03-10T04:15:00Z/2026-03-11T00:00:00Z']);
    }
  });

  it('the default cap of 10,000 (every second): unknown from the end of the 10,000th second', () => {
    const r = read(ics(...ev('UID:tick', 'SUMMARY:Tick', 'DTSTART:20260310T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY')), ...DAY);
    expect(ofUid(r, 'tick')).toHaveLength(10_000);
    expect(unknownSpans(r)).toEqual(['tick 2026-03-10T02:46:40Z/2026-03-11T00:00:00Z']);
    expect(kinds(r)).toEqual(['capped-series']);
  });

  it('step cap: from where expansion stopped (clamped to the window start) to UNTIL or the window end', () => {
    // BYMINUTE stops the fast-forward: the walk from 2020 runs out of steps in 2020.
    const since2020 = (rule: string) => ics(...ev('UID:ticking', 'SUMMARY:Ticking', 'DTSTART:20200101T000000Z', 'DURATION:PT1S', `RRULE:${rule}`));
    const open = read(since2020('FREQ=SECONDLY;BYMINUTE=0,30'), ...DAY, { maxStepsPerSeries: 5000 });
    expect(open.occurrences).toEqual([]);
    expect(unknownSpans(open)).toEqual(['ticking 2026-03-10T00:00:00Z/2026-03-11T00:00:00Z']);
    expect(open.unknown![0]!.reason).toMatch(/^"Ticking" \(event "ticking" line \d+\) needs more than 5000 recurrence steps to reach the window; the rest of its span is treated as busy$/);
    expect(open.warnings.map((w) => [w.kind, w.message])).toEqual([
      ['capped-series', expect.stringMatching(/steps to reach the window; expansion stopped, and its time from 2026-03-10T00:00:00Z to 2026-03-11T00:00:00Z is treated as busy$/)],
    ]);
    // UNTIL noon (plus the one-second duration) ends the span.
    const until = read(since2020('FREQ=SECONDLY;BYMINUTE=0,30;UNTIL=20260310T120000Z'), ...DAY, { maxStepsPerSeries: 5000 });
    expect(unknownSpans(until)).toEqual(['ticking 2026-03-10T00:00:00Z/2026-03-10T12:00:01Z']);
    // An UNTIL before the window: nothing unknown in it.
    const over = read(since2020('FREQ=SECONDLY;BYMINUTE=0,30;UNTIL=20260301T000000Z'), ...DAY, { maxStepsPerSeries: 5000 });
    expect(over.unknown).toBeUndefined();
  });

  it('no span for an event that would not make the user busy (transparent, cancelled, declined); the warning stays', () => {
    const me = { myAddresses: ['me@example.com'], maxOccurrencesPerSeries: 5 };
    for (const prop of ['TRANSP:TRANSPARENT', 'STATUS:CANCELLED', 'ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.com']) {
      const r = read(hourly('RRULE:FREQ=HOURLY', prop), ...DAY, me);
      expect(r.unknown, prop).toBeUndefined();
      expect(r.warnings.map((w) => [w.kind, w.message]), prop).toEqual([['capped-series', expect.stringMatching(/only the first 5 are listed$/)]]);
    }
  });
});

describe('a recurring event that cannot be expanded costs that event only (item 2)', () => {
  it('an all-day DTSTART with an HOURLY, MINUTELY or SECONDLY rule is read as the days it reaches (ical.js threw)', () => {
    const text = ics(
      ...ev('UID:hourly', 'DTSTART;VALUE=DATE:20260310', 'RRULE:FREQ=HOURLY;COUNT=5'),
      ...ev('UID:minutely', 'DTSTART;VALUE=DATE:20260310', 'RRULE:FREQ=MINUTELY;UNTIL=20260312'),
      ...ev('UID:secondly', 'DTSTART;VALUE=DATE:20260310', 'RRULE:FREQ=SECONDLY;INTERVAL=90000;COUNT=3'),
      ...ev('UID:other', 'DTSTART:20260310T090000Z', 'DURATION:PT1H'),
    );
    const r = read(text, '2026-03-09T00:00:00Z', '2026-03-16T00:00:00Z');
    expect(r.error).toBeNull();
    // Five hours of 10 March are that one day; every minute to UNTIL (a date: all of it)
    // reaches 10, 11 and 12 March; steps of 25 hours reach 10, 11 and 12 March.
    expect(ofUid(r, 'hourly').map((o) => `${o.startDate}/${o.endDate}`)).toEqual(['2026-03-10/2026-03-11']);
    expect(ofUid(r, 'minutely').map((o) => o.startDate)).toEqual(['2026-03-10', '2026-03-11', '2026-03-12']);
    expect(ofUid(r, 'secondly').map((o) => o.startDate)).toEqual(['2026-03-10', '2026-03-11', '2026-03-12']);
    expect(ofUid(r, 'other')).toHaveLength(1);
    expect(r.warnings).toEqual([]);
    expect(r.unknown).toBeUndefined();
  });

  it('a rule ical.js refuses while iterating: one bad-event warning, and unknown from DTSTART to UNTIL or the window end', () => {
    const text = ics(
      ...ev('UID:bad', 'SUMMARY:Odd', 'DTSTART:20260310T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=MONTHLY;BYDAY=9MO;BYMONTHDAY=3;UNTIL=20260320T000000Z'),
      ...ev('UID:bad-open', 'SUMMARY:Odd too', 'DTSTART:20260301T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=MONTHLY;BYDAY=9MO;BYMONTHDAY=3'),
      ...ev('UID:bad-free', 'DTSTART:20260310T090000Z', 'TRANSP:TRANSPARENT', 'RRULE:FREQ=MONTHLY;BYDAY=9MO;BYMONTHDAY=3'),
      ...ev('UID:other', 'DTSTART:20260311T090000Z', 'DURATION:PT1H'),
    );
    const r = read(text, '2026-03-09T00:00:00Z', '2026-03-23T00:00:00Z');
    expect(r.error).toBeNull();
    // DTSTART is an instance whatever the rule says; the rest of the series is unknown.
    expect(starts(ofUid(r, 'bad'))).toEqual(['2026-03-10T09:00:00Z']);
    expect(starts(ofUid(r, 'other'))).toEqual(['2026-03-11T09:00:00Z']);
    expect(unknownSpans(r)).toEqual([
      // DTSTART 1 March is before the window: clamped to its start.
      'bad-open 2026-03-09T00:00:00Z/2026-03-23T00:00:00Z',
      // From DTSTART to UNTIL plus the hour.
      'bad 2026-03-10T09:00:00Z/2026-03-20T01:00:00Z',
    ]);
    expect(r.unknown![1]!.reason).toMatch(/^"Odd" \(event "bad" line \d+\) has an RRULE \(line \d+\) that cannot be expanded \(Malformed values in BYDAY[^)]*\); its span is treated as busy$/);
    expect(kinds(r)).toEqual(['bad-event', 'bad-event', 'bad-event']);
    expect(r.warnings[0]!.message).toMatch(/^event "bad" \(line \d+\) \("Odd"\): RRULE on line \d+ cannot be expanded \(.*\); its time from 2026-03-10T09:00:00Z to 2026-03-20T01:00:00Z is treated as busy$/);
    expect(r.warnings[2]!.message).toMatch(/^event "bad-free" .*cannot be expanded .*; only DTSTART and RDATEs are used$/);
  });

  it('an RRULE with FREQ that cannot be read is unknown time too; one without FREQ is ignored', () => {
    const r = read(
      ics(
        ...ev('UID:bad-until', 'DTSTART:20260310T090000Z', 'RRULE:FREQ=DAILY;UNTIL=123456T123456'),
        ...ev('UID:empty', 'DTSTART:20260310T100000Z', 'RRULE:'),
      ),
      ...DAY,
    );
    expect(starts(r)).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T10:00:00Z']);
    expect(unknownSpans(r)).toEqual(['bad-until 2026-03-10T09:00:00Z/2026-03-11T00:00:00Z']);
    expect(r.warnings.map((w) => [w.kind, w.message])).toEqual([
      ['bad-event', expect.stringMatching(/^event "bad-until" .*RRULE on line \d+ cannot be read \(.*\); its time from 2026-03-10T09:00:00Z to 2026-03-11T00:00:00Z is treated as busy$/)],
      ['bad-property', expect.stringMatching(/^event "empty" .*RRULE on line \d+ has no FREQ; only DTSTART and RDATEs are used$/)],
    ]);
  });
});

describe('a DURATION past the year 9999, and errors the reader did not foresee, cost that event only (item 3)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('DURATION:P99999999W makes each occurrence last to the window end, with a warning naming event and line', () => {
    const text = ics(
      ...ev('UID:forever', 'DTSTART:20260310T100000Z', 'DURATION:P99999999W'),
      // luxon threw "Timestamp out of range" for a zoned one, and the event was dropped.
      ...ev('UID:forever-berlin', 'DTSTART;TZID=Europe/Berlin:20260310T100000', 'DURATION:P99999999W'),
      ...ev('UID:forever-day', 'DTSTART;VALUE=DATE:20260310', 'DURATION:P99999999W'),
      ...ev('UID:forever-daily', 'DTSTART:20260312T100000Z', 'DURATION:PT99999999999999999999S', 'RRULE:FREQ=DAILY;COUNT=2'),
      ...ev('UID:forever-rdate', 'DTSTART:20260311T080000Z', 'DURATION:PT1H', 'RDATE;VALUE=PERIOD:20260312T080000Z/P99999999W'),
      ...ev('UID:normal', 'DTSTART:20260310T120000Z', 'DURATION:PT1H'),
    );
    const r = read(text, '2026-03-09T00:00:00Z', '2026-03-16T00:00:00Z');
    expect(r.error).toBeNull();
    expect(spans(r)).toEqual([
      '2026-03-10T00:00:00Z/2026-03-16T00:00:00Z', // all-day, the user in UTC
      '2026-03-10T09:00:00Z/2026-03-16T00:00:00Z',
      '2026-03-10T10:00:00Z/2026-03-16T00:00:00Z',
      '2026-03-10T12:00:00Z/2026-03-10T13:00:00Z',
      '2026-03-11T08:00:00Z/2026-03-11T09:00:00Z',
      '2026-03-12T08:00:00Z/2026-03-16T00:00:00Z',
      '2026-03-12T10:00:00Z/2026-03-16T00:00:00Z',
      '2026-03-13T10:00:00Z/2026-03-16T00:00:00Z',
    ]);
    expect(ofUid(r, 'forever-day')[0]).toMatchObject({ startDate: '2026-03-10', endDate: '2026-03-16', busy: true });
    const line = (uid: string) => lineOf(text, `UID:${uid}`) - 1;
    expect(r.warnings.map((w) => [w.kind, w.message])).toEqual([
      ['bad-property', `event "forever" (line ${line('forever')}): DURATION "P99999999W" (line ${line('forever') + 3}) ends after the year 9999; the event is read as lasting to the end of the window`],
      ['bad-property', expect.stringMatching(/^event "forever-berlin" .*ends after the year 9999/)],
      ['bad-property', expect.stringMatching(/^event "forever-day" .*ends after the year 9999/)],
      ['bad-property', expect.stringMatching(/^event "forever-daily" .*DURATION "PT9+…" \(line \d+\) ends after the year 9999/)],
      ['bad-property', expect.stringMatching(/^event "forever-rdate" .*RDATE period "20260312T080000Z\/P99999999W" \(line \d+\) ends after the year 9999/)],
    ]);
    expect(r.unknown).toBeUndefined();
  });

  it('an exception while reading an event becomes one warning and an unknown span; the other events are read', () => {
    // Nothing in a calendar is known to throw any more: make the zone lookup of one event fail.
    // (IanaZone reads offsets through Intl.DateTimeFormat's format, and luxon's as a fallback.)
    const getFormat = Object.getOwnPropertyDescriptor(Intl.DateTimeFormat.prototype, 'format')!.get!;
    vi.spyOn(Intl.DateTimeFormat.prototype, 'format', 'get').mockImplementation(function (this: Intl.DateTimeFormat) {
      const real = getFormat.call(this) as (d?: Date | number) => string;
      return (d?: Date | number) => {
        // Only IanaZone's offset lookups (timeZoneName longOffset): luxon must still see a valid zone.
        const o = this.resolvedOptions();
        if (o.timeZone === 'Pacific/Chatham' && o.timeZoneName === 'longOffset') throw new Error('zone data unavailable');
        return real(d);
      };
    });
    const offset = IANAZone.prototype.offset;
    vi.spyOn(IANAZone.prototype, 'offset').mockImplementation(function (this: IANAZone, ts: number) {
      if (this.name === 'Pacific/Chatham') throw new Error('zone data unavailable');
      return offset.call(this, ts);
    });
    const text = ics(
      ...ev('UID:before', 'DTSTART:20260310T080000Z', 'DURATION:PT1H'),
      ...ev('UID:chatham', 'SUMMARY:Far away', 'DTSTART;TZID=Pacific/Chatham:20260310T090000', 'DURATION:PT1H'),
      ...ev('UID:chatham-free', 'DTSTART;TZID=Pacific/Chatham:20260310T090000', 'TRANSP:TRANSPARENT'),
      ...ev('UID:chatham-series', 'DTSTART;TZID=Pacific/Chatham:20260310T090000', 'RRULE:FREQ=DAILY;UNTIL=20260312T000000Z'),
      ...ev('UID:after', 'DTSTART:20260310T100000Z', 'DURATION:PT1H'),
    );
    const r = read(text, '2026-03-09T00:00:00Z', '2026-03-16T00:00:00Z');
    expect(r.error).toBeNull();
    expect(r.occurrences.map((o) => o.uid)).toEqual(['before', 'after']);
    // From its raw DTSTART (10 March 09:00, zone unknown) less a day, to its end (a day at
    // least) plus a day; the series from UNTIL (12 March) plus a day of slack.
    expect(unknownSpans(r)).toEqual(['chatham 2026-03-09T09:00:00Z/2026-03-12T09:00:00Z', 'chatham-series 2026-03-09T09:00:00Z/2026-03-15T00:00:00Z']);
    expect(r.unknown![0]!.reason).toMatch(/^"Far away" \(event "chatham" line \d+\) cannot be read \(zone data unavailable\); its time is treated as busy$/);
    expect(r.warnings.map((w) => [w.kind, w.message])).toEqual([
      ['bad-event', expect.stringMatching(/^event "chatham" \(line \d+\) cannot be read \(zone data unavailable\); its time from 2026-03-09T09:00:00Z to 2026-03-12T09:00:00Z is treated as busy$/)],
      ['bad-event', expect.stringMatching(/^event "chatham-free" \(line \d+\) cannot be read \(zone data unavailable\); skipped$/)],
      ['bad-event', expect.stringMatching(/^event "chatham-series" .*cannot be read/)],
    ]);
    expect(ianaZone('Pacific/Chatham')).not.toBeNull();
  });
});

describe('deep nesting and damaged files cannot exhaust the stack, and finish quickly (item 4)', () => {
  it('50,000 unterminated BEGIN:VCALENDAR lines', () => {
    const r = timed('50,000 BEGIN:VCALENDAR', 'BEGIN:VCALENDAR\r\n'.repeat(50_000), ...DAY);
    expect(r.error).toBeNull();
    expect(r.warnings).toHaveLength(21);
    expect(new Set(kinds(r))).toEqual(new Set(['nesting']));
    expect(r.warnings[20]!.message).toBe('... and 49980 more warnings like these (nesting; 50000 in all)');
  });

  it('50,000 unterminated BEGIN:VEVENT lines', () => {
    const r = timed('50,000 BEGIN:VEVENT', `BEGIN:VCALENDAR\r\n${'BEGIN:VEVENT\r\n'.repeat(50_000)}`, ...DAY);
    expect(r.error).toBeNull();
    // Each VEVENT lost its END (nesting) and has no DTSTART (bad-event): 20 of each, and a count.
    expect(kinds(r).filter((k) => k === 'nesting')).toHaveLength(21);
    expect(kinds(r).filter((k) => k === 'bad-event')).toHaveLength(21);
    expect(r.warnings.map((w) => w.message).filter((m) => m.startsWith('...'))).toEqual([
      '... and 49980 more warnings like these (nesting; 50000 in all)',
      '... and 49980 more warnings like these (bad-event; 50000 in all)',
    ]);
  });

  it('150,000 events with one UID (a spread of them overflowed the stack)', () => {
    const r = timed('150,000 VEVENTs, one UID', calendar(Array.from({ length: 150_000 }, () => ev('UID:same', 'SUMMARY:x')).flat()), ...DAY);
    expect(r.error).toBeNull();
    expect(kinds(r)).toEqual([...Array(20).fill('bad-event'), 'bad-event']);
  });

  it('components nested 50,000 deep: one warning, the excess skipped, the event still read', () => {
    const text = calendar([
      'BEGIN:VEVENT',
      'UID:deep',
      'DTSTART:20260310T090000Z',
      ...Array<string>(50_000).fill('BEGIN:VALARM'),
      'DTEND:20260310T120000Z',
      ...Array<string>(50_000).fill('END:VALARM'),
      'DURATION:PT1H',
      'END:VEVENT',
      ...ev('UID:next', 'DTSTART:20260310T100000Z'),
    ]);
    const r = timed('50,000 nested VALARMs', text, ...DAY);
    expect(r.occurrences.map((o) => `${o.uid} ${spans([o])[0]}`)).toEqual(['deep 2026-03-10T09:00:00Z/2026-03-10T10:00:00Z', 'next 2026-03-10T10:00:00Z/2026-03-10T10:00:00Z']);
    expect(r.warnings.map((w) => [w.kind, w.message])).toEqual([['nesting', `line ${lineOf(text, 'BEGIN:VALARM') + 30}: components nest more than 32 deep (BEGIN:VALARM); the deeper ones are skipped`]]);
  });

  it('unterminated deep nesting names at most a few of the open components', () => {
    const r = timed('50,000 open X-FOO', calendar(['BEGIN:VEVENT', 'UID:open', 'DTSTART:20260310T090000Z', ...Array<string>(50_000).fill(`BEGIN:X-${'FOO'.repeat(100)}`), 'END:VEVENT']), ...DAY);
    expect(starts(r)).toEqual(['2026-03-10T09:00:00Z']);
    expect(r.warnings.map((w) => w.kind)).toEqual(['nesting', 'nesting']);
    for (const w of r.warnings) expect(w.message.length).toBeLessThan(400);
  });

  it('a 3 MB file of 150,000 junk lines', () => {
    const junk = Array.from({ length: 150_000 }, (_, i) => `junk line ${i} ${'x'.repeat(8)}`);
    const r = timed('150,000 junk lines', calendar([...junk, ...ev('UID:real', 'DTSTART:20260310T090000Z'), ...ev('UID:inside', 'DTSTART:20260310T100000Z', ...junk.slice(0, 1000))]), ...DAY);
    expect(starts(r)).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T10:00:00Z']);
    expect(r.warnings).toHaveLength(21);
    expect(r.warnings[20]).toEqual({ calendar: 'test.ics', kind: 'bad-line', message: '... and 150980 more warnings like these (bad-line; 151000 in all)' });
  });
});

describe('warnings are bounded at the source and each has a kind (item 5)', () => {
  it('the first 20 of each kind, then one that counts the rest', () => {
    const events = Array.from({ length: 100 }, (_, i) => ev(`UID:z${i}`, `DTSTART;TZID=Nowhere/Zone${i}:20260310T090000`, `DTEND:2026031XT1${i % 10}0000`)).flat();
    const r = read(ics(...events), ...DAY);
    expect(r.occurrences).toHaveLength(100);
    expect(r.warnings).toHaveLength(42);
    const byKind = (k: string) => r.warnings.filter((w) => w.kind === k).map((w) => w.message);
    expect(byKind('unknown-zone')).toHaveLength(21);
    expect(byKind('unknown-zone')[0]).toMatch(/^unknown time zone "Nowhere\/Zone0"/);
    expect(byKind('unknown-zone')[20]).toBe('... and 80 more warnings like these (unknown-zone; 100 in all)');
    expect(byKind('bad-property')).toHaveLength(21);
    expect(byKind('bad-property')[20]).toBe('... and 80 more warnings like these (bad-property; 100 in all)');
    // The counts come last, after every warning kept.
    expect(r.warnings.slice(-2).every((w) => w.message.startsWith('...'))).toBe(true);
  });

  it('every warning of a damaged file has a kind', () => {
    const r = read(
      ics(
        'not a line',
        ...ev('UID:a', 'DTSTART;TZID=Mars/Olympus:20260310T090000', 'this line has no colon', 'RRULE:FREQ=DAILY;COUNT=-1'),
        ...ev('UID:a', 'RECURRENCE-ID:20260310T090000Z', 'DTSTART:20260310T100000Z'),
        ...ev('UID:a', 'RECURRENCE-ID:20260310T090000Z', 'DTSTART:20260310T110000Z'),
        ...ev('UID:b', 'DTSTART:20260310T090000Z', 'SEQUENCE:1'),
        ...ev('UID:b', 'DTSTART:20260310T100000Z', 'SEQUENCE:2'),
        ...ev('UID:c', 'DTSTART:garbage'),
        ...ev('UID:d', 'DTSTART:20260310T090000Z', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'),
        'END:VFOO',
      ),
      ...DAY,
    );
    expect(new Set(kinds(r))).toEqual(new Set(['bad-line', 'nesting', 'unknown-zone', 'bad-property', 'duplicate-override', 'old-version']));
  });
});

describe('overrides sharing a RECURRENCE-ID cannot bypass the cap (item 6)', () => {
  const master = ev('UID:s', 'SUMMARY:Series', 'DTSTART:20260310T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY');

  it('50,000 overrides of one instance count once: the last in the file, one warning with the count', () => {
    const overrides = Array.from({ length: 50_000 }, (_, i) => ev('UID:s', 'RECURRENCE-ID:20260311T090000Z', `DTSTART:20260311T${String(10 + (i % 10)).padStart(2, '0')}0000Z`, `SUMMARY:Moved ${i}`)).flat();
    const r = timed('50,000 overrides of one instance', calendar([...master, ...overrides]), '2026-03-10T00:00:00Z', '2026-03-13T00:00:00Z');
    expect(r.occurrences.map((o) => `${iso(o.start)} ${o.summary}`)).toEqual(['2026-03-10T09:00:00Z Series', '2026-03-11T19:00:00Z Moved 49999', '2026-03-12T09:00:00Z Series']);
    expect(r.warnings.map((w) => [w.kind, w.message])).toEqual([
      ['duplicate-override', expect.stringMatching(/^event "s" \(line \d+\): 49999 overrides of an instance that another override of the same UID also modifies \(same RECURRENCE-ID\); only the newest of each instance is used/)],
    ]);
  });

  it('the highest SEQUENCE wins over the file order; a RECURRENCE-ID written another way is the same instance', () => {
    const r = read(
      ics(
        ...master,
        ...ev('UID:s', 'RECURRENCE-ID:20260311T090000Z', 'SEQUENCE:2', 'DTSTART:20260311T100000Z', 'SUMMARY:Sequence 2'),
        ...ev('UID:s', 'RECURRENCE-ID:20260311T090000Z', 'SEQUENCE:5', 'DTSTART:20260311T110000Z', 'SUMMARY:Sequence 5'),
        ...ev('UID:s', 'RECURRENCE-ID:20260311T090000Z', 'SEQUENCE:1', 'DTSTART:20260311T120000Z', 'SUMMARY:Sequence 1'),
        ...ev('UID:s', 'RECURRENCE-ID;TZID=Europe/Berlin:20260312T100000', 'DTSTART:20260312T130000Z', 'SUMMARY:Berlin'),
        ...ev('UID:s', 'RECURRENCE-ID:20260312T090000Z', 'DTSTART:20260312T140000Z', 'SUMMARY:UTC'),
      ),
      '2026-03-10T00:00:00Z',
      '2026-03-13T00:00:00Z',
    );
    expect(r.occurrences.map((o) => `${iso(o.start)} ${o.summary}`)).toEqual(['2026-03-10T09:00:00Z Series', '2026-03-11T11:00:00Z Sequence 5', '2026-03-12T14:00:00Z UTC']);
    expect(r.warnings.map((w) => w.kind)).toEqual(['duplicate-override', 'duplicate-override']);
    expect(r.warnings[1]!.message).toMatch(/: 1 override of an instance that another override also modifies \(the same RECURRENCE-ID, written differently\)/);
  });

  it('overrides count towards the series cap', () => {
    // Two instances of April moved into the window, with a cap of 3: of the five candidates
    // (10, 11, 12 March at 09:00 and 10, 11 March at 15:00) the first three are listed.
    const r = read(
      ics(
        ...master,
        ...ev('UID:s', 'RECURRENCE-ID:20260401T090000Z', 'DTSTART:20260310T150000Z', 'DURATION:PT1H', 'SUMMARY:From April'),
        ...ev('UID:s', 'RECURRENCE-ID:20260402T090000Z', 'DTSTART:20260311T150000Z', 'DURATION:PT1H', 'SUMMARY:From April'),
      ),
      '2026-03-10T00:00:00Z',
      '2026-03-20T00:00:00Z',
      { maxOccurrencesPerSeries: 3 },
    );
    expect(starts(r)).toEqual(['2026-03-10T09:00:00Z', '2026-03-10T15:00:00Z', '2026-03-11T09:00:00Z']);
    expect(unknownSpans(r)).toEqual(['s 2026-03-11T10:00:00Z/2026-03-20T00:00:00Z']);
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/more than 3 occurrences in the window; only the first 3 are listed, and its time from 2026-03-11T10:00:00Z to 2026-03-20T00:00:00Z is treated as busy$/)]);
  });
});

describe('the cap warning states the number really listed (item 7)', () => {
  it('instances removed by EXDATE after the cap are not counted as listed', () => {
    const r = read(
      ics(...ev('UID:x', 'SUMMARY:Hourly', 'DTSTART:20260310T000000Z', 'DURATION:PT15M', 'RRULE:FREQ=HOURLY', 'EXDATE:20260310T010000Z,20260310T030000Z')),
      ...DAY,
      { maxOccurrencesPerSeries: 5 },
    );
    expect(starts(r)).toEqual(['2026-03-10T00:00:00Z', '2026-03-10T02:00:00Z', '2026-03-10T04:00:00Z']);
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/more than 5 occurrences in the window; only the first 3 are listed, and its time from 2026-03-10T04:15:00Z to 2026-03-11T00:00:00Z is treated as busy$/)]);
  });

  it('and with the default cap: 10,000 seconds less the 240 an EXDATE list removes', () => {
    const exdates = Array.from({ length: 240 }, (_, i) => `EXDATE:${new Date(at('2026-03-10T01:00:00Z') + i * 1000).toISOString().replace(/[-:]|\.000/g, '')}`);
    const r = read(ics(...ev('UID:tick', 'SUMMARY:Tick', 'DTSTART:20260310T000000Z', 'RRULE:FREQ=SECONDLY', ...exdates)), ...DAY);
    expect(r.occurrences).toHaveLength(9_760);
    expect(r.removed).toHaveLength(240);
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/more than 10000 occurrences in the window; only the first 9760 are listed,/)]);
  });
});

describe('caps for all series of a calendar together', () => {
  it('occurrences: once the calendar has listed its share, later series are cut short and unknown', () => {
    const series = (n: number) => ev(`UID:s${n}`, `SUMMARY:Series ${n}`, 'DTSTART:20260310T000000Z', 'DURATION:PT15M', 'RRULE:FREQ=HOURLY');
    const text = ics(...series(1), ...series(2), ...series(3), ...series(4), ...ev('UID:single', 'DTSTART:20260310T120000Z'));
    const r = read(text, ...DAY, { maxOccurrencesPerSeries: 10, maxOccurrencesPerCalendar: 25 });
    // 10 + 10 + 5 + 0 of the series, and the single event, which does not count.
    expect(['s1', 's2', 's3', 's4', 'single'].map((u) => ofUid(r, u).length)).toEqual([10, 10, 5, 0, 1]);
    expect(unknownSpans(r)).toEqual([
      's4 2026-03-10T00:00:00Z/2026-03-11T00:00:00Z',
      's3 2026-03-10T04:15:00Z/2026-03-11T00:00:00Z',
      's1 2026-03-10T09:15:00Z/2026-03-11T00:00:00Z',
      's2 2026-03-10T09:15:00Z/2026-03-11T00:00:00Z',
    ]);
    expect(r.unknown!.find((u) => u.uid === 's3')!.reason).toMatch(/^"Series 3" \(event "s3" line \d+\) is not expanded past 5 occurrences: its calendar has listed 25 occurrences of series, the most it may; the rest of its span is treated as busy$/);
    expect(r.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/"s1" .*: more than 10 occurrences in the window; only the first 10 are listed, and its time from 2026-03-10T09:15:00Z/),
      expect.stringMatching(/"s2" .*: more than 10 occurrences in the window; only the first 10 are listed/),
      expect.stringMatching(/"s3" .*: its calendar has listed 25 occurrences of series, the most it may, so only the first 5 are listed, and its time from 2026-03-10T04:15:00Z to 2026-03-11T00:00:00Z is treated as busy$/),
      expect.stringMatching(/"s4" .*: its calendar has listed 25 occurrences of series, the most it may, so only the first 0 are listed/),
    ]);
  });

  it('steps: once the calendar has spent its steps, later series are not expanded and are unknown', () => {
    const series = (n: number) => ev(`UID:s${n}`, `SUMMARY:Series ${n}`, 'DTSTART:20200101T000000Z', 'DURATION:PT1S', 'RRULE:FREQ=SECONDLY;BYMINUTE=0');
    const r = read(ics(...series(1), ...series(2), ...series(3), ...series(4)), ...DAY, { maxStepsPerSeries: 5000, maxStepsPerCalendar: 12_000 });
    expect(r.occurrences).toEqual([]);
    expect(unknownSpans(r)).toEqual(['s1', 's2', 's3', 's4'].map((s) => `${s} 2026-03-10T00:00:00Z/2026-03-11T00:00:00Z`));
    expect(r.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/"s1" .*: its recurrence rule needs more than 5000 steps to reach the window; expansion stopped, and its time/),
      expect.stringMatching(/"s2" .*: its recurrence rule needs more than 5000 steps/),
      // 2,000 steps were left for the third, none for the fourth.
      expect.stringMatching(/"s3" .*: its calendar has used the 12000 recurrence steps it may; expansion stopped, and its time/),
      expect.stringMatching(/"s4" .*: its calendar has used the 12000 recurrence steps it may; expansion stopped, and its time/),
    ]);
  });

  it('200 series of every second in 20 KB list 200,000 occurrences, not 2,000,000', () => {
    const text = ics(...Array.from({ length: 200 }, (_, i) => ev(`UID:e${i}`, 'DTSTART:20260310T000000Z', 'RRULE:FREQ=SECONDLY')).flat());
    const r = timed('200 SECONDLY series', text, ...DAY);
    expect(r.occurrences.length).toBe(200_000 + Math.floor(text.length / 64));
    expect(r.unknown).toHaveLength(200);
    expect(r.warnings).toHaveLength(21);
  });
});

describe('far dates cost what near ones do', () => {
  it('an instant in 9999 next to one in 2026 does not tabulate the 8,000 years between (24 s before)', () => {
    const text = ics(
      ...ev('UID:x', 'DTSTART;TZID=Europe/Berlin:20260301T090000', 'RRULE:FREQ=DAILY', 'EXDATE;TZID=America/New_York:99990101T000000,00010101T000000'),
      ...ev('UID:x', 'RECURRENCE-ID;TZID=Asia/Tokyo:99991231T090000', 'DTSTART;TZID=Europe/Berlin:20260310T090000'),
    );
    const r = timed('years 1, 2026 and 9999', text, ...DAY);
    // The override names an instance in 9999 that the series does not have: both are listed.
    expect(r.occurrences.map((o) => `${iso(o.start)} ${o.recurrenceId}`)).toEqual(['2026-03-10T08:00:00Z 2026-03-10T08:00:00Z', '2026-03-10T08:00:00Z 9999-12-31T00:00:00Z']);
  });

  it('years after 2099 repeat the rule of a year with the same weekdays; years before 1900 keep their 1 January offset', () => {
    const zone = ianaZone('America/Sao_Paulo')!;
    const ny = ianaZone('America/New_York')!;
    const platform = (name: string, ms: number): number => {
      const p = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' }).formatToParts(new Date(ms)).find((x) => x.type === 'timeZoneName')!.value;
      const m = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(p)!;
      return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
    };
    for (const year of [2100, 2345, 9999]) {
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 6 * 3_600_000) {
        expect(ny.offsetMs(t), `${new Date(t).toISOString()}`).toBe(platform('America/New_York', t));
      }
    }
    expect(zone.offsetMs(Date.UTC(1800, 6, 1))).toBe(zone.offsetMs(Date.UTC(1800, 0, 1)));
  });
});
