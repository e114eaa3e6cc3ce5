/**
 * Reading and writing instants in the user's zone. Pure: `now` and the zone are passed in.
 * Mostly on etiq's zone tables; luxon (core/luxon.ts: configured, loaded when first used)
 * answers what they do not.
 */
import type { DateTime } from 'luxon';
import { DAY_MS, daysInMonth, wallDay, wallOf } from './calendar/values.js';
import { UTC_ZONE, canonicalZoneName, formatOffset, ianaZone, knownZone, knownZoneName, utcToWall, type Zone } from './calendar/zones.js';
import { windowsToIana } from './calendar/windows.js';
import { usageError } from './errors.js';
import { luxon, luxonNow } from './luxon.js';

const UTC_NAMES = /^(utc|etc\/utc|gmt|etc\/gmt|z|zulu|universal)$/i;

export function isValidZone(zone: string): boolean {
  // UTC needs no tz data: skip the ~13 ms of ICU start-up the first Intl lookup costs. Nor
  // does a zone whose tables or canonical name an earlier run kept on this platform
  // (seedZoneTables, seedZoneNames).
  return UTC_NAMES.test(zone) || knownZone(zone) || knownZoneName(zone) || luxon().IANAZone.isValidZone(zone);
}

/**
 * A zone name as users and calendars write it: an IANA name, or one of Outlook's Windows
 * names ("Central Standard Time"), as its IANA name. Null when it is neither.
 */
export function zoneName(text: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  if (isValidZone(t)) return UTC_NAMES.test(t) ? 'UTC' : canonicalZoneName(t);
  const iana = windowsToIana(t);
  return iana && isValidZone(iana) ? iana : null;
}

/** The platform's zone (the TZ variable, else the system's), or UTC. */
export function systemZone(env: NodeJS.ProcessEnv = process.env): string {
  const tz = env['TZ'];
  if (tz && isValidZone(tz.replace(/^:/, ''))) return tz.replace(/^:/, '');
  const resolved = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return resolved && isValidZone(resolved) ? resolved : 'UTC';
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const HAS_OFFSET_RE = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

export interface ParsedMoment {
  /** The instant, epoch ms. */
  ms: number;
  /** True when the text was a bare date (YYYY-MM-DD). */
  dateOnly: boolean;
}

const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * `2026-03-10` (midnight in `zone`), `2026-03-10T09:00` (wall clock in `zone`), an ISO
 * instant with offset, or a bare time `10:00` on the local date of `now` (the injected
 * clock: never the real date). `what` names the flag or variable in the error message.
 */
export function parseMoment(text: string, zone: string, what: string, now?: number): ParsedMoment {
  const parsed = parseMomentUnbounded(text, zone, what, now);
  // Bounded where it is read: luxon accepts years up to 275760, and every window, offer
  // and ISO string computed from such a date overflows later as "unexpected error".
  if (parsed.ms < MIN_MOMENT_MS || parsed.ms >= MAX_MOMENT_MS) {
    throw usageError(`${what} "${text}" is outside the years ${MIN_YEAR} to ${MAX_YEAR - 1} that etiq handles`);
  }
  return parsed;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 3000;
const MIN_MOMENT_MS = Date.UTC(MIN_YEAR, 0, 1);
const MAX_MOMENT_MS = Date.UTC(MAX_YEAR, 0, 1);

function parseMomentUnbounded(text: string, zone: string, what: string, now?: number): ParsedMoment {
  const t = text.trim();
  const fail = () => usageError(`${what} "${text}" is not a date (YYYY-MM-DD), a time (HH:MM) or an ISO 8601 date-time`);
  if (t === '') throw fail();
  // The usual forms in an IANA zone: luxon's own steps on etiq's zone tables (no Intl object
  // when the zone's tables are kept: ~20 ms of a warm noshow --at 10:00 in a user's zone,
  // issue 13). Anything else, and any text luxon would refuse, goes to luxon itself.
  const z = ianaZone(zone);
  try {
    const time = TIME_RE.exec(t);
    if (time) {
      if (now === undefined) throw fail();
      const [h, m, sec] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)];
      if (h > 23 || m > 59 || sec > 59) throw fail();
      if (z) {
        // startOf('day'), then set({ hour, minute, second }) guessing the midnight's offset.
        const midnight = localDayStart(now, zone);
        const day = wallDay(utcToWall(z, midnight));
        return { ms: fixOffset(z, day + ((h * 60 + m) * 60 + sec) * 1000, z.offsetMs(midnight)), dateOnly: false };
      }
      const day = luxon().DateTime.fromMillis(now, { zone }).startOf('day');
      return { ms: day.set({ hour: h, minute: m, second: sec }).toMillis(), dateOnly: false };
    }
    if (DATE_RE.test(t)) {
      const wall = z ? localWall(t) : null;
      // fromISO guesses the offset of luxon's clock (Settings.now()), then startOf('day').
      if (z && wall !== null) return { ms: localDayStart(fixOffset(z, wall, z.offsetMs(luxonNow())), zone), dateOnly: true };
      return { ms: luxon().DateTime.fromISO(t, { zone }).startOf('day').toMillis(), dateOnly: true };
    }
    if (HAS_OFFSET_RE.test(t)) {
      return { ms: offsetInstant(t) ?? luxon().DateTime.fromISO(t, { setZone: true }).toMillis(), dateOnly: false };
    }
    const wall = z ? localWall(t) : null;
    if (z && wall !== null) return { ms: fixOffset(z, wall, z.offsetMs(luxonNow())), dateOnly: false };
    return { ms: luxon().DateTime.fromISO(t, { zone }).toMillis(), dateOnly: false };
  } catch {
    throw fail();
  }
}

const OFFSET_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * The instant of `YYYY-MM-DDTHH:mm[:ss[.SSS]]` with `Z` or `±HH:MM`, the form of `--now`
 * and ETIQ_NOW in scripts and tests, as luxon's fromISO gives it, without loading luxon
 * (core/luxon.ts, issue 13); null for any other text, and for any field out of range, which
 * luxon then reads or refuses.
 */
function offsetInstant(text: string): number | null {
  const m = OFFSET_ISO.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, sec, ms, oh, om] = [1, 2, 3, 4, 5, 6, 7, 9, 10].map((k) => Number(m[k] ?? 0)) as [number, number, number, number, number, number, number, number, number];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59 || oh > 23 || om > 59) return null;
  const offsetMs = (m[8] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMs;
}

const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/**
 * The wall value of `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm[:ss[.SSS]]` as luxon's fromISO reads
 * it (a fraction of a second as its parseMillis does), or null for any other text or an
 * out-of-range field: luxon then reads it, and refuses it.
 */
function localWall(text: string): number | null {
  const m = LOCAL_ISO.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  const millis = m[7] === undefined ? 0 : Math.floor(parseFloat(`0.${m[7]}`) * 1000);
  return wallOf({ year, month, day, hour, minute, second }) + millis;
}

/**
 * Start of the local day containing `ms`, plus `days` local days (DST-safe): what luxon's
 * `DateTime.fromMillis(ms, { zone }).startOf('day').plus({ days })` gives, worked out on
 * etiq's zone tables (zones.ts), so that a warm run whose tables are kept makes no Intl
 * object (issue 13). luxon's steps, exactly: local midnight through its fixOffset, guessing
 * the offset at `ms` (a midnight in a spring-forward gap moves forward by the gap), then
 * the same wall time `days` days on, guessing the offset at that start. A test compares
 * both in zones whose clocks change at midnight.
 */
export function localDayStart(ms: number, zone: string, days = 0): number {
  const z = ianaZone(zone);
  if (!z) return luxon().DateTime.fromMillis(ms, { zone }).startOf('day').plus({ days }).toMillis();
  const start = fixOffset(z, wallDay(utcToWall(z, ms)), z.offsetMs(ms));
  return days === 0 ? start : addLocalDays(z, start, days);
}

/**
 * `ms` moved by `days` local days, the wall-clock time kept: luxon's
 * `DateTime.fromMillis(ms, { zone }).plus({ days })` (a negative `days` is its
 * `minus`), on etiq's zone tables as localDayStart is.
 */
export function plusLocalDays(ms: number, zone: string, days: number): number {
  const z = ianaZone(zone);
  if (!z) return luxon().DateTime.fromMillis(ms, { zone }).plus({ days }).toMillis();
  return addLocalDays(z, ms, days);
}

/**
 * The local months that [since, until) touches, oldest first: each one's year, month
 * (1-12) and start. luxon's `startOf('month')` of `since`, then `plus({ months: 1 })`
 * while before `until` (report months), taken step by step on etiq's zone tables as
 * localDayStart is.
 */
export function localMonthStarts(since: number, until: number, zone: string): { year: number; month: number; start: number }[] {
  const out: { year: number; month: number; start: number }[] = [];
  const z = ianaZone(zone);
  if (!z) {
    for (let m = luxon().DateTime.fromMillis(since, { zone }).startOf('month'); m.toMillis() < until; m = m.plus({ months: 1 })) out.push({ year: m.year, month: m.month, start: m.toMillis() });
    return out;
  }
  const first = new Date(utcToWall(z, since));
  let start = fixOffset(z, dayWall(first.getUTCFullYear(), first.getUTCMonth() + 1, 1), z.offsetMs(since));
  while (start < until) {
    const wall = utcToWall(z, start);
    const w = new Date(wall);
    const year = w.getUTCFullYear();
    const month = w.getUTCMonth() + 1;
    out.push({ year, month, start });
    // luxon's adjustTime: the same day (at most the next month's last) and time, a month on.
    const [nextYear, nextMonth] = month === 12 ? [year + 1, 1] : [year, month + 1];
    const day = Math.min(w.getUTCDate(), daysInMonth(nextYear, nextMonth));
    start = fixOffset(z, dayWall(nextYear, nextMonth, day) + (wall - wallDay(wall)), z.offsetMs(start));
  }
  return out;
}

/** Midnight of a date as a wall value (years 0-99 as themselves, as luxon's objToLocalTS has them). */
function dayWall(year: number, month: number, day: number): number {
  return wallOf({ year, month, day, hour: 0, minute: 0, second: 0, isDate: true });
}

/** luxon's adjustTime for whole days: the same wall time `days` days on, guessing the offset at `ms`. */
function addLocalDays(z: Zone, ms: number, days: number): number {
  return fixOffset(z, utcToWall(z, ms) + days * DAY_MS, z.offsetMs(ms));
}

/**
 * luxon's fixOffset: the instant of wall-clock time `localMs` (written as if UTC), trying
 * offset `guess` first. In a spring-forward gap it answers the time the gap moves it to.
 */
function fixOffset(z: Zone, localMs: number, guess: number): number {
  let utc = localMs - guess;
  const o2 = z.offsetMs(utc);
  if (o2 === guess) return utc;
  utc -= o2 - guess;
  const o3 = z.offsetMs(utc);
  if (o2 === o3) return utc;
  return localMs - Math.min(o2, o3);
}

/**
 * ISO 8601 with the zone's offset, without milliseconds: `2026-03-10T09:00:00-04:00`, or
 * `...Z` in UTC. Uses the zone tables of zones.ts: luxon's toISO costs ~50 µs a call,
 * which is most of a cached agenda's run time with a few thousand events.
 */
export function isoInZone(ms: number, zone: string): string {
  const z = ianaZone(zone);
  if (!z) return luxon().DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!;
  const offset = z.offsetMs(ms);
  const local = wallText(ms + offset, 19);
  return z === UTC_ZONE ? `${local}Z` : `${local}${formatOffset(offset)}`;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** `YYYY-MM-DD` of UTC day numbers already seen: the output's instants share few days. */
const dayTexts = new Map<number, string>();

/**
 * `new Date(wall).toISOString().slice(0, length)` for length 16 (`YYYY-MM-DDTHH:mm`) or 19
 * (`...:ss`), with the date of each day made once: a warm agenda's JSON formats ~3,000
 * instants, and a Date and its toISOString cost ~1.6 us each there (issue 13). Anything
 * toISOString would not print as such (not a whole number, out of range) goes through it.
 */
function wallText(wall: number, length: 16 | 19): string {
  if (!plainWall(wall)) return new Date(wall).toISOString().slice(0, length);
  const day = Math.floor(wall / DAY_MS);
  const sec = Math.floor((wall - day * DAY_MS) / 1000);
  const hm = `${dayText(day)}T${TWO_DIGITS[Math.floor(sec / 3600)]}:${TWO_DIGITS[Math.floor(sec / 60) % 60]}`;
  return length === 16 ? hm : `${hm}:${TWO_DIGITS[sec % 60]}`;
}

/** A wall clock toISOString prints as `YYYY-MM-DDTHH:mm:ss.sssZ`: a whole millisecond of the years 0-9999. */
function plainWall(wall: number): boolean {
  return Number.isSafeInteger(wall) && wall >= -62_167_219_200_000 && wall < 253_402_300_800_000;
}

/**
 * The day of an instant on a zone's wall clock, as a number (days since 1970-01-01): the
 * day whose date localParts gives. null where localParts reads the date another way (a
 * zone without etiq's tables, a wall clock beyond toISOString's years). A key for text
 * made once a day: the report names ~440 days of ~90 (issue 13).
 */
export function localDayNumber(ms: number, zone: string): number | null {
  const z = ianaZone(zone);
  if (!z) return null;
  const wall = ms + z.offsetMs(ms);
  return plainWall(wall) ? Math.floor(wall / DAY_MS) : null;
}

/**
 * The proleptic Gregorian date of a day number (days since 1970-01-01) as the number
 * YYYYMMDD, for the years 0-9999 (plainWall's): Howard Hinnant's civil_from_days, in
 * integer arithmetic. The dates a report's table and the agenda print, without a Date and
 * its toISOString for each new day (issue 13; a test holds it to toISOString).
 */
export function civilDate(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0)) * 10_000 + month * 100 + (dayOfYear - Math.floor((153 * mp + 2) / 5) + 1);
}

/** `YYYY-MM-DD` of a UTC day number (days since 1970-01-01) of the years 0-9999. */
function dayText(day: number): string {
  let date = dayTexts.get(day);
  if (date === undefined) {
    if (dayTexts.size >= 4096) dayTexts.clear();
    const ymd = civilDate(day);
    const year = Math.floor(ymd / 10_000);
    date = `${year < 1000 ? String(year).padStart(4, '0') : year}-${TWO_DIGITS[Math.floor(ymd / 100) % 100]}-${TWO_DIGITS[ymd % 100]}`;
    dayTexts.set(day, date);
  }
  return date;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** An instant's wall clock in a zone: `YYYY-MM-DD`, `HH:mm` and the English short weekday. */
export interface LocalParts {
  date: string;
  time: string;
  weekday: string;
}

/**
 * The same text as luxon's `toISODate()`, `toFormat('HH:mm')` and `toFormat('ccc')` (the
 * locale is fixed to en-US above), without building a DateTime: the agenda formats two
 * instants per line, and luxon's DateTime, hasSame and minus cost ~180 ms for the 1,500
 * lines of the bench's 10k calendar (issue 13). The offset is the zone's own (the one
 * isoInZone uses); a zone that is not an IANA name goes through luxon.
 */
export function localParts(ms: number, zone: string): LocalParts {
  const z = ianaZone(zone);
  if (!z) {
    const d = luxon().DateTime.fromMillis(ms, { zone });
    return { date: d.toISODate()!, time: d.toFormat('HH:mm'), weekday: d.toFormat('ccc') };
  }
  const wall = ms + z.offsetMs(ms);
  if (!plainWall(wall)) {
    const d = new Date(wall);
    const text = d.toISOString();
    return { date: text.slice(0, 10), time: text.slice(11, 16), weekday: WEEKDAYS[d.getUTCDay()]! };
  }
  // No Date: the day's date once (dayText), the time and weekday by arithmetic (1970-01-01
  // was a Thursday).
  const day = Math.floor(wall / DAY_MS);
  const min = Math.floor((wall - day * DAY_MS) / 60_000);
  return { date: dayText(day), time: `${TWO_DIGITS[Math.floor(min / 60)]}:${TWO_DIGITS[min % 60]}`, weekday: WEEKDAYS[(((day + 4) % 7) + 7) % 7]! };
}

/** luxon's `LLL` in en-US. */
export const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * `Tue 3 Mar 04:30`: luxon's `toFormat('ccc d LLL HH:mm')` in en-US, the way the record,
 * reply and offer lines name a time, from localParts. The first toFormat of a run builds
 * luxon's Locale, Formatter and their Intl objects (a few ms of a warm noshow or reply's
 * human output, issue 13), and these lines were often the only toFormat of their run.
 */
export function dayTime(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  return `${dayOf(p)} ${p.time}`;
}

/** `Tue 3 Mar`, or with the year `Tue 3 Mar 2026`: luxon's `toFormat('ccc d LLL')` or `'ccc d LLL yyyy'` in en-US, as dayTime. */
export function dayLabel(ms: number, zone: string, withYear = false): string {
  const p = localParts(ms, zone);
  return withYear ? `${dayOf(p)} ${yearOf(p.date)}` : dayOf(p);
}

/** `Mar 2026`: luxon's `toFormat('LLL yyyy')` in en-US, as dayTime. */
export function monthLabel(ms: number, zone: string): string {
  const { date } = localParts(ms, zone);
  return `${monthOf(date)} ${yearOf(date)}`;
}

/** `Tue 3 Mar 2026 04:30`: luxon's `toFormat('ccc d LLL yyyy HH:mm')` in en-US, as dayTime. */
export function dayYearTime(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  return `${dayOf(p)} ${yearOf(p.date)} ${p.time}`;
}

/** `Tue 3 Mar` of localParts. */
function dayOf(p: LocalParts): string {
  return `${p.weekday} ${Number(p.date.slice(-2))} ${monthOf(p.date)}`;
}

/** The month's short name of a `YYYY-MM-DD` date (the year may have more digits, or a sign). */
function monthOf(date: string): string {
  return SHORT_MONTHS[Number(date.slice(-5, -3)) - 1]!;
}

/** The year of a `YYYY-MM-DD` date, as written. */
function yearOf(date: string): string {
  return date.slice(0, -6);
}

export function dateTimeIn(ms: number, zone: string): DateTime {
  return luxon().DateTime.fromMillis(ms, { zone });
}
