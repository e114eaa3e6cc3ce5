/**
 * The calendar reader: iCalendar text + window -> the occurrences overlapping the window.
 * Pure: the caller hands in the text; no clock, no files.
 *
 * Steps: scan the text into components (scan.ts); group VEVENTs by UID and keep the
 * newest version of each; drop single events that cannot reach the window without
 * parsing them; parse the rest with ical.js; expand series in wall-clock time
 * (recurrence.ts); turn wall-clock values into instants with our own zones (zones.ts);
 * decide busy or free (busy.ts).
 *
 * Date and time values are read from the raw content lines, not from ical.js's parsed
 * values: ical.js turns `DTSTART:20070628` (a date without VALUE=DATE) into
 * "2007-06-28T::" and `DTSTART;VALUE=DATE:20110804T120000` into a date, and real files
 * contain both.
 */
import ICAL from 'ical.js';
import { visible } from '../visible.js';
import { isBusy, normaliseStatus } from './busy.js';
import { quickProperty, type JcalProp } from './property.js';
import { expandRule, type RuleExpansion } from './recurrence.js';
import {
  firstProp,
  fromUtf8Bytes,
  hasProp,
  paramValue,
  scanCalendar,
  truncate,
  unescapeText,
  type ContentLine,
  type RawComponent,
  type ScanProblem,
  type ScanResult,
} from './scan.js';
import type { Attendee, Occurrence, Person, ReadOptions, ReadResult, ReaderWarning, UnknownSpan } from './types.js';
import { DAY_MS, dateString, daysInMonth, isoUtc, parseJcalDateTime, wallDay, type DateTimeValue } from './values.js';
import { zoneFromVtimezone } from './vtimezone.js';
import { byStart, overlaps } from './window.js';
import { windowsToIana } from './windows.js';
import { UTC_ZONE, ianaFromPrefixed, ianaZone, utcToWall, wallToUtc, type Zone } from './zones.js';

export const DEFAULT_MAX_OCCURRENCES_PER_SERIES = 10_000;

/** Text properties of a VEVENT etiq uses, parsed with ical.js. */
const TEXT_PROPS = ['SUMMARY', 'LOCATION', 'STATUS', 'TRANSP', 'X-MICROSOFT-CDO-BUSYSTATUS', 'ORGANIZER', 'ATTENDEE', 'SEQUENCE'];
/** Every VEVENT line etiq reads: the text properties and the date properties (read raw). */
const EVENT_LINES: ReadonlySet<string> = new Set([...TEXT_PROPS, 'DTSTART', 'DTEND', 'DURATION', 'RRULE', 'RDATE', 'EXDATE', 'RECURRENCE-ID']);
export const DEFAULT_MAX_STEPS_PER_SERIES = 50_000;
/**
 * Caps for all series of one calendar together, plus one occurrence per 64 bytes and one
 * step per 16 bytes of its text: per series caps alone let 200 events of
 * `RRULE:FREQ=SECONDLY` (20 KB) list 2,000,000 occurrences (20 s, 800 MB), and 100
 * step-capped series took 5 s; with these a small file costs at most ~2 s and ~100 MB.
 * The largest real need measured: bench/.data/history.ics (114 KB, 200 dense series) lists
 * 56,600 occurrences in the record commands' window (a year back, a month ahead); the
 * 50,000-event bench calendar (34 MB) 150,000 with 162,000 steps (its caps: 725,000 and
 * 3,100,000). A hostile 3 MB file costs ~2 s and ~150 MB either way. Occurrences
 * of single events do not count: there is one per VEVENT, and `calendar_max_size` bounds
 * those.
 */
export const DEFAULT_MAX_OCCURRENCES_PER_CALENDAR = 200_000;
export const DEFAULT_MAX_STEPS_PER_CALENDAR = 1_000_000;

/** The caps for all series of a calendar of `size` bytes (see above). */
export function calendarCaps(size: number): { maxOccurrencesPerCalendar: number; maxStepsPerCalendar: number } {
  return {
    maxOccurrencesPerCalendar: DEFAULT_MAX_OCCURRENCES_PER_CALENDAR + Math.floor(size / 64),
    maxStepsPerCalendar: DEFAULT_MAX_STEPS_PER_CALENDAR + Math.floor(size / 16),
  };
}

/**
 * What a reader warning is about (`ReaderWarning.kind`):
 * - `encoding`: the bytes were not UTF-8 (read-bytes.ts);
 * - `bad-line`: a line that is not a content line, or that ical.js's parser rejects;
 * - `nesting`: a missing or stray END, components nested too deep;
 * - `bad-property`: a value that cannot be read (a date, DURATION, COUNT) or a rule that
 *   never matches; the property is ignored or read another way;
 * - `bad-event`: an event skipped or not expanded (no DTSTART, an RRULE ical.js cannot
 *   read or expand, an unexpected error);
 * - `unknown-zone`: a TZID or VTIMEZONE that cannot be resolved;
 * - `capped-series`: a series cut short by the occurrence or step cap;
 * - `duplicate-override`: overrides of one instance (RECURRENCE-ID) beyond the first;
 * - `old-version`: an older version (SEQUENCE/DTSTAMP) of an event.
 */
export type ReaderWarningKind =
  | 'encoding'
  | 'bad-line'
  | 'nesting'
  | 'bad-property'
  | 'bad-event'
  | 'unknown-zone'
  | 'capped-series'
  | 'duplicate-override'
  | 'old-version';

/**
 * Warnings kept per calendar and kind; the rest are counted in one more warning of that
 * kind. A damaged file can hold a problem on every line (150,000 warning objects, and a
 * caller's `push(...warnings)` overflowed the stack).
 */
export const WARNINGS_PER_KIND = 20;

/** Wall-clock values after the year 9999 are out of range: an event ending there is endless. */
const MAX_WALL = Date.UTC(10_000, 0, 1);

/** A date or date-time value with the zone its wall clock belongs to (null: floating). */
interface ZonedValue {
  value: DateTimeValue;
  zone: Zone | null;
}

/** A VEVENT parsed far enough to place it in time. */
interface ParsedEvent {
  raw: RawComponent;
  uid: string;
  /** ical.js's parse of the event, for text, people and RRULE. */
  props: Map<string, JcalProp[]>;
  /** The raw content lines, for dates. */
  lines: Map<string, ContentLine[]>;
  start: DateTimeValue;
  /** Zone whose wall clock DTSTART is in (the user's zone for all-day, UTC for `Z`). */
  zone: Zone;
  length: { nominalDays: number; exactMs: number };
  recurrenceId: ZonedValue | null;
  range: boolean;
  /**
   * Set when its DURATION ends after the year 9999 (`P99999999W`): each occurrence is read as
   * lasting to the end of the window (at least), and `length` is not used.
   */
  endless: boolean;
  /** What `describe` derives from the properties, computed once per event, not per occurrence. */
  details?: Omit<Occurrence, 'recurrenceId' | 'start' | 'end' | 'allDay' | 'startDate' | 'endDate'>;
}

/**
 * The warnings of one calendar, bounded at the source: the first WARNINGS_PER_KIND of each
 * kind, then (from `finish`) one more per kind that counts the rest. Messages pass through
 * `visible`: they quote the file, and a hostile file holds terminal escapes.
 */
class WarningSink {
  private readonly list: ReaderWarning[] = [];
  private readonly counts = new Map<ReaderWarningKind, number>();

  constructor(private readonly source: string) {}

  add(kind: ReaderWarningKind, message: string): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (n <= WARNINGS_PER_KIND) this.list.push({ calendar: this.source, message: visible(message), kind });
  }

  /** The warnings kept, then one per kind counting those left out. */
  finish(): ReaderWarning[] {
    for (const [kind, n] of this.counts) {
      const more = n - WARNINGS_PER_KIND;
      if (more > 0) this.list.push({ calendar: this.source, message: `... and ${more} more warning${more === 1 ? '' : 's'} like these (${kind}; ${n} in all)`, kind });
    }
    return this.list;
  }
}

class FileReader {
  /** Spans of the window that capped or unexpandable series may cover. */
  readonly unknown: UnknownSpan[] = [];
  readonly userZone: Zone;
  /** X-WR-TIMEZONE, when the calendar has a readable one. */
  readonly calendarZone: Zone | null;
  readonly floatingZone: Zone;
  /** ReadOptions.people, default true: whether attendees, organizer and location are read. */
  readonly people: boolean;
  private readonly vtimezones = new Map<string, RawComponent>();
  private readonly zoneCache = new Map<string, Zone>();
  private readonly warnedOnce = new Set<string>();
  private readonly unknownZones = new Set<string>();

  constructor(
    readonly source: string,
    readonly opts: ReadOptions,
    private readonly sink: WarningSink,
    calendarProps: Map<string, ContentLine>,
    components: RawComponent[],
  ) {
    this.userZone = ianaZone(opts.userZone) ?? UTC_ZONE;
    this.people = opts.people !== false;
    for (const c of components) {
      if (c.name !== 'VTIMEZONE') continue;
      const tzid = firstProp(c, 'TZID')?.value;
      if (tzid === undefined) continue;
      // Outlook escapes commas in the TZID *value* but not in TZID= parameters.
      const key = unescapeText(tzid).trim();
      if (!this.vtimezones.has(key)) this.vtimezones.set(key, c);
    }
    const wr = calendarProps.get('X-WR-TIMEZONE')?.value.trim();
    this.calendarZone = wr ? this.resolveTzid(wr, 'X-WR-TIMEZONE') : null;
    this.floatingZone = this.calendarZone ?? this.userZone;
  }

  warn(kind: ReaderWarningKind, message: string): void {
    this.sink.add(kind, message);
  }

  warnOnce(key: string, kind: ReaderWarningKind, message: string): void {
    if (this.warnedOnce.has(key)) return;
    this.warnedOnce.add(key);
    this.warn(kind, message);
  }

  /**
   * Records time of the window an event may cover that the reader cannot list: clamped to
   * the window, and only when the event would make the user busy. Returns the span kept,
   * or null.
   */
  addUnknown(
    e: { uid: string; summary: string; line: number; busy: boolean },
    from: number,
    to: number,
    reason: string,
  ): { start: number; end: number } | null {
    if (!e.busy) return null;
    const start = Math.max(from, this.opts.window.start);
    const end = Math.min(to, this.opts.window.end);
    if (!(start < end)) return null;
    this.unknown.push({ calendar: this.source, uid: e.uid, summary: e.summary, line: e.line, start, end, reason: visible(reason) });
    return { start, end };
  }

  /**
   * An event whose reading threw (an error the reader did not foresee): one warning, and
   * the time it may cover (roughly: its DTSTART a day either side, to its end, or for a
   * series to its UNTIL or the window end) as unknown unless it is clearly free.
   */
  eventFailed(raw: RawComponent, uid: string, recurring: boolean, err: unknown): void {
    const at = where(raw, uid);
    let summary = '';
    let busy = true;
    try {
      const { props } = this.parseProps(raw, at, true);
      summary = textValue(props, 'summary') ?? '';
      busy = isBusy(
        { status: normaliseStatus(textValue(props, 'status')), transp: textValue(props, 'transp'), busyStatus: textValue(props, 'x-microsoft-cdo-busystatus'), attendees: attendeesOf(props) },
        this.opts,
      ).busy;
    } catch {
      // busy, then
    }
    const rough = roughSpan(raw, recurring);
    const span = rough
      ? this.addUnknown({ uid, summary, line: raw.line, busy }, rough.from, rough.to, `${quoted(summary, uid, raw.line)} cannot be read (${errorText(err)}); its time is treated as busy`)
      : null;
    this.warn('bad-event', `${at} cannot be read (${errorText(err)}); ${span ? `its time from ${isoUtc(span.start)} to ${isoUtc(span.end)} is treated as busy` : 'skipped'}`);
  }

  /**
   * A TZID to a zone: an IANA name; a Windows name (windows-iana); an IANA name behind a
   * vendor prefix (`/mozilla.org/20070129_1/Europe/Berlin`); the file's own VTIMEZONE;
   * else null, with a warning: the value is then read as floating (in the zone of the
   * event's other end when that has one, else the calendar's X-WR-TIMEZONE, else the
   * user's zone). IANA data wins over an in-file VTIMEZONE of the
   * same name: Outlook's VTIMEZONEs carry only the current rule, the tz database the
   * history too.
   */
  resolveTzid(rawTzid: string, where: string): Zone | null {
    const tzid = rawTzid.replace(/^"+|"+$/g, '').trim();
    const cached = this.zoneCache.get(tzid);
    if (cached) return cached;
    if (this.unknownZones.has(tzid)) return null;
    let zone: Zone | null = ianaZone(tzid);
    if (!zone) {
      const win = windowsToIana(tzid);
      if (win) zone = ianaZone(win);
    }
    if (!zone) {
      const inner = ianaFromPrefixed(tzid);
      if (inner) zone = ianaZone(inner);
    }
    if (!zone) {
      const vtz = this.vtimezones.get(tzid) ?? this.vtimezones.get(unescapeText(tzid));
      if (vtz) {
        zone = zoneFromVtimezone(tzid, vtz);
        if (!zone) this.warnOnce(`vtz:${tzid}`, 'unknown-zone', `VTIMEZONE "${tzid}" (line ${vtz.line}) cannot be read; its times are read in ${this.userZone.id}`);
      }
    }
    if (!zone) {
      this.warnOnce(
        `tz:${tzid}`,
        'unknown-zone',
        `unknown time zone "${truncate(tzid, 60)}" (${where}); its times are read as local times (in the zone of the event's other end, else ${this.floatingZoneName()})`,
      );
      this.unknownZones.add(tzid);
      return null;
    }
    this.zoneCache.set(tzid, zone);
    return zone;
  }

  private floatingZoneName(): string {
    return this.calendarZone?.id ?? this.userZone.id;
  }

  /**
   * Reads the properties of a VEVENT that etiq uses. Each text property line goes through
   * ical.js's property parser (`ICAL.parse.property`: escapes, quoted parameters); a line
   * it rejects is dropped with a warning, the rest of the event is kept. Lines etiq does
   * not use (DESCRIPTION, alarms, ...) are never copied out of the file: parsing whole
   * components with `ICAL.parse` was most of the cost of a large calendar.
   */
  parseProps(raw: RawComponent, where: string, quiet = false): { props: Map<string, JcalProp[]>; lines: Map<string, ContentLine[]> } {
    const { props: lines, broken } = raw.ownLines(EVENT_LINES);
    if (!quiet) for (const l of broken) this.warn('bad-line', `${where}: line ${l.line} is not a property ("${truncate(l.raw, 40)}"); ignored`);
    const props = new Map<string, JcalProp[]>();
    const { people } = this;
    for (const name of TEXT_PROPS) {
      if (!people && (name === 'ORGANIZER' || name === 'LOCATION')) continue;
      for (const l of lines.get(name) ?? []) {
        // Without people, an attendee counts only as the user's reply: a line that cannot be
        // the user's (its text holds none of the user's addresses) is not read.
        if (!people && name === 'ATTENDEE' && !this.mayBeMe(l.raw)) continue;
        try {
          const p = quickProperty(l) ?? (ICAL.parse.property(l.raw) as unknown as JcalProp);
          const list = props.get(p[0]);
          if (list) list.push(p);
          else props.set(p[0], [p]);
        } catch (err) {
          if (!quiet) this.warn('bad-line', `${where}: line ${l.line} ignored: ${errorText(err)}`);
        }
      }
    }
    return { props, lines };
  }

  /** Whether an ATTENDEE line's text holds one of the user's addresses (lower-cased), as its address must to be theirs. */
  private mayBeMe(raw: string): boolean {
    const mine = this.opts.myAddresses;
    if (mine.length === 0) return false;
    const text = raw.toLowerCase();
    return mine.some((a) => text.includes(a));
  }

  /**
   * Reads one date or date-time value of a property line. A value with a time is a
   * date-time whatever VALUE says; a TZID wins over a trailing `Z` (Google writes
   * `DTSTART;TZID=America/New_York:20211222T170000Z` and means New York time).
   */
  dateValue(l: ContentLine, text: string, where: string): ZonedValue | null {
    const value = parseJcalDateTime(text.trim());
    if (!value) {
      this.warn('bad-property', `${where}: ${l.name} has an invalid value "${truncate(text.trim(), 30)}" (line ${l.line}); ignored`);
      return null;
    }
    const tzid = paramValue(l.params, 'TZID');
    if (value.isDate) {
      // `DTSTART;VALUE=DATE-TIME;TZID=...:20061007`: midnight in that zone, as labelled.
      if ((paramValue(l.params, 'VALUE') ?? '').toUpperCase() !== 'DATE-TIME') return { value, zone: null };
      value.isDate = false;
    }
    if (tzid !== undefined && tzid.trim() !== '') {
      return { value: { wallMs: value.wallMs, isDate: value.isDate, utc: false }, zone: this.resolveTzid(tzid, `${where}, line ${l.line}`) };
    }
    return { value, zone: value.utc ? UTC_ZONE : null };
  }

  /** The instant of a value; floating values use `floating`, dates the user's zone. */
  instantOf(v: ZonedValue, floating: Zone): number {
    if (v.value.isDate) return wallToUtc(this.userZone, v.value.wallMs);
    if (v.value.utc) return v.value.wallMs;
    return wallToUtc(v.zone ?? floating, v.value.wallMs);
  }

  /**
   * A value in the wall clock of a series (for EXDATE, RDATE, RECURRENCE-ID): a floating
   * value already is; a zoned one is converted through its instant; for an all-day series,
   * the date of the value.
   */
  seriesWall(v: ZonedValue, seriesZone: Zone, seriesIsDate: boolean): number {
    const { value } = v;
    if (seriesIsDate) {
      // A date-time naming an all-day instance: its date in its own wall clock (Exchange
      // writes `RECURRENCE-ID;TZID=W. Europe Standard Time:20260226T000000`); a UTC one,
      // the date in the user's zone.
      if (!value.utc) return wallDay(value.wallMs);
      return wallDay(utcToWall(this.userZone, value.wallMs));
    }
    if (value.isDate || v.zone === null || v.zone === seriesZone) return value.wallMs;
    return utcToWall(seriesZone, this.instantOf(v, seriesZone));
  }
}

function errorText(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return truncate(msg.replace(/\s+/g, ' '), 120);
}

function where(raw: RawComponent, uid: string): string {
  return uid ? `event "${truncate(uid, 60)}" (line ${raw.line})` : `event at line ${raw.line}`;
}

/** `"Standup" (event "uid" line 12)`: how an unknown span's reason names its event. */
function quoted(summary: string, uid: string, line: number): string {
  const title = summary.trim() === '' ? 'An event without a title' : `"${truncate(summary.trim(), 40)}"`;
  return `${title} (${uid ? `event "${truncate(uid, 60)}" line ${line}` : `event at line ${line}`})`;
}

/**
 * The instants an event may cover, from its raw DTSTART and end alone (a day of slack
 * either side stands in for its zone), for an event whose reading failed: a series to its
 * last possible start (UNTIL, or COUNT of a simple rule), else without end.
 */
function roughSpan(raw: RawComponent, recurring: boolean): { from: number; to: number } | null {
  const ds = firstProp(raw, 'DTSTART');
  const start = ds ? parseJcalDateTime(ds.value.trim()) : null;
  if (!start) return null;
  const span = quickSpan(raw) ?? { start: start.wallMs, length: DAY_MS };
  let last = span.start;
  if (recurring) last = hasProp(raw, 'RDATE') ? Infinity : (lastPossibleStart(raw, span.start) ?? Infinity);
  return { from: span.start - DAY_MS, to: last + Math.max(span.length, DAY_MS) + DAY_MS };
}

function textValue(props: Map<string, JcalProp[]>, name: string): string | null {
  const p = props.get(name)?.[0];
  if (!p) return null;
  const v = p[3];
  if (v === undefined || v === null) return null;
  return Array.isArray(v) ? v.map(String).join(',') : String(v);
}

function personOf(p: JcalProp): Person {
  const value = String(p[3] ?? '').trim();
  const email = /^mailto:/i.test(value) ? value.slice(7).trim().toLowerCase() : value.includes('@') ? value.toLowerCase() : null;
  const cn = p[1]['cn'];
  return { email: email || null, name: typeof cn === 'string' && cn.length > 0 ? cn : null };
}

function attendeesOf(props: Map<string, JcalProp[]>): Attendee[] {
  const out: Attendee[] = [];
  for (const p of props.get('attendee') ?? []) {
    const partstat = p[1]['partstat'];
    const role = p[1]['role'];
    const who = personOf(p);
    // Fields spelled out, not `...personOf(p)`: an object spread is ~3 us while the code is
    // cold, and a first read of the bench calendar makes ~4,500 attendees (issue 13).
    out.push({
      email: who.email,
      name: who.name,
      partstat: typeof partstat === 'string' ? partstat.toUpperCase() : null,
      role: typeof role === 'string' ? role.toUpperCase() : null,
    });
  }
  return out;
}

const DURATION_RE = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;

function parseDuration(text: string): { sign: 1 | -1; days: number; seconds: number } | null {
  const m = DURATION_RE.exec(text.trim());
  if (!m || !/\d/.test(text)) return null;
  const days = Number(m[2] ?? 0) * 7 + Number(m[3] ?? 0);
  const seconds = Number(m[4] ?? 0) * 3600 + Number(m[5] ?? 0) * 60 + Number(m[6] ?? 0);
  return { sign: m[1] === '-' ? -1 : 1, days, seconds };
}

/**
 * The window, with day keys three days outside it: a span wholly before `before` or after
 * `after` cannot reach the window in any zone (offsets are within ±26 h) nor as an all-day
 * event.
 */
interface TriageWindow {
  start: number;
  end: number;
  before: string;
  after: string;
}

function triageWindow(start: number, end: number): TriageWindow {
  const key = (ms: number): string => dateString(ms).replace(/-/g, '');
  return { start, end, before: key(start - 3 * DAY_MS), after: key(end + 3 * DAY_MS) };
}

/** Whether a component alone is read as a single event: not a master with RRULE, RDATE or EXDATE. */
function isOneOff(c: RawComponent): boolean {
  return hasProp(c, 'RECURRENCE-ID') || !(hasProp(c, 'RRULE') || hasProp(c, 'RDATE') || hasProp(c, 'EXDATE'));
}

/** Quick, conservative check that a single event cannot overlap the window. */
function certainlyOutside(raw: RawComponent, win: TriageWindow): boolean {
  if (!raw.hasKey('DTSTART')) return false;
  // Most single events of a large file are months away from the window: decide those
  // from the dates' first eight digits (YYYYMMDD compares as text), read where they are in
  // the file, before any line is copied out or parsed.
  const startKey = raw.firstKeyDayKey('DTSTART');
  if (startKey !== null) {
    const hasEnd = raw.hasKey('DTEND');
    const endKey = hasEnd ? raw.firstKeyDayKey('DTEND') : null;
    if (!hasEnd || endKey !== null) {
      const early = startKey < win.before && (endKey === null ? !raw.hasKey('DURATION') : endKey < win.before);
      const late = startKey > win.after && (endKey === null || endKey > win.after);
      if (early || late) return true;
    }
  }
  const ds = firstProp(raw, 'DTSTART')!;
  const de = firstProp(raw, 'DTEND');
  const du = firstProp(raw, 'DURATION');
  const start = parseJcalDateTime(ds.value.trim());
  if (!start) return false;
  let first = start.wallMs;
  let last: number;
  if (de) {
    const e = parseJcalDateTime(de.value.trim());
    if (!e) return false;
    first = Math.min(first, e.wallMs);
    last = Math.max(start.wallMs, e.wallMs) + DAY_MS;
  } else if (du) {
    const d = parseDuration(du.value);
    if (!d) return false;
    last = start.wallMs + Math.max(0, d.days * DAY_MS + d.seconds * 1000) + DAY_MS;
  } else {
    last = start.wallMs + DAY_MS;
  }
  // Two days either side cover any zone offset (at most ±14 h) and floating times.
  return last + 2 * DAY_MS < win.start || first - 2 * DAY_MS > win.end;
}

/** Start and length (wall ms, ±a day of zone slack) of a component from its key properties, or null. */
function quickSpan(raw: RawComponent): { start: number; length: number } | null {
  const ds = firstProp(raw, 'DTSTART');
  const start = ds ? parseJcalDateTime(ds.value.trim()) : null;
  if (!start) return null;
  const de = firstProp(raw, 'DTEND');
  const du = firstProp(raw, 'DURATION');
  if (de) {
    const e = parseJcalDateTime(de.value.trim());
    return e ? { start: start.wallMs, length: Math.abs(e.wallMs - start.wallMs) } : null;
  }
  if (du) {
    const d = parseDuration(du.value);
    return d ? { start: start.wallMs, length: Math.max(0, d.days * DAY_MS + d.seconds * 1000) } : null;
  }
  return { start: start.wallMs, length: DAY_MS };
}

/**
 * A component of a recurring group that cannot change what the window shows, decided from
 * key properties alone (so it is never parsed): an override placed outside the window
 * whose RECURRENCE-ID is outside it too, or a master without RDATE that starts after the
 * window. Margins of three days cover zone offsets and all-day spans; THISANDFUTURE
 * overrides, which move later instances, always count.
 */
function irrelevantToWindow(c: RawComponent, masterSpan: { start: number; length: number } | null, win: TriageWindow): boolean {
  const { start: winStart, end: winEnd } = win;
  const ridLine = firstProp(c, 'RECURRENCE-ID');
  const margin = 3 * DAY_MS;
  if (!ridLine) {
    if (hasProp(c, 'RDATE')) return false;
    const span = quickSpan(c);
    if (span === null) return false;
    if (span.start - margin > winEnd) return true;
    const last = lastPossibleStart(c, span.start);
    return last !== null && last + span.length + margin < winStart;
  }
  if (/RANGE=THISANDFUTURE/i.test(ridLine.params)) return false;
  if (!certainlyOutside(c, win)) return false;
  const rid = parseJcalDateTime(ridLine.value.trim());
  if (!rid || !masterSpan) return false;
  return rid.wallMs + masterSpan.length + margin < winStart || rid.wallMs - margin > winEnd;
}

/**
 * A bound on the last instance of a series from its RRULE text alone, or null when there
 * is none to be had cheaply: UNTIL; or COUNT on a rule whose every period holds an
 * instance (DAILY without BY parts, WEEKLY with at most a plain BYDAY), so that COUNT
 * periods of INTERVAL units reach at least as far as the last instance. Old recurring
 * meetings that ended long ago are then never parsed or expanded.
 */
function lastPossibleStart(c: RawComponent, start: number): number | null {
  const rules = c.keyLines('RRULE');
  if (rules.length !== 1) return null;
  const text = rules[0]!.value.trim().toUpperCase();
  const { parts } = ruleParts(text);
  const part = (k: string): string | undefined => parts.get(k);
  const until = part('UNTIL');
  if (until !== undefined) {
    const u = parseJcalDateTime(until);
    return u ? u.wallMs + DAY_MS : null;
  }
  const count = Number(part('COUNT'));
  if (!Number.isInteger(count) || count <= 0) return null;
  const interval = Math.max(1, Number(part('INTERVAL') ?? 1) || 1);
  const freq = part('FREQ');
  const byParts = text.split(';').filter((p) => p.startsWith('BY') && !p.startsWith('BYDAY='));
  const byday = part('BYDAY');
  if (byParts.length > 0) return null;
  if (freq === 'DAILY' && byday === undefined) return start + count * interval * DAY_MS;
  if (freq === 'WEEKLY' && (byday === undefined || /^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$/.test(byday))) {
    return start + count * interval * 7 * DAY_MS;
  }
  return null;
}

/**
 * The parts of an RRULE value by upper-cased name, as ical.js reads them: split at `;`,
 * each part's name up to its first `=`, and of a name given twice (which RFC 5545 forbids)
 * the last. The triage and the expansion must agree with ical.js here: read by its first
 * UNTIL or COUNT, `UNTIL=20260105T000000Z;UNTIL=20261231T000000Z` was an ended series, and
 * its instances (ical.js's, by the second) were left out as free time. `repeated` names
 * the parts given more than once.
 */
function ruleParts(value: string): { parts: Map<string, string>; repeated: string[] } {
  const parts = new Map<string, string>();
  const repeated: string[] = [];
  for (const p of value.split(';')) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const name = p.slice(0, eq).toUpperCase();
    if (parts.has(name) && !repeated.includes(name)) repeated.push(name);
    parts.set(name, p.slice(eq + 1));
  }
  return { parts, repeated };
}

/** SEQUENCE, then DTSTAMP: which version of one event is newer. */
type Version = [number, string];

function versionOf(raw: RawComponent): Version {
  const seq = Number(firstProp(raw, 'SEQUENCE')?.value.trim());
  return [Number.isFinite(seq) ? seq : 0, firstProp(raw, 'DTSTAMP')?.value.trim() ?? ''];
}

/** Whether version `a` is at least as new as `b` (a tie goes to `a`: the later in the file). */
function atLeastAsNew(a: Version, b: Version): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] >= b[1];
}

/** The newest of several components (a tie goes to the last in the file). */
function newestOf<T>(list: T[], version: (x: T) => Version): T {
  let best = list[0]!;
  let bestVersion = version(best);
  for (let i = 1; i < list.length; i++) {
    const v = version(list[i]!);
    if (atLeastAsNew(v, bestVersion)) {
      best = list[i]!;
      bestVersion = v;
    }
  }
  return best;
}

export interface Versions {
  kept: RawComponent[];
  /** Older versions of a master (same UID, no RECURRENCE-ID). */
  dropped: RawComponent[];
  /** Overrides of an instance another override of the group also modifies, left out. */
  duplicateOverrides: RawComponent[];
}

/**
 * Several VEVENTs with one UID and no RECURRENCE-ID are versions of one event: keep the
 * newest (highest SEQUENCE, then latest DTSTAMP). Versions that agree on both are kept all:
 * they are more likely distinct events from an exporter that reuses UIDs.
 *
 * Overrides with the same RECURRENCE-ID modify the same instance, so only one of them
 * counts: the newest, and of equal versions the last in the file. 50,000 overrides of one
 * instance used to list 50,000 occurrences past the series' cap.
 */
export function newestVersions(comps: RawComponent[]): Versions {
  if (comps.length < 2) return { kept: comps, dropped: [], duplicateOverrides: [] };
  const rids: string[] = [];
  // Small groups are checked by includes, large ones (a hostile file's 50,000 overrides of one UID) by a set.
  const seen = comps.length > 8 ? new Set<string>() : null;
  let distinct = true;
  for (let i = 0; i < comps.length; i++) {
    const rid = comps[i]!.firstKeyValue('RECURRENCE-ID')?.trim() ?? '';
    if (distinct && (seen ? seen.has(rid) : rids.includes(rid))) distinct = false;
    seen?.add(rid);
    rids.push(rid);
  }
  // Nearly every group: one master and its overrides, each of another instance. All are
  // kept, in file order (the order they are grouped in), as below; without its maps,
  // closures and sort, ~10 us a group in a first read's cold code (issue 13).
  if (distinct) return { kept: comps, dropped: [], duplicateOverrides: [] };
  return versionsByRid(comps, rids);
}

/** newestVersions' plain path, for components and their trimmed RECURRENCE-IDs ('' for none); exported for its test. */
export function versionsByRid(comps: readonly RawComponent[], rids: readonly string[]): Versions {
  const byRid = new Map<string, RawComponent[]>();
  for (let i = 0; i < comps.length; i++) {
    const arr = byRid.get(rids[i]!);
    if (arr) arr.push(comps[i]!);
    else byRid.set(rids[i]!, [comps[i]!]);
  }
  const kept: RawComponent[] = [];
  const dropped: RawComponent[] = [];
  const duplicateOverrides: RawComponent[] = [];
  const versions = new Map<RawComponent, Version>();
  const version = (c: RawComponent): Version => {
    let v = versions.get(c);
    if (!v) versions.set(c, (v = versionOf(c)));
    return v;
  };
  for (const [rid, list] of byRid) {
    if (list.length === 1) {
      kept.push(list[0]!);
      continue;
    }
    const best = newestOf(list, version);
    if (rid !== '') {
      kept.push(best);
      for (const c of list) if (c !== best) duplicateOverrides.push(c);
      continue;
    }
    const [seq, stamp] = version(list[0]!);
    if (list.every((c) => version(c)[0] === seq && version(c)[1] === stamp)) {
      for (const c of list) kept.push(c);
      continue;
    }
    kept.push(best);
    for (const c of list) if (c !== best) dropped.push(c);
  }
  kept.sort((a, b) => a.line - b.line);
  return { kept, dropped, duplicateOverrides };
}

/**
 * Reads a calendar's text for a window. Never throws: an event that cannot be read costs a
 * warning (and, when its time is unknown, an unknown span), and an error the reader did not
 * foresee outside any event makes `error` say so.
 */
export function readCalendarText(text: string, source: string, opts: ReadOptions, form: TextForm = 'text'): ReadResult {
  return readScannedText(scanText(text, form), source, opts);
}

/**
 * A calendar's text after the scan, which depends on the text alone: reading it for another
 * window (readScannedText) starts from here. A command that reads one calendar for two
 * windows (noshow: around the meeting, then the follow-up's offers) scans it once.
 */
export interface ScannedText {
  readonly text: string;
  readonly form: TextForm;
  /** Null when the scan threw (`failure`). */
  readonly scan: ScanResult | null;
  /** The scan's problems, in order: each read turns them into its warnings. */
  readonly problems: readonly ScanProblem[];
  readonly failure?: unknown;
}

export function scanText(text: string, form: TextForm = 'text'): ScannedText {
  const problems: ScanProblem[] = [];
  try {
    return { text, form, scan: scanCalendar(text, (p) => problems.push(p), form === 'utf8-bytes'), problems };
  } catch (err) {
    return { text, form, scan: null, problems, failure: err };
  }
}

/** readCalendarText from a scan: the same result, for any window, however often it is read. */
export function readScannedText(scanned: ScannedText, source: string, opts: ReadOptions): ReadResult {
  try {
    if (scanned.scan === null) throw scanned.failure;
    return readText(scanned, scanned.scan, source, opts);
  } catch (err) {
    return { occurrences: [], warnings: [], error: `the calendar cannot be read: ${errorText(err)}` };
  }
}

/**
 * How the reader is handed the file: `text` is decoded text; `utf8-bytes` is valid UTF-8
 * read one byte per character (Latin-1), which the scanner decodes line by line as it
 * copies lines out (read-bytes.ts).
 */
export type TextForm = 'text' | 'utf8-bytes';

function readText(scanned: ScannedText, scan: ScanResult, source: string, opts: ReadOptions): ReadResult {
  let { text } = scanned;
  const { form } = scanned;
  const sink = new WarningSink(source);
  for (const p of scanned.problems) sink.add(p.kind, p.message);
  const vevents = scan.components.filter((c) => c.name === 'VEVENT');
  const reader = new FileReader(source, opts, sink, scan.calendarProps, scan.components);
  if (!scan.sawCalendar && scan.components.length === 0) {
    if (form === 'utf8-bytes') text = fromUtf8Bytes(text);
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/, 1)[0] ?? '';
    return {
      occurrences: [],
      warnings: [],
      error: text.trim() === '' ? 'the file is empty' : visible(`not an iCalendar file (line 1 is "${truncate(firstLine, 40)}", not BEGIN:VCALENDAR)`),
    };
  }

  const { start: winStart, end: winEnd } = opts.window;
  const triage = triageWindow(winStart, winEnd);
  const caps = calendarCaps(text.length);
  const maxOccPerCalendar = opts.maxOccurrencesPerCalendar ?? caps.maxOccurrencesPerCalendar;
  const maxStepsPerCalendar = opts.maxStepsPerCalendar ?? caps.maxStepsPerCalendar;
  const limits: Limits = {
    maxOcc: opts.maxOccurrencesPerSeries ?? DEFAULT_MAX_OCCURRENCES_PER_SERIES,
    maxSteps: opts.maxStepsPerSeries ?? DEFAULT_MAX_STEPS_PER_SERIES,
    calendar: { maxOcc: maxOccPerCalendar, maxSteps: maxStepsPerCalendar, occLeft: maxOccPerCalendar, stepsLeft: maxStepsPerCalendar },
  };

  // Group by UID ourselves: ical.js's Event would scan every sibling, quadratically, and
  // attach overrides of other UIDs (pitfall 1).
  // Groups in order of first appearance, as parallel lists: nearly every UID of a large
  // file has one component, which then needs no list of its own, and a first run's still
  // cold code walks an index faster than a Map's entries taken apart (issue 13).
  const groupOf = new Map<string, number>();
  const groupKeys: string[] = [];
  const groupFirst: RawComponent[] = [];
  const groupAll: (RawComponent[] | null)[] = [];
  let anonymous = 0;
  for (const c of vevents) {
    const uid = c.firstKeyValue('UID')?.trim() ?? '';
    const key = uid === '' ? `\u0000${anonymous++}` : uid;
    const g = groupOf.get(key);
    if (g === undefined) {
      groupOf.set(key, groupKeys.length);
      groupKeys.push(key);
      groupFirst.push(c);
      groupAll.push(null);
    } else {
      const list = groupAll[g];
      if (list) list.push(c);
      else groupAll[g] = [groupFirst[g]!, c];
    }
  }

  const occurrences: Occurrence[] = [];
  const removed: Occurrence[] = [];
  // Each event (a single one, or a series with its overrides) is read under a guard: an
  // error in it drops what it had listed and becomes one warning and an unknown span.
  const guarded = (raw: RawComponent, uid: string, recurring: boolean, read: () => void): void => {
    const marks = [occurrences.length, removed.length, reader.unknown.length] as const;
    try {
      read();
    } catch (err) {
      occurrences.length = marks[0];
      removed.length = marks[1];
      reader.unknown.length = marks[2];
      reader.eventFailed(raw, uid, recurring, err);
    }
  };
  for (let g = 0; g < groupKeys.length; g++) {
    // Most events of a large file are single events far from the window: decided here
    // without the guards, closures and version checks below (what they would decide too).
    // Anything else, or a triage that throws, takes the way below.
    const several = groupAll[g];
    if (several === null && isOneOff(groupFirst[g]!)) {
      try {
        if (certainlyOutside(groupFirst[g]!, triage)) continue;
      } catch {
        // read below, under its guard, which reports it
      }
    }
    const all = several ?? [groupFirst[g]!];
    const key = groupKeys[g]!;
    const uid = key.startsWith('\u0000') ? '' : key;
    guarded(all[0]!, uid, all.length > 1 || hasProp(all[0]!, 'RRULE') || hasProp(all[0]!, 'RDATE'), () => {
      const { kept: comps, dropped, duplicateOverrides } = newestVersions(all);
      for (const d of dropped) reader.warn('old-version', `${where(d, uid)} is an older version (SEQUENCE/DTSTAMP) of another event with the same UID; ignored`);
      if (duplicateOverrides.length > 0) {
        const first = duplicateOverrides[0]!;
        reader.warn(
          'duplicate-override',
          `${where(first, uid)}: ${duplicateOverrides.length} override${duplicateOverrides.length === 1 ? '' : 's'} of an instance that another override of the same UID also modifies (same RECURRENCE-ID); only the newest of each instance is used (highest SEQUENCE, then DTSTAMP, then the last in the file)`,
        );
      }
      const isMaster = (c: RawComponent): boolean => !hasProp(c, 'RECURRENCE-ID');
      const recurring = comps.some((c) => !isOneOff(c));
      if (!recurring) {
        for (const c of comps) {
          guarded(c, uid, false, () => {
            if (certainlyOutside(c, triage)) return;
            const ev = parseEvent(reader, c, uid);
            if (ev) pushIfOverlaps(occurrences, occurrenceAt(reader, ev, ev.start.wallMs, ridText(reader, ev)), winStart, winEnd);
          });
        }
        return;
      }
      const masterRaw = comps.find(isMaster);
      const masterSpan = masterRaw ? quickSpan(masterRaw) : null;
      const parsed: ParsedEvent[] = [];
      for (const c of comps) {
        if (irrelevantToWindow(c, masterSpan, triage)) continue;
        const e = parseEvent(reader, c, uid);
        if (e) parsed.push(e);
      }
      const masters = parsed.filter((e) => !e.recurrenceId);
      const overrides = parsed.filter((e) => e.recurrenceId);
      if (masters.length === 0) {
        for (const o of overrides) pushIfOverlaps(occurrences, occurrenceAt(reader, o, o.start.wallMs, ridText(reader, o)), winStart, winEnd);
        return;
      }
      // Distinct masters sharing a UID (same version): each is its own series.
      for (let i = 1; i < masters.length; i++) {
        const m = masters[i]!;
        guarded(m.raw, uid, true, () => expandSeries(reader, m, [], occurrences, opts, limits, removed));
      }
      expandSeries(reader, masters[0]!, overrides, occurrences, opts, limits, removed);
    });
  }
  occurrences.sort(byStart);
  removed.sort(byStart);
  const unknown = reader.unknown.sort((a, b) => a.start - b.start || a.end - b.end || a.line - b.line);
  return {
    occurrences: withoutCopies(occurrences),
    warnings: sink.finish(),
    error: null,
    ...(removed.length > 0 ? { removed } : {}),
    ...(unknown.length > 0 ? { unknown } : {}),
  };
}

/**
 * Drops exact copies: the same event exported twice (same UID, times, title and status;
 * python-recurring-ical-events' issue_164 file, Outlook web exports). Input is sorted.
 */
function withoutCopies(sorted: Occurrence[]): Occurrence[] {
  const out: Occurrence[] = [];
  const seen = new Set<string>();
  let at = NaN;
  for (let i = 0; i < sorted.length; i++) {
    const o = sorted[i]!;
    if (o.start !== at) {
      if (seen.size > 0) seen.clear();
      at = o.start;
      // Alone at its start (nearly every occurrence): nothing to compare it with, so no key.
      if (sorted[i + 1]?.start !== at) {
        out.push(o);
        continue;
      }
    }
    const key = `${o.uid}\u0000${o.end}\u0000${o.summary}\u0000${o.status}\u0000${o.recurrenceId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(o);
  }
  return out;
}

function pushIfOverlaps(out: Occurrence[], occ: Occurrence | null, winStart: number, winEnd: number): void {
  if (occ && overlaps(occ.start, occ.end, winStart, winEnd)) out.push(occ);
}


function parseEvent(reader: FileReader, raw: RawComponent, uid: string): ParsedEvent | null {
  const at = where(raw, uid);
  const { props, lines } = reader.parseProps(raw, at);
  const dtstartLine = lines.get('DTSTART')?.[0];
  if (!dtstartLine) {
    reader.warn('bad-event', `${at} has no DTSTART; skipped`);
    return null;
  }
  const dtstart = reader.dateValue(dtstartLine, dtstartLine.value, at);
  if (!dtstart) return null;
  const dtendLine = lines.get('DTEND')?.[0];
  const dtend = dtendLine ? reader.dateValue(dtendLine, dtendLine.value, at) : null;

  // One side floating, the other zoned: both are meant in the same zone (khal's
  // event_dt_mixed_awareness.ics has both directions).
  let startZone: Zone;
  if (dtstart.value.isDate) startZone = reader.userZone;
  else if (dtstart.zone) startZone = dtstart.zone;
  else if (dtend && dtend.zone && !dtend.value.utc) startZone = dtend.zone;
  else startZone = reader.floatingZone;
  const start = dtstart.value;
  const startMs = reader.instantOf({ value: start, zone: startZone }, startZone);

  let length = { nominalDays: 0, exactMs: 0 };
  let endless = false;
  const durationLine = lines.get('DURATION')?.[0];
  if (dtend) {
    if (start.isDate) {
      // A date-time DTEND on an all-day event: round up, so the last day stays blocked.
      const endDay = dtend.value.isDate ? dtend.value.wallMs : Math.ceil(dtend.value.wallMs / DAY_MS) * DAY_MS;
      length = { nominalDays: Math.round((endDay - start.wallMs) / DAY_MS), exactMs: 0 };
    } else {
      const endMs = reader.instantOf({ value: { wallMs: dtend.value.wallMs, isDate: false, utc: dtend.value.utc }, zone: dtend.zone ?? startZone }, startZone);
      length = { nominalDays: 0, exactMs: endMs - startMs };
    }
    if (length.nominalDays < 0 || length.exactMs < 0) {
      // DTEND before DTSTART: the exporter swapped them. Reading the span between the two
      // keeps the time blocked, which is the honest choice for availability.
      reader.warn('bad-property', `${at}: DTEND is before DTSTART; the two are read the other way round`);
      return swapped(reader, raw, uid, props, lines, dtstart, dtend, startZone);
    }
    // DTEND equal to a DATE DTSTART (calendarlabs.com holiday feeds, Apple): the event is on
    // that day, not an instant at midnight; read it as one day, as RFC 5545 §3.6.1 does when
    // DTEND is missing.
    if (start.isDate && length.nominalDays === 0) length = { nominalDays: 1, exactMs: 0 };
  } else if (durationLine) {
    const d = parseDuration(durationLine.value);
    if (!d || d.sign < 0) {
      reader.warn('bad-property', `${at}: DURATION "${truncate(durationLine.value, 20)}" is not a valid positive duration; ignored`);
      length = start.isDate ? { nominalDays: 1, exactMs: 0 } : { nominalDays: 0, exactMs: 0 };
    } else if (!(start.wallMs + d.days * DAY_MS + d.seconds * 1000 < MAX_WALL)) {
      // `P99999999W`: no time library can place its end (luxon: "Timestamp out of range").
      // Not free time either: each occurrence lasts to the end of the window.
      reader.warn(
        'bad-property',
        `${at}: DURATION "${truncate(durationLine.value.trim(), 20)}" (line ${durationLine.line}) ends after the year 9999; the event is read as lasting to the end of the window`,
      );
      endless = true;
      length = start.isDate ? { nominalDays: 1, exactMs: 0 } : { nominalDays: 0, exactMs: 0 };
    } else if (start.isDate) {
      // RFC 5545 wants whole days here; `PT10H` on a date is rounded up to the day it touches.
      length = { nominalDays: Math.max(1, d.days + Math.ceil(d.seconds / 86_400)), exactMs: 0 };
    } else {
      length = { nominalDays: d.days, exactMs: d.seconds * 1000 };
    }
  } else if (start.isDate) {
    // RFC 5545 §3.6.1: a DATE DTSTART without DTEND or DURATION lasts one day.
    length = { nominalDays: 1, exactMs: 0 };
  }
  const ridLine = lines.get('RECURRENCE-ID')?.[0];
  const rid = ridLine ? reader.dateValue(ridLine, ridLine.value, at) : null;
  return {
    raw,
    uid,
    props,
    lines,
    start,
    zone: start.utc ? UTC_ZONE : startZone,
    length,
    recurrenceId: rid,
    range: ridLine ? (paramValue(ridLine.params, 'RANGE') ?? '').toUpperCase() === 'THISANDFUTURE' : false,
    endless,
  };
}

function swapped(
  reader: FileReader,
  raw: RawComponent,
  uid: string,
  props: Map<string, JcalProp[]>,
  lines: Map<string, ContentLine[]>,
  dtstart: ZonedValue,
  dtend: ZonedValue,
  startZone: Zone,
): ParsedEvent {
  const endZone = dtend.value.isDate ? reader.userZone : dtend.value.utc ? UTC_ZONE : (dtend.zone ?? startZone);
  const length = dtstart.value.isDate
    ? { nominalDays: Math.max(1, Math.round((dtstart.value.wallMs - wallDay(dtend.value.wallMs)) / DAY_MS)), exactMs: 0 }
    : { nominalDays: 0, exactMs: reader.instantOf(dtstart, startZone) - reader.instantOf(dtend, endZone) };
  const ridLine = lines.get('RECURRENCE-ID')?.[0];
  const rid = ridLine ? reader.dateValue(ridLine, ridLine.value, where(raw, uid)) : null;
  return {
    raw,
    uid,
    props,
    lines,
    start: dtstart.value.isDate ? { ...dtend.value, isDate: true, wallMs: wallDay(dtend.value.wallMs) } : dtend.value,
    zone: endZone,
    length,
    recurrenceId: rid,
    range: false,
    endless: false,
  };
}

function ridText(reader: FileReader, e: ParsedEvent): string | null {
  const rid = e.recurrenceId;
  if (!rid) return null;
  if (rid.value.isDate) return dateString(rid.value.wallMs);
  return isoUtc(reader.instantOf(rid, e.zone));
}

/** The occurrence of an event starting at a wall-clock time of its DTSTART zone. */
function occurrenceAt(reader: FileReader, e: ParsedEvent, wall: number, recurrenceId: string | null, periodMs?: number): Occurrence {
  const allDay = e.start.isDate;
  const startMs = allDay ? wallToUtc(reader.userZone, wall) : wallToUtc(e.zone, wall);
  let endMs: number;
  let endDate: string | null = null;
  if (e.endless || (periodMs !== undefined && !(wall + periodMs < MAX_WALL))) {
    // An end past the year 9999 (a DURATION or RDATE period of `P99999999W`): to the end of
    // the window, or of the day it falls in for an all-day event.
    const until = Math.max(reader.opts.window.end, startMs);
    if (allDay) {
      const endWall = Math.max(wall + DAY_MS, Math.ceil(utcToWall(reader.userZone, until) / DAY_MS) * DAY_MS);
      endMs = wallToUtc(reader.userZone, endWall);
      endDate = dateString(endWall);
    } else {
      endMs = until;
    }
  } else if (allDay) {
    const days = periodMs !== undefined ? Math.max(1, Math.ceil(periodMs / DAY_MS)) : e.length.nominalDays;
    const endWall = wall + days * DAY_MS;
    endMs = wallToUtc(reader.userZone, endWall);
    endDate = dateString(endWall);
  } else if (periodMs !== undefined) {
    endMs = startMs + periodMs;
  } else if (e.length.nominalDays > 0) {
    // A DURATION in days is nominal: the same wall-clock time n days later (RFC 5545 §3.3.6).
    endMs = wallToUtc(e.zone, wall + e.length.nominalDays * DAY_MS) + e.length.exactMs;
  } else {
    endMs = startMs + e.length.exactMs;
  }
  // Zone arithmetic far from today can fail (a NaN offset): never list a time that is not one.
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || Math.abs(startMs) > 8.64e15 || Math.abs(endMs) > 8.64e15) {
    throw new Error('one of its times is out of range');
  }
  return describe(reader, e, startMs, endMs, allDay, allDay ? dateString(wall) : null, endDate, recurrenceId);
}

function describe(
  reader: FileReader,
  e: ParsedEvent,
  startMs: number,
  endMs: number,
  allDay: boolean,
  startDate: string | null,
  endDate: string | null,
  recurrenceId: string | null,
): Occurrence {
  const d = (e.details ??= eventDetails(reader, e));
  // Spelled out, not spread: one object shape for every occurrence, and cheaper while cold.
  return {
    uid: d.uid,
    recurrenceId,
    start: startMs,
    end: endMs,
    allDay,
    startDate,
    endDate,
    status: d.status,
    busy: d.busy,
    freeReason: d.freeReason,
    tentative: d.tentative,
    summary: d.summary,
    location: d.location,
    organizer: d.organizer,
    attendees: d.attendees,
    calendar: d.calendar,
    line: d.line,
  };
}

/** The occurrence fields that do not depend on the instance (shared by a series' occurrences). */
function eventDetails(reader: FileReader, e: ParsedEvent): NonNullable<ParsedEvent['details']> {
  const props = e.props;
  const status = normaliseStatus(textValue(props, 'status'));
  const attendees = attendeesOf(props);
  const organizerProp = props.get('organizer')?.[0];
  const busy = isBusy(
    { status, transp: textValue(props, 'transp'), busyStatus: textValue(props, 'x-microsoft-cdo-busystatus'), attendees },
    reader.opts,
  );
  return {
    uid: e.uid,
    status,
    busy: busy.busy,
    freeReason: busy.reason,
    tentative: busy.tentative,
    summary: textValue(props, 'summary') ?? '',
    location: textValue(props, 'location'),
    organizer: organizerProp ? personOf(organizerProp) : null,
    // Without people (ReadOptions.people), the user's own line at most: not a list to show.
    attendees: reader.people ? attendees : [],
    calendar: reader.source,
    line: e.raw.line,
  };
}

/** An event's length in ms for window arithmetic (nominal days as 24 h); endless: Infinity. */
function spanMs(e: ParsedEvent): number {
  return e.endless ? Infinity : e.length.nominalDays * DAY_MS + e.length.exactMs;
}

/** The caps of one series, and what is left of the calendar's (see DEFAULT_MAX_..._PER_CALENDAR). */
interface Limits {
  maxOcc: number;
  maxSteps: number;
  calendar: { maxOcc: number; maxSteps: number; occLeft: number; stepsLeft: number };
}

/** Why part of a series is unknown. */
type Gap =
  | { kind: 'occurrences' }
  | { kind: 'steps' }
  | { kind: 'unreadable' | 'failed'; line: number; error: string };

/**
 * Expands one series (a master with its overrides) into `out` and `removed`. Its listed
 * occurrences are capped at `limits.maxOcc`, overrides and RDATEs included. When a cap or
 * an RRULE that cannot be read or expanded leaves part of its time unknown, the reader gets
 * an unknown span for it (from the end of the last occurrence listed, or for the step cap
 * from where expansion stopped, to the end of the series or the window) unless the event
 * would not make the user busy anyway.
 */
function expandSeries(
  reader: FileReader,
  master: ParsedEvent,
  overrides: ParsedEvent[],
  out: Occurrence[],
  opts: ReadOptions,
  limits: Limits,
  removed: Occurrence[],
): void {
  const at = where(master.raw, master.uid);
  // This series may use its own caps, or what the calendar has left if that is less.
  const maxOcc = Math.min(limits.maxOcc, limits.calendar.occLeft);
  const maxSteps = Math.min(limits.maxSteps, limits.calendar.stepsLeft);
  const calendarOcc = maxOcc < limits.maxOcc;
  const calendarSteps = maxSteps < limits.maxSteps;
  const { start: winStart, end: winEnd } = opts.window;
  const isDate = master.start.isDate;
  let series = master;
  // Google exports DTSTART in UTC with X-WR-TIMEZONE naming the zone the series lives in:
  // repeat it in that zone's wall clock, so it keeps its local time across DST changes.
  if (!isDate && master.start.utc && reader.calendarZone && reader.calendarZone !== UTC_ZONE) {
    const zone = reader.calendarZone;
    series = { ...master, zone, start: { wallMs: utcToWall(zone, master.start.wallMs), isDate: false, utc: false } };
  }
  const zone = series.zone;
  const dtstart = series.start.wallMs;
  const instantOfWall = (w: number): number => (isDate ? wallToUtc(reader.userZone, w) : wallToUtc(zone, w));
  const ridWallOf = (o: ParsedEvent): number => reader.seriesWall(o.recurrenceId!, zone, isDate);

  overrides = onePerInstance(reader, at, overrides, ridWallOf, isDate);

  // THISANDFUTURE overrides shift every later instance; widen the generation window by it.
  const ranges = overrides
    .filter((o) => o.range)
    .map((o) => {
      const ridWall = ridWallOf(o);
      const ridMs = isDate ? wallToUtc(reader.userZone, ridWall) : wallToUtc(zone, ridWall);
      return { o, ridWall, shiftMs: wallToUtc(o.zone, o.start.wallMs) - ridMs };
    })
    .sort((a, b) => a.ridWall - b.ridWall);
  // Loops, not Math.max(...list): a spread of 50,000 values overflows the stack.
  let maxShift = 0;
  let lengthMs = spanMs(series);
  for (const r of ranges) {
    maxShift = Math.max(maxShift, Math.abs(r.shiftMs));
    lengthMs = Math.max(lengthMs, spanMs(r.o));
  }
  const lo = winStart - 2 * DAY_MS - lengthMs - maxShift;
  const hi = winEnd + 2 * DAY_MS + maxShift;
  /** The THISANDFUTURE override in force at `w` (the last at or before it), if any. */
  const rangeAt = (w: number): (typeof ranges)[number] | undefined => {
    let a = 0;
    let b = ranges.length - 1;
    let found: (typeof ranges)[number] | undefined;
    while (a <= b) {
      const mid = (a + b) >> 1;
      if (ranges[mid]!.ridWall <= w) {
        found = ranges[mid];
        a = mid + 1;
      } else b = mid - 1;
    }
    return found;
  };

  const listValues = (name: string): { line: ContentLine; text: string }[] => {
    const values: { line: ContentLine; text: string }[] = [];
    for (const line of master.lines.get(name) ?? []) {
      for (const t of line.value.split(',')) {
        const text = t.trim();
        if (text !== '') values.push({ line, text });
      }
    }
    return values;
  };

  // EXDATE: exact wall times, or whole days when a DATE excludes from a timed series.
  const exWalls = new Set<number>();
  const exDays = new Set<number>();
  for (const { line, text } of listValues('EXDATE')) {
    const v = reader.dateValue(line, text, at);
    if (!v) continue;
    if (v.value.isDate && !isDate) exDays.add(v.value.wallMs);
    else exWalls.add(reader.seriesWall(v, zone, isDate));
  }
  const excluded = (w: number): boolean => exWalls.has(w) || (exDays.size > 0 && exDays.has(wallDay(w)));

  // RECURRENCE-ID overrides, keyed by the instance they replace. An override of an
  // instance that EXDATE removes has nothing left to modify: clients that delete a changed
  // occurrence add the EXDATE and sometimes leave the override behind.
  overrides = overrides.filter((o) => {
    const w = ridWallOf(o);
    return !(o.recurrenceId!.value.isDate && !isDate ? exDays.has(o.recurrenceId!.value.wallMs) : excluded(w));
  });
  const overrideWalls = new Set<number>();
  const overrideDays = new Set<number>();
  for (const o of overrides) {
    const rid = o.recurrenceId!;
    if (rid.value.isDate && !isDate) overrideDays.add(rid.value.wallMs);
    else overrideWalls.add(ridWallOf(o));
  }

  // Candidate instances: DTSTART (always the first instance, RFC 5545 §3.8.5.3), RRULEs, RDATEs.
  const instances = new Map<number, number | undefined>(); // wall -> PERIOD length
  if (dtstart >= lo && dtstart < hi) instances.set(dtstart, undefined);
  const budget = { steps: 0, maxSteps };
  // Whether an instance can overlap the window: only those count towards the occurrence cap.
  const inWindow = (w: number): boolean => {
    const s = instantOfWall(w);
    return s < winEnd + maxShift && s + Math.max(lengthMs, 1) + maxShift > winStart;
  };
  const summary = textValue(master.props, 'summary') ?? '';

  // What of the series is unknown: [unknownFrom, unknownTo), and why.
  let unknownFrom = Infinity;
  let unknownTo = -Infinity;
  const gaps: Gap[] = [];
  const unknownPart = (from: number, to: number, gap: Gap): void => {
    unknownFrom = Math.min(unknownFrom, from);
    unknownTo = Math.max(unknownTo, to);
    if (!gaps.some((g) => g.kind === gap.kind)) gaps.push(gap);
  };
  // Where a rule's instances end: its UNTIL plus the event's length (COUNT is not known
  // without expanding); without UNTIL, never.
  const ruleEnd = (untilWall: number | null): number => (untilWall === null ? Infinity : instantOfWall(untilWall) + lengthMs + maxShift);
  const endOfInstance = (w: number): number => occurrenceAt(reader, series, w, null).end;

  for (const line of master.lines.get('RRULE') ?? []) {
    const { parts, repeated } = ruleParts(line.value.trim());
    if (repeated.length > 0) {
      reader.warn('bad-property', `${at}: RRULE on line ${line.line} gives ${repeated.join(' and ')} more than once; the last of each is used`);
    }
    const untilWall = untilInSeriesWall(reader, parts.get('UNTIL'), zone, isDate);
    if (maxSteps <= 0) {
      // The calendar's steps are spent: not even ical.js's parse of the rule (~50 µs a
      // series; a hostile file has tens of thousands).
      if (untilWall === null || untilWall >= dtstart) unknownPart(instantOfWall(dtstart), ruleEnd(untilWall), { kind: 'steps' });
      continue;
    }
    let rule: ICAL.Recur;
    try {
      rule = ICAL.Recur.fromString(line.value.trim());
      if (!rule.freq) throw new Error('no FREQ');
    } catch (err) {
      // Without FREQ (calendarlabs.com writes an empty `RRULE:` on its holidays) nothing says
      // the event repeats at all; a rule with one that cannot be read repeats somehow.
      if (!/(?:^|;)\s*FREQ\s*=/i.test(line.value)) {
        reader.warn('bad-property', `${at}: RRULE on line ${line.line} has no FREQ; only DTSTART and RDATEs are used`);
        continue;
      }
      unknownPart(instantOfWall(dtstart), ruleEnd(untilWall), { kind: 'unreadable', line: line.line, error: errorText(err) });
      continue;
    }
    if (rule.count !== null && rule.count !== undefined && rule.count <= 0) {
      reader.warn('bad-property', `${at}: RRULE on line ${line.line} has COUNT=${rule.count}; the COUNT is ignored`);
      rule.count = null;
    }
    if (untilWall !== null && untilWall < dtstart) continue;
    let res: RuleExpansion;
    try {
      res = expandRule(rule, dtstart, isDate, untilWall, lo, hi, budget, maxOcc, inWindow);
    } catch (err) {
      // ical.js refuses some rules only when iterating ("Malformed values in BYDAY part").
      unknownPart(instantOfWall(dtstart), ruleEnd(untilWall), { kind: 'failed', line: line.line, error: errorText(err) });
      continue;
    }
    if (res.never) {
      reader.warn('bad-property', `${at}: RRULE on line ${line.line} never matches a date (${res.never}); only DTSTART and RDATEs are used`);
      continue;
    }
    for (const w of res.starts) if (!instances.has(w)) instances.set(w, undefined);
    if (res.truncated === 'occurrences') {
      // From the end of the last instance listed, or the start of the first not listed if
      // that is earlier (an instance longer than the gap between two).
      const next = instantOfWall(res.stoppedAt!);
      unknownPart(res.lastListed === null ? next : Math.min(endOfInstance(res.lastListed), next), ruleEnd(untilWall), { kind: 'occurrences' });
    } else if (res.truncated === 'steps') {
      unknownPart(instantOfWall(res.stoppedAt!), ruleEnd(untilWall), { kind: 'steps' });
    }
  }
  for (const { line, text } of listValues('RDATE')) {
    const [first, second] = text.split('/');
    const v = reader.dateValue(line, first!, at);
    if (!v) continue;
    let w = reader.seriesWall(v, zone, isDate);
    if (v.value.isDate && !isDate) w += dtstart - wallDay(dtstart); // a DATE RDATE on a timed series: same time of day
    let periodMs: number | undefined;
    if (second !== undefined) {
      const endValue = parseJcalDateTime(second.trim());
      const dur = endValue ? null : parseDuration(second);
      if (endValue) periodMs = reader.instantOf({ value: endValue, zone: v.zone }, zone) - reader.instantOf(v, zone);
      else if (dur) periodMs = dur.sign * (dur.days * DAY_MS + dur.seconds * 1000);
      if (periodMs !== undefined && !(w + periodMs < MAX_WALL)) {
        reader.warn('bad-property', `${at}: RDATE period "${truncate(text, 40)}" (line ${line.line}) ends after the year 9999; that occurrence is read as lasting to the end of the window`);
      }
    }
    if (w >= lo && w < hi) instances.set(w, periodMs);
  }

  // The series' occurrences are gathered here first: the cap applies to all of them.
  const listed: Occurrence[] = [];
  const ridOf = (w: number): string => (isDate ? dateString(w) : isoUtc(instantOfWall(w)));
  // An instance's RECURRENCE-ID is written out only when it reaches the window: of a long
  // series' instances between lo and hi, most do not (issue 13).
  const listIfOverlaps = (list: Occurrence[], occ: Occurrence, ridWall: number): void => {
    if (!overlaps(occ.start, occ.end, winStart, winEnd)) return;
    occ.recurrenceId = ridOf(ridWall);
    list.push(occ);
  };
  // Keys, then get: not entries taken apart, which cost more while the code is cold.
  for (const w of instances.keys()) {
    const periodMs = instances.get(w);
    if (excluded(w)) {
      // Kept aside, not listed: the record commands say "removed from its series" for it.
      const occ = occurrenceAt(reader, series, w, null, periodMs);
      occ.status = 'CANCELLED';
      occ.busy = false;
      occ.freeReason = 'removed from its series (EXDATE)';
      listIfOverlaps(removed, occ, w);
      continue;
    }
    if (overrideWalls.has(w) || (overrideDays.size > 0 && overrideDays.has(wallDay(w)))) continue;
    const range = ranges.length > 0 ? rangeAt(w) : undefined;
    if (range) {
      const o = range.o;
      const startMs = instantOfWall(w) + range.shiftMs;
      const occ = o.start.isDate
        ? occurrenceAt(reader, o, wallDay(utcToWall(reader.userZone, startMs)), null)
        : occurrenceAt(reader, o, utcToWall(o.zone, startMs), null);
      listIfOverlaps(listed, occ, w);
      continue;
    }
    listIfOverlaps(listed, occurrenceAt(reader, series, w, null, periodMs), w);
  }
  // Overrides are placed by their own DTSTART: they may move an instance into the window or out of it.
  for (const o of overrides) {
    listIfOverlaps(listed, occurrenceAt(reader, o, o.start.wallMs, null), ridWallOf(o));
  }

  // The cap counts what is listed, overrides and RDATEs included: the first maxOcc by start.
  if (listed.length > maxOcc) {
    listed.sort(byStart);
    const cut = listed.splice(maxOcc);
    let to = -Infinity;
    for (const o of cut) to = Math.max(to, o.end);
    const lastKept = listed[listed.length - 1];
    unknownPart(lastKept ? Math.min(lastKept.end, cut[0]!.start) : cut[0]!.start, to, { kind: 'occurrences' });
  }
  for (const o of listed) out.push(o);
  limits.calendar.occLeft -= listed.length;
  limits.calendar.stepsLeft -= Math.min(budget.steps, maxSteps);

  if (gaps.length === 0) return;
  const details = (series.details ??= eventDetails(reader, series));
  const name = quoted(summary, master.uid, master.raw.line);
  const first = gaps[0]!;
  const calendarFull = `its calendar has listed ${limits.calendar.maxOcc} occurrences of series, the most it may`;
  const calendarSpent = `its calendar has used the ${limits.calendar.maxSteps} recurrence steps it may`;
  const reason =
    first.kind === 'occurrences'
      ? calendarOcc
        ? `${name} is not expanded past ${listed.length} occurrences: ${calendarFull}; the rest of its span is treated as busy`
        : `${name} has more than ${maxOcc} occurrences in the window; the rest of its span is treated as busy`
      : first.kind === 'steps'
        ? calendarSteps
          ? `${name} is not expanded further: ${calendarSpent}; the rest of its span is treated as busy`
          : `${name} needs more than ${maxSteps} recurrence steps to reach the window; the rest of its span is treated as busy`
        : `${name} has an RRULE (line ${first.line}) that cannot be ${first.kind === 'unreadable' ? 'read' : 'expanded'} (${first.error}); its span is treated as busy`;
  const span = reader.addUnknown({ uid: master.uid, summary, line: master.raw.line, busy: details.busy }, unknownFrom, unknownTo, reason);
  const busyText = span ? `its time from ${isoUtc(span.start)} to ${isoUtc(span.end)} is treated as busy` : null;
  const title = `${at} ("${truncate(summary, 40)}")`;
  for (const gap of gaps) {
    if (gap.kind === 'occurrences') {
      const what = calendarOcc ? `${calendarFull}, so` : `more than ${maxOcc} occurrences in the window;`;
      reader.warn('capped-series', `${title}: ${what} only the first ${listed.length} are listed${busyText ? `, and ${busyText}` : ''}`);
    } else if (gap.kind === 'steps') {
      const what = calendarSteps ? calendarSpent : `its recurrence rule needs more than ${maxSteps} steps to reach the window`;
      reader.warn('capped-series', `${title}: ${what}; expansion stopped${busyText ? `, and ${busyText}` : ', later occurrences are missing'}`);
    } else {
      reader.warn(
        'bad-event',
        `${title}: RRULE on line ${gap.line} cannot be ${gap.kind === 'unreadable' ? 'read' : 'expanded'} (${gap.error}); ${busyText ?? 'only DTSTART and RDATEs are used'}`,
      );
    }
  }
}

/**
 * One override per instance: overrides whose RECURRENCE-IDs name the same instance in
 * different words (a zone and UTC) are told apart only once read. The newest counts
 * (SEQUENCE, then DTSTAMP, then the last in the file); one warning counts the others.
 */
function onePerInstance(reader: FileReader, at: string, overrides: ParsedEvent[], ridWallOf: (o: ParsedEvent) => number, isDate: boolean): ParsedEvent[] {
  if (overrides.length < 2) return overrides;
  const byInstance = new Map<string, ParsedEvent[]>();
  for (const o of overrides) {
    const rid = o.recurrenceId!;
    const key = rid.value.isDate && !isDate ? `d${rid.value.wallMs}` : `w${ridWallOf(o)}`;
    const list = byInstance.get(key);
    if (list) list.push(o);
    else byInstance.set(key, [o]);
  }
  if (byInstance.size === overrides.length) return overrides;
  const kept: ParsedEvent[] = [];
  let extra = 0;
  for (const list of byInstance.values()) {
    kept.push(list.length === 1 ? list[0]! : newestOf(list, (o) => versionOf(o.raw)));
    extra += list.length - 1;
  }
  reader.warn(
    'duplicate-override',
    `${at}: ${extra} override${extra === 1 ? '' : 's'} of an instance that another override also modifies (the same RECURRENCE-ID, written differently); only the newest of each instance is used`,
  );
  return kept;
}

/** The rule's UNTIL (its text, see ruleParts) in the series' wall clock (inclusive), or null. */
function untilInSeriesWall(reader: FileReader, until: string | undefined, zone: Zone, isDate: boolean): number | null {
  if (until === undefined) return null;
  const value = parseJcalDateTime(until.trim());
  if (!value) return null;
  if (isDate) {
    if (value.isDate) return value.wallMs;
    // A date-time UNTIL on an all-day series: the instance on that day still counts.
    return wallDay(value.utc ? utcToWall(reader.userZone, value.wallMs) : value.wallMs);
  }
  // A DATE UNTIL on a timed series: through the end of that day (RFC 5545 wants UNTIL and
  // DTSTART of one type; real files mix them, and the last day is meant to count).
  if (value.isDate) return value.wallMs + DAY_MS - 1000;
  if (value.utc) return utcToWall(zone, value.wallMs);
  return value.wallMs;
}
