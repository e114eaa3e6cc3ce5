// Robustness and correctness against ../shared/corpus (real calendars from public projects,
// read in place: their licences do not allow copying them here). Skips, visibly, when the
// corpus is not beside the repository (a user's clone); CI has it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCalendarBytes } from '../../src/core/calendar/decode.js';
import { readCalendarText } from '../../src/core/calendar/read.js';

const corpus = process.env['ETIQ_CORPUS'] ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');
const present = fs.existsSync(path.join(corpus, 'reference.tsv'));
if (!present) console.warn(`corpus tests skipped: ${corpus} not found (set ETIQ_CORPUS to run them)`);

/**
 * Files where etiq and the reference expansion differ, each with the reason etiq is right
 * by RFC 5545. The test fails if this list and the real differences drift apart.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // (a) All-day events whose DTEND equals DTSTART. The reference gives them zero length;
  // etiq reads them as the one day they name. RFC 5545 §3.6.1 gives a DATE event without
  // an end one day, and a zero-length all-day event would block nothing: holiday feeds
  // (calendarlabs.com) and Apple write DTEND = DTSTART for whole-day events.
  'allenporter__ical/tests__compat__testdata__calendar_labs_same_day_dtend.ics': 'all-day DTEND = DTSTART is one day',
  'bitfireAT__ical4android/lib__src__androidTest__resources__events__all-day-0sec.ics': 'all-day DTEND = DTSTART is one day',
  'collective__icalendar/src__icalendar__tests__calendars__example.ics': 'all-day DTEND = DTSTART is one day',
  'icalendar__icalendar/spec__fixtures__recurrence.ics': 'all-day DTEND = DTSTART is one day',
  'niccokunzmann__python-recurring-ical-events/recurring_ical_events__test__calendars__Germany_Holidays.ics': 'all-day DTEND = DTSTART is one day',
  'pimutils__khal/tests__ics__event_d_same_start_end.ics': 'all-day DTEND = DTSTART is one day',
  // (b) DATE DTSTART with a DATE-TIME DTEND or an hour DURATION. RFC 5545 §3.8.2.2 wants
  // DTEND of the same value type as DTSTART, and §3.8.2.5 a DURATION in days for a DATE
  // start; etiq keeps the event all-day and rounds its end up to whole days, so every day
  // it touches stays blocked (the reference ends it mid-day at a UTC hour).
  'niccokunzmann__python-recurring-ical-events/recurring_ical_events__test__calendars__issue_201_test_matrix.ics': 'DATE start with a timed end is rounded up to whole days',
};

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (m, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c] ?? m);
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

describe.skipIf(!present)('real-world corpus', () => {
  it('reads every file without throwing; failures are one-line errors', () => {
    const files = listFiles(path.join(corpus, 'files'));
    expect(files.length).toBeGreaterThanOrEqual(378);
    let errors = 0;
    for (const file of files) {
      const text = decodeCalendarBytes(fs.readFileSync(file)).text;
      for (const [from, to] of [['2000-01-01', '2001-01-01'], ['2024-01-01', '2025-01-01']]) {
        const r = readCalendarText(text, file, { window: { start: Date.parse(from!), end: Date.parse(to!) }, userZone: 'America/New_York', myAddresses: [], tentativeIsBusy: true });
        if (r.error !== null) {
          errors++;
          expect(r.error, file).not.toMatch(/\n/);
        }
        for (const w of r.warnings) expect(w.message, file).not.toMatch(/\n/);
      }
    }
    expect(errors).toBeLessThan(20); // the empty and non-calendar files
  });

  it('matches the reference expansion for at least 95% of its 300 files, and differs only where the table says why', () => {
    const lines = fs.readFileSync(path.join(corpus, 'reference.tsv'), 'utf8').trim().split('\n').slice(1);
    const differing: string[] = [];
    for (const line of lines) {
      const [file, windowStart, windowEnd] = line.split('\t') as [string, string, string];
      const text = decodeCalendarBytes(fs.readFileSync(path.join(corpus, 'files', file))).text;
      const r = readCalendarText(text, file, { window: { start: Date.parse(windowStart), end: Date.parse(windowEnd) }, userZone: 'UTC', myAddresses: [], tentativeIsBusy: true });
      const mine = new Set(r.occurrences.map((o) => `${o.uid}|${iso(o.start)}|${iso(o.end)}`));
      const refFile = path.join(corpus, 'reference', `${file}.tsv`);
      const refText = fs.existsSync(refFile) ? fs.readFileSync(refFile, 'utf8') : '';
      const ref = new Set(
        refText
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => {
            const f = l.split('\t');
            return `${unescape(f[5] ?? '')}|${f[0]}|${f[1]}`;
          }),
      );
      const same = mine.size === ref.size && [...mine].every((x) => ref.has(x));
      if (!same) differing.push(file);
    }
    const rate = (lines.length - differing.length) / lines.length;
    console.log(`corpus reference: ${lines.length - differing.length}/${lines.length} files match (${(rate * 100).toFixed(1)}%)`);
    expect(rate).toBeGreaterThanOrEqual(0.95);
    expect(differing.sort()).toEqual(Object.keys(KNOWN_DIFFERENCES).sort());
  });
});

describe.skipIf(!present)('real-world corpus through the CLI', () => {
  it('etiq agenda --json gives the reference (uid, start, end) set for sample files', async () => {
    const { runEtiq } = await import('../e2e/helpers.js');
    const lines = fs.readFileSync(path.join(corpus, 'reference.tsv'), 'utf8').trim().split('\n').slice(1);
    const sample = lines.filter((_, i) => i % 30 === 0).filter((l) => !(l.split('\t')[0]! in KNOWN_DIFFERENCES));
    expect(sample.length).toBeGreaterThanOrEqual(9);
    for (const line of sample) {
      const [file, from, to] = line.split('\t') as [string, string, string];
      const r = await runEtiq(['agenda', '--calendar', path.join(corpus, 'files', file), '--from', from, '--to', to, '--tz', 'UTC', '--json']);
      const json = JSON.parse(r.stdout) as { events: { uid: string; start: string; end: string }[] };
      const asUtc = (x: string) => (/^\d{4}-\d\d-\d\d$/.test(x) ? `${x}T00:00:00Z` : x);
      const mine = new Set(json.events.map((e) => `${e.uid}|${asUtc(e.start)}|${asUtc(e.end)}`));
      const refFile = path.join(corpus, 'reference', `${file}.tsv`);
      const ref = new Set(
        (fs.existsSync(refFile) ? fs.readFileSync(refFile, 'utf8') : '')
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => {
            const f = l.split('\t');
            return `${unescape(f[5] ?? '')}|${f[0]}|${f[1]}`;
          }),
      );
      expect([...mine].sort(), file).toEqual([...ref].sort());
    }
  });
});
