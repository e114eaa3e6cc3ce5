/**
 * Date and time values as plain numbers. A "wall" value is a wall-clock time written as if
 * it were UTC (`Date.UTC(y, m - 1, d, h, mi, s)`): exact, immutable, cheap to compare,
 * and free of ical.js's mutable, lazily normalised `ICAL.Time` (pitfall: ical.js#1024).
 */

export const DAY_MS = 86_400_000;

export interface DateTimeValue {
  wallMs: number;
  isDate: boolean;
  /** True when the value ended in `Z` (an instant, not a wall-clock time). */
  utc: boolean;
}

const JCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z)?)?$/;
const BASIC_RE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/;

/** Parses jCal (`2026-03-10T10:00:00Z`) or basic iCalendar (`20260310T100000Z`) date/date-time text. */
export function parseJcalDateTime(text: string): DateTimeValue | null {
  const basic = exactBasic(text);
  if (basic !== undefined) return basic;
  const m = JCAL_RE.exec(text) ?? BASIC_RE.exec(text.trim());
  if (!m) return null;
  return dateTimeValue(Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? -1 : Number(m[4]), Number(m[5]), Number(m[6]), m[7] === 'Z');
}

/** The value of the fields, or null when they are out of range; `h` -1: a date. */
function dateTimeValue(y: number, mo: number, d: number, h: number, mi: number, sec: number, utc: boolean): DateTimeValue | null {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  if (h < 0) return { wallMs: Date.UTC(y, mo - 1, d), isDate: true, utc: false };
  // A leap second (60) is read as 59, as most calendar software does.
  const s = Math.min(sec, 59);
  if (h > 23 || mi > 59 || s > 60) return null;
  const wallMs = Date.UTC(y, mo - 1, d, h, mi, s);
  return { wallMs: setFullYear(wallMs, y), isDate: false, utc };
}

/** The digit at `i` of `t`, or -1. */
function digitAt(t: string, i: number): number {
  const c = t.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The number of the `n` digits at `i`, or -1 when one is not a digit. */
function digitsAt(t: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = digitAt(t, k);
    if (c < 0) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * What BASIC_RE reads, read without a regular expression when `text` is exactly such a
 * value (`20260310`, `20260310T100000`, `20260310T100000Z`: nearly every DTSTART and DTEND
 * of a file, ~25,000 of them in a first read of the bench calendar); undefined otherwise,
 * for the regular expressions to decide.
 */
function exactBasic(text: string): DateTimeValue | null | undefined {
  const n = text.length;
  if (n !== 8 && n !== 15 && n !== 16) return undefined;
  const y = digitsAt(text, 0, 4);
  const mo = digitsAt(text, 4, 2);
  const d = digitsAt(text, 6, 2);
  if (y < 0 || mo < 0 || d < 0) return undefined;
  if (n === 8) return dateTimeValue(y, mo, d, -1, 0, 0, false);
  if (text.charCodeAt(8) !== 84 /* T */ || (n === 16 && text.charCodeAt(15) !== 90) /* Z */) return undefined;
  const h = digitsAt(text, 9, 2);
  const mi = digitsAt(text, 11, 2);
  const s = digitsAt(text, 13, 2);
  if (h < 0 || mi < 0 || s < 0) return undefined;
  return dateTimeValue(y, mo, d, h, mi, s, n === 16);
}

/** Date.UTC maps years 0-99 to 1900-1999; put them back. */
function setFullYear(ms: number, y: number): number {
  if (y >= 100) return ms;
  const d = new Date(ms);
  d.setUTCFullYear(y);
  return d.getTime();
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month `m` (1-12) of year `y`, proleptic Gregorian; called for every date value read. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) return 29;
  return MONTH_DAYS[m - 1]!;
}

/** Wall value of an ICAL.Time-like object (fields only; its zone is ignored). */
export function wallOf(t: { year: number; month: number; day: number; hour: number; minute: number; second: number; isDate?: boolean }): number {
  const ms = t.isDate ? Date.UTC(t.year, t.month - 1, t.day) : Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return setFullYear(ms, t.year);
}

/** `YYYY-MM-DD` of a wall value. */
export function dateString(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 10);
}

/** `YYYY-MM-DDTHH:MM:SSZ` of an instant. */
export function isoUtc(ms: number): string {
  const s = new Date(ms).toISOString();
  return `${s.slice(0, 19)}Z`;
}

/** Start of the wall day containing a wall value. */
export function wallDay(wallMs: number): number {
  return Math.floor(wallMs / DAY_MS) * DAY_MS;
}

/** ISO weekday of a wall value: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(wallMs: number): number {
  const d = new Date(wallMs).getUTCDay();
  return d === 0 ? 7 : d;
}

/**
 * `YYYYMMDD` of a date or date-time value starting at `from` in `text` (after any spaces),
 * or null unless it starts with a valid date (an invalid one must reach the parser, which
 * warns about it). Reads in place: a line of a whole file, or a value on its own (from 0).
 */
export function dayKeyAt(text: string, from: number): string | null {
  let i = from;
  while (text.charCodeAt(i) === 32) i++;
  // (Past the end of the text a character code is NaN: digitAt refuses it, so a 7-digit
  // value makes no 7-character key and still reaches the parser's warning.)
  const n = digitsAt(text, i, 8);
  if (n < 0) return null;
  const month = Math.floor(n / 100) % 100;
  const day = n % 100;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Math.floor(n / 10_000), month)) return null;
  return text.slice(i, i + 8);
}
