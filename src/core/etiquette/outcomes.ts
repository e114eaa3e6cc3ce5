/**
 * Outcomes of client meetings and the policy around them. Pure.
 *
 * The outcome names are a contract (JSON output, scripts): attended, late, no-show,
 * cancelled, late-cancel, rescheduled, and the user's own side host-cancelled,
 * host-late, host-no-show.
 */
import type { Occurrence, Person } from '../calendar/types.js';

export const OUTCOMES = [
  'attended',
  'late',
  'no-show',
  'cancelled',
  'late-cancel',
  'rescheduled',
  'host-cancelled',
  'host-late',
  'host-no-show',
] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

export function isOutcome(s: string): s is OutcomeKind {
  return (OUTCOMES as readonly string[]).includes(s);
}

/** Outcomes that say the meeting did not take place when planned because of the client. */
export const CLIENT_MISSES: readonly OutcomeKind[] = ['no-show', 'late-cancel', 'cancelled', 'rescheduled'];

/**
 * A miss: the client did not come, or cancelled too late to use the time. The one
 * definition behind `etiq clients`' "missed" column (and, later, repeat offenders).
 */
export function isMiss(kind: OutcomeKind): boolean {
  return kind === 'no-show' || kind === 'late-cancel';
}

/** How many of these outcome counts are misses. */
export function countMisses(counts: Partial<Record<OutcomeKind, number>>): number {
  let n = 0;
  for (const k of OUTCOMES) if (isMiss(k)) n += counts[k] ?? 0;
  return n;
}

/** The user's own side of a meeting: what you did, not the client. */
export function isHostOutcome(kind: OutcomeKind): boolean {
  return kind === 'host-cancelled' || kind === 'host-late' || kind === 'host-no-show';
}

/**
 * Outcomes that say how a meeting that took place (or should have) went: someone came,
 * came late or did not come. A meeting that did not take place (cancelled in the
 * calendar, removed from its series, declined by you) cannot carry one of these; it can
 * carry a cancellation or a reschedule.
 */
export function isAttendanceOutcome(kind: OutcomeKind): boolean {
  return kind === 'attended' || kind === 'late' || kind === 'no-show' || kind === 'host-late' || kind === 'host-no-show';
}

/** Outcomes that say a meeting will not take place at its time: it was called off or moved away. */
export function callsOffMeeting(kind: OutcomeKind): boolean {
  return kind === 'cancelled' || kind === 'late-cancel' || kind === 'rescheduled' || kind === 'host-cancelled';
}

/** `cancelled` and `late-cancel` are one outcome, told apart by the notice given. */
export function sameOutcomeFamily(a: OutcomeKind, b: OutcomeKind): boolean {
  const family = (k: OutcomeKind) => (k === 'late-cancel' ? 'cancelled' : k);
  return family(a) === family(b);
}

/** Which outcomes take `--minutes` (or `--waited`), and what the minutes mean. */
export function minutesMeaning(kind: OutcomeKind): 'late' | 'waited' | null {
  if (kind === 'late' || kind === 'host-late') return 'late';
  if (kind === 'no-show') return 'waited';
  return null;
}

/**
 * Checks minutes against the meeting: late by 1 to length - 1 minutes (late by the whole
 * meeting is a no-show); waited 1 minute to the meeting's length. Returns what is wrong,
 * or null.
 */
export function minutesProblem(kind: OutcomeKind, minutes: number, meetingLengthMs: number): string | null {
  const length = Math.max(1, Math.round(meetingLengthMs / 60_000));
  const meaning = minutesMeaning(kind);
  if (meaning === 'late') {
    if (minutes >= 1 && minutes < length) return null;
    return length > 1
      ? `${kind} is 1 to ${length - 1} minutes on this ${length}-minute meeting (late for the whole meeting is a ${kind === 'late' ? 'no-show' : 'host-no-show'})`
      : `${kind} cannot be recorded on a ${length}-minute meeting`;
  }
  if (meaning === 'waited') {
    if (minutes >= 1 && minutes <= length) return null;
    return `the minutes waited are 1 to ${length} on this ${length}-minute meeting`;
  }
  return null;
}

export interface Policy {
  graceMs: number;
  lateCancelMs: number;
}

/**
 * A cancellation with less notice than `policy.lateCancelMs` is a late cancel. Notice is
 * measured from when the client told you to the meeting's start.
 */
export function classifyCancellation(noticeMs: number, policy: Policy): 'cancelled' | 'late-cancel' {
  return noticeMs < policy.lateCancelMs ? 'late-cancel' : 'cancelled';
}

/** When an outcome may be recorded, relative to the meeting's start. */
export function earliestRecording(kind: OutcomeKind, start: number, policy: Policy): number | null {
  switch (kind) {
    case 'no-show':
    case 'host-no-show':
      return start + policy.graceMs;
    case 'attended':
    case 'late':
    case 'host-late':
      return start;
    default:
      return null; // cancellations and reschedules may be recorded before the meeting
  }
}

/** The people of a meeting who are not the user: attendees and organizer minus `me`. */
export function clientsOf(occ: Pick<Occurrence, 'attendees' | 'organizer'>, myAddresses: string[]): Person[] {
  const seen = new Map<string, Person>();
  const add = (p: Person | null) => {
    if (!p?.email) return;
    const email = p.email.toLowerCase();
    if (myAddresses.includes(email)) return;
    const known = seen.get(email);
    if (!known) seen.set(email, { email, name: p.name });
    else if (!known.name && p.name) known.name = p.name;
  };
  add(occ.organizer);
  for (const a of occ.attendees) add(a);
  return [...seen.values()];
}

/** Whether the user declined the occurrence (needs the user's addresses). */
export function declinedByMe(occ: Pick<Occurrence, 'attendees'>, myAddresses: string[]): boolean {
  return myAddresses.length > 0 && occ.attendees.some((a) => a.email !== null && myAddresses.includes(a.email) && a.partstat === 'DECLINED');
}

/** A client meeting: not cancelled, not declined by the user, with someone other than the user. */
export function isClientMeeting(occ: Occurrence, myAddresses: string[]): boolean {
  return whyNotRecordable(occ, myAddresses, 'attended') === null;
}

/** Why an occurrence cannot carry an outcome, as the end of a sentence; null when it can. */
export type NotRecordable = 'all-day' | 'no-client' | 'removed' | 'cancelled' | 'declined';

/**
 * The one rule for every way of naming a meeting (--uid, --at, --last, the prompt): an
 * all-day event or one with nobody but the user carries no outcome; a meeting that did not
 * take place (cancelled in the calendar, removed from its series by EXDATE, declined by
 * the user) carries a cancellation or a reschedule, never an attendance outcome.
 * `removed` marks an instance the series' EXDATE took out.
 */
export function whyNotRecordable(occ: Occurrence, myAddresses: string[], kind: OutcomeKind, removed = false): NotRecordable | null {
  if (occ.allDay) return 'all-day';
  if (clientsOf(occ, myAddresses).length === 0) return 'no-client';
  if (!isAttendanceOutcome(kind)) return null;
  if (removed) return 'removed';
  if (occ.status === 'CANCELLED') return 'cancelled';
  if (declinedByMe(occ, myAddresses)) return 'declined';
  return null;
}

/** The reason in words: "... is <this>". */
export function notRecordableText(why: NotRecordable, kind: OutcomeKind): string {
  const notMissed = `a meeting that did not take place is not one anyone ${kind === 'attended' || kind === 'late' || kind === 'host-late' ? 'attended' : 'missed'}`;
  switch (why) {
    case 'all-day':
      return 'an all-day event, not a meeting';
    case 'no-client':
      return 'a meeting with nobody but you';
    case 'removed':
      return `removed from its series in the calendar (EXDATE): ${notMissed}; a cancellation can still be recorded (etiq log cancelled or host-cancelled)`;
    case 'cancelled':
      return `cancelled in the calendar (STATUS:CANCELLED): ${notMissed}; a cancellation can still be recorded (etiq log cancelled or host-cancelled)`;
    case 'declined':
      return `one you declined: ${notMissed}`;
  }
}
