/** Agenda output: JSON (a contract) and human text. Pure. */
import type { ChalkInstance } from 'chalk';
import type { Occurrence, ReaderWarning } from '../core/calendar/types.js';
import { dateTimeIn, isoInZone } from '../core/time.js';

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

/** One line of text: control characters (newlines in summaries) shown as spaces. */
export function oneLine(s: string): string {
  return s.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ').trim();
}

export function renderAgendaText(r: AgendaResult, style: ChalkInstance): string {
  const zone = r.timezone;
  const lines: string[] = [];
  const from = dateTimeIn(r.from, zone);
  const last = dateTimeIn(r.to - 1, zone);
  const range = from.hasSame(last, 'day') ? from.toFormat('ccc d LLL yyyy') : `${from.toFormat('ccc d LLL yyyy')} – ${last.toFormat('ccc d LLL yyyy')}`;
  lines.push(style.bold(`Agenda ${range}`) + style.dim(` (${zone})`));
  if (r.occurrences.length === 0) {
    lines.push(style.dim('  No events.'));
    return lines.join('\n');
  }
  const sources = new Set(r.occurrences.map((o) => o.calendar));
  const showSource = sources.size > 1;
  let currentDay = '';
  for (const o of r.occurrences) {
    const start = dateTimeIn(Math.max(o.start, r.from), zone);
    const dayKey = o.allDay && o.startDate && o.start >= r.from ? o.startDate : start.toISODate()!;
    if (dayKey !== currentDay) {
      currentDay = dayKey;
      const day = o.allDay && o.startDate && o.start >= r.from ? dateTimeIn(o.start, zone) : start;
      lines.push('');
      lines.push(style.bold(day.toFormat('ccc d LLL yyyy')));
    }
    lines.push(`  ${timeColumn(o, zone).padEnd(13)}  ${describe(o, style)}${showSource ? style.dim(`  ${baseName(o.calendar)}`) : ''}`);
  }
  return lines.join('\n');
}

function timeColumn(o: Occurrence, zone: string): string {
  if (o.allDay) {
    const days = o.startDate && o.endDate ? Math.round((Date.parse(o.endDate) - Date.parse(o.startDate)) / 86_400_000) : 1;
    return days > 1 ? `all day ×${days}` : 'all day';
  }
  const s = dateTimeIn(o.start, zone);
  const e = dateTimeIn(o.end, zone);
  if (o.end === o.start) return s.toFormat('HH:mm');
  const endText = s.hasSame(e, 'day') || (e.hour === 0 && e.minute === 0 && e.minus({ minutes: 1 }).hasSame(s, 'day')) ? e.toFormat('HH:mm') : e.toFormat('ccc HH:mm');
  return `${s.toFormat('HH:mm')}–${endText}`;
}

function describe(o: Occurrence, style: ChalkInstance): string {
  const title = oneLine(o.summary) || '(no title)';
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
