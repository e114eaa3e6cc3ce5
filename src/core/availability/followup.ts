/**
 * The offer of a follow-up (issue 10): the slots engine under the follow-up's own rules.
 * Pure: calendars, held slots and `now` come in.
 *
 * - Never on the day of the missed call, in the user's zone or the client's.
 * - Not before `followup.notice`: by default the start of the user's next working day
 *   (the first working range of the first later day that has one); or now + a duration.
 *   The firm tone asks for more room: at least `followup.firm_notice` from now.
 * - Inside the client's working day too (`followup.client_hours`, the client's zone), spread
 *   over days and over the client's mornings and afternoons; fewer slots rather than a time
 *   outside those hours (`short`).
 * - Slots held by other open offers are not free.
 */
import { ianaZone, utcToWall, wallToUtc } from '../calendar/zones.js';
import { chooseOffer, findFreeSlots, floorDay, weekdayOf, type AvailabilityInput, type ClientDay, type Slot } from './slots.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface FollowUpOfferInput extends Omit<AvailabilityInput, 'client'> {
  client: ClientDay;
  /** The meeting followed up: its day is never offered. */
  missed: { start: number; end: number };
  /** How many slots to offer. */
  count: number;
  /** followup.notice: null for the next working day. */
  noticeMs: number | null;
  /** For the firm tone: followup.firm_notice; null otherwise. */
  firmNoticeMs: number | null;
}

export interface FollowUpOffer {
  slots: Slot[];
  /** Fewer than `count` slots fit both working days. */
  short: boolean;
  /** The earliest start the rules allow. */
  earliest: number;
}

export function planFollowUpOffer(input: FollowUpOfferInput): FollowUpOffer {
  const earliest = Math.max(
    input.noticeMs === null ? nextWorkingDayStart(input) : input.now + input.noticeMs,
    input.firmNoticeMs === null ? -Infinity : input.now + input.firmNoticeMs,
  );
  // The engine's notice is the follow-up's earliest start (never before now).
  const rules = { ...input.rules, noticeMs: Math.max(0, earliest - input.now), noticeDays: null };
  const free = findFreeSlots({ ...input, rules }).filter((s) => !onMissedDay(s, input));
  const { slots, short } = chooseOffer(free, input.count, input.zone, input.client);
  return { slots, short: short || slots.length < input.count, earliest };
}

/** The first working range start on a local day after now's (user's zone). */
export function nextWorkingDayStart(input: Pick<AvailabilityInput, 'now' | 'zone' | 'hours'>): number {
  const zone = ianaZone(input.zone)!;
  const today = floorDay(utcToWall(zone, input.now));
  for (let d = 1; d <= 14; d++) {
    const day = today + d * DAY_MS;
    const first = input.hours[weekdayOf(day)][0];
    if (first) return wallToUtc(zone, day + first.start * MINUTE_MS);
  }
  // No working hours in two weeks: from tomorrow's midnight (nothing will be offered anyway).
  return wallToUtc(zone, today + DAY_MS);
}

function onMissedDay(slot: Slot, input: FollowUpOfferInput): boolean {
  for (const name of [input.zone, input.client.zone]) {
    const z = ianaZone(name)!;
    if (floorDay(utcToWall(z, slot.start)) === floorDay(utcToWall(z, input.missed.start))) return true;
  }
  return false;
}
