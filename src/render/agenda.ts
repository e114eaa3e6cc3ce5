/** Agenda output: JSON (a contract) and human text. Pure. */
import type { ChalkInstance } from 'chalk';
import type { Occurrence, ReaderWarning } from '../core/calendar/types.js';
import { dateTimeIn, dayLabel, isoInZone, localParts } from '../core/time.js';
import { visible } from '../core/visible.js';

export interface AgendaResult {
  timezone: string;
  from: number;
  to: number;
  occurrences: Occurrence[];
  warnings: ReaderWarning[];
}

export interface AgendaEventJson {
  start: string;
  end: string;
  allDay: boolean;
  busy: boolean;
  status: Occurrence['status'];
  uid: string;
  recurrenceId: string | null;
  summary: string;
  calendar: string;
}

export interface AgendaJson {
  timezone: string;
  from: string;
  to: string;
  events: AgendaEventJson[];
  warnings: ReaderWarning[];
}

export function agendaJson(r: AgendaResult): AgendaJson {
  return {
    timezone: r.timezone,
    from: isoInZone(r.from, r.timezone),
    to: isoInZone(r.to, r.timezone),
    events: r.occurrences.map((o) => ({
      start: o.allDay && o.startDate ? o.startDate : isoInZone(o.start, r.timezone),
      end: o.allDay && o.endDate ? o.endDate : isoInZone(o.end, r.timezone),
      allDay: o.allDay,
      busy: o.busy,
      status: o.status,
      uid: o.uid,
      recurrenceId: o.recurrenceId,
      summary: o.summary,
      calendar: o.calendar,
    })),
    warnings: r.warnings,
  };
}

/**
 * Human text, one heading per local day of the window. A multi-day all-day event is listed
 * on every day of the window it covers, as `Leave 3/14` (day 3 of 14); everything else is
 * listed once, on its first day in the window (a timed event that runs past midnight shows
 * its end as `Tue 10:00`). Within a day: all-day events first, then by start.
 */
export function renderAgendaText(r: AgendaResult, style: ChalkInstance): string {
  const zone = r.timezone;
  const lines: string[] = [];
  const from = localParts(r.from, zone).date;
  const last = localParts(r.to - 1, zone).date;
  const range = from === last ? dayHeading(from) : `${dayHeading(from)} – ${dayHeading(last)}`;
  lines.push(style.bold(`Agenda ${range}`) + style.dim(` (${zone})`));
  if (r.occurrences.length === 0) {
    lines.push(style.dim('  No events.'));
    return lines.join('\n');
  }
  const sources = new Set(r.occurrences.map((o) => o.calendar));
  const showSource = sources.size > 1;
  let currentDay = '';
  for (const { day, o, dayOf } of dayLines(r)) {
    if (day !== currentDay) {
      currentDay = day;
      lines.push('');
      lines.push(style.bold(dayHeading(day)));
    }
    lines.push(`  ${timeColumn(o, zone, day).padEnd(13)}  ${describe(o, style, dayOf)}${showSource ? style.dim(`  ${visible(baseName(o.calendar))}`) : ''}`);
  }
  return lines.join('\n');
}

const DAY_MS = 86_400_000;
const YMD = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `Mon 2 Mar 2026` for a calendar date (`YYYY-MM-DD`), as luxon's `ccc d LLL yyyy` in en-US
 * writes it, without a DateTime and a luxon formatter (their first use in a run costs a few
 * ms, issue 13). A calendar date names the same weekday in every zone: it is read as UTC.
 */
function dayHeading(date: string): string {
  if (!YMD.test(date)) return dateTimeIn(Date.parse(date), 'UTC').toFormat('ccc d LLL yyyy');
  return dayLabel(Date.parse(`${date}T00:00:00Z`), 'UTC', true);
}

/** One line of the listing: an occurrence on one local day (`YYYY-MM-DD`). */
interface DayLine {
  day: string;
  allDay: boolean;
  /** Index in `r.occurrences` (sorted by start): the order within a day. */
  order: number;
  o: Occurrence;
  /** Which day of a multi-day all-day event this line is, 1-based. */
  dayOf: { day: number; of: number } | null;
}

function dayLines(r: AgendaResult): DayLine[] {
  const zone = r.timezone;
  // localParts, like each line's day below: no luxon DateTime, so no Intl object in a
  // warm run whose zone tables are kept (issue 13).
  const firstDay = localParts(r.from, zone).date;
  const lastDay = localParts(r.to - 1, zone).date;
  const out: DayLine[] = [];
  r.occurrences.forEach((o, order) => {
    const span = o.allDay && o.startDate && o.endDate ? daysBetween(o.startDate, o.endDate) : 1;
    if (span > 1 && o.startDate) {
      // Only the days inside the window: an event years long costs the window's days, not its own.
      const first = Math.max(0, daysBetween(o.startDate, firstDay));
      const lastIndex = Math.min(span - 1, daysBetween(o.startDate, lastDay));
      for (let k = first; k <= lastIndex; k++) out.push({ day: addDays(o.startDate, k), allDay: true, order, o, dayOf: { day: k + 1, of: span } });
      if (first <= lastIndex) return;
    }
    const day = o.allDay && o.startDate && o.start >= r.from ? o.startDate : localParts(Math.max(o.start, r.from), zone).date;
    out.push({ day, allDay: o.allDay, order, o, dayOf: null });
  });
  return out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) || Number(b.allDay) - Number(a.allDay) || a.order - b.order);
}

/** Whole days from one `YYYY-MM-DD` to another. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The times of a timed event on the line of local day `day` (`YYYY-MM-DD`). An event that
 * began on an earlier day (it is listed under the window's first day) names the day it
 * began, `Sun 22:15–00:15`; one that ends on a later day names the day it ends.
 */
function timeColumn(o: Occurrence, zone: string, day: string): string {
  if (o.allDay) return 'all day';
  const s = localParts(o.start, zone);
  const startedBefore = s.date < day;
  const startText = startedBefore ? `${s.weekday} ${s.time}` : s.time;
  if (o.end === o.start) return startText;
  const e = localParts(o.end, zone);
  // The day the end falls on (an end at midnight belongs to the day before).
  const endDay = e.time === '00:00' && o.end > o.start ? localParts(o.end - 60_000, zone).date : e.date;
  const endText = endDay === (startedBefore ? day : s.date) ? e.time : `${e.weekday} ${e.time}`;
  return `${startText}–${endText}`;
}

function describe(o: Occurrence, style: ChalkInstance, dayOf: DayLine['dayOf']): string {
  const title = (visible(o.summary.trim()) || '(no title)') + (dayOf ? ` ${dayOf.day}/${dayOf.of}` : '');
  const marks: string[] = [];
  if (o.status === 'CANCELLED') marks.push('cancelled');
  else {
    if (o.tentative) marks.push('tentative');
    if (!o.busy && o.freeReason) marks.push(o.freeReason.startsWith('declined') ? 'declined' : 'free');
  }
  const suffix = marks.length > 0 ? style.dim(` (${marks.join(', ')})`) : '';
  if (o.status === 'CANCELLED') return style.strikethrough.dim(title) + suffix;
  if (!o.busy) return style.dim(title) + suffix;
  if (o.tentative) return style.italic(title) + suffix;
  return title + suffix;
}

function baseName(source: string): string {
  if (/^(https?|webcal):\/\//i.test(source)) return source;
  const parts = source.split(/[\\/]/);
  return parts[parts.length - 1] ?? source;
}
