import fs from 'node:fs';
import path from 'node:path';
import { readCalendarText } from '../../../src/core/calendar/read.js';
import type { Occurrence, ReadOptions, ReadResult } from '../../../src/core/calendar/types.js';

/** An iCalendar text from lines (CRLF), wrapped in VCALENDAR unless it starts with one. */
export function ics(...lines: string[]): string {
  const body = lines[0]?.startsWith('BEGIN:VCALENDAR') ? lines : ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//etiq unit//EN', ...lines, 'END:VCALENDAR'];
  return `${body.join('\r\n')}\r\n`;
}

export function ev(...props: string[]): string[] {
  return ['BEGIN:VEVENT', ...props, 'END:VEVENT'];
}

/** Reads `text` for the window [from, to) with the defaults of a user in UTC. */
export function read(text: string, from: string, to: string, opts: Partial<ReadOptions> = {}, source = 'test.ics'): ReadResult {
  return readCalendarText(text, source, {
    window: { start: Date.parse(from), end: Date.parse(to) },
    userZone: 'UTC',
    myAddresses: [],
    tentativeIsBusy: true,
    ...opts,
  });
}

/** The hand-written calendars of fixtures/calendars (each says at its top what it exercises). */
export const fixturesDir = path.resolve(__dirname, '../../../fixtures/calendars');
export const fixtureBytes = (name: string): Buffer => fs.readFileSync(path.join(fixturesDir, name));
export const fixtureText = (name: string): string => fs.readFileSync(path.join(fixturesDir, name), 'utf8');
/** fixtures/: every hand-written calendar of the repository is under it. */
export const repoFixtures = path.resolve(fixturesDir, '..');
/** Every .ics file under `dir`, subfolders included. */
export const allIcs = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allIcs(path.join(dir, e.name)) : e.name.endsWith('.ics') ? [path.join(dir, e.name)] : []));

/** Reads a fixture file (as UTF-8 text) with its file name as the source. */
export function readFixture(name: string, from: string, to: string, opts: Partial<ReadOptions> = {}): ReadResult {
  return read(fixtureText(name), from, to, opts, name);
}

/** 1-based number of the first line of `text` equal to `line`, searching from line `after` + 1. */
export function lineOf(text: string, line: string, after = 0): number {
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = after; i < lines.length; i++) if (lines[i] === line) return i + 1;
  throw new Error(`no line "${line}" after line ${after}`);
}

export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
export const starts = (r: ReadResult | Occurrence[]): string[] => ('occurrences' in r ? r.occurrences : r).map((o) => iso(o.start));
export const spans = (r: ReadResult | Occurrence[]): string[] => ('occurrences' in r ? r.occurrences : r).map((o) => `${iso(o.start)}/${iso(o.end)}`);
export const warnings = (r: ReadResult): string => r.warnings.map((w) => w.message).join('\n');

/** The occurrences of one UID. */
export const ofUid = (r: ReadResult, uid: string): Occurrence[] => r.occurrences.filter((o) => o.uid === uid);

/** `HH:MM` of an instant in a zone. */
export function localTime(ms: number, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** An occurrence as the reader gives one: a confirmed, busy, timed event with no people, but for `fields`. */
export function occurrence(fields: Pick<Occurrence, 'uid' | 'start' | 'end'> & Partial<Occurrence>): Occurrence {
  return {
    recurrenceId: null,
    allDay: false,
    startDate: null,
    endDate: null,
    status: 'CONFIRMED',
    busy: true,
    freeReason: null,
    tentative: false,
    summary: 'Busy',
    location: null,
    organizer: null,
    attendees: [],
    calendar: 'work.ics',
    line: 1,
    ...fields,
  };
}
