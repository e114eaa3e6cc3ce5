/**
 * Times as a client reads them in a draft. Pure: `now` is passed in.
 *
 * - A slot: `Tue 10 Mar, 14:00–14:30 (London) / 10:00–10:30 (New York)`: the client's
 *   zone first, the user's after a slash when the zones differ (with its own date when
 *   the date differs). 24-hour clock, weekday, day and month name; never a numeric date.
 *   The year is added when it is not the year of `now`.
 * - A clock-change note when a zone's UTC offset changes between `now` and a slot:
 *   `(the clocks change in New York on 8 March)`, one per zone.
 * - The expiry: `I will keep these times free until Friday 13 March, 18:00 (London).`
 *
 * Offsets come from the zone tables of calendar/zones.ts (no luxon call per slot).
 */
import { ianaZone, utcToWall, type Zone } from '../calendar/zones.js';
import { inputError } from '../errors.js';

export interface Interval {
  start: number;
  end: number;
}

const DAY_MS = 86_400_000;
const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function zoneOf(name: string): Zone {
  const z = ianaZone(name);
  if (!z) throw inputError(`unknown time zone "${name}"`, 'use an IANA name such as Europe/London or America/New_York');
  return z;
}

/**
 * The city a client knows a zone by: the last segment of the IANA name with spaces for
 * underscores (`America/New_York` → `New York`); `UTC` for UTC; `UTC-5` for `Etc/GMT+5`
 * (whose sign is inverted by POSIX convention).
 */
export function cityLabel(zone: string): string {
  if (/^(utc|gmt|z|zulu|universal|etc\/(utc|gmt|uct|universal|zulu|gmt[+-]?0))$/i.test(zone)) return 'UTC';
  const etc = /^etc\/gmt([+-])(\d{1,2})$/i.exec(zone);
  if (etc) return `UTC${etc[1] === '+' ? '-' : '+'}${Number(etc[2])}`;
  const last = zone.split('/').pop() ?? zone;
  return last.replace(/_/g, ' ');
}

interface Wall {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
}

function wall(ms: number, zone: Zone): Wall {
  const d = new Date(utcToWall(zone, ms));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function clock(w: Wall): string {
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** `Tue 10 Mar` / `Tuesday 10 March`, with the year when it is not the year of `now`. */
function date(w: Wall, nowYear: number, long: boolean): string {
  const text = long ? `${LONG_DAYS[w.weekday]} ${w.day} ${LONG_MONTHS[w.month]}` : `${SHORT_DAYS[w.weekday]} ${w.day} ${SHORT_MONTHS[w.month]}`;
  return w.year === nowYear ? text : `${text} ${w.year}`;
}

function sameDate(a: Wall, b: Wall): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

export interface OfferZones {
  /** The client's zone; null when unknown (the user's zone is then the only one shown). */
  clientZone: string | null;
  userZone: string;
  now: number;
}

/** The zones to show, the client's first; one when they are the same or the client's is unknown. */
export function shownZones(z: Pick<OfferZones, 'clientZone' | 'userZone'>): string[] {
  return z.clientZone === null || z.clientZone === z.userZone ? [z.userZone] : [z.clientZone, z.userZone];
}

/**
 * One slot: `Tue 10 Mar, 14:00–14:30 (London) / 10:00–10:30 (New York)`. `long` spells
 * the weekday and month out (`Tuesday 10 March, …`), for a slot quoted in a sentence.
 */
export function formatSlot(slot: Interval, z: OfferZones, long = false): string {
  const parts: string[] = [];
  let firstStart: Wall | null = null;
  for (const name of shownZones(z)) {
    const zone = zoneOf(name);
    const a = wall(slot.start, zone);
    const b = wall(slot.end, zone);
    const nowYear = wall(z.now, zone).year;
    const times = `${clock(a)}–${clock(b)} (${cityLabel(name)})`;
    parts.push(firstStart === null || !sameDate(firstStart, a) ? `${date(a, nowYear, long)}, ${times}` : times);
    firstStart ??= a;
  }
  return parts.join(' / ');
}

/** An instant in a sentence: `Tuesday 10 March at 14:00 (London)`. */
export function formatWhen(ms: number, zoneName: string, now: number): string {
  const zone = zoneOf(zoneName);
  const w = wall(ms, zone);
  return `${date(w, wall(now, zone).year, true)} at ${clock(w)} (${cityLabel(zoneName)})`;
}

/** An expiry time: `Friday 13 March, 18:00 (London)`. */
export function formatDeadline(ms: number, zoneName: string, now: number): string {
  const zone = zoneOf(zoneName);
  const w = wall(ms, zone);
  return `${date(w, wall(now, zone).year, true)}, ${clock(w)} (${cityLabel(zoneName)})`;
}

/** `I will keep these times free until Friday 13 March, 18:00 (London).` */
export function expiryLine(validUntil: number, zoneName: string, now: number): string {
  return `I will keep these times free until ${formatDeadline(validUntil, zoneName, now)}.`;
}

/**
 * The instants in (from, to] at which the zone's UTC offset changes, exact to the
 * millisecond. The range is walked a day at a time (no zone changes twice within four
 * days) and each change found is bisected.
 */
export function clockChanges(zoneName: string, from: number, to: number): number[] {
  const zone = zoneOf(zoneName);
  const found: number[] = [];
  let t = from;
  let offset = zone.offsetMs(t);
  while (t < to) {
    const next = Math.min(t + DAY_MS, to);
    const o = zone.offsetMs(next);
    if (o !== offset) {
      let lo = t; // offset(lo) = offset
      let hi = next; // offset(hi) = o
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (zone.offsetMs(mid) === offset) lo = mid;
        else hi = mid;
      }
      found.push(hi);
    }
    offset = o;
    t = next;
  }
  return found;
}

/**
 * The clock-change notes for an offer: one line per zone whose offset changes between
 * `now` and the last slot, `(the clocks change in New York on 8 March)`; zones that
 * change on the same dates share a line: `(the clocks change in London and Dublin on …)`.
 */
export function clockChangeNotes(slots: readonly Interval[], z: OfferZones): string[] {
  if (slots.length === 0) return [];
  const last = Math.max(...slots.map((s) => s.end));
  const byDates = new Map<string, string[]>();
  for (const name of shownZones(z)) {
    const zone = zoneOf(name);
    const changes = clockChanges(name, z.now, last);
    if (changes.length === 0) continue;
    const nowYear = wall(z.now, zone).year;
    const dates = changes.map((at) => {
      const w = wall(at, zone);
      return w.year === nowYear ? `${w.day} ${LONG_MONTHS[w.month]}` : `${w.day} ${LONG_MONTHS[w.month]} ${w.year}`;
    });
    const key = [...new Set(dates)].join(' and ');
    byDates.set(key, [...(byDates.get(key) ?? []), cityLabel(name)]);
  }
  return [...byDates].map(([dates, cities]) => `(the clocks change in ${cities.join(' and ')} on ${dates})`);
}

/**
 * The offer as it stands in a draft: one slot per line, then the clock-change notes,
 * then, when the offer is shorter than asked because the two working days barely
 * overlap (`short`), a line that says so. Empty when there is no slot.
 */
export function offerBlock(slots: readonly Interval[], z: OfferZones, short = false): string {
  if (slots.length === 0) return '';
  const lines = [...slots].sort((a, b) => a.start - b.start).map((s) => formatSlot(s, z));
  lines.push(...clockChangeNotes(slots, z));
  if (short) lines.push('(Fewer times than usual: our working days barely overlap.)');
  return lines.join('\n');
}
