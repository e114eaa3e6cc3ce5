// After a component's BEGIN, the scan takes the plain lines that follow in one step
// (LineCursor.plainRun, a fast path): what it keeps must be what its own loop keeps line
// by line (scanCalendar(..., plainRuns = false)), on every fixture calendar, on the corpus,
// on lines built to end a run or to slip into one, and on random calendars.
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanCalendar, type ScanResult } from '../../../src/core/calendar/scan.js';
import { allIcs, ev, ics, repoFixtures } from './helpers.js';

const KEYS = ['UID', 'DTSTART', 'DTEND', 'DURATION', 'RRULE', 'RDATE', 'EXDATE', 'RECURRENCE-ID', 'TZID'];

/** All a scan gives: components with their key lines (numbers, offsets, folds), problems, calendar properties. */
function shape(r: ScanResult) {
  return {
    components: r.components.map((c) => ({
      name: c.name,
      line: c.line,
      endLine: c.endLine,
      complete: c.complete,
      keys: [c.keyFrom, c.keyTo],
      lines: KEYS.flatMap((k) => c.keyLines(k)),
    })),
    problems: r.problems,
    calendarProps: [...r.calendarProps],
    sawCalendar: r.sawCalendar,
  };
}

/**
 * Scans `text` with and without plain runs, as text and as UTF-8 bytes read as Latin-1,
 * expects the same, and returns the physical lines the runs took.
 */
function same(text: string, where = ''): number {
  let taken = 0;
  const forms: [string, boolean][] = [[text, false]];
  const bytes = Buffer.from(text, 'utf8');
  if (isUtf8(bytes)) forms.push([bytes.toString('latin1'), true]);
  for (const [t, asBytes] of forms) {
    const plain = scanCalendar(t, undefined, asBytes, false);
    const fast = scanCalendar(t, undefined, asBytes, true);
    expect(plain.runLines).toBe(0);
    expect(shape(fast), `${where} (${asBytes ? 'bytes' : 'text'})`).toEqual(shape(plain));
    taken += fast.runLines;
  }
  return taken;
}

/** Plain lines with key lines among them, as most events are written. */
const PLAIN = ['UID:u@example.com', 'DTSTAMP:20260301T120000Z', 'DTSTART;TZID=Europe/Berlin:20260302T090000', 'DTEND:20260302T100000Z', 'SUMMARY:Call', 'RRULE:FREQ=WEEKLY;COUNT=3'];

/** Lines, or groups of lines, that must end a run or be read inside one as the loop reads them. */
const ODD: string[][] = [
  ['dtstart:20260302T090000Z'], // a key's name in lower case
  ['Summary:mixed case'],
  ['DTSTART :20260302T090000Z'], // a blank before the colon
  ['RDATE\u00a0:20260304T090000Z'], // a no-break space before it
  ['\u3000RRULE:FREQ=DAILY'], // an ideographic space before the name
  ['UID\r:carriage@example.com'], // a carriage return in the name
  ['DTS\rTART:20260309T090000Z'],
  ['DTST', ' ART:20260303T090000Z'], // a name folded in two
  ['DTSTART', ' :20260303T090000Z'], // folded right after the name
  ['DTSTART;TZID=Europe/Berlin:2026', ' 0302T090000'], // a key's value folded
  ['EXDATE:20260309T090000Z,', ' 20260316T090000Z,', '\t20260323T090000Z'], // folded twice, by a space and a tab
  [''], // a blank line
  ['', ' continued'], // a blank line, then a continuation of the line before it
  ['\t'], // a line of one tab
  ['DTEND;TZID=Europe/Berlin'], // a key with no value
  ['DTEND;X-A="a:b":20260302T100000'], // a colon inside quotes
  ['DTSTART;TZID="Odd: Zone":20260302T090000'],
  ['RECURRENCE-ID;X-Q="x;y:z";RANGE=THISANDFUTURE:20260302T090000Z'],
  ['BEGIN:VALARM', 'UID:alarm@example.com', 'DURATION:PT5M', 'END:VALARM'], // a nested component's own keys
  ['BEGIN;X-A=1:VALARM', 'TRIGGER:-PT5M', 'END;X-A=1:VALARM'],
  ['END;X-A=1:VEVENT'], // the event's END, with a parameter
  ['BEGIN:VEVENT'], // the next event, without this one's END
  ['X-ÜBER:ü'], // a name with a non-ASCII letter
  ['SUMMARY:Ünïcode ü ∑ 😀'], // non-ASCII in a value only: still plain
  ['X-LONG-PROPERTY-NAME-PAST-THIRTY-TWO-CHARACTERS:1'],
  ['RECURRENCE-ID:20260302T090000Z'],
  ['TZID:Europe/Berlin'],
  ['URL:https://example.com/u'], // an initial of a key, not a key
  ['DTSTARTX:20260302T090000Z', 'X-DTSTART:20260302T090000Z', 'UIDS:x'], // a key's name inside a longer one
  ['DURATION:PT1H', 'RDATE:20260310T090000Z', 'EXDATE:20260309T090000Z'],
  ['FOO'], // no ':' or ';': not a content line
  ['FOO;BAR'], // parameters and no value
  ['RRULE'], // a key's name alone
  ['X-A_B:underscore'],
  // Where one event ends and the next begins: written exactly, back to back, or not quite.
  ['END:VEVENT', 'BEGIN:VEVENT'],
  ['END:VEVENT', 'BEGIN:VEVENT', 'END:VEVENT', 'BEGIN:VEVENT'], // an empty event between
  ['END:VEVENT', '', 'BEGIN:VEVENT'], // a blank line between
  ['END:VEVENT', ' X', 'BEGIN:VEVENT'], // the END folded
  ['END:VEVENT', 'BEGIN:VEVENT', ' X'], // the BEGIN folded
  ['END:VEVENT', 'BEGIN:VEVENT', '', ' X'], // ... across a blank line
  ['END:VEVENT', 'BEGIN:VEVENT', '', 'UID:after-blank@example.com'],
  ['END:VEVENT', 'BEGIN:VEVENT', 'dtstart:20260302T090000Z'], // then a line in lower case
  ['END:VEVENT', 'BEGIN:VEVENT', '1X:a digit first'],
  ['END:VEVENT', 'BEGIN:VTODO', 'UID:todo@example.com', 'END:VTODO', 'BEGIN:VEVENT'],
  ['END:VEVENT', 'BEGIN:VTODO', 'UID:todo@example.com', 'END:VEVENT', 'BEGIN:VEVENT'], // an END:VEVENT that a VTODO meets
  ['END:VEVENT', 'begin:vevent'],
  ['end:vevent', 'BEGIN:VEVENT'],
  ['END:VEVENT ', 'BEGIN:VEVENT'], // a blank after the name
  ['END:VEVENT', 'BEGIN:VEVENT\t'],
  ['END:VEVENT\r', 'BEGIN:VEVENT'], // a carriage return too many
  ['END:VEVENT', 'BEGIN:VEVENT\r'],
  ['END:VEVENTS', 'BEGIN:VEVENT'],
  ['END:VEVENT', 'BEGIN:VEVENTS'],
  ['END:VALARM', 'BEGIN:VEVENT'], // an END of something not open
  ['9X:a digit first'],
  ['-X:a dash first'],
];

describe('plain runs after a BEGIN', () => {
  it('keep what the line-by-line loop keeps, wherever an odd line falls in an event', () => {
    let taken = 0;
    for (const odd of ODD) {
      for (const body of [
        [...odd, ...PLAIN],
        [...PLAIN, ...odd],
        [...PLAIN.slice(0, 3), ...odd, ...PLAIN.slice(3)],
        [...odd, ...PLAIN, ...odd],
      ]) {
        const events = [...ev(...body), ...ev(...PLAIN), ...ev(...body)];
        const where = JSON.stringify(odd);
        taken += same(ics(...events), where);
        taken += same(`${['BEGIN:VCALENDAR', ...events, 'END:VCALENDAR'].join('\n')}\n`, `${where} LF`);
        taken += same(events.join('\r\n'), `${where} bare, no last line break`);
      }
    }
    expect(taken).toBeGreaterThan(ODD.length * 100);
  });

  it('keep what the loop keeps where the file or the run ends', () => {
    const cases: Record<string, string> = {
      'the file ends in the event': `BEGIN:VCALENDAR\r\n${[...ev(...PLAIN), 'BEGIN:VEVENT', ...PLAIN].join('\r\n')}\r\n`,
      'the file ends in its last line': `BEGIN:VCALENDAR\r\n${['BEGIN:VEVENT', ...PLAIN].join('\r\n')}`,
      'the file ends in a fold': `BEGIN:VCALENDAR\r\n${['BEGIN:VEVENT', ...PLAIN, 'SUMMARY:a', ' b'].join('\r\n')}\r\n`,
      'the last line ends in a lone CR': `${['BEGIN:VCALENDAR', 'BEGIN:VEVENT', ...PLAIN, 'END:VEVENT'].join('\n')}\r`,
      'old Mac line ends': `${['BEGIN:VCALENDAR', ...ev(...PLAIN), 'END:VCALENDAR'].join('\r')}\r`,
      'a fragment of one event': ev(...PLAIN).join('\r\n'),
      'an event in a VTODO': ics('BEGIN:VTODO', ...ev(...PLAIN), 'END:VTODO', ...ev(...PLAIN)),
      'two events in a VTODO': ics('BEGIN:VTODO', ...ev(...PLAIN), ...ev(...PLAIN), 'END:VTODO', ...ev(...PLAIN)),
      'the file ends after a BEGIN': `BEGIN:VCALENDAR\r\n${[...ev(...PLAIN), 'BEGIN:VEVENT'].join('\r\n')}\r\n`,
      'the file ends in a BEGIN': `BEGIN:VCALENDAR\r\n${[...ev(...PLAIN), 'BEGIN:VEVENT'].join('\r\n')}`,
      'the file ends after back-to-back events': `BEGIN:VCALENDAR\r\n${[...ev(...PLAIN), ...ev(...PLAIN)].join('\r\n')}`,
      'the file ends in a fold after them': `BEGIN:VCALENDAR\r\n${[...ev(...PLAIN), ...ev(...PLAIN), ' X'].join('\r\n')}`,
      'old Mac line ends, three events': `${['BEGIN:VCALENDAR', ...ev(...PLAIN), ...ev(...PLAIN), ...ev(...PLAIN), 'END:VCALENDAR'].join('\r')}\r`,
      'a fragment of events': [...ev(...PLAIN), ...ev(...PLAIN), ...ev(...PLAIN)].join('\n'),
    };
    for (const [where, text] of Object.entries(cases)) same(text, where);
    // Nested past MAX_NESTING (32): the BEGIN:VEVENT deeper than that is skipped, not a run.
    same(ics(...Array.from({ length: 40 }, (_, i) => `BEGIN:X${i}`), ...ev(...PLAIN), ...Array.from({ length: 40 }, (_, i) => `END:X${39 - i}`), ...ev(...PLAIN)), 'deep');
  });

  it('keep what the loop keeps across the longest run (MAX_RUN_LINES, 4096 lines)', () => {
    for (const filler of [4090, 4093, 4094, 4095, 4096, 4097, 5000]) {
      const many = Array.from({ length: filler }, (_, i) => `X-N:${i}`);
      // A key line folded over the run's limit, and key lines past it.
      const body = [...many, 'DTSTART:2026', ' 0302T', ' 090000Z', 'UID:after@example.com', ...PLAIN];
      const taken = same(ics(...ev(...body), ...ev(...PLAIN)), `${filler} lines`);
      expect(taken).toBeGreaterThan(0);
    }
  });

  it('keep what the loop keeps on every fixture calendar, and are taken there', () => {
    let taken = 0;
    for (const f of allIcs(repoFixtures)) taken += same(fs.readFileSync(f, 'utf8'), f);
    expect(taken).toBeGreaterThan(1000);
  });

  it('keep what the loop keeps on random calendars of plain and odd lines', () => {
    let seed = 20261128;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return (seed >>> 8) % n;
    };
    const pool = [...PLAIN.map((l) => [l]), ...PLAIN.map((l) => [l]), ...ODD];
    let taken = 0;
    for (let i = 0; i < 400; i++) {
      const lines: string[] = [];
      for (let e = 1 + rand(4); e > 0; e--) {
        const body: string[] = [];
        for (let n = rand(12); n > 0; n--) body.push(...pool[rand(pool.length)]!);
        // Now and then a plain line folded at a random place.
        if (rand(3) === 0 && body.length > 0) {
          const at = rand(body.length);
          const l = body[at]!;
          const cut = 1 + rand(Math.max(1, l.length - 1));
          body.splice(at, 1, l.slice(0, cut), ` ${l.slice(cut)}`);
        }
        lines.push(...(rand(8) === 0 ? body : ev(...body)));
      }
      const eol = ['\r\n', '\n'][rand(2)]!;
      const text = ['BEGIN:VCALENDAR', ...lines, 'END:VCALENDAR'].join(eol) + (rand(4) === 0 ? '' : eol);
      taken += same(text, `random ${i}: ${JSON.stringify(text.slice(0, 200))}`);
    }
    expect(taken).toBeGreaterThan(1000);
  });

  const corpus = process.env['ETIQ_CORPUS'] ?? path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
  const hasCorpus = fs.existsSync(path.join(corpus, 'files'));
  if (!hasCorpus) console.warn(`plain-runs corpus test skipped: no corpus at ${corpus}`);
  it.skipIf(!hasCorpus)('keep what the loop keeps on every calendar of the corpus', () => {
    let taken = 0;
    for (const f of allIcs(path.join(corpus, 'files'))) {
      const bytes = fs.readFileSync(f);
      taken += same(bytes.toString('utf8'), f);
      if (!isUtf8(bytes)) same(bytes.toString('latin1'), `${f} (Latin-1)`);
    }
    expect(taken).toBeGreaterThan(10_000);
  });
});
