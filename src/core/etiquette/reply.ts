/**
 * `etiq reply`: the client proposed a time in answer to an offer. Is it one we can say
 * yes to, and if not, what do we offer instead? Pure: the calendars, the offers that hold
 * slots and `now` come in.
 *
 * The reason is the first of these checks that fails, in this order (a JSON contract):
 *
 *   no-offer       the client has no offer, open or expired: nothing to check against
 *   too-soon       before the follow-up notice at the time of the reply: the start of the
 *                  user's next working day (`followup.notice`; or now + that duration), the
 *                  same rule planFollowUpOffer offers under; or on the day of the missed
 *                  meeting (in either zone); or already past. `now` and `later today` are
 *                  always too soon.
 *   outside-hours  outside the client's working day (`followup.client_hours`, in their
 *                  zone) or the user's own [hours]
 *   busy           overlaps (with the buffer) a busy event or unknown time in the live
 *                  calendars, a slot another open offer holds, or a day already at
 *                  `max_per_day`. The offer's own slots are not busy: they are held for
 *                  this client.
 *   expired        the client's latest offer has expired (the time itself passes the
 *                  checks above)
 *   not-offered    the time is not the start of one of the open offer's slots
 *   offered        it is: accepted
 *
 * The notice is deliberately the follow-up's own rule, not `slots.notice`, and not the
 * firm tone's `followup.firm_notice`: an offered slot was promised under that rule, and
 * honouring it means taking it until the day before (a slot the day after the reply is
 * fine; a slot today is not). It is re-evaluated at the time of the reply.
 *
 * `--accept-anyway` is the user's decision to take a time etiq did not offer: it accepts
 * `not-offered` and `expired` (the reason stays, `accepted` is true), never `too-soon`,
 * `outside-hours` or `busy`: a time that is not free, or not polite, is not booked by a
 * flag.
 *
 * When the answer is no, the offer is repeated: the previous slots that still pass the
 * checks (held for this client), topped up by the follow-up planner to the previous count
 * when some were taken, never the declined time or one overlapping it.
 */
import { planFollowUpOffer, nextWorkingDayStart, type FollowUpOfferInput } from '../availability/followup.js';
import { explainSlot, type AvailabilityInput, type ClientDay, type HeldSlot, type Slot } from '../availability/slots.js';
import { ianaZone, utcToWall } from '../calendar/zones.js';

const DAY_MS = 86_400_000;

export const REPLY_REASONS = ['offered', 'not-offered', 'busy', 'too-soon', 'outside-hours', 'expired', 'no-offer'] as const;
export type ReplyReason = (typeof REPLY_REASONS)[number];

/** The calendars and working days a reply is checked against. */
export interface ReplyAvailability extends Omit<AvailabilityInput, 'client' | 'held'> {
  /** The client's working day (followup.client_hours in their zone). */
  client: ClientDay;
  /** Slots held by the OTHER open offers; the answered offer's own slots are not busy. */
  held: HeldSlot[];
}

export interface ReplyRules {
  /** followup.notice: null for the start of the user's next working day. */
  noticeMs: number | null;
  /** The meeting the offer follows up: its day is never booked. */
  missed: { start: number; end: number };
}

export interface ReplyInput {
  /** The proposed start, epoch ms. */
  proposed: number;
  /** The client's open offer, or their latest one when it has expired; null when none. */
  offer: { slots: readonly Slot[]; expired: boolean } | null;
  /** The length of the meeting to book when the time is not one of the slots. */
  durationMs: number;
  availability: ReplyAvailability;
  rules: ReplyRules;
  acceptAnyway: boolean;
  /** Formats an instant for the details (the user's zone). */
  fmt: (ms: number) => string;
}

export interface ReplyVerdict {
  reason: ReplyReason;
  accepted: boolean;
  /** The time asked for: the offered slot, or the proposed start plus the duration. */
  slot: Slot;
  /** The earliest start the follow-up notice allows at `now`. */
  earliest: number;
  /** For busy and outside-hours: what is in the way, one sentence each. */
  details: string[];
}

/** The follow-up notice at `now`: the start of the user's next working day, or now + followup.notice. */
export function followUpEarliest(input: Pick<AvailabilityInput, 'now' | 'zone' | 'hours'> & { noticeMs: number | null }): number {
  return input.noticeMs === null ? nextWorkingDayStart(input) : input.now + input.noticeMs;
}

type Problem = { reason: 'too-soon' | 'outside-hours' | 'busy'; details: string[] };

/** What stops a time from being booked now, or null when nothing does. */
export function timeProblem(slot: Slot, availability: ReplyAvailability, rules: ReplyRules, earliest: number, fmt: (ms: number) => string): Problem | null {
  if (slot.start < availability.now || slot.start < earliest) {
    return { reason: 'too-soon', details: [`the earliest start the follow-up notice allows is ${fmt(earliest)}`] };
  }
  if (onMissedDay(slot, availability, rules.missed)) {
    return { reason: 'too-soon', details: ['it is on the day of the missed meeting'] };
  }
  const explained = explainSlot(
    { ...availability, rules: { ...availability.rules, durationMs: slot.end - slot.start, noticeMs: 0, noticeDays: null } },
    slot.start,
    fmt,
  );
  const hours = explained.reasons.filter((r) => r.rule === 'hours' || r.rule === 'client-hours');
  if (hours.length > 0) return { reason: 'outside-hours', details: hours.map((r) => r.message) };
  const busy = explained.reasons.filter((r) => r.rule === 'busy' || r.rule === 'unknown' || r.rule === 'held' || r.rule === 'max-per-day');
  if (busy.length > 0) return { reason: 'busy', details: busy.map((r) => r.message) };
  return null;
}

function onMissedDay(slot: Slot, availability: ReplyAvailability, missed: { start: number }): boolean {
  for (const name of [availability.zone, availability.client.zone]) {
    const z = ianaZone(name);
    if (!z) continue;
    if (Math.floor(utcToWall(z, slot.start) / DAY_MS) === Math.floor(utcToWall(z, missed.start) / DAY_MS)) return true;
  }
  return false;
}

/** The verdict on a proposed time: the reason (see the top of this file) and whether it is accepted. */
export function checkReply(input: ReplyInput): ReplyVerdict {
  const { availability, rules } = input;
  const offered = input.offer?.slots.find((s) => s.start === input.proposed) ?? null;
  const slot: Slot = offered ? { start: offered.start, end: offered.end } : { start: input.proposed, end: input.proposed + input.durationMs };
  const earliest = followUpEarliest({ ...availability, noticeMs: rules.noticeMs });
  const verdict = (reason: ReplyReason, accepted: boolean, details: string[] = []): ReplyVerdict => ({ reason, accepted, slot, earliest, details });
  if (!input.offer) return verdict('no-offer', false);
  const problem = timeProblem(slot, availability, rules, earliest, input.fmt);
  if (problem) return verdict(problem.reason, false, problem.details);
  if (input.offer.expired) return verdict('expired', input.acceptAnyway);
  if (!offered) return verdict('not-offered', input.acceptAnyway);
  return verdict('offered', true);
}

export interface ReofferInput {
  availability: ReplyAvailability;
  rules: ReplyRules & {
    /** The firm tone's followup.firm_notice for the new slots; null otherwise. */
    firmNoticeMs: number | null;
  };
  /** The slots offered before. */
  previous: readonly Slot[];
  /** The time just declined: neither it nor a slot overlapping it is offered again. */
  declined: Slot;
  /** How many slots to offer. */
  count: number;
}

export interface Reoffer {
  slots: Slot[];
  /** Fewer than `count`. */
  short: boolean;
  /** The previous slots offered again. */
  kept: Slot[];
}

/**
 * The offer repeated after a no: the previous slots that are still free, outside the
 * notice and inside both working days; when some were taken, topped up by the follow-up
 * planner (its spread first: the slots it would offer now that do not overlap the kept
 * ones; then, if still short, the planner again with the kept slots held).
 */
export function planReoffer(input: ReofferInput): Reoffer {
  const { availability, rules, count } = input;
  const earliest = followUpEarliest({ ...availability, noticeMs: rules.noticeMs });
  const kept = input.previous
    .filter((s) => !overlapsAny(s, [input.declined]) && timeProblem(s, availability, rules, earliest, String) === null)
    .map((s) => ({ start: s.start, end: s.end }))
    .slice(0, count);
  const chosen: Slot[] = [...kept];
  if (chosen.length < count) {
    const base: FollowUpOfferInput = {
      ...availability,
      missed: rules.missed,
      noticeMs: rules.noticeMs,
      firmNoticeMs: rules.firmNoticeMs,
      count,
    };
    const block = (s: Slot): HeldSlot => ({ start: s.start, end: s.end, offerId: 0, client: '', expiresAt: Number.MAX_SAFE_INTEGER });
    const first = planFollowUpOffer({ ...base, held: [...availability.held, block(input.declined)] }).slots;
    for (const s of first) {
      if (chosen.length >= count) break;
      if (!overlapsAny(s, chosen)) chosen.push(s);
    }
    if (chosen.length < count) {
      const more = planFollowUpOffer({ ...base, held: [...availability.held, block(input.declined), ...chosen.map(block)], count: count - chosen.length }).slots;
      chosen.push(...more);
    }
  }
  chosen.sort((a, b) => a.start - b.start);
  return { slots: chosen, short: chosen.length < count, kept };
}

function overlapsAny(s: Slot, list: readonly Slot[]): boolean {
  return list.some((o) => s.start < o.end && o.start < s.end);
}
