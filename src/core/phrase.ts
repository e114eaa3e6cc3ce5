/**
 * WHEN, as a client writes it in a reply: an ISO time, or a phrase such as `now`, `later
 * today`, `today 16:00`, `tomorrow 10:30`, `Tue 14:00` or `next Monday at 9`. Pure: `now`
 * and the zone to read it in (the client's) are passed in.
 *
 * - ISO forms and a bare `HH:MM` go through parseMoment, as every other flag of etiq: a
 *   bare time is on today's date in the zone, never pushed to tomorrow.
 * - Anything else is read by chrono-node (forwardDate: `Tue 14:00` is the coming Tuesday,
 *   `next Monday` the coming Monday). chrono only supplies the wall-clock components
 *   (year, month, day, hour, minute): its reference is `now` at the zone's offset at that
 *   moment, and the instant is then built from the components in the zone itself
 *   (zones.ts). So `tomorrow 10:30` on the day a zone moves to summer time is 10:30
 *   summer time, not 10:30 at yesterday's offset. (chrono computes calendar arithmetic
 *   on the process's own Date fields; a wall time inside a spring-forward gap of the
 *   *process* zone could be off by an hour. The CLI runs in whatever zone the host has;
 *   the client's zone never is the issue.)
 * - A phrase with its own zone (`10:30 CET`) or a relative time (`in 2 hours`) is the
 *   instant chrono computes.
 * - `now` is exactly `now`. A time of today without a clock time (`later today`, `today`,
 *   `this afternoon`, `tonight`) is kind `later-today`, at `now`: it asks for today.
 *
 * chrono-node (its English parser only: the full package loads every locale, ~300 ms) is
 * imported on first use, so that ISO times, `now` and every other command pay nothing.
 *
 * Refused (usage error, exit 2, the text quoted with visible()): text chrono cannot read;
 * text holding more than one time, or words besides the time (`tomorrow at 3pm please`:
 * etiq does not guess which part the client meant); a day without a time of day that is
 * not today (`Thursday`); a wall-clock time that does not exist in the zone (skipped by a
 * spring-forward change); a year outside 1900-2999.
 */
import type * as ChronoEn from 'chrono-node/en';
import { ianaZone, utcToWall, wallToUtc } from './calendar/zones.js';
import { usageError } from './errors.js';
import { parseMoment } from './time.js';
import { visible } from './visible.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export type WhenKind = 'now' | 'later-today' | 'time';

export interface ReadWhen {
  /** The instant, epoch ms. For `now` and `later-today`: `now`. */
  ms: number;
  /** `now`, a time later today with no clock time, or a definite time. */
  kind: WhenKind;
  /** The zone it was read in. */
  zone: string;
}

const ISO_OR_TIME = /^(\d{4}-\d{2}-\d{2}([T ].*)?|\d{1,2}:\d{2}(:\d{2})?)$/i;
const LATER_TODAY = /^(later|later\s+on|later\s+today|later\s+on\s+today|some\s*time\s+today|sometime\s+later\s+today|today)$/i;
const NOW = /^(now|right\s+now)$/i;
/** What may surround the one time chrono found: spaces and punctuation. */
const FILLER = /^[\s\p{P}]*$/u;

const EXAMPLES = '"tomorrow 10:30", "Tue 14:00", "next Monday at 9", "today 16:00", "now", "later today", or an ISO time such as 2026-03-10T14:00';

/**
 * Reads WHEN in `zone` relative to `now`. `what` names the flag in error messages
 * (`--proposed`).
 */
export async function readWhen(text: string, now: number, zone: string, what = '--proposed'): Promise<ReadWhen> {
  const z = ianaZone(zone);
  if (!z) throw usageError(`${what}: unknown time zone ${visible(zone)}`);
  const t = text.trim().replace(/\s+/g, ' ');
  const quoted = `${what} "${visible(text)}"`;
  if (t === '') throw usageError(`${quoted} is empty; give a time such as ${EXAMPLES}`);
  if (NOW.test(t)) return { ms: now, kind: 'now', zone };
  if (LATER_TODAY.test(t)) return { ms: now, kind: 'later-today', zone };

  const today = Math.floor(utcToWall(z, now) / DAY_MS) * DAY_MS;
  if (ISO_OR_TIME.test(t)) {
    let m: ReturnType<typeof parseMoment>;
    try {
      m = parseMoment(t, zone, what, now);
    } catch (err) {
      if ((err as Error).message.includes('outside the years')) throw usageError(`${quoted} is outside the years 1900 to 2999 that etiq handles`);
      throw usageError(`${quoted} is not a date-time etiq can read (an ISO 8601 date-time such as 2026-03-10T14:00, a time such as 14:00, or a phrase such as "tomorrow 10:30")`);
    }
    if (!m.dateOnly) return { ms: m.ms, kind: 'time', zone };
    if (Math.floor(utcToWall(z, m.ms) / DAY_MS) * DAY_MS === today) return { ms: now, kind: 'later-today', zone };
    throw usageError(`${quoted} is a day without a time of day; give the time the client proposed, such as ${EXAMPLES}`);
  }

  const offsetMinutes = Math.round((utcToWall(z, now) - now) / MINUTE_MS);
  const chrono = await loadChrono();
  const results = chrono.casual.parse(t, { instant: new Date(now), timezone: offsetMinutes }, { forwardDate: true });
  if (results.length === 0) throw usageError(`${quoted} cannot be read as a time; give one such as ${EXAMPLES}`);
  if (results.length > 1) {
    throw usageError(`${quoted} holds more than one time (${results.map((r) => `"${visible(r.text)}"`).join(', ')}); give the one the client proposed`);
  }
  const r = results[0]!;
  const rest = t.slice(0, r.index) + t.slice(r.index + r.text.length);
  if (!FILLER.test(rest)) {
    throw usageError(`${quoted} cannot be read as one time: only "${visible(r.text)}" is a time; give just the time, such as ${EXAMPLES}`);
  }
  const tags = r.tags();
  if (tags.has('casualReference/now')) return { ms: now, kind: 'now', zone };
  const s = r.start;
  const year = s.get('year')!;
  if (year < 1900 || year > 2999) throw usageError(`${quoted} is outside the years 1900 to 2999 that etiq handles`);
  // A stated zone (`10:30 CET`) or a time relative to now (`in 2 hours`): chrono's instant.
  if (s.isCertain('timezoneOffset') || tags.has('result/relativeDateAndTime')) return { ms: s.date().getTime(), kind: 'time', zone };
  const day = Date.UTC(year, s.get('month')! - 1, s.get('day')!);
  if (!s.isCertain('hour')) {
    // `this afternoon`, `tonight`: a part of today, no clock time. Any other day needs one.
    if (day === today) return { ms: now, kind: 'later-today', zone };
    throw usageError(`${quoted} is a day without a time of day; give the time the client proposed, such as ${EXAMPLES}`);
  }
  const wall = day + (s.get('hour')! * 60 + (s.get('minute') ?? 0)) * MINUTE_MS + (s.get('second') ?? 0) * 1000;
  const ms = wallToUtc(z, wall);
  if (utcToWall(z, ms) !== wall) {
    throw usageError(`${quoted} does not exist in ${zone}: the clocks skip that time on that day`);
  }
  return { ms, kind: 'time', zone };
}

let chronoModule: Promise<typeof ChronoEn> | null = null;

function loadChrono(): Promise<typeof ChronoEn> {
  chronoModule ??= import('chrono-node/en');
  return chronoModule;
}

/** Whether an instant falls on the local day of `now` in `zone`. */
export function isSameLocalDay(ms: number, now: number, zone: string): boolean {
  const z = ianaZone(zone);
  if (!z) return false;
  return Math.floor(utcToWall(z, ms) / DAY_MS) === Math.floor(utcToWall(z, now) / DAY_MS);
}
