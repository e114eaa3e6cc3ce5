/**
 * RRULE expansion in wall-clock time, on top of ical.js's `RecurIterator`, with guards
 * for what ical.js does not do:
 *
 * - `iterator(start)` re-anchors the rule instead of skipping ahead (ical.js#148, #456),
 *   so a series begun years ago would be walked from its DTSTART on every run. For rules
 *   whose pattern repeats with a fixed cycle (sub-daily without BY parts; DAILY and
 *   WEEKLY with plain BYDAY/BYHOUR/BYMINUTE/BYSECOND) we move DTSTART forward by whole
 *   cycles and lower COUNT by the instances skipped: cost follows the window, not the
 *   history.
 * - An impossible rule (`FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30`) makes a single `next()`
 *   loop forever; every step of its inner loop goes through `check_contracting_rules`,
 *   which we wrap with a step budget that throws.
 * - BYSETPOS is ignored on WEEKLY/DAILY (ical.js#1039) and wrong with BYMONTHDAY lists
 *   (#960): rules with BYSETPOS are expanded without it (and without COUNT/UNTIL), the
 *   candidates grouped by period, and the positions, UNTIL and COUNT applied here.
 * - The plainest rules never reach ical.js (`simpleIterator`): speed, and ical.js
 *   misplaces MONTHLY ±5th weekdays.
 */
import ICAL from 'ical.js';
import { DAY_MS, daysInMonth, isoWeekday, wallDay, wallOf } from './values.js';
import { fieldsOf } from './vtimezone.js';

/**
 * ical.js's `Time#nthWeekDay` clones a Time (and normalises it) on every call, and the
 * MONTHLY/YEARLY iterators call it for every day they test against a BYDAY like `2TU`:
 * about 60% of a first agenda run on a large calendar. This is the same arithmetic
 * without the clone (ical.js weekdays: 1 = Sunday ... 7 = Saturday), installed once.
 */
function installFastNthWeekDay(): void {
  const proto = ICAL.Time.prototype as unknown as {
    nthWeekDay: (this: ICAL.Time, dayOfWeek: number, pos: number) => number;
    __etiqFast?: boolean;
  };
  if (proto.__etiqFast) return;
  const weekdayOf = (year: number, month: number, day: number): number => {
    const d = new Date(Date.UTC(2000, month - 1, day));
    d.setUTCFullYear(year, month - 1, day);
    return d.getUTCDay() + 1;
  };
  proto.nthWeekDay = function nthWeekDay(this: ICAL.Time, aDayOfWeek: number, aPos: number): number {
    const daysInMonth = ICAL.Time.daysInMonth(this.month, this.year);
    let pos = aPos;
    let start = 0;
    let weekday: number;
    if (pos >= 0) {
      if (pos !== 0) pos--;
      start = 1;
      let offset = aDayOfWeek - weekdayOf(this.year, this.month, 1);
      if (offset < 0) offset += 7;
      start += offset - aDayOfWeek;
      weekday = aDayOfWeek;
    } else {
      pos++;
      weekday = weekdayOf(this.year, this.month, daysInMonth) - aDayOfWeek;
      if (weekday < 0) weekday += 7;
      weekday = daysInMonth - weekday;
    }
    return start + weekday + pos * 7;
  };
  proto.__etiqFast = true;
}
installFastNthWeekDay();

export class StepLimitError extends Error {
  constructor(readonly steps: number) {
    super(`stopped after ${steps} recurrence steps`);
  }
}

export interface ExpandBudget {
  steps: number;
  maxSteps: number;
}

export interface RuleExpansion {
  /** Wall-clock starts in [lo, hi), ascending. */
  starts: number[];
  /** Why the expansion stopped before the rule's end, if it did. */
  truncated: 'steps' | 'occurrences' | null;
  /**
   * When truncated: for 'occurrences', the first instance not listed; for 'steps', the last
   * time the iteration reached (its start when it reached nothing). Later instances are
   * unknown. Null when not truncated.
   */
  stoppedAt: number | null;
  /** The last start counted towards the occurrence cap (in the window), or null. */
  lastListed: number | null;
  /** Set when the rule can never match a date (`BYMONTH=2;BYMONTHDAY=30`): why. */
  never?: string;
}

export type RecurLike = ICAL.Recur & { parts: Record<string, unknown[]>; freq: string; interval: number; count: number | null; until: ICAL.Time | null; wkst: number };

const UNIT_MS: Record<string, number> = { SECONDLY: 1000, MINUTELY: 60_000, HOURLY: 3_600_000, DAILY: DAY_MS, WEEKLY: 7 * DAY_MS };

/**
 * YEARLY rules with BYMONTH and BYMONTHDAY and no other day part, which `iteratorRule` has
 * ical.js walk as MONTHLY: ical.js counts a negative BYMONTHDAY from the end of the wrong
 * month (`BYMONTH=4,7;BYMONTHDAY=-1` from April gives 1 May, not 30 April, in later years)
 * and, with INTERVAL, puts instances in the wrong years.
 */
function walkedAsMonthly(rule: RecurLike): boolean {
  const has = (k: string): boolean => ((rule.parts?.[k] ?? []) as unknown[]).length > 0;
  return rule.freq === 'YEARLY' && has('BYMONTH') && has('BYMONTHDAY') && !has('BYDAY') && !has('BYYEARDAY') && !has('BYWEEKNO');
}

/**
 * The rule handed to ical.js. BY parts that only limit the set for their FREQ (RFC 5545
 * §3.3.10) are left out where ical.js gets them wrong; `dateCheck`, built from the whole
 * rule, applies them (and the years of a YEARLY INTERVAL) to what comes out:
 * - BYMONTH on MONTHLY: ical.js ignores INTERVAL with it, and its month index starts at the
 *   first BYMONTH value whatever DTSTART's month is: from July, `BYMONTH=10` jumps to
 *   October of the next year; from October, `BYMONTH=3,10` repeats October.
 * - BYMONTHDAY on DAILY: a negative day makes a single `next()` loop forever.
 * - YEARLY rules of `walkedAsMonthly` become MONTHLY, every month, without BYMONTH.
 */
function iteratorRule(rule: RecurLike): RecurLike {
  const has = (k: string): boolean => ((rule.parts?.[k] ?? []) as unknown[]).length > 0;
  const monthly = walkedAsMonthly(rule);
  const freq = monthly ? 'MONTHLY' : rule.freq;
  const drop = [...(freq === 'MONTHLY' && has('BYMONTH') ? ['BYMONTH'] : []), ...(freq === 'DAILY' && has('BYMONTHDAY') ? ['BYMONTHDAY'] : [])];
  if (!monthly && drop.length === 0) return rule;
  const r = rule.clone() as RecurLike;
  r.freq = freq;
  if (monthly) r.interval = 1;
  r.parts = { ...rule.parts };
  for (const k of drop) delete r.parts[k];
  return r;
}

/** Counts one step of a series' expansion; throws once the series has used its budget. */
function spend(budget: ExpandBudget): void {
  if (++budget.steps > budget.maxSteps) throw new StepLimitError(budget.maxSteps);
}

/** INTERVAL as a whole number of at least 1. */
function intervalOf(rule: RecurLike): number {
  return Math.max(1, Math.trunc(Number(rule.interval) || 1));
}

function guardedIterator(rule: ICAL.Recur, dtstartWall: number, isDate: boolean, budget: ExpandBudget): ICAL.RecurIterator {
  const f = fieldsOf(dtstartWall);
  const start = ICAL.Time.fromData({ year: f.year, month: f.month, day: f.day, hour: f.hour, minute: f.minute, second: f.second, isDate });
  const it = iteratorRule(rule as RecurLike).iterator(start) as ICAL.RecurIterator & { check_contracting_rules: () => boolean };
  const original = it.check_contracting_rules;
  it.check_contracting_rules = function guarded(this: unknown) {
    spend(budget);
    return original.call(this);
  };
  return it;
}

/** Walls of an iteration, in ical.js's order. */
interface WallIterator {
  next(): number | null;
}

const WEEKDAY_CODES: Record<string, number> = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7 };

/**
 * The iterator of `rule` from `startWall`: ical.js's, or, for the plainest and most common
 * rules (DAILY or WEEKLY, any INTERVAL, BYDAY of plain weekdays and nothing else), the
 * same sequence computed directly. ical.js builds and normalises several Time objects per
 * step; on a first run its code is still cold, and ~540 such series of a 10,000-event
 * calendar cost ~150 ms of a ~600 ms run. The direct sequence reproduces ical.js exactly,
 * quirks included (test/unit/calendar/fast-iterator.test.ts compares them on thousands of
 * rules): DAILY yields its start even when BYDAY does not match it, WEEKLY with BYDAY does
 * not, and WEEKLY weeks begin on WKST.
 */
function wallIterator(rule: ICAL.Recur, startWall: number, isDate: boolean, budget: ExpandBudget): WallIterator {
  const fast = simpleIterator(rule as RecurLike, startWall, budget);
  if (fast) return fast;
  const it = guardedIterator(rule, startWall, isDate, budget);
  return {
    next(): number | null {
      const t = it.next();
      return t ? wallOf(t) : null;
    },
  };
}

export function simpleIterator(rule: RecurLike, startWall: number, budget: ExpandBudget): WallIterator | null {
  if (rule.freq === 'MONTHLY') return monthlyIterator(rule, startWall, budget);
  if (rule.freq === 'HOURLY' || rule.freq === 'MINUTELY' || rule.freq === 'SECONDLY') {
    // Plain sub-daily rules: ical.js builds Time objects for every second (~15 µs per
    // instance, most of a hostile `FREQ=SECONDLY` calendar's time).
    if (Object.keys(rule.parts ?? {}).some((k) => ((rule.parts[k] ?? []) as unknown[]).length > 0)) return null;
    const stride = UNIT_MS[rule.freq]! * intervalOf(rule);
    let w = startWall;
    let first = true;
    return {
      next(): number {
        if (first) {
          first = false;
          return w;
        }
        spend(budget);
        w += stride;
        return w;
      },
    };
  }
  if (rule.freq !== 'DAILY' && rule.freq !== 'WEEKLY') return null;
  const parts = rule.parts ?? {};
  let days: number[] | null = null;
  for (const k of Object.keys(parts)) {
    const values = (parts[k] ?? []) as unknown[];
    if (values.length === 0) continue;
    if (k !== 'BYDAY') return null;
    days = [];
    for (const v of values) {
      const d = typeof v === 'string' ? WEEKDAY_CODES[v] : undefined;
      if (d === undefined) return null; // an ordinal (1MO) or something odd: ical.js decides
      if (!days.includes(d)) days.push(d);
    }
  }
  const interval = intervalOf(rule);
  if (rule.freq === 'DAILY' || days === null) {
    const stride = (rule.freq === 'DAILY' ? 1 : 7) * interval * DAY_MS;
    const allowed = days === null ? null : new Set(days);
    // With INTERVAL a multiple of 7 every candidate falls on the start's weekday: if BYDAY
    // excludes it there is nothing after the start (ical.js would search until its step
    // budget ran out and report a truncated series).
    const barren = allowed !== null && rule.freq === 'DAILY' && interval % 7 === 0 && !allowed.has(isoWeekday(startWall));
    let w = startWall;
    let first = true;
    return {
      next(): number | null {
        if (first) {
          first = false;
          return w; // ical.js yields its start unfiltered
        }
        if (barren) return null;
        for (;;) {
          spend(budget);
          w += stride;
          if (allowed === null || allowed.has(isoWeekday(w))) return w;
        }
      },
    };
  }
  // WEEKLY with BYDAY: in every INTERVAL-th week (weeks begin on WKST; ical.js numbers
  // Sunday 1 ... Saturday 7, default Monday), the BYDAY days in week order, from the start on.
  const wkst = rule.wkst >= 1 && rule.wkst <= 7 ? (rule.wkst === 1 ? 7 : rule.wkst - 1) : 1; // as ISO weekday
  const offsets = days.map((d) => (d - wkst + 7) % 7).sort((a, b) => a - b);
  const startDay = wallDay(startWall);
  const timeOfDay = startWall - startDay;
  let week = startDay - ((isoWeekday(startWall) - wkst + 7) % 7) * DAY_MS;
  let i = 0;
  return {
    next(): number | null {
      for (;;) {
        spend(budget);
        if (i === offsets.length) {
          i = 0;
          week += 7 * interval * DAY_MS;
        }
        const w = week + offsets[i++]! * DAY_MS + timeOfDay;
        if (w >= startWall) return w;
      }
    },
  };
}

const BYDAY_RE = /^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;

/**
 * MONTHLY with only BYMONTHDAY (days ±1-31) or only BYDAY (weekdays, each with or without
 * an ordinal ±1-5), any INTERVAL: in every INTERVAL-th month from the start's, the
 * matching days in order, from the start on; days a month does not have are skipped.
 * What ical.js yields for these rules (compared in test/unit/calendar/fast-iterator.test.ts).
 */
function monthlyIterator(rule: RecurLike, startWall: number, budget: ExpandBudget): WallIterator | null {
  const parts = rule.parts ?? {};
  const keys = Object.keys(parts).filter((k) => ((parts[k] ?? []) as unknown[]).length > 0);
  if (keys.length !== 1) return null;
  let daysOf: (year: number, month0: number, firstDay: number) => number[];
  if (keys[0] === 'BYMONTHDAY') {
    const wanted = (parts['BYMONTHDAY'] as unknown[]).map(Number);
    if (!wanted.every((d) => Number.isInteger(d) && d !== 0 && d >= -31 && d <= 31)) return null;
    daysOf = (year, month0) => {
      const dim = daysInMonth(year, month0 + 1);
      return wanted.map((d) => (d > 0 ? d : dim + d + 1)).filter((d) => d >= 1 && d <= dim);
    };
  } else if (keys[0] === 'BYDAY') {
    const wanted: { weekday: number; ordinal: number }[] = [];
    for (const v of parts['BYDAY'] as unknown[]) {
      const m = typeof v === 'string' ? BYDAY_RE.exec(v) : null;
      if (!m) return null;
      const ordinal = m[2] === undefined ? 0 : Number(m[2]) * (m[1] === '-' ? -1 : 1);
      if (m[2] !== undefined && (ordinal === 0 || Math.abs(ordinal) > 5)) return null;
      wanted.push({ weekday: WEEKDAY_CODES[m[3]!]!, ordinal });
    }
    daysOf = (year, month0, firstDay) => {
      const dim = daysInMonth(year, month0 + 1);
      const firstWeekday = isoWeekday(firstDay);
      const out: number[] = [];
      for (const { weekday, ordinal } of wanted) {
        const first = 1 + ((weekday - firstWeekday + 7) % 7);
        if (ordinal === 0) for (let d = first; d <= dim; d += 7) out.push(d);
        else if (ordinal > 0) out.push(first + (ordinal - 1) * 7);
        else {
          const last = first + Math.floor((dim - first) / 7) * 7;
          out.push(last + (ordinal + 1) * 7);
        }
      }
      return out.filter((d) => d >= 1 && d <= dim);
    };
  } else {
    return null;
  }
  const interval = intervalOf(rule);
  const start = new Date(startWall);
  const timeOfDay = startWall - wallDay(startWall);
  let monthIndex = start.getUTCFullYear() * 12 + start.getUTCMonth();
  let pending: number[] = [];
  // The calendar repeats every 400 years: a rule with no day in 4,800 months never has one
  // (`BYMONTHDAY=30;INTERVAL=12` from February). ical.js would search until its step limit.
  let emptyMonths = 0;
  return {
    next(): number | null {
      while (pending.length === 0) {
        if (emptyMonths >= 4800) return null;
        emptyMonths += interval;
        spend(budget);
        const year = Math.floor(monthIndex / 12);
        const month0 = monthIndex - year * 12;
        monthIndex += interval;
        const base = new Date(0);
        base.setUTCFullYear(year, month0, 1); // not Date.UTC: it maps years 0-99 to 1900-1999
        const firstDay = base.getTime();
        const days = [...new Set(daysOf(year, month0, firstDay))].sort((a, b) => a - b);
        pending = days.map((d) => firstDay + (d - 1) * DAY_MS + timeOfDay).filter((w) => w >= startWall);
        if (days.length > 0) emptyMonths = 0;
      }
      return pending.shift()!;
    },
  };
}

/**
 * MONTHLY rules whose instances do not depend on DTSTART's day of month. BYMONTH is fine:
 * ical.js never sees it (`iteratorRule`), `dateCheck` filters the months.
 */
function monthlyForwardable(rule: RecurLike): boolean {
  const parts = Object.keys(rule.parts ?? {}).filter((k) => (rule.parts[k] ?? []).length > 0);
  const allowed = new Set(['BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYHOUR', 'BYMINUTE', 'BYSECOND']);
  return parts.every((p) => allowed.has(p)) && (parts.includes('BYDAY') || parts.includes('BYMONTHDAY'));
}

/** The length in ms of a cycle after which the rule repeats itself exactly, or null. */
function cycleLength(rule: RecurLike): number | null {
  const parts = Object.keys(rule.parts ?? {}).filter((k) => (rule.parts[k] ?? []).length > 0);
  const interval = Math.max(1, rule.interval || 1);
  const unit = UNIT_MS[rule.freq];
  if (unit === undefined) return null;
  const plainByday = ((rule.parts['BYDAY'] ?? []) as string[]).every((d) => /^[A-Z]{2}$/.test(d));
  if (!plainByday) return null;
  if (rule.freq === 'SECONDLY' || rule.freq === 'MINUTELY' || rule.freq === 'HOURLY') {
    return parts.length === 0 ? interval * unit : null;
  }
  const allowed = new Set(['BYDAY', 'BYHOUR', 'BYMINUTE', 'BYSECOND']);
  if (!parts.every((p) => allowed.has(p))) return null;
  if (rule.freq === 'WEEKLY') return interval * 7 * DAY_MS;
  // DAILY: with BYDAY the pattern repeats when both the interval and the week do.
  if (parts.includes('BYDAY')) return lcm(interval, 7) * DAY_MS;
  return interval * DAY_MS;
}

function lcm(a: number, b: number): number {
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return (a / gcd(a, b)) * b;
}

/**
 * Expands one RRULE from `dtstartWall`, returning the generated wall starts in [lo, hi).
 * `untilWall` (already converted into the series' wall clock) replaces the rule's UNTIL.
 * `maxOccurrences` caps the starts for which `inWindow` holds: [lo, hi) has days of margin
 * before the window, and a FREQ=SECONDLY series begun before it used to spend the whole
 * cap there, listing nothing while the warning said the first 10,000 were listed. Starts
 * in the margin are still bounded by the step budget.
 */
export function expandRule(
  rawRule: ICAL.Recur,
  dtstartWall: number,
  isDate: boolean,
  untilWall: number | null,
  lo: number,
  hi: number,
  budget: ExpandBudget,
  maxOccurrences: number,
  inWindow: (w: number) => boolean = () => true,
): RuleExpansion {
  // The rule is consumed (UNTIL and COUNT are taken over here): callers pass a fresh one.
  const rule = rawRule as RecurLike;
  rule.until = null;
  const never = neverMatches(rule);
  if (never !== null) return { starts: [], truncated: null, stoppedAt: null, lastListed: null, never };
  if (isDate && SUB_DAILY.has(rule.freq)) return expandSubDailyOnDates(rule, dtstartWall, untilWall, lo, hi, budget, maxOccurrences, inWindow);
  const hasSetpos = ((rule.parts['BYSETPOS'] ?? []) as unknown[]).length > 0;
  if (hasSetpos) return expandWithSetpos(rule, dtstartWall, isDate, untilWall, lo, hi, budget, maxOccurrences, inWindow);

  // COUNT is applied here, not by ical.js: it counts instances its own filters later drop
  // (`FREQ=MONTHLY;COUNT=9;BYDAY=3WE;BYMONTH=1,2,3,4,5,9,10,11,12` yields 8), and
  // instances our date check removes must not count either.
  const count = rule.count ?? null;
  rule.count = null;
  const check = dateCheck(rule, dtstartWall);
  // Only instances the rule matches count. RFC 5545 also counts a DTSTART the rule does not
  // match, but producers rely on the other reading: Apple's holiday feeds put DTSTART on an
  // EXDATEd placeholder with `COUNT=1` and mean the one matched date (Christian32Holidays.ics).
  let emitted = 0;
  let start = dtstartWall;
  // MONTHLY rules with an explicit BYDAY or BYMONTHDAY and no COUNT: start the iteration at
  // the first day of a month shortly before the window (every INTERVAL months from DTSTART).
  // ical.js walks every day of every month to test `2TU`-style days (nthWeekDay clones a
  // Time per test): a monthly series begun two years ago cost ~1.5 ms per run.
  if (count === null && rule.freq === 'MONTHLY' && monthlyForwardable(rule)) {
    const d = new Date(dtstartWall);
    const l = new Date(lo);
    const interval = Math.max(1, rule.interval || 1);
    const months = (l.getUTCFullYear() - d.getUTCFullYear()) * 12 + (l.getUTCMonth() - d.getUTCMonth());
    const k = Math.floor((months - 1) / interval);
    if (k > 0) start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k * interval, 1) + (dtstartWall - wallDay(dtstartWall));
  }
  const starts: number[] = [];
  let listed = 0;
  let lastListed: number | null = null;
  let reached = start;
  try {
    const cycle = cycleLength(rule);
    if (cycle !== null && lo - cycle > start) {
      const k = Math.floor((lo - start) / cycle);
      if (k > 0) {
        if (count !== null) {
          // The pattern is the same in every cycle: count one and skip k of them.
          let perCycle = 0;
          const it = wallIterator(rule, start, isDate, budget);
          for (;;) {
            const w = it.next();
            if (w === null) break;
            if (w >= start + cycle) break;
            if (check(w)) perCycle++;
          }
          emitted += k * perCycle;
          if (emitted >= count) return { starts: [], truncated: null, stoppedAt: null, lastListed: null };
        }
        start += k * cycle;
        reached = start;
      }
    }
    const it = wallIterator(rule, start, isDate, budget);
    for (;;) {
      const w = it.next();
      if (w === null) break;
      reached = w;
      // Starts only grow: past `hi` nothing is left to find (a rule whose candidates the
      // date check rejects used to walk on until the step budget ran out).
      if (w >= hi) break;
      if (!check(w)) continue;
      if (untilWall !== null && w > untilWall) break;
      if (count !== null && emitted >= count) break;
      emitted++;
      if (w >= lo) {
        if (inWindow(w)) {
          if (listed >= maxOccurrences) return { starts, truncated: 'occurrences', stoppedAt: w, lastListed };
          listed++;
          lastListed = w;
        }
        starts.push(w);
      }
    }
  } catch (err) {
    if (err instanceof StepLimitError) return { starts, truncated: 'steps', stoppedAt: reached, lastListed };
    throw err;
  }
  return { starts, truncated: null, stoppedAt: null, lastListed };
}

const SUB_DAILY = new Set(['HOURLY', 'MINUTELY', 'SECONDLY']);

/**
 * An all-day series with an HOURLY, MINUTELY or SECONDLY rule: ical.js throws "Same
 * occurrence found twice" on its second step (all steps of a day are the same date). The
 * rule is walked in time from midnight of DTSTART instead, and each day it reaches is an
 * instance: `FREQ=HOURLY;COUNT=5` is the one day, `FREQ=HOURLY;UNTIL=20260312` three
 * days. COUNT counts the timed steps; the occurrence cap counts days.
 */
function expandSubDailyOnDates(
  rule: RecurLike,
  dtstartWall: number,
  untilWall: number | null,
  lo: number,
  hi: number,
  budget: ExpandBudget,
  maxOccurrences: number,
  inWindow: (w: number) => boolean,
): RuleExpansion {
  let counted = NaN;
  // Called in ascending order, once per start: only a day's first start counts.
  const firstOfDay = (w: number): boolean => {
    const day = wallDay(w);
    if (day === counted) return false;
    counted = day;
    return inWindow(day);
  };
  // A DATE UNTIL includes its whole day.
  const res = expandRule(rule, dtstartWall, false, untilWall === null ? null : untilWall + DAY_MS - 1000, lo, hi, budget, maxOccurrences, firstOfDay);
  const days: number[] = [];
  for (const w of res.starts) {
    const day = wallDay(w);
    if (days.length === 0 || days[days.length - 1] !== day) days.push(day);
  }
  const dayOf = (w: number | null): number | null => (w === null ? null : wallDay(w));
  return { starts: days, truncated: res.truncated, stoppedAt: dayOf(res.stoppedAt), lastListed: dayOf(res.lastListed), ...(res.never ? { never: res.never } : {}) };
}

/** Longest month of each month number (February in a leap year). */
const LONGEST_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Why a rule can never match a date, or null: BYMONTH and BYMONTHDAY with no day that any
 * of the months has (`BYMONTH=2;BYMONTHDAY=30`, `BYMONTH=4,6;BYMONTHDAY=31`). ical.js
 * would search for one until the step budget ran out, and a series cut short by the
 * budget counts as busy to the end of the window.
 */
function neverMatches(rule: RecurLike): string | null {
  const parts = rule.parts ?? {};
  const months = ((parts['BYMONTH'] ?? []) as unknown[]).map(Number);
  const days = ((parts['BYMONTHDAY'] ?? []) as unknown[]).map(Number);
  if (months.length === 0 || days.length === 0) return null;
  if (!months.every((m) => Number.isInteger(m) && m >= 1 && m <= 12) || !days.every((d) => Number.isInteger(d))) return null;
  const possible = months.some((m) => days.some((d) => d !== 0 && Math.abs(d) <= LONGEST_MONTH[m - 1]!));
  return possible ? null : `BYMONTH=${months.join(',')} has no day BYMONTHDAY=${days.join(',')}`;
}

/**
 * ical.js rolls dates that do not exist over into the next month (`BYMONTH=2;BYMONTHDAY=30`
 * yields 2 March; a yearly series from 29 February yields 1 March). RFC 5545 says such
 * instances are skipped: this check drops them.
 */
function dateCheck(rule: RecurLike, dtstartWall: number): (w: number) => boolean {
  const parts = rule.parts ?? {};
  const has = (k: string): boolean => ((parts[k] ?? []) as unknown[]).length > 0;
  const months = has('BYMONTH') ? new Set((parts['BYMONTH'] as unknown[]).map(Number)) : null;
  const monthDays = has('BYMONTHDAY') ? (parts['BYMONTHDAY'] as unknown[]).map(Number) : null;
  const start = new Date(dtstartWall);
  const impliedDay =
    (rule.freq === 'MONTHLY' || rule.freq === 'YEARLY') && !monthDays && !has('BYDAY') && !has('BYYEARDAY') && !has('BYWEEKNO')
      ? start.getUTCDate()
      : null;
  const impliedMonth = rule.freq === 'YEARLY' && !months && impliedDay !== null ? start.getUTCMonth() + 1 : null;
  // Walked as MONTHLY (iteratorRule): only every INTERVAL-th year from DTSTART's.
  const yearStep = walkedAsMonthly(rule) && rule.interval > 1 ? rule.interval : null;
  if (!months && !monthDays && impliedDay === null) return () => true;
  return (w: number): boolean => {
    const d = new Date(w);
    const month = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    if (yearStep !== null && (d.getUTCFullYear() - start.getUTCFullYear()) % yearStep !== 0) return false;
    if (months && !months.has(month)) return false;
    if (impliedMonth !== null && month !== impliedMonth) return false;
    if (impliedDay !== null && day !== impliedDay) return false;
    if (monthDays) {
      const dim = daysInMonth(d.getUTCFullYear(), month);
      if (!monthDays.some((md) => (md > 0 ? md === day : dim + md + 1 === day))) return false;
    }
    return true;
  };
}

/** Period key of a wall time for BYSETPOS grouping. */
function periodKey(freq: string, w: number, wkst: number): number {
  const d = new Date(w);
  switch (freq) {
    case 'YEARLY':
      return d.getUTCFullYear();
    case 'MONTHLY':
      return d.getUTCFullYear() * 12 + d.getUTCMonth();
    case 'WEEKLY': {
      // ical.js wkst: 1 = Sunday ... 7 = Saturday; ISO weekday: 1 = Monday ... 7 = Sunday.
      const wkstIso = wkst === 1 ? 7 : wkst - 1;
      const day = wallDay(w);
      const back = (isoWeekday(day) - wkstIso + 7) % 7;
      return day - back * DAY_MS;
    }
    case 'DAILY':
      return wallDay(w);
    case 'HOURLY':
      return Math.floor(w / 3_600_000);
    case 'MINUTELY':
      return Math.floor(w / 60_000);
    default:
      return Math.floor(w / 1000);
  }
}

function expandWithSetpos(
  rule: RecurLike,
  dtstartWall: number,
  isDate: boolean,
  untilWall: number | null,
  lo: number,
  hi: number,
  budget: ExpandBudget,
  maxOccurrences: number,
  inWindow: (w: number) => boolean,
): RuleExpansion {
  const positions = (rule.parts['BYSETPOS'] as number[]).map(Number).filter((n) => Number.isInteger(n) && n !== 0);
  const count = rule.count ?? null;
  const base = rule.clone() as RecurLike;
  base.parts = { ...base.parts };
  delete base.parts['BYSETPOS'];
  base.count = null;
  // The set BYSETPOS picks from is the whole period (RFC 5545 §3.3.10), including its part
  // before DTSTART: start iterating at the period's beginning, and make explicit the BY
  // parts ical.js would otherwise default from DTSTART.
  const d = new Date(dtstartWall);
  const has = (k: string): boolean => ((base.parts[k] ?? []) as unknown[]).length > 0;
  let iterStart = dtstartWall;
  const timeOfDay = dtstartWall - wallDay(dtstartWall);
  if (rule.freq === 'YEARLY') {
    if (!has('BYMONTH') && !has('BYWEEKNO') && !has('BYYEARDAY') && (has('BYMONTHDAY') || !has('BYDAY'))) base.parts['BYMONTH'] = [d.getUTCMonth() + 1];
    if (!has('BYMONTHDAY') && !has('BYDAY') && !has('BYYEARDAY') && !has('BYWEEKNO')) base.parts['BYMONTHDAY'] = [d.getUTCDate()];
    iterStart = Date.UTC(d.getUTCFullYear(), 0, 1) + timeOfDay;
  } else if (rule.freq === 'MONTHLY') {
    if (!has('BYMONTHDAY') && !has('BYDAY')) base.parts['BYMONTHDAY'] = [d.getUTCDate()];
    iterStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) + timeOfDay;
  } else if (rule.freq === 'WEEKLY') {
    if (!has('BYDAY')) base.parts['BYDAY'] = [['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][d.getUTCDay()]];
    iterStart = periodKey('WEEKLY', dtstartWall, rule.wkst) + timeOfDay;
  }
  const check = dateCheck(base, dtstartWall);
  const starts: number[] = [];
  let listed = 0;
  let lastListed: number | null = null;
  let reached = iterStart;
  let emitted = 0;
  let group: number[] = [];
  let groupKey: number | null = null;
  let done = false;
  const flush = (): void => {
    const chosen = new Set<number>();
    for (const p of positions) {
      const idx = p > 0 ? p - 1 : group.length + p;
      if (idx >= 0 && idx < group.length) chosen.add(group[idx]!);
    }
    for (const w of [...chosen].sort((a, b) => a - b)) {
      if (w < dtstartWall) continue;
      if (untilWall !== null && w > untilWall) {
        done = true;
        return;
      }
      if (count !== null && emitted >= count) {
        done = true;
        return;
      }
      emitted++;
      if (w >= hi) {
        done = true;
        return;
      }
      if (w >= lo) {
        starts.push(w);
        if (inWindow(w)) {
          listed++;
          lastListed = w;
        }
      }
    }
  };
  try {
    const it = guardedIterator(base, iterStart, isDate, budget);
    for (;;) {
      const t = it.next();
      if (!t) break;
      const w = wallOf(t);
      reached = w;
      if (!check(w)) continue;
      const key = periodKey(rule.freq, w, rule.wkst);
      if (groupKey !== null && key !== groupKey) {
        flush();
        group = [];
        if (done) break;
        // Stop once a whole period lies past the window and past UNTIL's reach.
        if (w >= hi + 400 * DAY_MS) break;
      }
      groupKey = key;
      group.push(w);
      // The current period is not placed yet: its first candidate is the first unknown.
      if (listed >= maxOccurrences) return { starts, truncated: 'occurrences', stoppedAt: group[0] ?? w, lastListed };
    }
    if (!done && group.length > 0) flush();
  } catch (err) {
    if (err instanceof StepLimitError) return { starts, truncated: 'steps', stoppedAt: reached, lastListed };
    throw err;
  }
  return { starts, truncated: null, stoppedAt: null, lastListed };
}
