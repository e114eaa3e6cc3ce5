// Damaged input (fixtures/calendars/damaged.ics, empty.ics, not-a-calendar.ics): a broken
// event costs only itself, each problem is a one-line warning naming its line and event,
// and `error` is set only when nothing of the source can be read.
import { describe, expect, it } from 'vitest';
import { decodeCalendarBytes } from '../../../src/core/calendar/decode.js';
import { ev, fixtureBytes, fixtureText, ics, lineOf, read, readFixture, spans } from './helpers.js';

const DAY = ['2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z'] as const;

describe('damaged events (damaged.ics)', () => {
  const text = fixtureText('damaged.ics');
  const r = readFixture('damaged.ics', ...DAY);
  const begin = (uid: string) => lineOf(text, `UID:${uid}`) - 1;

  it('reads the other events, and the broken ones as far as they go', () => {
    expect(r.error).toBeNull();
    expect(r.occurrences.map((o) => `${o.uid} ${spans([o])[0]} ${o.summary}`)).toEqual([
      'good-first 2026-03-10T08:00:00Z/2026-03-10T09:00:00Z Good first',
      'no-colon 2026-03-10T09:00:00Z/2026-03-10T10:00:00Z Has a broken line',
      'swapped 2026-03-10T11:00:00Z/2026-03-10T12:00:00Z End before start', // read the other way round
      'unterminated 2026-03-10T13:00:00Z/2026-03-10T14:00:00Z Lost its END',
      'good-last 2026-03-10T14:00:00Z/2026-03-10T15:00:00Z Good last',
    ]);
  });

  it('warns once per problem, naming the line and the event', () => {
    const m = r.warnings.map((w) => w.message);
    expect(m).toHaveLength(5);
    const has = (re: RegExp) => expect(m.filter((w) => re.test(w)), String(re)).toHaveLength(1);
    has(new RegExp(`^event "no-colon" \\(line ${begin('no-colon')}\\): line ${lineOf(text, 'this line has no colon')} is not a property`));
    has(new RegExp(`^event "bad-dtstart" \\(line ${begin('bad-dtstart')}\\): DTSTART has an invalid value "20261310T100000Z" \\(line ${lineOf(text, 'DTSTART:20261310T100000Z')}\\)`));
    has(new RegExp(`^event "no-dtstart" \\(line ${begin('no-dtstart')}\\) has no DTSTART`));
    has(new RegExp(`^event "swapped" \\(line ${begin('swapped')}\\): DTEND is before DTSTART`));
    has(new RegExp(`^line ${begin('unterminated')}: BEGIN:VEVENT has no END:VEVENT`));
    expect(new Set(r.warnings.map((w) => w.calendar))).toEqual(new Set(['damaged.ics']));
    expect(m.every((w) => !/[\r\n]/.test(w))).toBe(true);
  });

  it('reads a file cut short in the middle of an event (an interrupted download)', () => {
    const cut = text.slice(0, text.indexOf('SUMMARY:Month 13'));
    const c = read(cut, ...DAY);
    expect(c.error).toBeNull();
    expect(c.occurrences.map((o) => o.uid)).toEqual(['good-first', 'no-colon']);
    expect(c.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/BEGIN:VEVENT has no END:VEVENT \(the file ends first\)/));
  });
});

describe('sources with nothing to read', () => {
  it('an empty file (also only whitespace or a byte-order mark) is an error', () => {
    const bytes = fixtureBytes('empty.ics');
    expect(bytes.length).toBe(0);
    for (const text of [decodeCalendarBytes(bytes).text, '\r\n  \r\n', '\uFEFF']) {
      const r = read(text, ...DAY);
      expect(r).toEqual({ occurrences: [], warnings: [], error: 'the file is empty' });
    }
  });

  it('a text that is not a calendar (an HTML error page) is an error of one line', () => {
    const r = readFixture('not-a-calendar.ics', ...DAY);
    expect(r.occurrences).toEqual([]);
    expect(r.error).toBe('not an iCalendar file (line 1 is "<!DOCTYPE html>", not BEGIN:VCALENDAR)');
  });

  it('an empty calendar, or one whose events are all broken, is not an error', () => {
    expect(read(ics(), ...DAY)).toEqual({ occurrences: [], warnings: [], error: null });
    const broken = read(ics(...ev('UID:x', 'DTSTART:garbage')), ...DAY);
    expect(broken.error).toBeNull();
    expect(broken.warnings).toHaveLength(1);
  });
});

describe('messages quote the file safely', () => {
  it('shows control characters (a terminal escape, a lone CR) as \\xNN, keeping each message on one printable line', () => {
    const text = ics(
      ...ev('UID:esc', 'DTSTART;TZID=Evil\u001b[2JZone:20260310T090000', 'DURATION:PT1H'),
      'END:VCAL\rENDAR',
    );
    const r = read(text, ...DAY);
    expect(r.occurrences).toHaveLength(1);
    const all = r.warnings.map((w) => w.message).join('\n');
    // core/visible's notation (upper-case hex), the one sanitiser of every message.
    expect(all).toContain('unknown time zone "Evil\\x1B[2JZone"');
    expect(all).toContain('END:VCAL\\x0DENDAR');
    expect(r.warnings.every((w) => !/[\u0000-\u001f\u007f-\u009f]/.test(w.message))).toBe(true);
    const binary = read('\u0000\u0001\u0002PNG\r\n\u001a\n', ...DAY);
    expect(binary.error).toBe('not an iCalendar file (line 1 is "\\x00\\x01\\x02PNG", not BEGIN:VCALENDAR)');
  });
});
