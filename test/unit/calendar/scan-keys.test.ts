// The scan keeps each component's key property lines (UID, DTSTART, RRULE, ...) as offsets
// and makes them into lines when asked (RawComponent.keyLines, firstKeyLine, firstKeyValue,
// hasKey, firstKeyDayKey): the lines must be those that reading the component's own lines
// whole gives (ownLines), on every fixture calendar and on lines built to trip the
// shortcuts (names folded or padded, parameters with quoted colons, lines without a value,
// nested VALARMs, bytes read as Latin-1).
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanCalendar, type RawComponent } from '../../../src/core/calendar/scan.js';
import { dayKeyAt } from '../../../src/core/calendar/values.js';
import { ev, fixturesDir, ics } from './helpers.js';

const KEYS = ['UID', 'DTSTART', 'DTEND', 'DURATION', 'RRULE', 'RDATE', 'EXDATE', 'RECURRENCE-ID', 'TZID'];

function checkAll(components: RawComponent[]): number {
  let lines = 0;
  for (const c of components) {
    for (const k of KEYS) {
      const whole = c.ownLines(new Set([k])).props.get(k) ?? [];
      expect(c.keyLines(k), `${c.name} line ${c.line} ${k}`).toEqual(whole);
      expect(c.firstKeyLine(k)).toEqual(whole[0]);
      expect(c.firstKeyValue(k), `${c.name} line ${c.line} ${k} value`).toBe(whole[0]?.value);
      expect(c.hasKey(k)).toBe(whole.length > 0);
      if (whole.length > 0) expect(c.firstKeyDayKey(k), `${c.name} line ${c.line} ${k} day key`).toBe(dayKeyAt(whole[0]!.value, 0));
      lines += whole.length;
    }
  }
  return lines;
}

describe('key property lines kept as offsets', () => {
  it('are the lines ownLines reads, on every fixture calendar, as text and as bytes', () => {
    const root = path.resolve(fixturesDir, '..');
    const files = fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.ics'));
    let lines = 0;
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(root, f));
      lines += checkAll(scanCalendar(bytes.toString('utf8')).components);
      if (isUtf8(bytes)) lines += checkAll(scanCalendar(bytes.toString('latin1'), undefined, true).components);
    }
    expect(lines).toBeGreaterThan(200);
  });

  it('are the lines ownLines reads where the shortcuts could go wrong', () => {
    const text = ics(
      ...ev(
        'UID:plain@example.com',
        'DTSTART;TZID="Odd: Zone";VALUE=DATE-TIME:20260302T090000', // a colon inside quotes
        'DTEND;TZID=Europe/Berlin', // parameters and no value: not a content line
        'DTEND;X-A="a:b":20260302T100000',
        'DTST',
        ' ART:20260303T090000', // a name folded in two
        'rrule:FREQ=DAILY;COUNT=2', // lower case
        'EXDATE :20260303T090000', // a blank before the colon
        'RDATE\u00a0:20260304T090000', // a no-break space before it
        `RECURRENCE-ID;X-LONG-PARAMETER-NAME-PAST-32=${'x'.repeat(40)}:20260305T090000`,
        'BEGIN:VALARM',
        'UID:alarm@example.com', // a nested component's own lines are not the event's
        'DURATION:PT5M',
        'END:VALARM',
        'DURATION:PT1H',
        'TZID:Europe/Berlin',
      ),
      ...ev('UID:ü-ß@example.com', 'DTSTART:20260306T090000Z', 'DTEND;X-NAME="Zoë: ü":20260306T100000Z'),
      // day keys: a value folded inside its date, spaces before it, an invalid date, too few digits
      ...ev('UID:days@example.com', 'DTSTART:2026', ' 0307T090000Z', 'DTEND:   20260307T100000Z', 'RDATE:20260230', 'EXDATE:2026031'),
      // names in any case, lengths of key names that are not keys, names that trimming
      // changes (a stray carriage return or a wide space at either end), nesting in lower case
      ...ev(
        'Uid:mixed@example.com',
        'dtStart:20260308T090000Z',
        'DtEnd;X-A=b:20260308T100000Z',
        'X-DTSTART:20260308T090000Z', // a key's name inside a longer one
        'DTSTAMP:20260308T090000Z', // the length of DTSTART, not a key
        'RECURRENCE_ID:20260308T090000Z', // an underscore: not RECURRENCE-ID
        'DTS\rTART:20260309T090000Z', // a carriage return inside the name
        'RECURRENCE-ID\r:20260310T090000Z', // ... and at its end, which trimming removes
        '\rRECURRENCE-ID:20260311T090000Z', // ... and at its start
        '\u3000RRULE:FREQ=DAILY;COUNT=1', // an ideographic space, which trimming removes too
        'DTSTARÜ:20260309T090000Z', // the length of DTSTART in characters, not in bytes
        'begin:VALARM',
        'uid:nested@example.com',
        'end:valarm',
        'Exdate:20260308T090000Z',
        'recurrence-id:20260308T090000Z',
      ),
    );
    const lines = checkAll(scanCalendar(text).components) + checkAll(scanCalendar(Buffer.from(text, 'utf8').toString('latin1'), undefined, true).components);
    expect(lines).toBe(2 * 26);
    const [first] = scanCalendar(text).components;
    expect(first!.keyLines('DTEND').map((l) => l.value)).toEqual(['20260302T100000']);
    expect(first!.firstKeyLine('DTSTART')?.value).toBe('20260302T090000');
    expect(first!.keyLines('DTSTART').map((l) => l.line)).toEqual([6, 9]);
  });
});

describe('BEGIN:VEVENT and END:VEVENT written exactly (the scan takes them without splitting them)', () => {
  /** What a scan gives of each component, its own lines and key lines included. */
  const shape = (text: string, bytes = false) =>
    scanCalendar(bytes ? Buffer.from(text, 'utf8').toString('latin1') : text, undefined, bytes).components.map((c) => ({
      name: c.name,
      line: c.line,
      endLine: c.endLine,
      complete: c.complete,
      uid: c.firstKeyValue('UID'),
      keys: KEYS.flatMap((k) => c.keyLines(k).map((l) => `${l.line} ${l.raw}`)),
      own: [...c.ownLines(new Set(['SUMMARY', 'UID'])).props.values()].flat().map((l) => `${l.line} ${l.raw}`),
    }));
  const events = (begin: string, end: string) =>
    ics(
      ...['one', 'two', 'three'].flatMap((n) => [begin, `UID:${n}@example.com`, 'DTSTART:20260302T090000Z', `SUMMARY:Ünïcode ${n}`, 'BEGIN:VALARM', 'UID:alarm', 'END:VALARM', end]),
    );

  it('gives what the same lines written otherwise give', () => {
    const exact = shape(events('BEGIN:VEVENT', 'END:VEVENT'));
    expect(exact.map((c) => `${c.name} ${c.line}-${c.endLine} ${c.uid}`)).toEqual([
      'VEVENT 4-11 one@example.com',
      'VEVENT 12-19 two@example.com',
      'VEVENT 20-27 three@example.com',
    ]);
    for (const [begin, end] of [
      ['begin:vevent', 'end:vevent'],
      ['BEGIN:VEVENT ', 'END:VEVENT\t'],
      ['BEGIN;X-A=1:VEVENT', 'End: VEVENT'],
    ]) {
      expect(shape(events(begin!, end!)), begin).toEqual(exact);
      expect(shape(events(begin!, end!), true), begin).toEqual(exact);
    }
    expect(shape(events('BEGIN:VEVENT', 'END:VEVENT'), true)).toEqual(exact);
  });

  it('is taken only for exactly those lines: not a longer name, nor one folded', () => {
    const names = (text: string) => scanCalendar(text).components.map((c) => `${c.name} ${c.complete}`);
    expect(names(ics('BEGIN:VEVENTS', 'UID:a', 'END:VEVENTS', 'BEGIN:VEVENT', 'UID:b', 'END:VEVENT'))).toEqual(['VEVENTS true', 'VEVENT true']);
    expect(names(ics('BEGIN:VEVENT', ' X', 'UID:a', 'END:VEVENT', ' X', 'BEGIN:VEVENT', 'UID:b', 'END:VEVENT'))).toEqual(['VEVENTX true', 'VEVENT true']);
    expect(names(ics('BEGIN:VEVENT', 'UID:a', 'END:VEVENTX', 'END:VEVENT'))).toEqual(['VEVENT true']);
  });
});
