// Time zones: VTIMEZONE blocks, Windows names, IANA without VTIMEZONE, prefixes, unknown
// TZIDs, custom zones across their DST change, DST gaps and folds (RFC 5545 §3.3.5).
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { wallToUtc, ianaZone } from '../../../src/core/calendar/zones.js';
import { ev, fixtureText as fixture, ics, localTime, ofUid, read, readFixture, spans, starts, warnings } from './helpers.js';

describe('TZID resolution', () => {
  it('reads Outlook Windows names, quoted or not, with and without a VTIMEZONE', () => {
    const r = read(fixture('outlook-windows-zones.ics'), '2026-07-01T00:00:00Z', '2026-07-02T00:00:00Z');
    // 10:00 in W. Europe (CEST, +02:00) and 10:00 Pacific (PDT, -07:00).
    expect(Object.fromEntries(r.occurrences.map((o) => [o.uid, new Date(o.start).toISOString()]))).toEqual({
      'win-quoted-vtz': '2026-07-01T08:00:00.000Z',
      'win-bare-vtz': '2026-07-01T08:00:00.000Z',
      'win-no-vtz': '2026-07-01T17:00:00.000Z',
      'win-lowercase': '2026-07-01T08:00:00.000Z',
    });
    expect(r.warnings).toEqual([]);
  });

  it('does not ask ICU about a name with a blank, which no V8 takes as a zone', () => {
    const D = Intl.DateTimeFormat;
    let made = 0;
    Intl.DateTimeFormat = new Proxy(D, { construct: (t, a) => (made++, Reflect.construct(t, a) as object) });
    try {
      expect(['Romance Standard Time', 'America/New_York ', ' Europe/Berlin', 'Europe/\tBerlin'].map((n) => ianaZone(n))).toEqual([null, null, null, null]);
    } finally {
      Intl.DateTimeFormat = D;
    }
    expect(made).toBe(0);
    // What ICU says of them, asked directly.
    for (const n of ['Romance Standard Time', 'America/New_York ', ' Europe/Berlin']) expect(() => new Intl.DateTimeFormat('en-US', { timeZone: n }), n).toThrow(RangeError);
  });

  it('resolves a TZID without VTIMEZONE as IANA, and strips vendor prefixes', () => {
    const text = ics(
      ...ev('UID:iana', 'DTSTART;TZID=Europe/Berlin:20260115T100000', 'DTEND;TZID=Europe/Berlin:20260115T110000'),
      ...ev('UID:moz', 'DTSTART;TZID=/mozilla.org/20070129_1/Europe/Berlin:20260115T120000', 'DURATION:PT1H'),
      ...ev('UID:soft', 'DTSTART;TZID=/softwarestudio.org/Olson_20011030_5/America/New_York:20260115T120000', 'DURATION:PT1H'),
    );
    const r = read(text, '2026-01-15T00:00:00Z', '2026-01-16T00:00:00Z');
    expect(spans(r)).toEqual(['2026-01-15T09:00:00Z/2026-01-15T10:00:00Z', '2026-01-15T11:00:00Z/2026-01-15T12:00:00Z', '2026-01-15T17:00:00Z/2026-01-15T18:00:00Z']);
  });

  it('warns about an unknown TZID, naming it, and reads its times as local times', () => {
    const text = ics(...ev('UID:odd', 'DTSTART;TZID=Mars/Olympus:20260115T100000', 'DURATION:PT30M'));
    const r = read(text, '2026-01-15T00:00:00Z', '2026-01-16T00:00:00Z', { userZone: 'America/New_York' });
    expect(starts(r)).toEqual(['2026-01-15T15:00:00Z']);
    expect(warnings(r)).toContain('unknown time zone "Mars/Olympus"');
  });

  it('uses a custom VTIMEZONE with a non-IANA name across its own DST change', () => {
    const r = read(fixture('custom-zone.ics'), '2026-03-01T00:00:00Z', '2026-04-30T00:00:00Z');
    // "My Custom Zone": UTC+1 in winter, UTC+3 from the last Sunday of March (29 March 2026).
    expect(starts(ofUid(r, 'custom-weekly'))).toEqual(['2026-03-22T09:00:00Z', '2026-03-29T07:00:00Z', '2026-04-05T07:00:00Z', '2026-04-12T07:00:00Z', '2026-04-19T07:00:00Z', '2026-04-26T07:00:00Z']);
    expect(r.warnings).toEqual([]);
  });

  it('follows the custom zone back to standard time, and reads its gap and fold by RFC 5545 §3.3.5', () => {
    const r = readFixture('custom-zone.ics', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
    // Back from +03:00 to +01:00 at 03:00 local on 25 October 2026.
    expect(starts(ofUid(r, 'custom-autumn'))).toEqual(['2026-10-18T07:00:00Z', '2026-10-25T09:00:00Z', '2026-11-01T09:00:00Z']);
    // 02:30 on 29 March does not exist (02:00 -> 04:00): read with the offset before the gap, +01:00.
    expect(spans(ofUid(r, 'custom-gap'))).toEqual(['2026-03-29T01:30:00Z/2026-03-29T02:00:00Z']);
    // 01:30 on 25 October happens at +03:00 and again at +01:00: the first.
    expect(spans(ofUid(r, 'custom-fold'))).toEqual(['2026-10-24T22:30:00Z/2026-10-24T23:00:00Z']);
  });
});

describe('TZIDs without a VTIMEZONE (fixtures/calendars/tzid-without-vtimezone.ics)', () => {
  const byUid = (zone: string) => {
    const r = readFixture('tzid-without-vtimezone.ics', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', { userZone: zone });
    return { r, starts: Object.fromEntries([...new Set(r.occurrences.map((o) => o.uid))].map((uid) => [uid, starts(ofUid(r, uid))])) };
  };

  it('resolves IANA, Windows (bare and quoted) and Mozilla-prefixed names, in winter and summer', () => {
    const { starts: s } = byUid('America/New_York');
    expect(s['iana-berlin']).toEqual(['2026-01-15T09:00:00Z', '2026-07-15T08:00:00Z']);
    expect(s['windows-pacific']).toEqual(['2026-01-15T18:00:00Z', '2026-07-15T17:00:00Z']);
    expect(s['windows-quoted']).toEqual(['2026-01-15T11:00:00Z', '2026-07-15T10:00:00Z']);
    expect(s['mozilla-prefix']).toEqual(['2026-01-15T13:00:00Z', '2026-07-15T12:00:00Z']);
  });

  it('reads an unknown TZID as local time in the user zone, with one warning naming it', () => {
    const ny = byUid('America/New_York');
    expect(ny.starts['unknown-zone']).toEqual(['2026-01-15T15:00:00Z', '2026-07-15T14:00:00Z']);
    expect(ny.r.warnings).toHaveLength(1);
    expect(ny.r.warnings[0]).toMatchObject({ calendar: 'tzid-without-vtimezone.ics', message: expect.stringContaining('unknown time zone "Mars/Olympus Mons"') });
    const kolkata = byUid('Asia/Kolkata');
    expect(kolkata.starts['unknown-zone']).toEqual(['2026-01-15T04:30:00Z', '2026-07-15T04:30:00Z']);
    // The known zones do not move with the user.
    expect(kolkata.starts['iana-berlin']).toEqual(ny.starts['iana-berlin']);
  });
});

describe('DST gaps and folds (RFC 5545 §3.3.5)', () => {
  const ny = ianaZone('America/New_York')!;
  it('moves a time in the spring-forward gap forward by the gap', () => {
    expect(new Date(wallToUtc(ny, Date.UTC(2026, 2, 8, 2, 30))).toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
  });
  it('takes the first of two fall-back times', () => {
    expect(new Date(wallToUtc(ny, Date.UTC(2026, 10, 1, 1, 30))).toISOString()).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
  });
  it('keeps a weekly 10:00 New York meeting at 10:00 local across both changes', () => {
    const text = ics(...ev('UID:wk', 'DTSTART;TZID=America/New_York:20260302T100000', 'DTEND;TZID=America/New_York:20260302T103000', 'RRULE:FREQ=WEEKLY;UNTIL=20261110T000000Z'));
    const r = read(text, '2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z');
    expect(starts(r)).toEqual(['2026-03-02T15:00:00Z', '2026-03-09T14:00:00Z']);
    const autumn = read(text, '2026-10-25T00:00:00Z', '2026-11-10T00:00:00Z');
    expect(starts(autumn)).toEqual(['2026-10-26T14:00:00Z', '2026-11-02T15:00:00Z', '2026-11-09T15:00:00Z']);
  });
  it('places an event written at 02:30 on the spring-forward day at 03:30 EDT', () => {
    const text = ics(...ev('UID:gap', 'DTSTART;TZID=America/New_York:20260308T023000', 'DURATION:PT30M'));
    expect(starts(read(text, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z'))).toEqual(['2026-03-08T07:30:00Z']);
  });
});

describe('New York across the 2026 DST changes (fixtures/calendars/dst-new-york.ics)', () => {
  const r = readFixture('dst-new-york.ics', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');

  it('keeps a weekly 10:00 meeting at 10:00 local from March to November', () => {
    const weekly = ofUid(r, 'weekly-10am');
    expect(weekly).toHaveLength(37); // every Monday, 2 March to 9 November
    expect(new Set(weekly.map((o) => localTime(o.start, 'America/New_York')))).toEqual(new Set(['10:00']));
    expect(weekly.every((o) => o.end - o.start === 30 * 60_000)).toBe(true);
    const s = starts(weekly);
    expect(s.slice(0, 2)).toEqual(['2026-03-02T15:00:00Z', '2026-03-09T14:00:00Z']);
    expect(s.slice(-3)).toEqual(['2026-10-26T14:00:00Z', '2026-11-02T15:00:00Z', '2026-11-09T15:00:00Z']);
  });

  it('places 02:30 on the spring-forward day at 03:30 EDT and 01:30 on the fall-back day at the first, EDT, one', () => {
    expect(spans(ofUid(r, 'spring-gap'))).toEqual(['2026-03-08T07:30:00Z/2026-03-08T08:00:00Z']);
    expect(spans(ofUid(r, 'fall-fold'))).toEqual(['2026-11-01T05:30:00Z/2026-11-01T06:00:00Z']);
    expect(r.warnings).toEqual([]);
  });
});

describe('IANA zone tables', () => {
  // IanaZone samples the platform's offsets every three days and bisects the changes: it
  // must agree with the platform at every instant, also around the closest pairs of
  // changes in tzdb (Freetown 1939: 4 days; Noronha 2000 and Gaza 2040: 7 days).
  const cases: [string, number][] = [
    ['Africa/Freetown', 1939], // tzdb has the 4-day pair; this machine's ICU has no change
    ['America/Noronha', 2000],
    ['America/Recife', 2000],
    ['Asia/Gaza', 2040],
    ['Africa/Casablanca', 2026],
    ['Australia/Lord_Howe', 2026],
    ['America/New_York', 2026],
    ['Europe/London', 1996],
    ['Asia/Kolkata', 1945],
  ];
  it.each(cases)('%s in %i agrees with the platform hour by hour', (name, year) => {
    const zone = ianaZone(name)!;
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
    const platform = (ms: number): number => {
      const tz = fmt.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')!.value; // GMT+05:30
      const m = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(tz)!;
      if (!m[1]) return 0;
      return (m[1] === '-' ? -1 : 1) * ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000;
    };
    const changes: number[] = [];
    let prev: number | null = null;
    for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 3_600_000) {
      const o = zone.offsetMs(t);
      expect(o, new Date(t).toISOString()).toBe(platform(t));
      if (prev !== null && o !== prev) changes.push(t);
      prev = o;
    }
    if (name !== 'Asia/Kolkata' && name !== 'Africa/Freetown') expect(changes.length).toBeGreaterThan(0);
  });
});

describe('IANA zone offsets from the longOffset name', () => {
  // IanaZone reads offsets from Intl's "GMT-05:00" names (one format() call); luxon works
  // them out from formatToParts' date fields. The two must agree to the second, also for
  // offsets in seconds (Monrovia's -0:44:30 until 1972).
  const zones = ['Africa/Monrovia', 'Europe/Amsterdam', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Europe/Dublin', 'Antarctica/Troll', 'Australia/Lord_Howe', 'Asia/Tehran', 'Pacific/Kiritimati', 'America/Sao_Paulo', 'UTC'];
  it.each(zones)('%s agrees with luxon from 1900 to 2100', (name) => {
    const zone = ianaZone(name)!;
    const luxon = IANAZone.create(name);
    let seconds = 0;
    for (let t = Date.UTC(1900, 0, 1, 12); t < Date.UTC(2100, 0, 1); t += 17 * 86_400_000 + 3_600_000) {
      const o = zone.offsetMs(t);
      expect(o, `${name} ${new Date(t).toISOString()}`).toBe(luxon.offset(t) * 60_000);
      if (o % 60_000 !== 0) seconds++;
    }
    if (name === 'Africa/Monrovia') expect(seconds).toBeGreaterThan(10);
  });
});
