/**
 * Settings: defaults, the TOML config file and flags merged in one place, with validation
 * messages that name the file and the key. Pure: the caller reads the file and hands in
 * its text and path.
 *
 * The key names are a contract (users' files and scripts rely on them):
 *
 *   timezone = "America/New_York"
 *   calendars = ["work.ics", "https://example.com/basic.ics"]
 *   calendar_max_size = "64MiB"        (bytes after decompression; a number is bytes)
 *   [me]      name, email, other = [...]
 *   [hours]   mon..sun = ["09:00-12:00", ...]   (full day names too: monday, Monday)
 *   [slots]   duration, step, notice, buffer, horizon, max_per_day, tentative_is_busy
 *   [policy]  grace, late_cancel, window, repeat_offender
 *   [followup] client_hours = "08:00-18:00" | ["08:00-12:00", ...] | [followup.client_hours] mon..sun
 *              offer, notice ("next-working-day" or a duration), valid_for, firm_notice, templates
 *   [me]      also signature
 *
 * An unknown key close to a known one (a typo, or a day name written another way such as
 * `tues`) is an error: ignoring it would silently change what etiq offers. Other unknown
 * keys are warnings.
 */
import { MAX_DURATION_MS, formatDuration, parseDuration, parseSize, wholeDays } from './duration.js';
import { isEmailAddress } from './email.js';
import { EtiqError, inputError, usageError } from './errors.js';
import { isValidZone } from './time.js';
import { closest } from './closest.js';
import { WEEKDAYS, WEEKDAY_NAMES, type Weekday } from './weekdays.js';

export { WEEKDAYS, type Weekday } from './weekdays.js';

/** A working range in minutes after local midnight: [start, end). */
export interface HourRange {
  start: number;
  end: number;
}

export interface SlotRules {
  durationMs: number;
  /** null: same as the duration. */
  stepMs: number | null;
  noticeMs: number;
  bufferMs: number;
  horizonMs: number;
  maxPerDay: number;
  /**
   * When the notice or horizon is written in whole days (`14d`, `2w`), that many calendar
   * days in the user's zone: across a DST change `7d` from 08:30 ends at 08:30, not 09:30.
   * Absent or null: exactly `noticeMs` / `horizonMs`.
   */
  noticeDays?: number | null;
  horizonDays?: number | null;
}

export interface Settings {
  timezone: string;
  /** Calendar sources: absolute paths or URLs. */
  calendars: string[];
  me: { name: string | null; email: string | null; other: string[]; signature: string | null };
  /** The user's addresses, lower-cased: `me.email` and `me.other`. */
  myAddresses: string[];
  /** Working hours per weekday; null when the config has no [hours] table. */
  hours: Record<Weekday, HourRange[]> | null;
  slots: SlotRules;
  tentativeIsBusy: boolean;
  policy: PolicySettings;
  followup: FollowupRules;
  /** The most bytes one calendar may hold, counted after decompression. */
  calendarMaxBytes: number;
  configPath: string | null;
  /** Problems that do not stop the command (unknown keys), one sentence each, about `configPath`. */
  warnings: string[];
}

/** How follow-ups are offered ([followup]). */
export interface FollowupRules {
  /** The client's working day, wall-clock in the client's zone. */
  clientHours: Record<Weekday, HourRange[]>;
  /** How many slots an offer proposes. */
  offer: number;
  /** The earliest a follow-up slot may start: the next working day (null), or now + this. */
  noticeMs: number | null;
  /** How long an offer's slots are held. */
  validForMs: number;
  /** For the firm tone: offered slots start at least this far away. */
  firmNoticeMs: number;
  /** A folder of the user's own templates (`<situation>.txt`); null: `<config dir>/templates`. */
  templates: string | null;
}

export const DEFAULT_FOLLOWUP = { offer: 3, noticeMs: null, validForMs: 48 * 3_600_000, firmNoticeMs: 3 * 86_400_000 } as const;

export interface SettingsInput {
  /** The config file, when there is one, with the TOML parser to read it (smol-toml). */
  file: { path: string; text: string; parseToml: (text: string) => unknown } | null;
  /** Flags that override the file. */
  flags: { calendars?: string[]; tz?: string };
  /** Where relative calendar paths from flags resolve (the working directory). */
  cwd: string;
  /** The platform's zone, used when neither flag nor file names one (asked only then:
   * the first Intl time-zone lookup costs ~20 ms of ICU start-up). */
  systemZone: () => string;
  /** Resolves a path against a folder (path.resolve), injected to keep this module pure. */
  resolvePath: (base: string, p: string) => string;
  dirname: (p: string) => string;
  /** The home folder, for `~/` in config paths. */
  home: string | null;
}

export const DEFAULT_SLOTS: SlotRules = {
  durationMs: 30 * 60_000,
  stepMs: null,
  noticeMs: 18 * 3_600_000,
  bufferMs: 10 * 60_000,
  horizonMs: 14 * 86_400_000,
  maxPerDay: 0,
  horizonDays: 14,
};

/** `calendar_max_size` when the config does not set it: 64 MiB. */
export const DEFAULT_CALENDAR_MAX_BYTES = 64 * 1024 * 1024;
/** The largest `calendar_max_size` accepted: beyond ~1 GiB Node cannot hold the text. */
export const MAX_CALENDAR_MAX_BYTES = 512 * 1024 * 1024;

/** [policy]: when a no-show may be recorded, what a late cancel is, and how misses are counted. */
export interface PolicySettings {
  graceMs: number;
  lateCancelMs: number;
  /** Misses counted for a draft's tone. */
  windowMs: number;
  /** `etiq report` flags a client `repeat-offender` from this many misses (no-shows and late cancels) in its window. */
  repeatOffender: number;
}

export const DEFAULT_POLICY: PolicySettings = { graceMs: 10 * 60_000, lateCancelMs: 24 * 3_600_000, windowMs: 90 * 86_400_000, repeatOffender: 2 };

/** The largest `policy.repeat_offender` accepted. */
export const MAX_REPEAT_OFFENDER = 1000;

/** The client's working day when [followup] has no client_hours: Monday to Friday, 08:00-18:00. */
export const DEFAULT_CLIENT_HOURS: Readonly<Record<Weekday, readonly HourRange[]>> = Object.freeze(mondayToFriday([{ start: 8 * 60, end: 18 * 60 }]));

function noDays(): Record<Weekday, HourRange[]> {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}

/** Monday to Friday with these ranges (each day its own copy); Saturday and Sunday off. */
export function mondayToFriday(ranges: readonly HourRange[]): Record<Weekday, HourRange[]> {
  const days = noDays();
  for (const d of WEEKDAYS.slice(0, 5)) days[d] = ranges.map((r) => ({ ...r }));
  return days;
}

const URL_RE = /^(https?|webcal):\/\//i;

export function isUrl(source: string): boolean {
  return URL_RE.test(source);
}

type Table = Record<string, unknown>;

/** A config value the reader refuses (exit 2); `expected` is what the key takes, for callers that ask for one value (etiq init). */
export class InvalidSettingError extends EtiqError {
  constructor(
    message: string,
    readonly expected: string,
  ) {
    super('input', message, { exitCode: 2 });
  }
}

class Validator {
  readonly warnings: string[] = [];
  constructor(readonly file: string) {}

  bad(key: string, value: unknown, expected: string): never {
    throw new InvalidSettingError(`${this.file}: ${key} = ${show(value)} is not valid: expected ${expected}`, expected);
  }

  /**
   * Unknown keys: an error when the key is close to a known one (a typo would silently
   * change what etiq offers), else a warning. `accepted` tells other spellings that are
   * valid keys (full day names), checked before the typo check so `monday` is not `mon` misspelt.
   */
  unknownKeys(table: Table, known: readonly string[], prefix: string, accepted: (key: string) => boolean = () => false): void {
    for (const k of Object.keys(table)) {
      if (known.includes(k) || accepted(k)) continue;
      const hint = closest(k, known);
      if (hint !== undefined) {
        throw inputError(
          `${this.file}: unknown key "${prefix}${k}" (did you mean "${prefix}${hint}"?); a misspelt key would silently change what etiq offers`,
        );
      }
      // No file name here: warnings are shown with the config file as their source.
      this.warnings.push(`unknown key "${prefix}${k}" is ignored`);
    }
  }

  /** Working ranges such as ["09:00-12:00", "13:00-17:00"], sorted, not overlapping. */
  ranges(list: string[], key: string): HourRange[] {
    const ranges = list.map((r) => parseHourRange(r) ?? this.bad(key, r, 'ranges such as "09:00-12:00" (end after start)'));
    ranges.sort((a, b) => a.start - b.start);
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i]!.start < ranges[i - 1]!.end) this.bad(key, list, 'ranges that do not overlap');
    }
    return ranges;
  }

  /**
   * A table of working hours per weekday ([hours], [followup.client_hours]): keys `mon` or
   * `monday` in any case; a day given twice, a misspelt day, is an error; days not listed are off.
   */
  dayTable(table: Table, prefix: string): Record<Weekday, HourRange[]> {
    const seen = new Map<Weekday, string>();
    for (const k of Object.keys(table)) {
      const day = weekdayOf(k);
      if (day === undefined) continue;
      const first = seen.get(day);
      if (first !== undefined) {
        throw inputError(`${this.file}: ${prefix}${first} and ${prefix}${k} both give the hours of ${WEEKDAY_NAMES[day]}; keep one of them`);
      }
      seen.set(day, k);
    }
    this.unknownKeys(table, [...WEEKDAYS, ...Object.values(WEEKDAY_NAMES)], prefix, (k) => weekdayOf(k) !== undefined);
    const days = noDays();
    for (const [day, key] of seen) {
      days[day] = this.ranges(this.stringList(table, key, prefix) ?? [], `${prefix}${key}`);
    }
    return days;
  }

  table(parent: Table, key: string, prefix = ''): Table | undefined {
    const v = parent[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Date) this.bad(`${prefix}${key}`, v, 'a table ([section])');
    return v as Table;
  }

  string(t: Table, key: string, prefix: string): string | undefined {
    const v = t[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') this.bad(`${prefix}${key}`, v, 'a string in quotes');
    return v;
  }

  stringList(t: Table, key: string, prefix: string): string[] | undefined {
    const v = t[key];
    if (v === undefined) return undefined;
    if (typeof v === 'string') return [v];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) this.bad(`${prefix}${key}`, v, 'a list of strings, e.g. ["a", "b"]');
    return v as string[];
  }

  duration(t: Table, key: string, prefix: string): number | undefined {
    const v = t[key];
    if (v === undefined) return undefined;
    const ms = typeof v === 'string' || typeof v === 'number' ? parseDuration(v) : null;
    if (ms === null) this.bad(`${prefix}${key}`, v, 'a duration such as "30m", "1h30m", "2d", "PT45M" or a number of minutes');
    // Bounded where it is read: `1e308` minutes would overflow every date sum downstream.
    if (ms > MAX_DURATION_MS) this.bad(`${prefix}${key}`, v, `a duration of at most ${formatDuration(MAX_DURATION_MS)}`);
    return ms;
  }
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Date) return v.toISOString();
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** The weekday a day-table key names: `mon`, `monday`, `Monday`, `MON`. */
function weekdayOf(key: string): Weekday | undefined {
  const k = key.toLowerCase();
  return WEEKDAYS.find((d) => d === k || WEEKDAY_NAMES[d] === k);
}

const HOUR_RANGE_RE = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/;

/** `09:00-12:00` to minutes; `24:00` is allowed as an end. */
export function parseHourRange(text: string): HourRange | null {
  const m = HOUR_RANGE_RE.exec(text.trim());
  if (!m) return null;
  const [h1, m1, h2, m2] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  if (h1 > 23 || m1 > 59 || h2 > 24 || m2 > 59 || (h2 === 24 && m2 !== 0)) return null;
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  return end > start ? { start, end } : null;
}

/** Parses and validates the config text. Throws an input error (exit 2) naming file, line and key. */
export function parseConfig(path: string, text: string, parseToml: (text: string) => unknown): { table: Table; warnings: string[] } {
  let table: Table;
  try {
    table = parseToml(text) as Table;
  } catch (err) {
    const e = err as { line?: number; column?: number; message?: string };
    const reason = (e.message ?? String(err)).split('\n')[0]!.replace(/^Invalid TOML document:\s*/i, '');
    throw inputError(`${path}${e.line ? ` line ${e.line}` : ''}: not valid TOML (${reason})`);
  }
  return { table, warnings: [] };
}

export function resolveSettings(input: SettingsInput): Settings {
  const path = input.file?.path ?? null;
  const v = new Validator(path ?? 'config');
  const root: Table = input.file ? parseConfig(input.file.path, input.file.text, input.file.parseToml).table : {};
  v.unknownKeys(root, ['timezone', 'calendars', 'calendar_max_size', 'me', 'hours', 'slots', 'policy', 'followup'], '');

  // timezone
  let timezone: string | null = null;
  const tzFromFile = v.string(root, 'timezone', '');
  if (tzFromFile !== undefined) {
    if (!isValidZone(tzFromFile)) v.bad('timezone', tzFromFile, 'an IANA time zone such as "America/New_York"');
    timezone = tzFromFile;
  }
  if (input.flags.tz !== undefined) {
    if (!isValidZone(input.flags.tz)) throw usageError(`--tz "${input.flags.tz}" is not an IANA time zone (such as America/New_York or UTC)`);
    timezone = input.flags.tz;
  }
  timezone ??= input.systemZone();

  // calendars: flags replace the file's list
  let calendars: string[] = [];
  const fromFile = v.stringList(root, 'calendars', '');
  if (fromFile) {
    const base = input.dirname(path!);
    calendars = fromFile.map((c, i) => {
      if (c.trim() === '') v.bad(`calendars[${i}]`, c, 'a path or URL');
      return isUrl(c) ? c : input.resolvePath(base, expandHome(c, input.home));
    });
  }
  if (input.flags.calendars && input.flags.calendars.length > 0) {
    calendars = input.flags.calendars.map((c) => (isUrl(c) ? c : input.resolvePath(input.cwd, c)));
  }

  let calendarMaxBytes = DEFAULT_CALENDAR_MAX_BYTES;
  const maxSize = root['calendar_max_size'];
  if (maxSize !== undefined) {
    const bytes = typeof maxSize === 'string' || typeof maxSize === 'number' ? parseSize(maxSize) : null;
    if (bytes === null || bytes < 1024 || bytes > MAX_CALENDAR_MAX_BYTES) {
      v.bad('calendar_max_size', maxSize, 'a size from 1KiB to 512MiB, such as "64MiB", "500KB" or a number of bytes');
    }
    calendarMaxBytes = bytes as number;
  }

  // [me]
  const meTable = v.table(root, 'me') ?? {};
  v.unknownKeys(meTable, ['name', 'email', 'other', 'signature'], 'me.');
  const email = v.string(meTable, 'email', 'me.');
  if (email !== undefined && !isEmailAddress(email.trim())) v.bad('me.email', email, 'an email address (no spaces or control characters)');
  const other = v.stringList(meTable, 'other', 'me.') ?? [];
  other.forEach((o, i) => {
    if (!isEmailAddress(o.trim())) v.bad(`me.other[${i}]`, o, 'an email address (no spaces or control characters)');
  });
  const me = { name: v.string(meTable, 'name', 'me.') ?? null, email: email ?? null, other, signature: v.string(meTable, 'signature', 'me.') ?? null };
  const myAddresses = [...new Set([email, ...other].filter((x): x is string => !!x).map((x) => x.trim().toLowerCase()))];

  // [hours]
  const hoursTable = v.table(root, 'hours');
  let hours: Record<Weekday, HourRange[]> | null = null;
  if (hoursTable) hours = v.dayTable(hoursTable, 'hours.');

  // [slots]
  const slotsTable = v.table(root, 'slots') ?? {};
  v.unknownKeys(slotsTable, ['duration', 'step', 'notice', 'buffer', 'horizon', 'max_per_day', 'tentative_is_busy'], 'slots.');
  const slots: SlotRules = { ...DEFAULT_SLOTS };
  const positive = (key: string, ms: number | undefined): number | undefined => {
    if (ms !== undefined && ms <= 0) v.bad(`slots.${key}`, slotsTable[key], 'a duration longer than zero');
    return ms;
  };
  slots.durationMs = positive('duration', v.duration(slotsTable, 'duration', 'slots.')) ?? slots.durationMs;
  slots.stepMs = positive('step', v.duration(slotsTable, 'step', 'slots.')) ?? null;
  slots.noticeMs = v.duration(slotsTable, 'notice', 'slots.') ?? slots.noticeMs;
  if (slotsTable['notice'] !== undefined) slots.noticeDays = wholeDays(slotsTable['notice'] as string);
  slots.bufferMs = v.duration(slotsTable, 'buffer', 'slots.') ?? slots.bufferMs;
  slots.horizonMs = positive('horizon', v.duration(slotsTable, 'horizon', 'slots.')) ?? slots.horizonMs;
  if (slotsTable['horizon'] !== undefined) slots.horizonDays = wholeDays(slotsTable['horizon'] as string);
  const maxPerDay = slotsTable['max_per_day'];
  if (maxPerDay !== undefined) {
    if (typeof maxPerDay !== 'number' || !Number.isInteger(maxPerDay) || maxPerDay < 0) v.bad('slots.max_per_day', maxPerDay, 'a whole number, 0 for no cap');
    slots.maxPerDay = maxPerDay as number;
  }
  const tib = slotsTable['tentative_is_busy'];
  if (tib !== undefined && typeof tib !== 'boolean') v.bad('slots.tentative_is_busy', tib, 'true or false');

  // [policy]
  const policyTable = v.table(root, 'policy') ?? {};
  v.unknownKeys(policyTable, ['grace', 'late_cancel', 'window', 'repeat_offender'], 'policy.');
  const repeatOffender = policyTable['repeat_offender'];
  if (repeatOffender !== undefined && (typeof repeatOffender !== 'number' || !Number.isInteger(repeatOffender) || repeatOffender < 1 || repeatOffender > MAX_REPEAT_OFFENDER)) {
    v.bad('policy.repeat_offender', repeatOffender, `a whole number of misses from 1 to ${MAX_REPEAT_OFFENDER}`);
  }
  const policy: PolicySettings = {
    graceMs: v.duration(policyTable, 'grace', 'policy.') ?? DEFAULT_POLICY.graceMs,
    lateCancelMs: v.duration(policyTable, 'late_cancel', 'policy.') ?? DEFAULT_POLICY.lateCancelMs,
    windowMs: v.duration(policyTable, 'window', 'policy.') ?? DEFAULT_POLICY.windowMs,
    repeatOffender: (repeatOffender as number | undefined) ?? DEFAULT_POLICY.repeatOffender,
  };
  if (policy.windowMs <= 0) v.bad('policy.window', policyTable['window'], 'a duration longer than zero');

  // [followup]
  const followupTable = v.table(root, 'followup') ?? {};
  v.unknownKeys(followupTable, ['client_hours', 'offer', 'notice', 'valid_for', 'firm_notice', 'templates'], 'followup.');
  let clientHours: Record<Weekday, HourRange[]>;
  const ch = followupTable['client_hours'];
  if (ch === undefined) {
    clientHours = mondayToFriday(DEFAULT_CLIENT_HOURS.mon);
  } else if (typeof ch === 'object' && ch !== null && !Array.isArray(ch) && !(ch instanceof Date)) {
    clientHours = v.dayTable(ch as Table, 'followup.client_hours.');
  } else {
    const list =
      typeof ch === 'string'
        ? [ch]
        : Array.isArray(ch) && ch.every((x) => typeof x === 'string')
          ? (ch as string[])
          : v.bad('followup.client_hours', ch, 'a range such as "08:00-18:00", a list of such ranges, or a [followup.client_hours] table of days');
    clientHours = mondayToFriday(v.ranges(list, 'followup.client_hours'));
  }

  return {
    timezone,
    calendars,
    me,
    myAddresses,
    hours,
    slots,
    tentativeIsBusy: tib === undefined ? true : (tib as boolean),
    policy,
    followup: { clientHours, ...followupRules(v, followupTable, path ? input.dirname(path) : input.cwd, input) },
    calendarMaxBytes,
    configPath: path,
    warnings: v.warnings,
  };
}

/** [followup] beyond client_hours: offer, notice, valid_for, firm_notice, templates. */
function followupRules(v: Validator, t: Table, base: string, input: SettingsInput): Omit<FollowupRules, 'clientHours'> {
  const offer = t['offer'];
  if (offer !== undefined && (typeof offer !== 'number' || !Number.isInteger(offer) || offer < 1 || offer > 10)) {
    v.bad('followup.offer', offer, 'a whole number of slots from 1 to 10');
  }
  let noticeMs: number | null = DEFAULT_FOLLOWUP.noticeMs;
  const notice = t['notice'];
  if (typeof notice === 'string' && /^next[- ]working[- ]day$/i.test(notice.trim())) noticeMs = null;
  else if (notice !== undefined) {
    noticeMs = v.duration(t, 'notice', 'followup.') ?? null;
    if (noticeMs === null || noticeMs <= 0) v.bad('followup.notice', notice, '"next-working-day" or a duration longer than zero, such as "36h"');
  }
  const positive = (key: string, fallback: number): number => {
    const ms = v.duration(t, key, 'followup.');
    if (ms !== undefined && ms <= 0) v.bad(`followup.${key}`, t[key], 'a duration longer than zero');
    return ms ?? fallback;
  };
  const templates = v.string(t, 'templates', 'followup.');
  return {
    offer: (offer as number | undefined) ?? DEFAULT_FOLLOWUP.offer,
    noticeMs,
    validForMs: positive('valid_for', DEFAULT_FOLLOWUP.validForMs),
    firmNoticeMs: positive('firm_notice', DEFAULT_FOLLOWUP.firmNoticeMs),
    templates: templates === undefined ? null : input.resolvePath(base, expandHome(templates, input.home)),
  };
}

/** `~/cal.ics` in a config file means the home folder, as in a shell. */
function expandHome(p: string, home: string | null): string {
  return home && (p === '~' || p.startsWith('~/')) ? home + p.slice(1) : p;
}
