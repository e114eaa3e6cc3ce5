/**
 * The availability engine: busy occurrences + working hours + rules + now -> free slots.
 * Pure: no clock, no I/O; every instant is epoch ms and every wall-clock computation goes
 * through the user's zone table (zones.ts), so DST days are handled the RFC 5545 way.
 *
 * A candidate [s, s + duration) is a slot when all hold:
 *  1. it lies inside one working range of its local day: s on the grid range start +
 *     k * step (wall clock), and s + duration at or before the range's end;
 *     wall-clock starts that do not exist (spring-forward gap) are skipped;
 *  2. now + notice <= s < now + horizon;
 *  3. no busy occurrence overlaps [s - buffer, s + duration + buffer); all-day busy
 *     events block the user's whole local day(s) (the reader already gives them the
 *     local-midnight bounds);
 *  4. the local day has fewer than maxPerDay busy timed events (when maxPerDay > 0).
 */
import { ALL_DAY, BUSY, timesOf, type OccurrenceTimes } from '../calendar/times.js';
import type { Occurrence, UnknownSpan } from '../calendar/types.js';
import { overlaps } from '../calendar/window.js';
import { ianaZone, utcToWall, wallToUtc, type Zone } from '../calendar/zones.js';
import { WEEKDAYS, mondayToFriday, type HourRange, type SlotRules, type Weekday } from '../settings.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface Slot {
  start: number;
  end: number;
}

export type WorkingHours = Record<Weekday, HourRange[]>;

/** Monday to Friday, 09:00-17:00: used when the config has no [hours] table. */
export const DEFAULT_HOURS: WorkingHours = mondayToFriday([{ start: 9 * 60, end: 17 * 60 }]);

export interface AvailabilityInput {
  now: number;
  zone: string;
  hours: WorkingHours;
  rules: SlotRules;
  /**
   * Occurrences from the calendars; only busy ones count. The calendars' reads hand in
   * their times (calendar/times.ts): the engine reads an occurrence itself only to name it
   * in an explanation.
   */
  occurrences: readonly Occurrence[] | OccurrenceTimes;
  /**
   * Time the calendars could not account for (a series cut short by a cap, an event that
   * could not be expanded): unknown is not free, so each span is busy.
   */
  unknown?: UnknownSpan[];
  /** Slots held by open offers to clients (issue 10): not free for anyone else. */
  held?: HeldSlot[];
  /** The client a time is for: their zone and working day (followup.client_hours). */
  client?: ClientDay | null;
}

/**
 * Time etiq knows is taken though no calendar says so: a slot an open offer holds for a
 * client until the offer expires, or a meeting etiq booked (a reschedule, a reply's
 * accepted time: `booked` is its title) until it has taken place.
 */
export interface HeldSlot {
  start: number;
  end: number;
  /** The offer that holds it; 0 for a booked meeting. */
  offerId: number;
  client: string;
  expiresAt: number;
  booked?: string;
}

export interface ClientDay {
  zone: string;
  hours: WorkingHours;
}

/**
 * A busy interval, with what it came from (for explanations): an occurrence (its index in
 * the input's occurrences), an unknown span or a held slot.
 */
type Block = { start: number; end: number } & (
  | { occ: number; allDay: boolean; span?: undefined; held?: undefined }
  | { occ?: undefined; span: UnknownSpan; held?: undefined }
  | { occ?: undefined; span?: undefined; held: HeldSlot }
);

export interface Candidate {
  start: number;
  end: number;
  /** Local day (wall-clock midnight as if UTC) the candidate belongs to. */
  day: number;
}

function zoneOf(name: string): Zone {
  const z = ianaZone(name);
  if (!z) throw new Error(`unknown time zone ${name}`);
  return z;
}

/**
 * The instants that bound the search: [now + notice, now + horizon). A notice or horizon in
 * whole days counts calendar days on the user's wall clock (the same time of day, across
 * a DST change); any other is exact.
 */
export function searchWindow(input: Pick<AvailabilityInput, 'now' | 'rules' | 'zone'>): { from: number; to: number } {
  const { now, rules } = input;
  const after = (ms: number, days: number | null | undefined): number => {
    if (days === null || days === undefined) return now + ms;
    const zone = zoneOf(input.zone);
    return wallToUtc(zone, utcToWall(zone, now) + days * DAY_MS);
  };
  return { from: after(rules.noticeMs, rules.noticeDays), to: after(rules.horizonMs, rules.horizonDays) };
}

/**
 * The window of calendar data the engine needs: whole local days around the search
 * window (for the daily cap), widened by the buffer.
 */
export function calendarWindow(input: Pick<AvailabilityInput, 'now' | 'rules' | 'zone'>): { start: number; end: number } {
  const zone = zoneOf(input.zone);
  const { from, to } = searchWindow(input);
  const dayStart = wallToUtc(zone, floorDay(utcToWall(zone, from)));
  const dayEnd = wallToUtc(zone, floorDay(utcToWall(zone, to)) + 2 * DAY_MS);
  return { start: dayStart - input.rules.bufferMs, end: dayEnd + input.rules.bufferMs + input.rules.durationMs };
}

/** Wall-clock midnight of a wall-clock instant (wall time read as if UTC). */
export function floorDay(wall: number): number {
  return Math.floor(wall / DAY_MS) * DAY_MS;
}

/** The weekday of a wall-clock day. */
export function weekdayOf(wallDay: number): Weekday {
  const d = new Date(wallDay).getUTCDay(); // 0 = Sunday
  return WEEKDAYS[(d + 6) % 7]!;
}

/** Every grid candidate of rules 1 and 2, in order. */
export function candidates(input: AvailabilityInput): Candidate[] {
  const zone = zoneOf(input.zone);
  const { rules } = input;
  const step = rules.stepMs ?? rules.durationMs;
  const { from, to } = searchWindow(input);
  const out: Candidate[] = [];
  if (to <= from) return out;
  const firstDay = floorDay(utcToWall(zone, from));
  const lastDay = floorDay(utcToWall(zone, to));
  for (let day = firstDay; day <= lastDay; day += DAY_MS) {
    for (const range of input.hours[weekdayOf(day)]) {
      const rangeEndWall = day + range.end * MINUTE_MS;
      const rangeEnd = wallToUtc(zone, rangeEndWall);
      for (let wall = day + range.start * MINUTE_MS; wall < rangeEndWall; wall += step) {
        const start = wallToUtc(zone, wall);
        // A wall-clock time inside a spring-forward gap does not exist that day: skip it.
        if (utcToWall(zone, start) !== wall) continue;
        const end = start + rules.durationMs;
        if (end > rangeEnd) break;
        if (start < from) continue;
        if (start >= to) break;
        out.push({ start, end, day });
      }
    }
  }
  return out;
}

function timesOfInput(occurrences: AvailabilityInput['occurrences']): OccurrenceTimes {
  return Array.isArray(occurrences) ? timesOf(occurrences as readonly Occurrence[]) : (occurrences as OccurrenceTimes);
}

/** The busy blocks, sorted by start then end (a stable sort: occurrences, then unknown spans, then held slots). */
function busyBlocks(input: Pick<AvailabilityInput, 'unknown' | 'held'>, times: OccurrenceTimes): Block[] {
  const blocks: Block[] = [];
  const { start, end, flags } = times;
  // The calendars' times come by start (see times.ts): then only the few others are sorted
  // and merged in, not ~2,000 blocks through a comparator (~2 ms, cold).
  let ordered = true;
  for (let i = 0; i < start.length; i++) {
    const f = flags[i]!;
    if ((f & BUSY) === 0) continue;
    const b: Block = { start: start[i]!, end: end[i]!, occ: i, allDay: (f & ALL_DAY) !== 0 };
    const last = blocks[blocks.length - 1];
    if (last && (b.start < last.start || (b.start === last.start && b.end < last.end))) ordered = false;
    blocks.push(b);
  }
  const others: Block[] = [];
  for (const u of input.unknown ?? []) others.push({ start: u.start, end: u.end, span: u });
  for (const h of input.held ?? []) others.push({ start: h.start, end: h.end, held: h });
  const byTime = (a: Block, b: Block) => a.start - b.start || a.end - b.end;
  if (!ordered) return [...blocks, ...others].sort(byTime);
  if (others.length === 0) return blocks;
  others.sort(byTime);
  // Merged as the stable sort of blocks then others would order them: on a tie, blocks first.
  const out: Block[] = [];
  let i = 0;
  let j = 0;
  while (i < blocks.length || j < others.length) {
    if (j >= others.length || (i < blocks.length && byTime(blocks[i]!, others[j]!) <= 0)) out.push(blocks[i++]!);
    else out.push(others[j++]!);
  }
  return out;
}

/** Busy timed events per local day (rule 4). */
function busyCountByDay(blocks: Block[], zone: Zone): Map<number, number> {
  const counts = new Map<number, number>();
  for (const b of blocks) {
    // An unknown span is not a meeting: it blocks time but does not count towards the cap.
    if (b.occ === undefined || b.allDay) continue;
    const day = floorDay(utcToWall(zone, b.start));
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return counts;
}

/** The free slots, sorted by start. */
export function findFreeSlots(input: AvailabilityInput): Slot[] {
  const zone = zoneOf(input.zone);
  const blocks = busyBlocks(input, timesOfInput(input.occurrences));
  const counts = busyCountByDay(blocks, zone);
  const { bufferMs, maxPerDay } = input.rules;
  // Blocks sorted by start; a running maximum of ends lets a sweep skip past blocks that
  // end before the candidate's padded start.
  const maxEnd: number[] = [];
  let m = -Infinity;
  for (const b of blocks) {
    m = Math.max(m, b.end);
    maxEnd.push(m);
  }
  const slots: Slot[] = [];
  for (const c of candidates(input)) {
    if (maxPerDay > 0 && (counts.get(c.day) ?? 0) >= maxPerDay) continue;
    if (firstConflict(blocks, maxEnd, c.start - bufferMs, c.end + bufferMs) === null) slots.push({ start: c.start, end: c.end });
  }
  return slots;
}

/**
 * The first busy block overlapping [lo, hi): binary search for the blocks starting before
 * hi, then walk back while the running maximum of ends still reaches lo.
 */
function firstConflict(blocks: Block[], maxEnd: number[], lo: number, hi: number): Block | null {
  let left = 0;
  let right = blocks.length;
  while (left < right) {
    const mid = (left + right) >> 1;
    if (blocks[mid]!.start < hi) left = mid + 1;
    else right = mid;
  }
  for (let i = right - 1; i >= 0 && maxEnd[i]! >= lo; i--) {
    const b = blocks[i]!;
    if (overlaps(b.start, b.end, lo, hi)) return b;
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// --explain

export type ExplainReason =
  | { rule: 'hours'; message: string }
  | { rule: 'grid'; message: string }
  | { rule: 'gap'; message: string }
  | { rule: 'notice'; message: string; earliest: number }
  | { rule: 'horizon'; message: string; latest: number }
  | { rule: 'busy'; message: string; event: Occurrence; viaBuffer: boolean }
  | { rule: 'unknown'; message: string; span: UnknownSpan; viaBuffer: boolean }
  | { rule: 'held'; message: string; held: HeldSlot; viaBuffer: boolean }
  | { rule: 'max-per-day'; message: string; count: number }
  | { rule: 'client-hours'; message: string };

export interface Explanation {
  start: number;
  end: number;
  offered: boolean;
  reasons: ExplainReason[];
}

/** Why a start time is or is not offered: every rule that rejects it, in rule order. */
export function explainSlot(input: AvailabilityInput, start: number, fmt: (ms: number) => string): Explanation {
  const zone = zoneOf(input.zone);
  const { rules } = input;
  const end = start + rules.durationMs;
  const reasons: ExplainReason[] = [];
  const step = rules.stepMs ?? rules.durationMs;
  const wall = utcToWall(zone, start);
  const day = floorDay(wall);
  const ranges = input.hours[weekdayOf(day)];
  const minuteOfDay = (wall - day) / MINUTE_MS;
  const range = ranges.find((r) => minuteOfDay >= r.start && minuteOfDay < r.end);
  const rangeText = (r: HourRange) => `${hhmm(r.start)}-${hhmm(r.end)}`;
  if (ranges.length === 0) {
    reasons.push({ rule: 'hours', message: `${weekdayOf(day)} is not a working day ([hours] lists no range for it)` });
  } else if (!range) {
    reasons.push({ rule: 'hours', message: `it is outside working hours (${weekdayOf(day)}: ${ranges.map(rangeText).join(', ')})` });
  } else {
    const offset = (minuteOfDay - range.start) * MINUTE_MS;
    if (offset % step !== 0) {
      reasons.push({ rule: 'grid', message: `it is not on the ${step / MINUTE_MS}-minute grid that starts at ${hhmm(range.start)}` });
    }
    const rangeEnd = wallToUtc(zone, day + range.end * MINUTE_MS);
    if (end > rangeEnd) reasons.push({ rule: 'hours', message: `a ${rules.durationMs / MINUTE_MS}-minute meeting would end after ${hhmm(range.end)}, the end of working hours` });
  }
  // Fix (tests): this compared `wall` with itself round-tripped, which never differs for a
  // wall time read from an instant, so the second 01:00 of a fall-back day was explained as
  // "offered" although candidates() only offers the first (RFC 5545 §3.3.5). Compare the
  // instant the wall time maps to with the start instead.
  if (wallToUtc(zone, wall) !== start) {
    reasons.push({ rule: 'gap', message: 'that wall-clock time occurs twice on this day (daylight-saving change) and only its first occurrence is offered' });
  }
  const { from, to } = searchWindow(input);
  if (start < from) reasons.push({ rule: 'notice', message: `it is less than the minimum notice away (earliest start: ${fmt(from)})`, earliest: from });
  if (start >= to) reasons.push({ rule: 'horizon', message: `it is beyond the look-ahead horizon (last start before ${fmt(to)})`, latest: to });
  const times = timesOfInput(input.occurrences);
  const blocks = busyBlocks(input, times);
  for (const b of blocks) {
    const direct = overlaps(b.start, b.end, start, end);
    if (!direct && !overlaps(b.start, b.end, start - rules.bufferMs, end + rules.bufferMs)) continue;
    const what = direct ? 'it overlaps' : `the ${rules.bufferMs / MINUTE_MS}-minute buffer ${b.end <= start ? 'before' : 'after'} it touches`;
    if (b.occ !== undefined) {
      const event = times.at(b.occ);
      reasons.push({ rule: 'busy', message: `${what} ${describeBlock(event, fmt)}`, event, viaBuffer: !direct });
    } else if (b.held) {
      const whose = b.held.booked !== undefined
        ? `"${b.held.booked}" with ${b.held.client}, a meeting etiq booked that is in none of your calendars yet`
        : `held for ${b.held.client} by offer ${b.held.offerId} until ${fmt(b.held.expiresAt)}`;
      reasons.push({
        rule: 'held',
        message: `${what} ${fmt(b.start)}–${fmt(b.end)}, ${whose}`,
        held: b.held,
        viaBuffer: !direct,
      });
    } else {
      reasons.push({
        rule: 'unknown',
        message: `${what} time that ${b.span.calendar} could not fully account for (${fmt(b.start)}–${fmt(b.end)}, busy): ${b.span.reason}`,
        span: b.span,
        viaBuffer: !direct,
      });
    }
  }
  if (rules.maxPerDay > 0) {
    const count = busyCountByDay(blocks, zone).get(day) ?? 0;
    if (count >= rules.maxPerDay) reasons.push({ rule: 'max-per-day', message: `the day already has ${count} busy meeting${count === 1 ? '' : 's'} (max_per_day = ${rules.maxPerDay})`, count });
  }
  if (input.client && !insideHours({ start, end }, input.client.hours, input.client.zone)) {
    reasons.push({ rule: 'client-hours', message: `it is outside the client's working day (${describeHours(input.client.hours)} ${input.client.zone}; followup.client_hours)` });
  }
  return { start, end, offered: reasons.length === 0, reasons };
}

function describeBlock(o: Occurrence, fmt: (ms: number) => string): string {
  const when = o.allDay ? `all day ${o.startDate}${o.endDate && o.endDate !== nextDate(o.startDate) ? ` to ${o.endDate} (exclusive)` : ''}` : `${fmt(o.start)}–${fmt(o.end)}`;
  return `"${o.summary.replace(/\s+/g, ' ').trim() || '(no title)'}" (${when}; uid ${o.uid || '(none)'}; ${o.calendar})`;
}

function nextDate(date: string | null): string | null {
  if (!date) return null;
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------
// --offer N

/**
 * Picks N slots to propose: spread over different days and over mornings and afternoons
 * rather than the first N, earliest first within that spread. Pass 1 takes one slot per
 * day, alternating the preferred half (morning on the first day offered, afternoon on the
 * next, ...); pass 2 takes the other half of each day; pass 3 fills with the earliest
 * remaining slots. The result is sorted by start.
 */
export function pickOffer(slots: Slot[], n: number, zone: string): Slot[] {
  if (n <= 0) return [];
  const z = zoneOf(zone);
  const byDay = new Map<number, { morning: Slot[]; afternoon: Slot[] }>();
  for (const s of slots) {
    const wall = utcToWall(z, s.start);
    const day = floorDay(wall);
    const half = wall - day < 12 * 3_600_000 ? 'morning' : 'afternoon';
    let entry = byDay.get(day);
    if (!entry) byDay.set(day, (entry = { morning: [], afternoon: [] }));
    entry[half].push(s);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const chosen = new Set<Slot>();
  const usedHalf = new Map<number, 'morning' | 'afternoon'>();
  let prefer: 'morning' | 'afternoon' = 'morning';
  for (const day of days) {
    if (chosen.size >= n) break;
    const entry = byDay.get(day)!;
    const other: 'morning' | 'afternoon' = prefer === 'morning' ? 'afternoon' : 'morning';
    const half: 'morning' | 'afternoon' = entry[prefer].length > 0 ? prefer : other;
    const pick = entry[half][0];
    if (!pick) continue;
    chosen.add(pick);
    usedHalf.set(day, half);
    prefer = half === 'morning' ? 'afternoon' : 'morning';
  }
  for (const day of days) {
    if (chosen.size >= n) break;
    const entry = byDay.get(day)!;
    const half: 'morning' | 'afternoon' = usedHalf.get(day) === 'morning' ? 'afternoon' : 'morning';
    const pick = entry[half][0];
    if (pick && !chosen.has(pick)) chosen.add(pick);
  }
  for (const s of slots) {
    if (chosen.size >= n) break;
    chosen.add(s);
  }
  return [...chosen].sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------
// The client's working day

/**
 * Whether a slot lies inside one range of the working hours of its local day in `zone`
 * (the client's): [start, end) within the range, on one day. A slot that starts or ends
 * outside it, or crosses midnight, is outside.
 */
export function insideHours(slot: Slot, hours: WorkingHours, zone: string): boolean {
  const z = zoneOf(zone);
  const start = utcToWall(z, slot.start);
  const end = utcToWall(z, slot.end);
  const day = floorDay(start);
  const from = (start - day) / MINUTE_MS;
  const to = (end - day) / MINUTE_MS;
  return hours[weekdayOf(day)].some((r) => from >= r.start && to <= r.end);
}

/** `Mon–Fri 08:00–18:00`, `Mon 09:00–12:00, 13:00–17:00; Fri 09:00–13:00`: working hours in words. */
export function describeHours(hours: WorkingHours): string {
  const text = (ranges: HourRange[]) => ranges.map((r) => `${hhmm(r.start)}–${hhmm(r.end)}`).join(', ');
  const name = (d: Weekday) => d.charAt(0).toUpperCase() + d.slice(1);
  const groups: { first: Weekday; last: Weekday; ranges: string }[] = [];
  for (const d of WEEKDAYS) {
    if (hours[d].length === 0) continue;
    const t = text(hours[d]);
    const prev = groups[groups.length - 1];
    if (prev && prev.ranges === t && WEEKDAYS.indexOf(prev.last) === WEEKDAYS.indexOf(d) - 1) prev.last = d;
    else groups.push({ first: d, last: d, ranges: t });
  }
  if (groups.length === 0) return 'no working days';
  return groups.map((g) => `${name(g.first)}${g.last !== g.first ? `–${name(g.last)}` : ''} ${g.ranges}`).join('; ');
}

/**
 * The slots to propose: with a client, only those inside the client's working day, then
 * spread by pickOffer. `short` is set when the client's day left fewer than `n`, so that
 * the caller can say so instead of offering times outside it.
 */
export function chooseOffer(free: Slot[], n: number, zone: string, client: ClientDay | null | undefined): { slots: Slot[]; short: boolean } {
  const fitting = client ? free.filter((s) => insideHours(s, client.hours, client.zone)) : free;
  // Mornings and afternoons are the client's when there is a client: in a narrow overlap
  // of two working days every slot may be the user's afternoon.
  const slots = pickOffer(fitting, n, client?.zone ?? zone);
  return { slots, short: slots.length < n && fitting.length < free.length };
}
