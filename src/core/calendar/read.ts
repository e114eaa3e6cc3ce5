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
import { isBusy, normaliseStatus } from './busy.js';
import { expandRule } from './recurrence.js';
import {
  firstProp,
  paramValue,
  scanCalendar,
  truncate,
  unescapeText,
  type ContentLine,
  type RawComponent,
} from './scan.js';
import type { Attendee, Occurrence, Person, ReadOptions, ReadResult, ReaderWarning } from './types.js';
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

type JcalProp = [string, Record<string, unknown>, string, ...unknown[]];

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
  /** What `describe` derives from the properties, computed once per event, not per occurrence. */
  details?: Omit<Occurrence, 'recurrenceId' | 'start' | 'end' | 'allDay' | 'startDate' | 'endDate'>;
}

class FileReader {
  readonly warnings: ReaderWarning[] = [];
  readonly userZone: Zone;
  /** X-WR-TIMEZONE, when the calendar has a readable one. */
  readonly calendarZone: Zone | null;
  readonly floatingZone: Zone;
  private readonly vtimezones = new Map<string, RawComponent>();
  private readonly zoneCache = new Map<string, Zone>();
  private readonly warnedOnce = new Set<string>();
  private readonly unknownZones = new Set<string>();

  constructor(
    readonly source: string,
    readonly opts: ReadOptions,
    calendarProps: Map<string, ContentLine>,
    components: RawComponent[],
  ) {
    this.userZone = ianaZone(opts.userZone) ?? UTC_ZONE;
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

  warn(message: string): void {
    this.warnings.push({ calendar: this.source, message: printable(message) });
  }

  warnOnce(key: string, message: string): void {
    if (this.warnedOnce.has(key)) return;
    this.warnedOnce.add(key);
    this.warn(message);
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
        if (!zone) this.warnOnce(`vtz:${tzid}`, `VTIMEZONE "${tzid}" (line ${vtz.line}) cannot be read; its times are read in ${this.userZone.id}`);
      }
    }
    if (!zone) {
      this.warnOnce(
        `tz:${tzid}`,
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
  parseProps(raw: RawComponent, where: string): { props: Map<string, JcalProp[]>; lines: Map<string, ContentLine[]> } {
    const { props: lines, broken } = raw.ownLines(EVENT_LINES);
    for (const l of broken) this.warn(`${where}: line ${l.line} is not a property ("${truncate(l.raw, 40)}"); ignored`);
    const props = new Map<string, JcalProp[]>();
    for (const name of TEXT_PROPS) {
      for (const l of lines.get(name) ?? []) {
        try {
          const p = ICAL.parse.property(l.raw) as unknown as JcalProp;
          const list = props.get(p[0]);
          if (list) list.push(p);
          else props.set(p[0], [p]);
        } catch (err) {
          this.warn(`${where}: line ${l.line} ignored: ${errorText(err)}`);
        }
      }
    }
    return { props, lines };
  }

  /**
   * Reads one date or date-time value of a property line. A value with a time is a
   * date-time whatever VALUE says; a TZID wins over a trailing `Z` (Google writes
   * `DTSTART;TZID=America/New_York:20211222T170000Z` and means New York time).
   */
  dateValue(l: ContentLine, text: string, where: string): ZonedValue | null {
    const value = parseJcalDateTime(text.trim());
    if (!value) {
      this.warn(`${where}: ${l.name} has an invalid value "${truncate(text.trim(), 30)}" (line ${l.line}); ignored`);
      return null;
    }
    const tzid = paramValue(l.params, 'TZID');
    if (value.isDate) {
      // `DTSTART;VALUE=DATE-TIME;TZID=...:20061007`: midnight in that zone, as labelled.
      if ((paramValue(l.params, 'VALUE') ?? '').toUpperCase() !== 'DATE-TIME') return { value, zone: null };
      value.isDate = false;
    }
    if (tzid !== undefined && tzid.trim() !== '') {
      return { value: { ...value, utc: false }, zone: this.resolveTzid(tzid, `${where}, line ${l.line}`) };
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

/**
 * Messages quote the file (TZIDs, component names, broken lines), and damaged or hostile
 * files hold control characters: a lone CR inside a line (libical's issue252.ics has
 * `END:VCALENDAR<CR><SO>`), or an escape sequence a terminal would obey. Show them as
 * `\xNN` so a message stays one printable line.
 */
function printable(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function errorText(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return truncate(msg.replace(/\s+/g, ' '), 120);
}

function where(raw: RawComponent, uid: string): string {
  return uid ? `event "${truncate(uid, 60)}" (line ${raw.line})` : `event at line ${raw.line}`;
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
  return (props.get('attendee') ?? []).map((p) => {
    const partstat = p[1]['partstat'];
    const role = p[1]['role'];
    return {
      ...personOf(p),
      partstat: typeof partstat === 'string' ? partstat.toUpperCase() : null,
      role: typeof role === 'string' ? role.toUpperCase() : null,
    };
  });
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
 * `YYYYMMDD` of a date or date-time value, or null unless it starts with a valid date (an
 * invalid one must reach the parser, which warns about it).
 */
function dayKey(value: string): string | null {
  let i = 0;
  while (value.charCodeAt(i) === 32) i++;
  let n = 0;
  for (let k = i; k < i + 8; k++) {
    const c = value.charCodeAt(k);
    if (c < 48 || c > 57) return null;
    n = n * 10 + (c - 48);
  }
  const month = Math.floor(n / 100) % 100;
  const day = n % 100;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Math.floor(n / 10_000), month)) return null;
  return value.slice(i, i + 8);
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

/** Quick, conservative check that a single event cannot overlap the window. */
function certainlyOutside(raw: RawComponent, win: TriageWindow): boolean {
  const ds = firstProp(raw, 'DTSTART');
  if (!ds) return false;
  const de = firstProp(raw, 'DTEND');
  const du = firstProp(raw, 'DURATION');
  // Most single events of a large file are months away from the window: decide those
  // from the dates' first eight digits (YYYYMMDD compares as text), before any parsing.
  const startKey = dayKey(ds.value);
  if (startKey !== null) {
    const endKey = de ? dayKey(de.value) : null;
    if (de === undefined || endKey !== null) {
      const early = startKey < win.before && (endKey === null ? !du : endKey < win.before);
      const late = startKey > win.after && (endKey === null || endKey > win.after);
      if (early || late) return true;
    }
  }
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
function irrelevantToWindow(c: RawComponent, group: RawComponent[], win: TriageWindow): boolean {
  const { start: winStart, end: winEnd } = win;
  const ridLine = firstProp(c, 'RECURRENCE-ID');
  const margin = 3 * DAY_MS;
  if (!ridLine) {
    if (firstProp(c, 'RDATE')) return false;
    const span = quickSpan(c);
    if (span === null) return false;
    if (span.start - margin > winEnd) return true;
    const last = lastPossibleStart(c, span.start);
    return last !== null && last + span.length + margin < winStart;
  }
  if (/RANGE=THISANDFUTURE/i.test(ridLine.params)) return false;
  if (!certainlyOutside(c, win)) return false;
  const rid = parseJcalDateTime(ridLine.value.trim());
  const master = group.find((g) => !firstProp(g, 'RECURRENCE-ID'));
  const masterSpan = master ? quickSpan(master) : null;
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
  const rules = c.key.get('RRULE') ?? [];
  if (rules.length !== 1) return null;
  const text = rules[0]!.value.trim().toUpperCase();
  const part = (k: string): string | undefined => new RegExp(`(?:^|;)${k}=([^;]*)`).exec(text)?.[1];
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

/** SEQUENCE, then DTSTAMP: which of two versions of one event is newer. */
function versionOf(raw: RawComponent): [number, string] {
  const seq = Number(firstProp(raw, 'SEQUENCE')?.value.trim());
  return [Number.isFinite(seq) ? seq : 0, firstProp(raw, 'DTSTAMP')?.value.trim() ?? ''];
}

function newer(a: RawComponent, b: RawComponent): boolean {
  const [sa, da] = versionOf(a);
  const [sb, db] = versionOf(b);
  return sa !== sb ? sa > sb : da >= db;
}

/**
 * Several VEVENTs with one UID and the same RECURRENCE-ID (or none) are versions of one
 * event: keep the newest (highest SEQUENCE, then latest DTSTAMP). Versions that agree on
 * both are kept all: they are more likely distinct events from an exporter that reuses UIDs.
 */
function newestVersions(comps: RawComponent[]): { kept: RawComponent[]; dropped: RawComponent[] } {
  if (comps.length < 2) return { kept: comps, dropped: [] };
  const byRid = new Map<string, RawComponent[]>();
  for (const c of comps) {
    const rid = firstProp(c, 'RECURRENCE-ID')?.value.trim() ?? '';
    const arr = byRid.get(rid);
    if (arr) arr.push(c);
    else byRid.set(rid, [c]);
  }
  const kept: RawComponent[] = [];
  const dropped: RawComponent[] = [];
  for (const list of byRid.values()) {
    if (list.length === 1) {
      kept.push(list[0]!);
      continue;
    }
    const versions = new Set(list.map((c) => versionOf(c).join('|')));
    if (versions.size === 1) {
      kept.push(...list);
      continue;
    }
    const best = list.reduce((a, b) => (newer(b, a) ? b : a));
    kept.push(best);
    for (const c of list) if (c !== best) dropped.push(c);
  }
  kept.sort((a, b) => a.line - b.line);
  return { kept, dropped };
}

export function readCalendarText(text: string, source: string, opts: ReadOptions): ReadResult {
  const scan = scanCalendar(text);
  const vevents = scan.components.filter((c) => c.name === 'VEVENT');
  const reader = new FileReader(source, opts, scan.calendarProps, scan.components);
  if (!scan.sawCalendar && scan.components.length === 0) {
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/, 1)[0] ?? '';
    return {
      occurrences: [],
      warnings: reader.warnings,
      error: text.trim() === '' ? 'the file is empty' : printable(`not an iCalendar file (line 1 is "${truncate(firstLine, 40)}", not BEGIN:VCALENDAR)`),
    };
  }
  for (const p of scan.problems) reader.warn(p.message);

  const { start: winStart, end: winEnd } = opts.window;
  const triage = triageWindow(winStart, winEnd);
  const limits = {
    maxOcc: opts.maxOccurrencesPerSeries ?? DEFAULT_MAX_OCCURRENCES_PER_SERIES,
    maxSteps: opts.maxStepsPerSeries ?? DEFAULT_MAX_STEPS_PER_SERIES,
  };

  // Group by UID ourselves: ical.js's Event would scan every sibling, quadratically, and
  // attach overrides of other UIDs (pitfall 1).
  const groups = new Map<string, RawComponent[]>();
  let anonymous = 0;
  for (const c of vevents) {
    const uid = firstProp(c, 'UID')?.value.trim() ?? '';
    const key = uid === '' ? `\u0000${anonymous++}` : uid;
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }

  const occurrences: Occurrence[] = [];
  const removed: Occurrence[] = [];
  for (const [key, all] of groups) {
    const uid = key.startsWith('\u0000') ? '' : key;
    const { kept: comps, dropped } = newestVersions(all);
    for (const d of dropped) reader.warn(`${where(d, uid)} is an older version (SEQUENCE/DTSTAMP) of another event with the same UID; ignored`);
    const isMaster = (c: RawComponent): boolean => !firstProp(c, 'RECURRENCE-ID');
    const recurring = comps.some((c) => isMaster(c) && (firstProp(c, 'RRULE') || firstProp(c, 'RDATE') || firstProp(c, 'EXDATE')));
    if (!recurring) {
      for (const c of comps) {
        if (certainlyOutside(c, triage)) continue;
        const ev = parseEvent(reader, c, uid);
        if (ev) pushIfOverlaps(occurrences, occurrenceAt(reader, ev, ev.start.wallMs, ridText(reader, ev)), winStart, winEnd);
      }
      continue;
    }
    const parsed = comps
      .filter((c) => !irrelevantToWindow(c, comps, triage))
      .map((c) => parseEvent(reader, c, uid))
      .filter((e): e is ParsedEvent => e !== null);
    const masters = parsed.filter((e) => !e.recurrenceId);
    const overrides = parsed.filter((e) => e.recurrenceId);
    if (masters.length === 0) {
      for (const o of overrides) pushIfOverlaps(occurrences, occurrenceAt(reader, o, o.start.wallMs, ridText(reader, o)), winStart, winEnd);
      continue;
    }
    const [master, ...others] = masters;
    // Distinct masters sharing a UID (same version): each is its own series.
    for (const m of others) expandSeries(reader, m, [], occurrences, opts, limits, removed);
    expandSeries(reader, master!, overrides, occurrences, opts, limits, removed);
  }
  occurrences.sort(byStart);
  removed.sort(byStart);
  return { occurrences: withoutCopies(occurrences), warnings: reader.warnings, error: null, ...(removed.length > 0 ? { removed } : {}) };
}

/**
 * Drops exact copies: the same event exported twice (same UID, times, title and status;
 * python-recurring-ical-events' issue_164 file, Outlook web exports). Input is sorted.
 */
function withoutCopies(sorted: Occurrence[]): Occurrence[] {
  const out: Occurrence[] = [];
  const seen = new Set<string>();
  let at = NaN;
  for (const o of sorted) {
    if (o.start !== at) {
      seen.clear();
      at = o.start;
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
    reader.warn(`${at} has no DTSTART; skipped`);
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
  const durationLine = lines.get('DURATION')?.[0];
  if (dtend) {
    if (start.isDate) {
      // A date-time DTEND on an all-day event: round up, so the last day stays blocked.
      const endDay = dtend.value.isDate ? dtend.value.wallMs : Math.ceil(dtend.value.wallMs / DAY_MS) * DAY_MS;
      length = { nominalDays: Math.round((endDay - start.wallMs) / DAY_MS), exactMs: 0 };
    } else {
      const endMs = reader.instantOf({ value: { ...dtend.value, isDate: false }, zone: dtend.zone ?? startZone }, startZone);
      length = { nominalDays: 0, exactMs: endMs - startMs };
    }
    if (length.nominalDays < 0 || length.exactMs < 0) {
      // DTEND before DTSTART: the exporter swapped them. Reading the span between the two
      // keeps the time blocked, which is the honest choice for availability.
      reader.warn(`${at}: DTEND is before DTSTART; the two are read the other way round`);
      return swapped(reader, raw, uid, props, lines, dtstart, dtend, startZone);
    }
    // DTEND equal to a DATE DTSTART (calendarlabs.com holiday feeds, Apple): the event is on
    // that day, not an instant at midnight; read it as one day, as RFC 5545 §3.6.1 does when
    // DTEND is missing.
    if (start.isDate && length.nominalDays === 0) length = { nominalDays: 1, exactMs: 0 };
  } else if (durationLine) {
    const d = parseDuration(durationLine.value);
    if (!d || d.sign < 0) {
      reader.warn(`${at}: DURATION "${truncate(durationLine.value, 20)}" is not a valid positive duration; ignored`);
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
  if (allDay) {
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
    attendees,
    calendar: reader.source,
    line: e.raw.line,
  };
}

function expandSeries(
  reader: FileReader,
  master: ParsedEvent,
  overrides: ParsedEvent[],
  out: Occurrence[],
  opts: ReadOptions,
  limits: { maxOcc: number; maxSteps: number },
  removed: Occurrence[],
): void {
  const at = where(master.raw, master.uid);
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

  // THISANDFUTURE overrides shift every later instance; widen the generation window by it.
  const ranges = overrides
    .filter((o) => o.range)
    .map((o) => {
      const ridWall = reader.seriesWall(o.recurrenceId!, zone, isDate);
      const ridMs = isDate ? wallToUtc(reader.userZone, ridWall) : wallToUtc(zone, ridWall);
      return { o, ridWall, shiftMs: wallToUtc(o.zone, o.start.wallMs) - ridMs };
    })
    .sort((a, b) => a.ridWall - b.ridWall);
  const maxShift = ranges.reduce((m, r) => Math.max(m, Math.abs(r.shiftMs)), 0);
  const lengthMs = Math.max(series.length.nominalDays * DAY_MS + series.length.exactMs, ...ranges.map((r) => r.o.length.nominalDays * DAY_MS + r.o.length.exactMs));
  const lo = winStart - 2 * DAY_MS - lengthMs - maxShift;
  const hi = winEnd + 2 * DAY_MS + maxShift;

  const listValues = (name: string): { line: ContentLine; text: string }[] =>
    (master.lines.get(name) ?? []).flatMap((line) =>
      line.value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '')
        .map((text) => ({ line, text })),
    );

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
    const w = reader.seriesWall(o.recurrenceId!, zone, isDate);
    return !(o.recurrenceId!.value.isDate && !isDate ? exDays.has(o.recurrenceId!.value.wallMs) : excluded(w));
  });
  const overrideWalls = new Set<number>();
  const overrideDays = new Set<number>();
  for (const o of overrides) {
    const rid = o.recurrenceId!;
    if (rid.value.isDate && !isDate) overrideDays.add(rid.value.wallMs);
    else overrideWalls.add(reader.seriesWall(rid, zone, isDate));
  }

  // Candidate instances: DTSTART (always the first instance, RFC 5545 §3.8.5.3), RRULEs, RDATEs.
  const instances = new Map<number, number | undefined>(); // wall -> PERIOD length
  if (dtstart >= lo && dtstart < hi) instances.set(dtstart, undefined);
  const budget = { steps: 0, maxSteps: limits.maxSteps };
  const instantOfWall = (w: number): number => (isDate ? wallToUtc(reader.userZone, w) : wallToUtc(zone, w));
  // Whether an instance can overlap the window: only those count towards the occurrence cap.
  const inWindow = (w: number): boolean => {
    const s = instantOfWall(w);
    return s < winEnd + maxShift && s + Math.max(lengthMs, 1) + maxShift > winStart;
  };
  const summary = textValue(master.props, 'summary') ?? '';
  for (const line of master.lines.get('RRULE') ?? []) {
    let rule: ICAL.Recur;
    try {
      rule = ICAL.Recur.fromString(line.value.trim());
      if (!rule.freq) throw new Error('no FREQ');
    } catch (err) {
      reader.warn(`${at}: RRULE on line ${line.line} cannot be read (${errorText(err)}); only DTSTART and RDATEs are used`);
      continue;
    }
    if (rule.count !== null && rule.count !== undefined && rule.count <= 0) {
      reader.warn(`${at}: RRULE on line ${line.line} has COUNT=${rule.count}; the COUNT is ignored`);
      rule.count = null;
    }
    const untilWall = untilInSeriesWall(reader, line.value, zone, isDate);
    if (untilWall !== null && untilWall < dtstart) continue;
    const res = expandRule(rule, dtstart, isDate, untilWall, lo, hi, budget, limits.maxOcc, inWindow);
    for (const w of res.starts) if (!instances.has(w)) instances.set(w, undefined);
    if (res.truncated) {
      reader.warn(
        res.truncated === 'steps'
          ? `${at} ("${truncate(summary, 40)}"): its recurrence rule needs more than ${limits.maxSteps} steps to reach the window; expansion stopped, later occurrences are missing`
          : `${at} ("${truncate(summary, 40)}"): more than ${limits.maxOcc} occurrences in the window; only the first ${limits.maxOcc} are listed`,
      );
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
    }
    if (w >= lo && w < hi) instances.set(w, periodMs);
  }

  const ridOf = (w: number): string => (isDate ? dateString(w) : isoUtc(instantOfWall(w)));
  for (const [w, periodMs] of instances) {
    if (excluded(w)) {
      // Kept aside, not listed: the record commands say "removed from its series" for it.
      const occ = occurrenceAt(reader, series, w, ridOf(w), periodMs);
      pushIfOverlaps(removed, { ...occ, status: 'CANCELLED', busy: false, freeReason: 'removed from its series (EXDATE)' }, winStart, winEnd);
      continue;
    }
    if (overrideWalls.has(w) || (overrideDays.size > 0 && overrideDays.has(wallDay(w)))) continue;
    let range: (typeof ranges)[number] | undefined;
    for (const r of ranges) if (r.ridWall <= w) range = r;
    if (range) {
      const o = range.o;
      const startMs = instantOfWall(w) + range.shiftMs;
      const occ = o.start.isDate
        ? occurrenceAt(reader, o, wallDay(utcToWall(reader.userZone, startMs)), ridOf(w))
        : occurrenceAt(reader, o, utcToWall(o.zone, startMs), ridOf(w));
      pushIfOverlaps(out, occ, winStart, winEnd);
      continue;
    }
    pushIfOverlaps(out, occurrenceAt(reader, series, w, ridOf(w), periodMs), winStart, winEnd);
  }
  // Overrides are placed by their own DTSTART: they may move an instance into the window or out of it.
  for (const o of overrides) {
    pushIfOverlaps(out, occurrenceAt(reader, o, o.start.wallMs, ridOf(reader.seriesWall(o.recurrenceId!, zone, isDate))), winStart, winEnd);
  }
}

/** The rule's UNTIL in the series' wall clock (inclusive), or null. */
function untilInSeriesWall(reader: FileReader, ruleText: string, zone: Zone, isDate: boolean): number | null {
  const m = /(?:^|;)UNTIL=([^;]+)/i.exec(ruleText.trim());
  if (!m) return null;
  const value = parseJcalDateTime(m[1]!.trim());
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
