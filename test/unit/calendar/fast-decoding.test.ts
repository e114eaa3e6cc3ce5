// The reader's fast path for UTF-8 files (read-bytes.ts: the bytes one per character,
// decoded line by line as the scanner copies lines out) against full decoding of the whole
// file: the same ReadResult, byte for byte, on every fixture calendar and on texts built
// to catch the places where bytes and characters part ways. The corpus has the same test
// (test/corpus/corpus.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCalendarBytes } from '../../../src/core/calendar/read-bytes.js';
import type { ReadOptions, ReadResult } from '../../../src/core/calendar/types.js';
import { allIcs, ev, ics, repoFixtures } from './helpers.js';


const WINDOWS: [string, string][] = [
  ['2026-03-01T00:00:00Z', '2026-03-15T00:00:00Z'],
  ['2024-01-01T00:00:00Z', '2027-01-01T00:00:00Z'],
  ['1990-01-01T00:00:00Z', '2040-01-01T00:00:00Z'],
];

function both(bytes: Uint8Array, from: string, to: string, opts: Partial<ReadOptions> = {}): { fast: ReadResult; full: ReadResult } {
  const o: ReadOptions = { window: { start: Date.parse(from), end: Date.parse(to) }, userZone: 'Europe/Berlin', myAddresses: ['dana@example.com'], tentativeIsBusy: true, ...opts };
  return { fast: readCalendarBytes(bytes, 'cal.ics', o, 'fast'), full: readCalendarBytes(bytes, 'cal.ics', o, 'full') };
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('fast decoding reads what full decoding reads', () => {
  it('on every fixture calendar, in three windows', () => {
    const files = allIcs(repoFixtures);
    expect(files.length).toBeGreaterThanOrEqual(25);
    let occurrences = 0;
    for (const f of files) {
      for (const [from, to] of WINDOWS) {
        const { fast, full } = both(fs.readFileSync(f), from, to);
        expect(JSON.stringify(fast), `${path.relative(repoFixtures, f)} ${from}`).toBe(JSON.stringify(full));
        occurrences += full.occurrences.length;
      }
    }
    expect(occurrences).toBeGreaterThan(100); // the windows hold events, not only empty results
  });

  it('where bytes and characters differ: non-ASCII text, names ending in a no-break space, blank-looking lines', () => {
    const text = ics(
      'X-WR-CALNAME:Büro – Ærø',
      ...ev(
        'UID:a-ü@example.com',
        'DTSTART;TZID=Europe/Berlin:20260302T090000',
        'DTEND;TZID=Europe/Berlin:20260302T100000',
        'SUMMARY:Café with Zoë – 日本語 😀',
        'LOCATION:Straße 5',
        'ORGANIZER;CN="Jürgen Groß":mailto:jurgen@example.com',
        'ATTENDEE;CN=Dana Ñ;PARTSTAT=ACCEPTED:mailto:dana@example.com',
      ),
      // a key property name followed by a no-break space and by an ideographic space:
      // trimmed away in text, so these are DTSTART and RECURRENCE-ID in both paths
      ...ev('UID:b@example.com', 'DTSTART\u00a0:20260303T090000Z', 'DURATION:PT1H', 'SUMMARY:nbsp'),
      ...ev('UID:c@example.com', 'DTSTART:20260304T090000Z', 'RRULE:FREQ=DAILY;COUNT=3', 'SUMMARY:series'),
      ...ev('UID:c@example.com', 'RECURRENCE-ID\u3000:20260305T090000Z', 'DTSTART:20260305T120000Z', 'DURATION:PT1H', 'SUMMARY:moved ✓'),
      // a line of no-break spaces only, and a broken line with non-ASCII in it
      '\u00a0\u00a0',
      ...ev('UID:d@example.com', 'DTSTART:20260306T090000Z', 'DURATION:PT1H', 'SUMMARY:after', 'this line has no colon — ü'),
      // a long folded line whose fold falls after a multi-octet character
      ...ev('UID:e@example.com', 'DTSTART:20260307T090000Z', 'DURATION:PT1H', `DESCRIPTION:${'é'.repeat(36)}`, ` ${'ø'.repeat(10)}`, 'SUMMARY:folded'),
    );
    const { fast, full } = both(utf8(`\ufeff${text}`), '2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z');
    expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
    expect(full.occurrences.map((o) => o.summary)).toEqual(['Café with Zoë – 日本語 😀', 'nbsp', 'series', 'moved ✓', 'series', 'after', 'folded']);
    expect(full.occurrences[0]!.organizer?.name).toBe('Jürgen Groß');
    expect(full.warnings.some((w) => w.message.includes('ü'))).toBe(true);
  });

  it('for files that are not calendars, empty or blank, with or without non-ASCII text', () => {
    for (const t of ['', '\u00a0\r\n', 'Grüße aus Köln\r\nBEGIN:VEVENT\r\n', '\ufeffnot a calendar – ü', 'BEGIN:VCALENDAR\r\nX-NAME:ü\r\nstray line ü\r\n']) {
      const { fast, full } = both(utf8(t), '2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z');
      expect(JSON.stringify(fast), JSON.stringify(t)).toBe(JSON.stringify(full));
    }
  });

  it('leaves files that are not plain UTF-8 to full decoding: UTF-16, Windows-1252, folds inside a character', () => {
    const event = ics(...ev('UID:x@example.com', 'DTSTART:20260302T090000Z', 'DURATION:PT1H', 'SUMMARY:Grüße'));
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(event, 'utf16le')]);
    const cp1252 = Buffer.from(event, 'latin1');
    const splitFold = Buffer.concat([Buffer.from(event.replace('SUMMARY:Grüße', 'SUMMARY:Gr\u0000'), 'utf8')]);
    // "ü" is C3 BC: fold between its two bytes
    const at = splitFold.indexOf(0);
    const folded = Buffer.concat([splitFold.subarray(0, at), Buffer.from([0xc3, 0x0d, 0x0a, 0x20, 0xbc]), Buffer.from('\u00dfe', 'utf8'), splitFold.subarray(at + 1)]);
    for (const bytes of [le, cp1252, folded]) {
      const { fast, full } = both(bytes, '2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z');
      expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
      expect(full.occurrences.map((o) => o.summary)).toEqual(['Grüße']);
    }
  });

  it('sizes the caps of a calendar by its bytes in both paths', () => {
    // 40 daily series of 600 each: over the calendar cap of a small file when it is set low
    const series = Array.from({ length: 40 }, (_, i) => ev(`UID:s${i}@example.com`, 'DTSTART:20260101T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=600', 'SUMMARY:ü')).flat();
    const { fast, full } = both(utf8(ics(...series)), '2026-01-01T00:00:00Z', '2028-01-01T00:00:00Z', { maxOccurrencesPerCalendar: 5_000 });
    expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
    expect(full.unknown?.length ?? 0).toBeGreaterThan(0);
  });
});
