/**
 * What recording an outcome changes, decided before anything is written. Pure.
 *
 * The rules (README, "Recording what happened"):
 * - The same outcome with no new values changes nothing ("unchanged"), whatever way the
 *   meeting was named.
 * - The same outcome with new values corrects only the values given; the others are kept
 *   (`--waited 12 --note "..."` then `--note "called back"` keeps the 12 minutes).
 * - A different outcome corrects the current one. Its own values come from the flags or
 *   their defaults; the note is about the meeting and is kept unless a new one is given
 *   (`--note ""` clears it).
 * - `cancelled` and `late-cancel` are one outcome told apart by the notice: without a new
 *   notice a recorded cancellation keeps its notice and its classification.
 */
import { classifyCancellation, isHostOutcome, sameOutcomeFamily, type OutcomeKind, type Policy } from '../etiquette/outcomes.js';
import type { OutcomeRecord, OutcomeValues } from './types.js';

/** What the user gave: `undefined` means "not given". */
export interface OutcomeRequest {
  kind: OutcomeKind;
  minutes?: number;
  /** When the client told you of a cancellation (from --notice or --told-at). */
  toldAt?: number;
  /** The meeting a reschedule moves to (a meeting id). */
  rescheduledTo?: number;
  /** A new note; null clears the note. */
  note?: string | null;
  /** For host outcomes: the reason, word for word (a different one is a correction). */
  reason?: string;
}

export interface PlanContext {
  /** The meeting's start, for the notice of a cancellation. */
  meetingStart: number;
  now: number;
  policy: Policy;
  /** Minutes for a new no-show when none are given (the policy grace, or the prompt's answer). */
  defaultWaited: number;
}

export type OutcomePlan = { status: 'unchanged'; current: OutcomeRecord } | { status: 'recorded' | 'corrected'; values: OutcomeValues };

export function planOutcome(current: OutcomeRecord | null, req: OutcomeRequest, ctx: PlanContext): OutcomePlan {
  const base = current && sameOutcomeFamily(current.kind, req.kind) ? current : null;

  let kind = req.kind;
  let noticeMs: number | null = null;
  let toldAt: number | null = null;
  if (sameOutcomeFamily(req.kind, 'cancelled')) {
    if (req.toldAt === undefined && base) {
      // Re-recorded without a new notice: the recorded notice and classification stand.
      toldAt = base.toldAt;
      noticeMs = base.noticeMs;
      if (req.kind === 'cancelled') kind = base.kind;
    } else {
      toldAt = req.toldAt ?? ctx.now;
      noticeMs = ctx.meetingStart - toldAt;
      // `cancelled` with less notice than the policy allows is a late cancel, whatever it was called.
      if (req.kind === 'cancelled') kind = classifyCancellation(noticeMs, ctx.policy);
    }
  }

  const minutes = req.minutes ?? base?.minutes ?? (kind === 'no-show' ? ctx.defaultWaited : null);
  const rescheduledTo = req.rescheduledTo ?? (kind === 'rescheduled' ? (base?.rescheduledTo?.id ?? null) : null);
  const note = req.note !== undefined ? req.note : (current?.note ?? null);
  // One account of what happened: a host outcome keeps its recorded reason until a new one
  // is given; a client's outcome has none.
  const reason = isHostOutcome(kind) ? (req.reason ?? (current && isHostOutcome(current.kind) ? current.reason : null)) : null;
  const values: OutcomeValues = { kind, minutes, noticeMs, toldAt, rescheduledTo, note, reason };

  if (current && sameOutcomeValues(current, values)) return { status: 'unchanged', current };
  return { status: current ? 'corrected' : 'recorded', values };
}

/** Whether a recorded outcome already says exactly this. */
export function sameOutcomeValues(r: OutcomeRecord, v: OutcomeValues): boolean {
  return (
    r.kind === v.kind &&
    r.minutes === v.minutes &&
    r.noticeMs === v.noticeMs &&
    r.toldAt === v.toldAt &&
    (r.rescheduledTo?.id ?? null) === v.rescheduledTo &&
    r.note === v.note &&
    r.reason === v.reason
  );
}
