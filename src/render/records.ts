/** Output of recorded outcomes, history and clients: JSON (a contract) and human text. Pure. */
import type { ChalkInstance } from 'chalk';
import type { Occurrence } from '../core/calendar/types.js';
import { formatDuration } from '../core/duration.js';
import { countMisses, isHostOutcome, type OutcomeKind } from '../core/etiquette/outcomes.js';
import type { ClientRow, ClientSummary, MeetingRow, OutcomeRecord } from '../core/records/types.js';
import { dayTime, dayYearTime, isoInZone, localParts } from '../core/time.js';
import { visible } from '../core/visible.js';
import { maxCells, wrapWords } from './wrap.js';

export function describeMeeting(o: Pick<Occurrence, 'start' | 'end' | 'summary'>, zone: string): string {
  return `${dayTime(o.start, zone)}–${localParts(o.end, zone).time}  ${visible(o.summary.trim()) || '(no title)'}`;
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
  /** A host outcome's reason, word for word; null otherwise. */
  reason: string | null;
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
    reason: r.reason,
    recordedAt: isoInZone(r.recordedAt, zone),
  };
  if (status !== undefined) out.status = status;
  if (r.supersededAt !== null) {
    out.supersededAt = isoInZone(r.supersededAt, zone);
    out.supersededReason = r.supersededReason ?? 'corrected';
  }
  return out;
}

/** What the outcome is called in "... can be recorded from": `a no-show`, `attendance`. */
export function outcomeNoun(kind: OutcomeKind): string {
  const nouns: Record<OutcomeKind, string> = {
    attended: 'attendance',
    late: 'a late arrival',
    'no-show': 'a no-show',
    cancelled: 'a cancellation',
    'late-cancel': 'a late cancellation',
    rescheduled: 'a reschedule',
    'host-cancelled': 'your cancellation',
    'host-late': 'your late start',
    'host-no-show': 'your own no-show',
  };
  return nouns[kind];
}

/** `2026-03-10 09:00`: luxon's `yyyy-LL-dd HH:mm`, from localParts (no luxon formatter, issue 13). */
function dateAndTime(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  return `${p.date} ${p.time}`;
}

/** What the client did, after their name: `did not show (you waited 10 min)`. */
const CLIENT_PHRASES: Partial<Record<OutcomeKind, (r: OutcomeRecord, zone: string) => string>> = {
  attended: () => 'attended',
  late: (r) => `was ${r.minutes ?? '?'} min late`,
  'no-show': (r) => `did not show${r.minutes !== null ? ` (you waited ${r.minutes} min)` : ''}`,
  cancelled: (r) => `cancelled${r.noticeMs !== null ? ` with ${formatDuration(Math.max(0, r.noticeMs))} notice` : ''}`,
  'late-cancel': (r) => `cancelled late${r.noticeMs !== null ? ` (${formatDuration(Math.max(0, r.noticeMs))} notice)` : ''}`,
  rescheduled: (r, zone) => (r.rescheduledTo ? `rescheduled to ${dayYearTime(r.rescheduledTo.start, zone)}` : 'rescheduled'),
};

/** What you did, with "you" as the subject: your own side is never told as the client's. */
const HOST_PHRASES: Partial<Record<OutcomeKind, (r: OutcomeRecord) => string>> = {
  'host-cancelled': () => 'cancelled',
  'host-late': (r) => `started ${r.minutes ?? '?'} min late for`,
  'host-no-show': () => 'missed',
};

function who(c: ClientRow): string {
  return c.name ? `${visible(c.name)} <${visible(c.email)}>` : visible(c.email);
}

/**
 * One outcome as a sentence: `Priya Nair <priya@...> did not show (you waited 10 min):
 * "Acme weekly", Tue 10 Mar 2026 10:00`, or for your own side `you started 4 min late
 * for "Acme weekly" with Priya Nair <priya@...>, Tue 10 Mar 2026 10:00`.
 */
export function outcomeSentence(r: OutcomeRecord, zone: string, opts: { date?: boolean } = {}): string {
  const when = opts.date === false ? '' : `, ${dayYearTime(r.meeting.start, zone)}`;
  const title = `"${visible(r.meeting.summary)}"`;
  if (isHostOutcome(r.kind)) return `you ${HOST_PHRASES[r.kind]!(r)} ${title} with ${who(r.client)}${when}`;
  return `${who(r.client)} ${CLIENT_PHRASES[r.kind]!(r, zone)}: ${title}${when}`;
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * What was recorded, as a sentence word-wrapped to 80 columns (continuation lines indented
 * by 2): `Recorded: Priya Nair <priya@...> did not show (you waited 10 min):` then
 * `  "Acme weekly", Tue 10 Mar 2026 10:00`.
 */
export function renderRecorded(r: OutcomeRecord, status: string, zone: string, style: ChalkInstance): string {
  return wrapWords(recordedSentence(r, status, zone, style), { keep: keptOf(r, zone) });
}

/**
 * What a sentence about the outcome names that is kept on one line when it is wrapped:
 * the dates, and the client's name and address unless they are long (a name of 60
 * characters is broken like the rest of the sentence).
 */
function keptOf(r: OutcomeRecord, zone: string): string[] {
  const dates = [r.meeting.start, r.rescheduledTo?.start, r.rescheduledFrom?.start].filter((t) => t !== undefined).map((t) => dayYearTime(t, zone));
  const client = who(r.client);
  return maxCells(client) <= 40 ? [client, ...dates] : dates;
}

function recordedSentence(r: OutcomeRecord, status: string, zone: string, style: ChalkInstance): string {
  const what = `${outcomeSentence(r, zone)}${reasonText(r)}`;
  switch (status) {
    case 'unchanged':
      return `${style.dim('Already recorded:')} ${what} (nothing changed)`;
    case 'corrected':
      return `${style.green('Corrected:')} ${what} (the earlier record is kept in the history)`;
    case 'undone':
      return `${style.yellow('Undone:')} ${what} (kept in the history as undone)`;
    case 'restored':
      return `${style.green('Current again:')} ${what}`;
    default:
      return `${style.green('Recorded:')} ${what}`;
  }
}

/** ` (reason: "...")` for a host outcome with a recorded reason. */
function reasonText(r: OutcomeRecord): string {
  return r.reason ? ` (reason: "${visible(r.reason)}")` : '';
}

/**
 * A timeline: one entry per meeting, latest first; an entry that was corrected or undone
 * (with --all) is indented under its meeting, below the current one. An entry wider than
 * 80 columns is word-wrapped, its continuation lines indented under its text.
 */
export function renderHistory(entries: OutcomeRecord[], zone: string, style: ChalkInstance, title: string): string {
  const lines = [style.bold(title)];
  if (entries.length === 0) {
    lines.push(style.dim('  Nothing recorded yet.'));
    return lines.join('\n');
  }
  for (const r of entries) {
    const when = dateAndTime(r.meeting.start, zone);
    const note = r.note ? style.dim(` (note: ${visible(r.note).slice(0, 80)})`) : '';
    const from = r.rescheduledFrom ? style.dim(` (moved here from ${dayYearTime(r.rescheduledFrom.start, zone)})`) : '';
    const body = `${capitalised(outcomeSentence(r, zone, { date: false }))}${reasonText(r)}${from}${note}`;
    const under = 2 + when.length + 2;
    if (r.supersededAt !== null) {
      const how = r.supersededReason === 'undone' ? 'undone' : 'corrected';
      const mark = `[${how} ${dateAndTime(r.supersededAt, zone)}]`;
      lines.push(style.dim(wrapWords(`${' '.repeat(under)}↳ ${body}  ${mark}`, { indent: under + 2, keep: [...keptOf(r, zone), mark] })));
    } else lines.push(wrapWords(`  ${when}  ${body}`, { indent: under, keep: keptOf(r, zone) }));
  }
  return lines.join('\n');
}

export function clientJson(c: ClientSummary | ClientRow, zone: string): Record<string, unknown> {
  const base: Record<string, unknown> = {
    email: c.email,
    name: c.name,
    organisation: c.organisation,
    timezone: c.timezone,
    notes: c.notes,
  };
  if ('meetings' in c) {
    base['meetings'] = c.meetings;
    base['misses'] = countMisses(c.outcomes);
    base['lastMeeting'] = c.lastMeeting !== null ? isoInZone(c.lastMeeting, zone) : null;
  }
  return base;
}
