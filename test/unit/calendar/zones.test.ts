// Time zones: VTIMEZONE blocks, Windows names, IANA without VTIMEZONE, prefixes, unknown
// TZIDs, custom zones across their DST change, DST gaps and folds (RFC 5545 §3.3.5).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wallToUtc, ianaZone } from '../../../src/core/calendar/zones.js';
import { ev, ics, read, spans, starts, warnings } from './helpers.js';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../../fixtures/calendars', name), 'utf8');

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
    expect(starts(r)).toEqual(['2026-03-22T09:00:00Z', '2026-03-29T07:00:00Z', '2026-04-05T07:00:00Z', '2026-04-12T07:00:00Z', '2026-04-19T07:00:00Z', '2026-04-26T07:00:00Z']);
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
