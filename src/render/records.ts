/** Output of recorded outcomes, history and clients: JSON (a contract) and human text. Pure. */
import type { ChalkInstance } from 'chalk';
import type { ClientRow, MeetingRow, OutcomeRecord } from '../adapters/store.js';
import type { Occurrence } from '../core/calendar/types.js';
import { formatDuration } from '../core/duration.js';
import { dateTimeIn, isoInZone } from '../core/time.js';
import { oneLine } from './agenda.js';

export function describeMeeting(o: Pick<Occurrence, 'start' | 'end' | 'summary'>, zone: string): string {
  const s = dateTimeIn(o.start, zone);
  return `${s.toFormat('ccc d LLL HH:mm')}–${dateTimeIn(o.end, zone).toFormat('HH:mm')}  ${oneLine(o.summary) || '(no title)'}`;
}

export interface MeetingJson {
  uid: string;
  recurrenceId: string | null;
  start: string;
  end: string;
  summary: string;
  calendar: string;
}

export interface OutcomeJson {
  meeting: MeetingJson;
  client: { email: string; name: string | null };
  outcome: string;
  minutes: number | null;
  notice: string | null;
  toldAt: string | null;
  rescheduledTo: MeetingJson | null;
  rescheduledFrom: MeetingJson | null;
  note: string | null;
  recordedAt: string;
  status?: string;
  supersededAt?: string;
  supersededReason?: string;
}

function meetingJson(m: MeetingRow, zone: string): MeetingJson {
  return {
    uid: m.uid,
    recurrenceId: m.recurrenceId,
    start: isoInZone(m.start, zone),
    end: isoInZone(m.end, zone),
    summary: m.summary,
    calendar: m.source,
  };
}

export function outcomeJson(r: OutcomeRecord, zone: string, status?: string): OutcomeJson {
  const out: OutcomeJson = {
    meeting: meetingJson(r.meeting, zone),
    client: { email: r.client.email, name: r.client.name },
    outcome: r.kind,
    minutes: r.minutes,
    notice: r.noticeMs !== null ? formatDuration(Math.max(0, r.noticeMs)) : null,
    toldAt: r.toldAt !== null ? isoInZone(r.toldAt, zone) : null,
    rescheduledTo: r.rescheduledTo ? meetingJson(r.rescheduledTo, zone) : null,
    rescheduledFrom: r.rescheduledFrom ? meetingJson(r.rescheduledFrom, zone) : null,
    note: r.note,
    recordedAt: isoInZone(r.recordedAt, zone),
  };
  if (status !== undefined) out.status = status;
  if (r.supersededAt !== null) {
    out.supersededAt = isoInZone(r.supersededAt, zone);
    out.supersededReason = r.supersededReason ?? 'corrected';
  }
  return out;
}

const PHRASES: Record<string, (r: OutcomeRecord) => string> = {
  attended: () => 'attended',
  late: (r) => `was ${r.minutes ?? '?'} min late`,
  'no-show': (r) => `did not show${r.minutes !== null ? ` (you waited ${r.minutes} min)` : ''}`,
  cancelled: (r) => `cancelled${r.noticeMs !== null ? ` with ${formatDuration(Math.max(0, r.noticeMs))} notice` : ''}`,
  'late-cancel': (r) => `cancelled late${r.noticeMs !== null ? ` (${formatDuration(Math.max(0, r.noticeMs))} notice)` : ''}`,
  rescheduled: () => 'rescheduled',
  'host-cancelled': () => 'was cancelled by you',
  'host-late': (r) => `started ${r.minutes ?? '?'} min late on your side`,
  'host-no-show': () => 'was missed by you',
};

function phrase(r: OutcomeRecord, zone: string): string {
  if (r.kind === 'rescheduled' && r.rescheduledTo) return `rescheduled to ${dateTimeIn(r.rescheduledTo.start, zone).toFormat('ccc d LLL HH:mm')}`;
  return PHRASES[r.kind]!(r);
}

function who(c: ClientRow): string {
  return c.name ? `${oneLine(c.name)} <${c.email}>` : c.email;
}

export function renderRecorded(r: OutcomeRecord, status: string, zone: string, style: ChalkInstance): string {
  const when = dateTimeIn(r.meeting.start, zone).toFormat('ccc d LLL yyyy HH:mm');
  const what = `${who(r.client)} ${phrase(r, zone)}: "${oneLine(r.meeting.summary)}", ${when}`;
  switch (status) {
    case 'unchanged':
      return `${style.dim('Already recorded:')} ${what} (nothing changed)`;
    case 'corrected':
      return `${style.green('Corrected:')} ${what} (the earlier record is kept in the history)`;
    case 'undone':
      return `${style.yellow('Undone:')} ${what} (kept in the history as undone)`;
    default:
      return `${style.green('Recorded:')} ${what}`;
  }
}

export function renderHistory(entries: OutcomeRecord[], zone: string, style: ChalkInstance, title: string): string {
  const lines = [style.bold(title)];
  if (entries.length === 0) {
    lines.push(style.dim('  Nothing recorded yet.'));
    return lines.join('\n');
  }
  for (const r of entries) {
    const when = dateTimeIn(r.meeting.start, zone).toFormat('yyyy-LL-dd HH:mm');
    const body = `${who(r.client)} ${phrase(r, zone)} — ${oneLine(r.meeting.summary)}`;
    const note = r.note ? style.dim(` (note: ${oneLine(r.note).slice(0, 80)})`) : '';
    const from = r.rescheduledFrom ? style.dim(` (moved here from ${dateTimeIn(r.rescheduledFrom.start, zone).toFormat('ccc d LLL HH:mm')})`) : '';
    const line = `  ${when}  ${body}${from}${note}`;
    if (r.supersededAt !== null) {
      const how = r.supersededReason === 'undone' ? 'undone' : 'corrected';
      lines.push(style.dim(`${line}  [${how} ${dateTimeIn(r.supersededAt, zone).toFormat('yyyy-LL-dd HH:mm')}]`));
    } else lines.push(line);
  }
  return lines.join('\n');
}

export interface ClientListRow extends ClientRow {
  meetings: number;
  misses: number;
  lastMeeting: number | null;
}

export function clientJson(c: ClientListRow | ClientRow, zone: string): Record<string, unknown> {
  const base: Record<string, unknown> = {
    email: c.email,
    name: c.name,
    organisation: c.organisation,
    timezone: c.timezone,
    notes: c.notes,
  };
  if ('meetings' in c) {
    base['meetings'] = c.meetings;
    base['misses'] = c.misses;
    base['lastMeeting'] = c.lastMeeting !== null ? isoInZone(c.lastMeeting, zone) : null;
  }
  return base;
}

export function renderClients(rows: ClientListRow[], zone: string, style: ChalkInstance): string {
  if (rows.length === 0) return style.dim('No clients yet: they are added when you record an outcome, or with `etiq clients set EMAIL`.');
  const lines = [style.bold('Clients')];
  for (const c of rows) {
    const parts = [c.name ? oneLine(c.name) : null, c.organisation ? oneLine(c.organisation) : null, c.timezone].filter(Boolean);
    const last = c.lastMeeting !== null ? `last ${dateTimeIn(c.lastMeeting, zone).toFormat('yyyy-LL-dd')}` : 'no meetings';
    lines.push(`  ${c.email}${parts.length ? `  ${parts.join(' · ')}` : ''}  ${style.dim(`${c.meetings} meetings, ${c.misses} missed, ${last}`)}`);
  }
  return lines.join('\n');
}
