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

/** A client meeting: not cancelled, not declined by the user, with someone other than the user. */
export function isClientMeeting(occ: Occurrence, myAddresses: string[]): boolean {
  const declined = myAddresses.length > 0 && occ.attendees.some((a) => a.email !== null && myAddresses.includes(a.email) && a.partstat === 'DECLINED');
  return occ.status !== 'CANCELLED' && !occ.allDay && !declined && clientsOf(occ, myAddresses).length > 0;
}
