// Text encodings and line forms: text-forms.ics (UTF-8, folded lines, accents and emoji)
// read with LF, CRLF and a byte-order mark; utf8-split-fold.ics (folds inside a character's
// bytes), utf16le-bom.ics and latin1.ics through decodeCalendarBytes.
import { describe, expect, it } from 'vitest';
import { decodeCalendarBytes } from '../../../src/core/calendar/decode.js';
import { readCalendarBytes } from '../../../src/core/calendar/read-bytes.js';
import type { ReadResult } from '../../../src/core/calendar/types.js';
import { fixtureBytes, fixtureText, lineOf, read } from './helpers.js';

const day = (text: string) => read(text, '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z');
const texts = (r: ReadResult) => r.occurrences.map((o) => [o.uid, o.summary, o.location]);
const expected = [
  ['text-forms', 'Réunion café ☕ avec l’équipe 🎉', 'Zürich, Raum 3'],
  ['second', 'Ça marche 👍🏽', null],
];

describe('line forms (text-forms.ics)', () => {
  const lf = fixtureText('text-forms.ics');

  it('reads LF line ends, folds with a space or a tab, non-ASCII text and escaped commas', () => {
    expect(lf).not.toContain('\r');
    expect(lf).toContain('\n\t'); // the fixture really has a tab fold
    expect(texts(day(lf))).toEqual(expected);
  });

  it('reads the same with CRLF line ends', () => {
    const crlf = lf.replace(/\n/g, '\r\n');
    expect(crlf.split('\r\n').length).toBe(lf.split('\n').length);
    expect(texts(day(crlf))).toEqual(expected);
  });

  it('reads the same with a UTF-8 byte-order mark, as text or as bytes', () => {
    const crlf = lf.replace(/\n/g, '\r\n');
    expect(texts(day(`\uFEFF${crlf}`))).toEqual(expected);
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf, 'utf8')]);
    const decoded = decodeCalendarBytes(bytes);
    expect(decoded.note).toBeNull();
    expect(texts(day(decoded.text))).toEqual(expected);
  });

  it('keeps the physical line numbers of a folded file', () => {
    const first = lineOf(lf, 'BEGIN:VEVENT');
    const second = lineOf(lf, 'BEGIN:VEVENT', first);
    expect([first, second]).toEqual([5, 14]); // the first SUMMARY takes three physical lines
    expect(day(lf).occurrences.map((o) => o.line)).toEqual([first, second]);
    expect(day(lf.replace(/\n/g, '\r\n')).occurrences.map((o) => o.line)).toEqual([first, second]);
  });
});

describe('bytes to text (decodeCalendarBytes)', () => {
  it('joins folds that split a multi-byte UTF-8 character (utf8-split-fold.ics)', () => {
    const bytes = fixtureBytes('utf8-split-fold.ics');
    // The fixture is what it says: not valid UTF-8 as it stands.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const decoded = decodeCalendarBytes(bytes);
    expect(decoded.note).toBeNull();
    const r = day(decoded.text);
    expect(r.occurrences.map((o) => [o.summary, o.line])).toEqual([['Café 🎉 crème brûlée', 5]]);
    expect(r.warnings).toEqual([]);
  });

  it('decodes UTF-16 LE with a byte-order mark (utf16le-bom.ics)', () => {
    const bytes = fixtureBytes('utf16le-bom.ics');
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const decoded = decodeCalendarBytes(bytes);
    expect(decoded.note).toBeNull();
    expect(decoded.text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(day(decoded.text).occurrences.map((o) => o.summary)).toEqual(['Réunion ☕ 🎉']);
  });

  it('falls back to Latin-1 for bytes that are not UTF-8, with a note (latin1.ics)', () => {
    const bytes = fixtureBytes('latin1.ics');
    expect(bytes.includes(Buffer.from('Caf\xe9', 'latin1'))).toBe(true);
    const decoded = decodeCalendarBytes(bytes);
    expect(decoded.note).toMatch(/not valid UTF-8.*Windows-1252 \(Latin-1\)/);
    expect(texts(day(decoded.text))).toEqual([['latin1', 'Café in Zürich', 'Salle à manger']]);
  });

  it('passes the note on as the first warning when reading bytes', () => {
    const r = readCalendarBytes(fixtureBytes('latin1.ics'), 'old.ics', { window: { start: Date.parse('2026-03-10'), end: Date.parse('2026-03-11') }, userZone: 'UTC', myAddresses: [], tentativeIsBusy: true });
    expect(r.warnings[0]).toEqual({ calendar: 'old.ics', message: expect.stringContaining('not valid UTF-8'), kind: 'encoding' });
    expect(r.occurrences.map((o) => o.summary)).toEqual(['Café in Zürich']);
    // UTF-8 input gives no note.
    expect(readCalendarBytes(fixtureBytes('text-forms.ics'), 'new.ics', { window: { start: 0, end: 1 }, userZone: 'UTC', myAddresses: [], tentativeIsBusy: true }).warnings).toEqual([]);
  });
});
