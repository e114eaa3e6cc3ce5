/**
 * Whether an occurrence makes the user busy. The rules, in order:
 *
 * 1. STATUS:CANCELLED is never busy.
 * 2. TRANSP:TRANSPARENT is not busy ("show as free"), all-day events included: Apple
 *    writes all-day events transparent by default, and scheduling products that block
 *    them anyway are a reported bug (cal.com #29410).
 * 3. Outlook's X-MICROSOFT-CDO-BUSYSTATUS:FREE is not busy.
 * 4. The user's own ATTENDEE with PARTSTAT=DECLINED is not busy.
 * 5. Tentative (STATUS:TENTATIVE, the user's PARTSTAT=TENTATIVE, or Outlook's TENTATIVE
 *    busy status) is busy unless `tentativeIsBusy` is false.
 * 6. Everything else is busy.
 */
import { calendarOfAll, timesOf, type OccurrenceTimes } from './times.js';
import type { Attendee, EventStatus, Occurrence, ReadResult } from './types.js';

export function normaliseStatus(raw: string | null): EventStatus {
  const s = (raw ?? '').trim().toUpperCase();
  return s === 'CANCELLED' || s === 'TENTATIVE' ? s : 'CONFIRMED';
}

export interface BusyInput {
  status: EventStatus;
  transp: string | null;
  busyStatus: string | null;
  attendees: Attendee[];
}

export interface BusyDecision {
  busy: boolean;
  reason: string | null;
  tentative: boolean;
}

export function isBusy(ev: BusyInput, opts: { myAddresses: string[]; tentativeIsBusy: boolean }): BusyDecision {
  const me = opts.myAddresses.length > 0 ? ev.attendees.find((a) => a.email !== null && opts.myAddresses.includes(a.email)) : undefined;
  const myReply = me?.partstat ?? null;
  const busyStatus = (ev.busyStatus ?? '').trim().toUpperCase();
  const tentative = ev.status === 'TENTATIVE' || myReply === 'TENTATIVE' || busyStatus === 'TENTATIVE';
  if (ev.status === 'CANCELLED') return { busy: false, reason: 'cancelled', tentative };
  if ((ev.transp ?? '').trim().toUpperCase() === 'TRANSPARENT') return { busy: false, reason: 'marked free (TRANSP:TRANSPARENT)', tentative };
  if (busyStatus === 'FREE') return { busy: false, reason: 'marked free (X-MICROSOFT-CDO-BUSYSTATUS:FREE)', tentative };
  if (myReply === 'DECLINED') return { busy: false, reason: 'declined by you', tentative };
  if (tentative && !opts.tentativeIsBusy) return { busy: false, reason: 'tentative (tentative_is_busy = false)', tentative };
  return { busy: true, reason: null, tentative };
}

/**
 * A read as availability needs it: every occurrence, without the people and the place
 * (attendees, organizer, location), which only the record commands, `agenda` and the
 * report show. `slots`, the follow-ups' offers and `reply` ask for this view: their
 * expansion-cache entry is a third smaller, and a warm run reads it in half the time.
 */
export function busyView(result: ReadResult): ReadResult {
  // Spelled out, not `{ ...o, ... }`: an object spread is several times slower while the
  // code is cold, as it is in a first run (issue 13).
  const strip = (o: Occurrence): Occurrence => ({
    uid: o.uid,
    recurrenceId: o.recurrenceId,
    start: o.start,
    end: o.end,
    allDay: o.allDay,
    startDate: o.startDate,
    endDate: o.endDate,
    status: o.status,
    busy: o.busy,
    freeReason: o.freeReason,
    tentative: o.tentative,
    summary: o.summary,
    location: null,
    organizer: null,
    attendees: [],
    calendar: o.calendar,
    line: o.line,
  });
  const view: ReadResult = { ...result, occurrences: result.occurrences.map(strip) };
  if (result.removed) view.removed = result.removed.map(strip);
  return view;
}

/**
 * A read's busy view with its occurrences as times (times.ts), and the calendar they all
 * name (null when they do not name one): what slots, the follow-ups' offers and `reply`
 * take from the calendars, and what the expansion cache keeps for them.
 */
export interface BusyRead {
  rest: Omit<ReadResult, 'occurrences'>;
  times: OccurrenceTimes;
  calendar: string | null;
}

/**
 * `view`: `result` already is a busy view (a read with ReadOptions.people false), and is
 * taken as it is rather than copied occurrence by occurrence.
 */
export function busyRead(result: ReadResult, view = false): BusyRead {
  const { occurrences, ...rest } = view ? result : busyView(result);
  return { rest, times: timesOf(occurrences), calendar: calendarOfAll(occurrences) };
}
