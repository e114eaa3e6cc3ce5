// The reader on small hand-written calendars: value forms, all-day events, recurrence,
// busy rules, text encodings, damaged input and hostile recurrences.
import { describe, expect, it } from 'vitest';
import { decodeCalendarBytes } from '../../../src/core/calendar/decode.js';
import { readCalendarText } from '../../../src/core/calendar/read.js';
import { ev, ics, iso, read, spans, starts, warnings } from './helpers.js';

describe('value forms', () => {
  it('reads UTC, floating (X-WR-TIMEZONE, else the user zone) and DURATION', () => {
    const utc = ics(...ev('UID:u', 'DTSTART:20260310T150000Z', 'DTEND:20260310T153000Z'));
    expect(spans(read(utc, '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z'))).toEqual(['2026-03-10T15:00:00Z/2026-03-10T15:30:00Z']);
    const floating = ics(...ev('UID:f', 'DTSTART:20260310T090000', 'DURATION:PT45M'));
    expect(spans(read(floating, '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z', { userZone: 'Asia/Kolkata' }))).toEqual(['2026-03-10T03:30:00Z/2026-03-10T04:15:00Z']);
    const wr = ics('X-WR-TIMEZONE:Europe/London', ...ev('UID:w', 'DTSTART:20260710T090000', 'DURATION:PT45M'));
    expect(starts(read(wr, '2026-07-10T00:00:00Z', '2026-07-11T00:00:00Z', { userZone: 'Asia/Kolkata' }))).toEqual(['2026-07-10T08:00:00Z']);
  });

  it('treats a DURATION in days as nominal: the same wall time the next day, across DST', () => {
    const text = ics(...ev('UID:d', 'DTSTART;TZID=America/New_York:20260307T120000', 'DURATION:P1D'));
    expect(spans(read(text, '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z'))).toEqual(['2026-03-07T17:00:00Z/2026-03-08T16:00:00Z']);
  });

  it('lets a TZID win over a trailing Z, and gives a floating end the zone of the start', () => {
    const text = ics(
      ...ev('UID:gz', 'DTSTART;TZID=America/New_York:20211222T170000Z', 'DTEND;TZID=America/New_York:20211222T180000Z'),
      ...ev('UID:mix', 'DTSTART;TZID=Europe/Berlin:20211222T120000', 'DTEND:20211222T130000'),
    );
    expect(spans(read(text, '2021-12-22T00:00:00Z', '2021-12-23T00:00:00Z'))).toEqual(['2021-12-22T11:00:00Z/2021-12-22T12:00:00Z', '2021-12-22T22:00:00Z/2021-12-22T23:00:00Z']);
  });
});

describe('all-day events span the user local days', () => {
  const text = ics(
    ...ev('UID:one', 'DTSTART;VALUE=DATE:20260313', 'DTEND;VALUE=DATE:20260314', 'SUMMARY:Leave'),
    ...ev('UID:multi', 'DTSTART;VALUE=DATE:20260316', 'DTEND;VALUE=DATE:20260319'),
    ...ev('UID:noend', 'DTSTART;VALUE=DATE:20260320'),
  );
  it('in New York', () => {
    const r = read(text, '2026-03-12T00:00:00Z', '2026-03-25T00:00:00Z', { userZone: 'America/New_York' });
    expect(r.occurrences.map((o) => [o.uid, o.startDate, o.endDate, o.allDay])).toEqual([
      ['one', '2026-03-13', '2026-03-14', true],
      ['multi', '2026-03-16', '2026-03-19', true],
      ['noend', '2026-03-20', '2026-03-21', true],
    ]);
    expect(iso(r.occurrences[0]!.start)).toBe('2026-03-13T04:00:00Z');
    expect(iso(r.occurrences[1]!.end)).toBe('2026-03-19T04:00:00Z');
  });
  it('in Kolkata (a half-hour zone)', () => {
    const r = read(text, '2026-03-12T00:00:00Z', '2026-03-14T00:00:00Z', { userZone: 'Asia/Kolkata' });
    expect(spans(r)).toEqual(['2026-03-12T18:30:00Z/2026-03-13T18:30:00Z']);
  });
});

describe('recurrence', () => {
  const win = (text: string, from: string, to: string) => starts(read(ics(...ev('UID:r', 'DURATION:PT1H', ...text.split('|'))), from, to));

  it('COUNT and UNTIL (UTC and DATE forms) include the last instance', () => {
    expect(win('DTSTART:20260302T100000Z|RRULE:FREQ=DAILY;COUNT=3', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual(['2026-03-02T10:00:00Z', '2026-03-03T10:00:00Z', '2026-03-04T10:00:00Z']);
    expect(win('DTSTART;TZID=America/New_York:20260302T100000|RRULE:FREQ=DAILY;UNTIL=20260304T150000Z', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toHaveLength(3);
    expect(win('DTSTART;TZID=America/New_York:20260302T100000|RRULE:FREQ=DAILY;UNTIL=20260304', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toHaveLength(3);
  });

  it('BYDAY with ordinals, BYMONTHDAY (31 skips short months, -1), INTERVAL', () => {
    expect(win('DTSTART:20260113T100000Z|RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=3', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual(['2026-01-13T10:00:00Z', '2026-02-10T10:00:00Z', '2026-03-10T10:00:00Z']);
    expect(win('DTSTART:20260130T100000Z|RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=2', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual(['2026-01-30T10:00:00Z', '2026-02-27T10:00:00Z']);
    expect(win('DTSTART:20260131T100000Z|RRULE:FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual(['2026-01-31T10:00:00Z', '2026-03-31T10:00:00Z', '2026-05-31T10:00:00Z']);
    expect(win('DTSTART:20260131T100000Z|RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual(['2026-01-31T10:00:00Z', '2026-02-28T10:00:00Z', '2026-03-31T10:00:00Z']);
    expect(win('DTSTART:20260302T100000Z|RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=4', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual(['2026-03-02T10:00:00Z', '2026-03-05T10:00:00Z', '2026-03-16T10:00:00Z', '2026-03-19T10:00:00Z']);
  });

  it('BYSETPOS, also on WEEKLY where ical.js ignores it, and COUNT after BYMONTH (ical.js miscounts)', () => {
    expect(win('DTSTART:20260130T100000Z|RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual(['2026-01-30T10:00:00Z', '2026-02-27T10:00:00Z', '2026-03-31T10:00:00Z']);
    expect(win('DTSTART:20260304T100000Z|RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;BYSETPOS=2;COUNT=2', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual(['2026-03-04T10:00:00Z', '2026-03-11T10:00:00Z']);
    expect(win('DTSTART:20230920T120000Z|RRULE:FREQ=MONTHLY;COUNT=9;BYDAY=3WE;BYMONTH=1,2,3,4,5,9,10,11,12', '2023-09-01T00:00:00Z', '2024-09-01T00:00:00Z')).toHaveLength(9);
  });

  it('RDATE (also PERIOD) and EXDATE in every zone form', () => {
    const text = ics(
      ...ev(
        'UID:x',
        'DTSTART;TZID=America/New_York:20260302T100000',
        'DTEND;TZID=America/New_York:20260302T110000',
        'RRULE:FREQ=DAILY;COUNT=6',
        'EXDATE;TZID=America/New_York:20260303T100000',
        'EXDATE:20260304T150000Z',
        'EXDATE:20260305T100000',
        'RDATE;VALUE=PERIOD:20260310T180000Z/PT3H',
        'RDATE;TZID=Europe/London:20260311T090000',
      ),
      ...ev('UID:y', 'DTSTART;TZID=America/New_York:20260302T080000', 'DURATION:PT30M', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE;VALUE=DATE:20260303'),
    );
    const r = read(text, '2026-03-01T00:00:00Z', '2026-03-20T00:00:00Z');
    expect(spans(r).filter((_, i) => r.occurrences[i]!.uid === 'x')).toEqual([
      '2026-03-02T15:00:00Z/2026-03-02T16:00:00Z',
      '2026-03-06T15:00:00Z/2026-03-06T16:00:00Z',
      '2026-03-07T15:00:00Z/2026-03-07T16:00:00Z',
      '2026-03-10T18:00:00Z/2026-03-10T21:00:00Z',
      '2026-03-11T09:00:00Z/2026-03-11T10:00:00Z',
    ]);
    expect(starts(r).filter((_, i) => r.occurrences[i]!.uid === 'y')).toEqual(['2026-03-02T13:00:00Z', '2026-03-04T13:00:00Z']);
  });

  it('RECURRENCE-ID overrides move instances into and out of the window and cancel one', () => {
    const text = ics(
      ...ev('UID:s', 'DTSTART:20260302T100000Z', 'DTEND:20260302T110000Z', 'RRULE:FREQ=WEEKLY;COUNT=5', 'SUMMARY:Weekly'),
      ...ev('UID:s', 'RECURRENCE-ID:20260309T100000Z', 'DTSTART:20260320T100000Z', 'DTEND:20260320T110000Z', 'SUMMARY:Moved out'),
      ...ev('UID:s', 'RECURRENCE-ID:20260330T100000Z', 'DTSTART:20260311T100000Z', 'DTEND:20260311T110000Z', 'SUMMARY:Moved in'),
      ...ev('UID:s', 'RECURRENCE-ID:20260316T100000Z', 'DTSTART:20260316T100000Z', 'DTEND:20260316T110000Z', 'STATUS:CANCELLED', 'SUMMARY:Cancelled'),
    );
    const r = read(text, '2026-03-01T00:00:00Z', '2026-03-18T00:00:00Z');
    expect(r.occurrences.map((o) => [iso(o.start), o.summary, o.status, o.busy, o.recurrenceId])).toEqual([
      ['2026-03-02T10:00:00Z', 'Weekly', 'CONFIRMED', true, '2026-03-02T10:00:00Z'],
      ['2026-03-11T10:00:00Z', 'Moved in', 'CONFIRMED', true, '2026-03-30T10:00:00Z'],
      ['2026-03-16T10:00:00Z', 'Cancelled', 'CANCELLED', false, '2026-03-16T10:00:00Z'],
    ]);
  });

  it('RANGE=THISANDFUTURE shifts every later instance', () => {
    const text = ics(
      ...ev('UID:t', 'DTSTART:20260302T100000Z', 'DTEND:20260302T110000Z', 'RRULE:FREQ=DAILY;COUNT=5'),
      ...ev('UID:t', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20260304T100000Z', 'DTSTART:20260304T140000Z', 'DTEND:20260304T143000Z'),
    );
    expect(spans(read(text, '2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z'))).toEqual([
      '2026-03-02T10:00:00Z/2026-03-02T11:00:00Z',
      '2026-03-03T10:00:00Z/2026-03-03T11:00:00Z',
      '2026-03-04T14:00:00Z/2026-03-04T14:30:00Z',
      '2026-03-05T14:00:00Z/2026-03-05T14:30:00Z',
      '2026-03-06T14:00:00Z/2026-03-06T14:30:00Z',
    ]);
  });

  it('keeps the newest version of a UID and drops an override its newer master EXDATEs', () => {
    const text = ics(
      ...ev('UID:v', 'SEQUENCE:1', 'DTSTART:20260302T090000Z', 'DURATION:PT1H', 'SUMMARY:Old'),
      ...ev('UID:v', 'SEQUENCE:2', 'DTSTART:20260302T100000Z', 'DURATION:PT1H', 'SUMMARY:New'),
      ...ev('UID:w', 'SEQUENCE:3', 'DTSTART:20260302T120000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=3', 'EXDATE:20260303T120000Z'),
      ...ev('UID:w', 'SEQUENCE:2', 'RECURRENCE-ID:20260303T120000Z', 'DTSTART:20260303T150000Z', 'DURATION:PT1H'),
    );
    const r = read(text, '2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z');
    expect(r.occurrences.map((o) => `${o.uid} ${iso(o.start)} ${o.summary}`)).toEqual(['v 2026-03-02T10:00:00Z New', 'w 2026-03-02T12:00:00Z ', 'w 2026-03-04T12:00:00Z ']);
  });
});

describe('busy or not', () => {
  const text = ics(
    ...ev('UID:cancel', 'DTSTART:20260310T090000Z', 'DURATION:PT1H', 'STATUS:CANCELLED'),
    ...ev('UID:transp', 'DTSTART:20260310T100000Z', 'DURATION:PT1H', 'TRANSP:TRANSPARENT'),
    ...ev('UID:free', 'DTSTART:20260310T110000Z', 'DURATION:PT1H', 'X-MICROSOFT-CDO-BUSYSTATUS:FREE'),
    ...ev('UID:declined', 'DTSTART:20260310T120000Z', 'DURATION:PT1H', 'ATTENDEE;PARTSTAT=DECLINED:mailto:Dana@Example.com'),
    ...ev('UID:other-declined', 'DTSTART:20260310T130000Z', 'DURATION:PT1H', 'ATTENDEE;PARTSTAT=DECLINED:mailto:someone@else.example', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:dana@example.com'),
    ...ev('UID:tentative', 'DTSTART:20260310T140000Z', 'DURATION:PT1H', 'STATUS:TENTATIVE'),
    ...ev('UID:plain', 'DTSTART:20260310T150000Z', 'DURATION:PT1H'),
  );
  const busy = (tentativeIsBusy: boolean) =>
    Object.fromEntries(read(text, '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z', { myAddresses: ['dana@example.com'], tentativeIsBusy }).occurrences.map((o) => [o.uid, o.busy]));
  it('follows status, transparency, Outlook busy status and the user reply', () => {
    expect(busy(true)).toEqual({ cancel: false, transp: false, free: false, declined: false, 'other-declined': true, tentative: true, plain: true });
  });
  it('frees tentative events when tentative_is_busy is false', () => {
    expect(busy(false).tentative).toBe(false);
  });
});

describe('several calendars', () => {
  it('keeps each occurrence source', () => {
    const a = readCalendarText(ics(...ev('UID:a', 'DTSTART:20260310T090000Z', 'DURATION:PT1H')), 'work.ics', { window: { start: Date.parse('2026-03-10'), end: Date.parse('2026-03-11') }, userZone: 'UTC', myAddresses: [], tentativeIsBusy: true });
    const b = readCalendarText(ics(...ev('UID:b', 'DTSTART:20260310T090000Z', 'DURATION:PT1H')), 'https://example.com/b.ics', { window: { start: Date.parse('2026-03-10'), end: Date.parse('2026-03-11') }, userZone: 'UTC', myAddresses: [], tentativeIsBusy: true });
    expect([a.occurrences[0]!.calendar, b.occurrences[0]!.calendar]).toEqual(['work.ics', 'https://example.com/b.ics']);
  });
});

describe('exact copies', () => {
  // An event exported twice (same UID, times, title, status and instance) is listed once;
  // events that share a start but differ in any of these are all listed.
  const copy = (uid: string, start: string, summary: string, status = 'CONFIRMED'): string[] =>
    ev(`UID:${uid}`, `DTSTART:${start}`, 'DURATION:PT1H', `SUMMARY:${summary}`, `STATUS:${status}`);
  it('lists each copy once, wherever the copies stand among events of the same start', () => {
    const r = read(
      ics(
        ...copy('alone', '20260310T080000Z', 'Alone'),
        ...copy('a', '20260310T090000Z', 'Twice'),
        ...copy('a', '20260310T090000Z', 'Twice'),
        ...copy('b', '20260310T090000Z', 'Other'),
        ...copy('a', '20260310T090000Z', 'Twice'),
        ...copy('c', '20260310T100000Z', 'Same start, other title'),
        ...copy('c', '20260310T100000Z', 'Same start, another title'),
        ...copy('d', '20260310T110000Z', 'Status differs'),
        ...copy('d', '20260310T110000Z', 'Status differs', 'TENTATIVE'),
        ...copy('e', '20260310T120000Z', 'Last, twice'),
        ...copy('e', '20260310T120000Z', 'Last, twice'),
      ),
      '2026-03-10',
      '2026-03-11',
    );
    expect(r.occurrences.map((o) => `${iso(o.start).slice(11, 16)} ${o.uid} ${o.summary} ${o.status}`).sort()).toEqual([
      '08:00 alone Alone CONFIRMED',
      '09:00 a Twice CONFIRMED',
      '09:00 b Other CONFIRMED',
      '10:00 c Same start, another title CONFIRMED',
      '10:00 c Same start, other title CONFIRMED',
      '11:00 d Status differs CONFIRMED',
      '11:00 d Status differs TENTATIVE',
      '12:00 e Last, twice CONFIRMED',
    ]);
  });
  it('compares only events of the same start', () => {
    // One UID for two events (an exporter that reuses UIDs), same end and title, other starts.
    const r = read(
      ics(
        ...ev('UID:x', 'DTSTART:20260310T090000Z', 'DTEND:20260310T110000Z', 'SUMMARY:Reused'),
        ...ev('UID:y', 'DTSTART:20260310T090000Z', 'DTEND:20260310T093000Z', 'SUMMARY:Beside'),
        ...ev('UID:x', 'DTSTART:20260310T100000Z', 'DTEND:20260310T110000Z', 'SUMMARY:Reused'),
        ...ev('UID:z', 'DTSTART:20260310T100000Z', 'DTEND:20260310T103000Z', 'SUMMARY:Beside'),
      ),
      '2026-03-10',
      '2026-03-11',
    );
    expect(r.occurrences.map((o) => `${iso(o.start).slice(11, 16)} ${o.uid}`).sort()).toEqual(['09:00 x', '09:00 y', '10:00 x', '10:00 z']);
  });
  it('keeps two instances of a series that an override moved onto the same start', () => {
    const r = read(
      ics(
        ...ev('UID:s', 'DTSTART:20260309T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=3', 'SUMMARY:Daily'),
        ...ev('UID:s', 'RECURRENCE-ID:20260311T090000Z', 'DTSTART:20260310T090000Z', 'DURATION:PT1H', 'SUMMARY:Daily'),
      ),
      '2026-03-10',
      '2026-03-11',
    );
    expect(r.occurrences.map((o) => `${iso(o.start)} ${o.recurrenceId}`)).toEqual(['2026-03-10T09:00:00Z 2026-03-10T09:00:00Z', '2026-03-10T09:00:00Z 2026-03-11T09:00:00Z']);
  });
});

describe('text encodings and line forms', () => {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:enc', 'DTSTART:20260310T090000Z', 'DURATION:PT1H', 'SUMMARY:Réunion café ☕ avec l', ' ’équipe 🎉', 'LOCATION:Zürich\\, Raum 3', 'END:VEVENT', 'END:VCALENDAR'];
  const expectSummary = (text: string) => {
    const r = read(text, '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z');
    expect(r.occurrences[0]?.summary).toBe('Réunion café ☕ avec l’équipe 🎉');
    expect(r.occurrences[0]?.location).toBe('Zürich, Raum 3');
  };
  it('reads CRLF, LF, a BOM, folded lines (also tab-folded)', () => {
    expectSummary(lines.join('\r\n'));
    expectSummary(lines.join('\n'));
    expectSummary(`\uFEFF${lines.join('\r\n')}`);
    expectSummary(lines.join('\r\n').replace('SUMMARY:Réunion', 'SUMMARY:Réu\r\n\tnion'));
  });
  it('decodes UTF-16 with a BOM and Latin-1 bytes', () => {
    const text = lines.join('\r\n');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeCalendarBytes(utf16)).toEqual({ text, note: null });
    const latin1 = Buffer.from('SUMMARY:caf\xe9', 'latin1');
    const d = decodeCalendarBytes(latin1);
    expect(d.text).toBe('SUMMARY:café');
    expect(d.note).toContain('not valid UTF-8');
  });
});

describe('damaged input', () => {
  it('reads the other events when one VEVENT is broken, naming line and UID', () => {
    const text = ics(
      ...ev('UID:ok1', 'DTSTART:20260310T090000Z', 'DURATION:PT1H'),
      ...ev('UID:bad-date', 'DTSTART:2026-03-10 nine', 'DURATION:PT1H'),
      ...ev('UID:no-start', 'SUMMARY:No start'),
      ...ev('UID:junk', 'DTSTART:20260310T110000Z', 'DURATION:PT1H', 'this line has no colon'),
      'BEGIN:VEVENT',
      'UID:no-end',
      'DTSTART:20260310T120000Z',
      ...ev('UID:ok2', 'DTSTART:20260310T130000Z', 'DURATION:PT1H'),
    );
    const r = read(text, '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z');
    expect(r.occurrences.map((o) => o.uid)).toEqual(['ok1', 'junk', 'no-end', 'ok2']);
    const w = warnings(r);
    expect(w).toMatch(/"bad-date" \(line 9\).*DTSTART has an invalid value/);
    expect(w).toMatch(/"no-start" \(line 14\) has no DTSTART/);
    expect(w).toMatch(/"junk" \(line 18\): line 22 is not a property/);
    expect(w).toMatch(/line 24: BEGIN:VEVENT has no END:VEVENT/);
    expect(r.error).toBeNull();
  });
  it('reads DTEND before DTSTART the other way round, with a warning', () => {
    const r = read(ics(...ev('UID:swap', 'DTSTART:20260310T100000Z', 'DTEND:20260310T090000Z')), '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z');
    expect(spans(r)).toEqual(['2026-03-10T09:00:00Z/2026-03-10T10:00:00Z']);
    expect(warnings(r)).toContain('DTEND is before DTSTART');
  });
  it('refuses empty and non-calendar text with one line', () => {
    expect(read('', '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z').error).toBe('the file is empty');
    const r = read('Dear Dana,\nsee you soon\n', '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z');
    expect(r.error).toMatch(/^not an iCalendar file \(line 1 is "Dear Dana,"/);
    expect(r.error).not.toContain('\n');
  });
});

describe('an RRULE part given twice (RFC 5545 forbids it)', () => {
  // ical.js, which expands the rule, takes the last of a repeated part; the reader's own
  // look at UNTIL and COUNT (to skip ended series unread) must take the same one.
  const series = (rule: string): string =>
    ics(...ev('UID:d', 'DTSTART:20260101T090000Z', 'DURATION:PT1H', `RRULE:${rule}`, 'SUMMARY:Daily'));
  it.each([
    ['FREQ=DAILY;UNTIL=20260105T000000Z;UNTIL=20261231T000000Z', 'UNTIL'],
    ['FREQ=DAILY;COUNT=3;COUNT=500', 'COUNT'],
    ['FREQ=DAILY;until=20251231T000000Z;UNTIL=20261231T000000Z;COUNT=2;COUNT=400', 'UNTIL and COUNT'],
  ])('%s is read by the last of each, with a warning', (rule, named) => {
    const r = read(series(rule), '2026-03-10', '2026-03-12');
    expect(starts(r)).toEqual(['2026-03-10T09:00:00Z', '2026-03-11T09:00:00Z']);
    expect(warnings(r)).toBe(`event "d" (line 4): RRULE on line 8 gives ${named} more than once; the last of each is used`);
  });
  it('ends a series whose last UNTIL is before the window, whatever the first says', () => {
    const r = read(series('FREQ=DAILY;UNTIL=20261231T000000Z;UNTIL=20260105T000000Z'), '2026-03-10', '2026-03-12');
    expect(r.occurrences).toEqual([]);
  });
});

describe('hostile recurrences finish and say so', () => {
  it('caps a SECONDLY rule at 10,000 occurrences in the window and names the event', () => {
    const r = read(ics(...ev('UID:sec', 'SUMMARY:Every second', 'DTSTART:20260310T000000Z', 'RRULE:FREQ=SECONDLY')), '2026-03-10T00:00:00Z', '2027-03-10T00:00:00Z');
    expect(r.occurrences).toHaveLength(10_000);
    expect(warnings(r)).toMatch(/"sec".*"Every second".*more than 10000 occurrences/);
  });
  it('handles COUNT=10000000 and UNTIL in 9999 inside the window only', () => {
    const r = read(ics(...ev('UID:c', 'DTSTART:20200101T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=10000000')), '2026-03-10T00:00:00Z', '2026-03-13T00:00:00Z');
    expect(starts(r)).toEqual(['2026-03-10T09:00:00Z', '2026-03-11T09:00:00Z', '2026-03-12T09:00:00Z']);
    const u = read(ics(...ev('UID:u', 'DTSTART:20200101T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;UNTIL=99991231T000000Z')), '2026-03-10T00:00:00Z', '2026-03-20T00:00:00Z');
    expect(starts(u)).toEqual(['2026-03-11T09:00:00Z', '2026-03-18T09:00:00Z']);
  });
  it('reads a daily series begun in 1970 with the right instances (COUNT kept exact after fast-forward)', () => {
    // Instance n falls on 1970-01-01 + 3n days; COUNT=N keeps n < N.
    const expected = (count: number) => {
      const out: string[] = [];
      for (let n = 0; n < count; n++) {
        const t = Date.UTC(1970, 0, 1, 9) + 3 * n * 86_400_000;
        if (t >= Date.parse('2019-03-01T00:00:00Z') && t < Date.parse('2019-04-01T00:00:00Z')) out.push(iso(t));
      }
      return out;
    };
    for (const count of [6000, 5990, 5985]) {
      const r = read(ics(...ev('UID:old', 'DTSTART:19700101T090000Z', 'DURATION:PT1H', `RRULE:FREQ=DAILY;INTERVAL=3;COUNT=${count}`)), '2019-03-01T00:00:00Z', '2019-04-01T00:00:00Z');
      expect(starts(r), `COUNT=${count}`).toEqual(expected(count));
    }
    expect(expected(6000)).toHaveLength(10);
    expect(expected(5985)).toHaveLength(0);
  });
  it('reads old monthly series in a late window (fast-forwarded, and BYMONTH where ical.js misses the first month)', () => {
    const monthly = read(ics(...ev('UID:m', 'DTSTART:20100112T100000Z', 'DURATION:PT1H', 'RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU')), '2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z');
    // Every second month from January 2010: January, March, May 2026.
    expect(starts(monthly)).toEqual(['2026-01-13T10:00:00Z', '2026-03-10T10:00:00Z', '2026-05-12T10:00:00Z']);
    const yearly = read(ics(...ev('UID:h', 'DTSTART;VALUE=DATE:17531028', 'RRULE:FREQ=MONTHLY;BYMONTH=10;BYDAY=-1SU')), '2002-08-22T00:00:00Z', '2003-08-22T00:00:00Z');
    expect(yearly.occurrences.map((o) => o.startDate)).toEqual(['2002-10-27']);
  });
  it('stops a rule that makes ical.js loop forever, with a warning naming it, and counts the window as unknown', () => {
    // The 5th Monday is never the 1st, but only walking the days shows it: ical.js's
    // next() loops. (BYMONTH=2;BYMONTHDAY=30 is refused up front: see hostile.test.ts.)
    const r = read(ics(...ev('UID:never', 'SUMMARY:Monday the 1st, 5th Monday', 'DTSTART:20260101T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;BYMONTHDAY=1;BYDAY=5MO')), '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', { maxStepsPerSeries: 2000 });
    expect(starts(r)).toEqual(['2026-01-01T09:00:00Z']);
    expect(warnings(r)).toMatch(/"never".*"Monday the 1st, 5th Monday".*more than 2000 steps/);
    // Expansion stopped in 2026: from there to the window end its time is unknown.
    expect(r.unknown).toHaveLength(1);
    expect(r.unknown![0]!.end).toBe(Date.parse('2027-01-01T00:00:00Z'));
  });
});

describe('skipping events far from the window before parsing them', () => {
  it('keeps events that reach the window from the zones farthest east and west, and long ones begun long before', () => {
    const text = ics(
      // 2026-03-09 23:30 in Kiritimati (+14) is 09:30Z on the 9th: inside.
      ...ev('UID:east', 'DTSTART;TZID=Pacific/Kiritimati:20260309T233000', 'DTEND;TZID=Pacific/Kiritimati:20260309T235900'),
      // 2026-03-07 23:00 in Pago Pago (-11) is 10:00Z on the 8th: before the window.
      ...ev('UID:west-out', 'DTSTART;TZID=Pacific/Pago_Pago:20260307T230000', 'DTEND;TZID=Pacific/Pago_Pago:20260307T233000'),
      // 2026-03-11 20:00 in Pago Pago is 07:00Z on the 12th: inside.
      ...ev('UID:west-in', 'DTSTART;TZID=Pacific/Pago_Pago:20260311T200000', 'DTEND;TZID=Pacific/Pago_Pago:20260311T203000'),
      ...ev('UID:long', 'DTSTART;VALUE=DATE:20250101', 'DTEND;VALUE=DATE:20270101'),
      ...ev('UID:long-duration', 'DTSTART:20250101T000000Z', 'DURATION:P800D'),
      ...ev('UID:far', 'DTSTART:20240101T100000Z', 'DTEND:20240101T110000Z'),
      ...ev('UID:swapped', 'DTSTART:20260315T100000Z', 'DTEND:20260309T110000Z'),
    );
    const r = read(text, '2026-03-09T00:00:00Z', '2026-03-13T00:00:00Z');
    expect(r.occurrences.map((o) => o.uid).sort()).toEqual(['east', 'long', 'long-duration', 'swapped', 'west-in']);
  });

  it('still warns about an impossible date, however far from the window', () => {
    const text = ics(...ev('UID:bad', 'DTSTART:20190230T100000Z', 'DTEND:20190230T110000Z'));
    expect(warnings(read(text, '2026-03-09T00:00:00Z', '2026-03-13T00:00:00Z'))).toMatch(/bad.*invalid value "20190230T100000Z"/);
  });

  it('still warns about a date one digit short at the end of its line (the triage read past it)', () => {
    const text = ics(...ev('UID:short', 'DTSTART:2019023', 'DTEND:20190301T110000Z'));
    expect(warnings(read(text, '2026-03-09T00:00:00Z', '2026-03-13T00:00:00Z'))).toMatch(/short.*invalid value "2019023"/);
  });
});
