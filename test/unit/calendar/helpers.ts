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

export function read(text: string, from: string, to: string, opts: Partial<ReadOptions> = {}): ReadResult {
  return readCalendarText(text, opts.userZone ? 'test.ics' : 'test.ics', {
    window: { start: Date.parse(from), end: Date.parse(to) },
    userZone: 'UTC',
    myAddresses: [],
    tentativeIsBusy: true,
    ...opts,
  });
}

export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
export const starts = (r: ReadResult): string[] => r.occurrences.map((o) => iso(o.start));
export const spans = (r: ReadResult): string[] => r.occurrences.map((o: Occurrence) => `${iso(o.start)}/${iso(o.end)}`);
export const warnings = (r: ReadResult): string => r.warnings.map((w) => w.message).join('\n');
