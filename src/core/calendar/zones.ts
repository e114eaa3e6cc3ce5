/**
 * Time zones for calendar values.
 *
 * etiq never lets ical.js decide an offset. ical.js treats a TZID it has no VTIMEZONE for
 * as floating (kewisch/ical.js#582) and resolves DST gaps and folds differently from
 * RFC 5545 §3.3.5, so recurrence is expanded in wall-clock time and every wall-clock value
 * is turned into an instant here, through one `Zone` interface:
 *
 * - IANA names use the platform's tz data (Intl), sampled once per year into a
 *   transition table (a luxon offset lookup costs ~5.6 µs; a table lookup, ~0.1 µs);
 * - zones defined only by an in-file VTIMEZONE (custom or unknown names) are built from
 *   their STANDARD/DAYLIGHT observances;
 * - Windows names (Outlook: `W. Europe Standard Time`) map to IANA via `windows-iana`
 *   (windows.ts, kept apart: its table costs ~13 ms to load and only the reader needs it).
 */
import type { IANAZone } from 'luxon';
import { luxon } from '../luxon.js';

export interface Zone {
  /** A readable name: the IANA name, the TZID, `UTC`, or `UTC+05:30`. */
  readonly id: string;
  /** The zone's offset from UTC, in milliseconds, at an instant. */
  offsetMs(utcMs: number): number;
}

const DAY_MS = 86_400_000;

export class FixedZone implements Zone {
  constructor(
    readonly id: string,
    private readonly offset: number,
  ) {}
  offsetMs(): number {
    return this.offset;
  }
}

export const UTC_ZONE: Zone = new FixedZone('UTC', 0);

/** A zone described by a sorted list of transitions. */
abstract class TransitionZone implements Zone {
  protected ats: number[] = [];
  protected offsets: number[] = [];
  protected initialOffset = 0;
  constructor(readonly id: string) {}

  protected abstract ensureYear(year: number): void;

  /** Instants already tabulated: [coveredFrom, coveredTo). */
  protected coveredFrom = Infinity;
  protected coveredTo = -Infinity;

  offsetMs(utcMs: number): number {
    if (utcMs < this.coveredFrom || utcMs >= this.coveredTo) this.ensureYear(yearOf(utcMs));
    const found = lastAtOrBefore(this.ats, utcMs);
    return found < 0 ? this.initialOffset : this.offsets[found]!;
  }
}

/** The step of `IanaZone#tabulateYear`. */
const SAMPLE_MS = 3 * DAY_MS;

function yearOf(utcMs: number): number {
  return new Date(utcMs).getUTCFullYear();
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

/** Midnight, 1 January of `year` (any year, also 0-99, which Date.UTC maps to 1900-1999). */
function newYear(year: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, 0, 1);
  return d.getTime();
}

/** The end of a `longOffset` time zone name: GMT, or GMT±HH:MM[:SS]. */
const LONG_OFFSET = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Years tabulated from the tz data; others are derived (see `IanaZone`). */
const FIRST_TABULATED = 1900;
const LAST_TABULATED = 2099;

export interface YearTable {
  /** Offset at the start of the year. */
  initial: number;
  /** Changes within the year (instants) and the offset from each. */
  ats: number[];
  offsets: number[];
}

/**
 * Year tables of IANA zones as this platform's tz data gave them: by zone name, then by
 * year. A warm run in a user's zone would otherwise create the process's first Intl
 * object (~20 ms of ICU start-up) for tables an earlier run already made (issue 13): the
 * shell keeps what `freshZoneTables()` returns, for this Node, ICU and tz data version
 * only, and hands it back to `seedZoneTables()` in a later run, before any zone is made.
 */
export type ZoneTables = Record<string, Record<string, YearTable>>;

/** Tables from an earlier run (seedZoneTables), by zone; a zone here is known to be valid. */
const seeded = new Map<string, Map<number, YearTable>>();
/** Tables this run made from Intl, by zone (freshZoneTables). */
const fresh = new Map<string, Map<number, YearTable>>();

/** Offsets in tz data stay within a day of UTC. */
const MAX_OFFSET_MS = DAY_MS;

function isOffset(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && Math.abs(x) < MAX_OFFSET_MS;
}

/** A year table as tableOf makes it for `year`: changes inside the year, in order. */
function isYearTable(t: unknown, year: number): t is YearTable {
  if (!t || typeof t !== 'object') return false;
  const { initial, ats, offsets } = t as Partial<YearTable>;
  if (!isOffset(initial) || !Array.isArray(ats) || !Array.isArray(offsets) || ats.length !== offsets.length) return false;
  if (year < FIRST_TABULATED && ats.length > 0) return false;
  const from = newYear(year);
  const to = newYear(year + 1);
  let prev = from - 1;
  for (let i = 0; i < ats.length; i++) {
    const at = ats[i];
    // A change exactly at the next New Year is kept in this year's table too (tabulateYear).
    if (typeof at !== 'number' || !Number.isInteger(at) || at <= prev || at > to || !isOffset(offsets[i])) return false;
    prev = at;
  }
  return true;
}

/**
 * A zone's year tables as `freshZoneTables()` gives them (year -> table), each checked to
 * be a table tabulateYear could have made for its year (1900-2099, or an earlier year's
 * single offset); null when any is not, or there are none.
 */
function checkedYears(years: unknown): Map<number, YearTable> | null {
  if (!years || typeof years !== 'object' || Array.isArray(years)) return null;
  const kept = new Map<number, YearTable>();
  for (const [key, table] of Object.entries(years as Record<string, unknown>)) {
    const year = Number(key);
    if (!Number.isInteger(year) || String(year) !== key || year > LAST_TABULATED || !isYearTable(table, year)) return null;
    kept.set(year, { initial: table.initial, ats: [...table.ats], offsets: [...table.offsets] });
  }
  return kept.size > 0 ? kept : null;
}

/**
 * Takes back the tables an earlier run kept (freshZoneTables), before any zone is made.
 * A zone with anything checkedYears refuses is left out, and asked of Intl again.
 */
export function seedZoneTables(tables: unknown): void {
  if (!tables || typeof tables !== 'object' || Array.isArray(tables)) return;
  for (const [name, years] of Object.entries(tables as Record<string, unknown>)) {
    if (ianaCache.has(name)) continue;
    const kept = checkedYears(years);
    if (kept) seeded.set(name, kept);
  }
}

/**
 * Tables made by etiq's build for every zone of this platform's tz data, over a span of
 * years (adapters/zone-tables.ts, scripts/zone-tables.js): the build runs this module's
 * own tabulation on the same Node, ICU and tz data, so a first read of a calendar asks ICU
 * nothing for those zones and years (its first Intl object costs ~20 ms and ~8 MB, issue
 * 13). They are asked only for what the seeded tables lack; what a run takes from them is
 * kept with its fresh tables (freshZoneTables), so the next run finds it in the cache.
 */
export interface ShippedZones {
  /** Whether the build tabulated `name` (a name as ICU lists it, exact case): a valid zone. */
  has(name: string): boolean;
  /** ICU's canonical name of `name`, when has(name). */
  canonical(name: string): string;
  /** The zone's tables as the build wrote them (year -> table; checked here), or null. */
  tables(name: string): unknown;
}

let shipped: ShippedZones | null = null;
/** The shipped tables of each zone asked for so far, checked (null: none, or refused). */
const shippedYearsOf = new Map<string, Map<number, YearTable> | null>();

/** Hands over the build's tables (null: none), before any zone is made. */
export function useShippedZones(source: ShippedZones | null): void {
  shipped = source;
  shippedYearsOf.clear();
}

/** A shipped table of `name` for `year`, if the build made one and it passes checkedYears. */
function shippedTable(name: string, year: number): YearTable | undefined {
  if (!shipped?.has(name)) return undefined;
  let years = shippedYearsOf.get(name);
  if (years === undefined) {
    years = checkedYears(shipped.tables(name));
    shippedYearsOf.set(name, years);
  }
  return years?.get(year);
}

/** The tables this run made from Intl or took from the build's that were not seeded, to keep for later runs; null when none. */
export function freshZoneTables(): ZoneTables | null {
  if (fresh.size === 0) return null;
  const out: ZoneTables = {};
  for (const [name, years] of fresh) {
    const y: Record<string, YearTable> = {};
    for (const [year, table] of years) y[String(year)] = table;
    out[name] = y;
  }
  return out;
}

/** What the zone tables' file keeps of ICU's canonical names: a name as written -> ICU's name. */
export type ZoneNames = Record<string, string>;

/** Canonical names an earlier run had from ICU (seedZoneNames), and this run's (freshZoneNames). */
const seededNames = new Map<string, string>();
const freshNames = new Map<string, string>();
/** What an IANA name (or an alias, any case) can hold: letters, digits, `/`, `_`, `-`, `+`. */
const IANA_TEXT = /^[A-Za-z0-9_+\-/]{1,80}$/;

/** Takes back the canonical names an earlier run kept (freshZoneNames); anything else is left out. */
export function seedZoneNames(names: unknown): void {
  if (!names || typeof names !== 'object' || Array.isArray(names)) return;
  for (const [name, canonical] of Object.entries(names as Record<string, unknown>)) {
    if (typeof canonical === 'string' && IANA_TEXT.test(name) && IANA_TEXT.test(canonical)) seededNames.set(name, canonical);
  }
}

/** The canonical names this run had from ICU that were not seeded; null when none. */
export function freshZoneNames(): ZoneNames | null {
  return freshNames.size === 0 ? null : Object.fromEntries(freshNames);
}

/** Whether an earlier run had ICU's canonical name for `name`, or the build listed it (so it is a valid zone here). */
export function knownZoneName(name: string): boolean {
  return seededNames.has(name) || (shipped?.has(name) ?? false);
}

/**
 * ICU's canonical name of a valid zone name (`asia/calcutta`, `US/Eastern`): what
 * `resolvedOptions().timeZone` says, kept between runs like the tables. Asking costs the
 * process's first Intl object (~20 ms) on every run that names a client's zone otherwise.
 */
export function canonicalZoneName(name: string): string {
  const kept = seededNames.get(name) ?? freshNames.get(name);
  if (kept !== undefined) return kept;
  if (shipped?.has(name)) {
    const listed = shipped.canonical(name);
    if (IANA_TEXT.test(name) && IANA_TEXT.test(listed)) {
      freshNames.set(name, listed);
      return listed;
    }
  }
  const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  if (IANA_TEXT.test(name) && IANA_TEXT.test(canonical)) freshNames.set(name, canonical);
  return canonical;
}

/**
 * An IANA zone from the platform's tz data, tabulated a year at a time, each year on its
 * own: a calendar holding a date in 9999 next to one in 2026 costs two years, not 8,000
 * (tabulating a contiguous range took 24 s for such a file). Years after 2099 repeat the
 * table of the year in 2072-2099 that has the same weekdays (the same 1 January weekday and
 * leap-ness): tz data past 2037 is the zone's current rule repeated, and rules are written
 * as "last Sunday of March". Years before 1900 have the offset of their 1 January all year
 * (mostly local mean time; the odd change from it in that year is missed).
 */
export class IanaZone implements Zone {
  private luxonZone: IANAZone | null = null;
  private readonly years: Map<number, YearTable>;
  // The last table used, and the instants it covers: consecutive lookups share a year.
  private last: YearTable | null = null;
  private lastFrom = Infinity;
  private lastTo = -Infinity;

  constructor(readonly id: string) {
    this.years = new Map(seeded.get(id));
  }

  /** luxon's zone, made only for the offsets a `longOffset` name does not give (it checks the name through Intl). */
  private get luxon(): IANAZone {
    this.luxonZone ??= luxon().IANAZone.create(this.id);
    return this.luxonZone;
  }

  private offsetFormat: Intl.DateTimeFormat | null = null;

  /**
   * The zone's offset at an instant, from the platform's tz data. Read from a formatter's
   * `longOffset` name ("GMT-05:00", "GMT-00:44:30", "GMT"): one format() call, ~1.5 µs,
   * where luxon's offset() (formatToParts and a date sum) took ~14 µs; tabulating a year
   * makes ~160 of them. luxon answers whatever the name does not.
   */
  private platformOffsetMs(utcMs: number): number {
    this.offsetFormat ??= new Intl.DateTimeFormat('en-US', { timeZone: this.id, timeZoneName: 'longOffset' });
    const m = LONG_OFFSET.exec(this.offsetFormat.format(utcMs));
    if (m) {
      if (m[1] === undefined) return 0;
      const ms = (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) * 1000;
      return m[1] === '-' ? -ms : ms;
    }
    return this.luxon.offset(utcMs) * 60_000;
  }

  offsetMs(utcMs: number): number {
    let table = this.last;
    if (table === null || !(utcMs >= this.lastFrom && utcMs < this.lastTo)) {
      const year = yearOf(utcMs);
      table = this.tableOf(year);
      this.last = table;
      this.lastFrom = newYear(year);
      this.lastTo = newYear(year + 1);
    }
    const found = lastAtOrBefore(table.ats, utcMs);
    return found < 0 ? table.initial : table.offsets[found]!;
  }

  private tableOf(year: number): YearTable {
    const known = this.years.get(year);
    if (known) return known;
    let table: YearTable;
    const built = Number.isFinite(year) ? shippedTable(this.id, year) : undefined;
    if (built) {
      table = built;
    } else if (!Number.isFinite(year)) {
      table = { initial: NaN, ats: [], offsets: [] };
    } else if (year < FIRST_TABULATED) {
      table = { initial: this.platformOffsetMs(newYear(year)), ats: [], offsets: [] };
    } else if (year > LAST_TABULATED) {
      let proxy = LAST_TABULATED - 27;
      const weekday = new Date(newYear(year)).getUTCDay();
      while (proxy < LAST_TABULATED && (isLeap(proxy) !== isLeap(year) || new Date(newYear(proxy)).getUTCDay() !== weekday)) proxy++;
      const base = this.tableOf(proxy);
      const shift = newYear(year) - newYear(proxy);
      table = { initial: base.initial, ats: base.ats.map((t) => t + shift), offsets: base.offsets };
    } else {
      table = { initial: this.platformOffsetMs(newYear(year)), ats: [], offsets: [] };
      this.tabulateYear(year, table.ats, table.offsets);
    }
    this.years.set(year, table);
    // Made from Intl or taken from the build's file (not derived from another year): kept
    // for later runs, which then read neither.
    if (Number.isFinite(year) && year <= LAST_TABULATED) {
      let mine = fresh.get(this.id);
      if (!mine) fresh.set(this.id, (mine = new Map()));
      mine.set(year, table);
    }
    return table;
  }

  /**
   * Samples the year every three days and bisects each change to the second. Each sample
   * is an Intl formatToParts call (~10 µs, ~40 ms per first run of a large calendar when
   * sampled daily). Three days is safe: a sampling step misses a change only when two
   * changes fall inside it, and the closest pair in tzdb since 1900 is 3.99 days apart
   * (Africa/Freetown, 1939); Brazil's 2000 and Gaza's 2040s pairs are 6.96 days apart.
   */
  private tabulateYear(year: number, ats: number[], offsets: number[]): void {
    let t = newYear(year);
    const end = newYear(year + 1);
    let prev = this.platformOffsetMs(t);
    while (t < end) {
      const next = Math.min(t + SAMPLE_MS, end);
      const o = this.platformOffsetMs(next);
      if (o !== prev) {
        let lo = t;
        let hi = next; // offset(lo) = prev, offset(hi) = o
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (mid <= lo) break;
          if (this.platformOffsetMs(mid) === prev) lo = mid;
          else hi = mid;
        }
        // A change exactly at the next New Year is kept here too; the next year's table
        // starts with it as its initial offset.
        ats.push(hi);
        offsets.push(o);
      }
      prev = o;
      t = next;
    }
  }
}

/** One STANDARD or DAYLIGHT observance of a VTIMEZONE, already expanded into onsets. */
export interface Observance {
  /** STANDARD (true) or DAYLIGHT (false). */
  standard: boolean;
  offsetFromMs: number;
  offsetToMs: number;
  /** Wall-clock onsets (local time as if UTC, in the offset *before* the change). */
  onsetsWall: (maxYear: number) => number[];
}

/** A zone defined by an in-file VTIMEZONE. */
export class VtimezoneZone extends TransitionZone {
  private coveredYear = -Infinity;
  constructor(
    id: string,
    private readonly observances: Observance[],
  ) {
    super(id);
  }

  protected ensureYear(year: number): void {
    if (year <= this.coveredYear) return;
    const maxYear = Math.max(year + 1, Math.min(2100, year + 10));
    const list: { at: number; offset: number; from: number }[] = [];
    for (const o of this.observances) {
      for (const wall of o.onsetsWall(maxYear)) {
        list.push({ at: wall - o.offsetFromMs, offset: o.offsetToMs, from: o.offsetFromMs });
      }
    }
    list.sort((a, b) => a.at - b.at);
    this.ats = list.map((x) => x.at);
    this.offsets = list.map((x) => x.offset);
    // Before the first onset the definition says nothing; standard time is the best guess
    // (ics-py's groupscheduled.ics defines US-Eastern from October 1998 only and has an
    // event in March 1998, which was EST).
    const firstStandard = this.observances
      .filter((o) => o.standard)
      .map((o) => ({ o, first: o.onsetsWall(maxYear)[0] ?? Infinity }))
      .sort((a, b) => a.first - b.first)[0];
    this.initialOffset = firstStandard ? firstStandard.o.offsetToMs : list.length > 0 ? list[0]!.from : (this.observances[0]?.offsetToMs ?? 0);
    this.coveredYear = maxYear;
    this.coveredFrom = -Infinity; // before the first onset: the initial offset
    this.coveredTo = Date.UTC(maxYear + 1, 0, 1);
  }
}

/**
 * Wall-clock time to instant, by RFC 5545 §3.3.5: a time that falls in a spring-forward
 * gap is read with the offset from before the gap (02:30 -> 03:30 daylight time); a time
 * that occurs twice on a fall-back day is the first of the two.
 * `wallMs` is the wall-clock time written as if it were UTC.
 */
export function wallToUtc(zone: Zone, wallMs: number): number {
  if (zone instanceof FixedZone) return wallMs - zone.offsetMs();
  const before = zone.offsetMs(wallMs - DAY_MS);
  const after = zone.offsetMs(wallMs + DAY_MS);
  const u1 = wallMs - before;
  const ok1 = zone.offsetMs(u1) === before;
  if (before === after) {
    if (ok1) return u1;
    // Two transitions within two days are rare; fall back to a direct fix-point.
    const o = zone.offsetMs(u1);
    return wallMs - o;
  }
  const u2 = wallMs - after;
  const ok2 = zone.offsetMs(u2) === after;
  if (ok1 && ok2) return Math.min(u1, u2);
  if (ok1) return u1;
  if (ok2) return u2;
  return u1; // in the gap: the offset before the change
}

export function utcToWall(zone: Zone, utcMs: number): number {
  return utcMs + zone.offsetMs(utcMs);
}

// ---------------------------------------------------------------------------------------
// Resolving TZID strings

const ianaCache = new Map<string, Zone | null>();

/** An IANA zone by name (case-insensitive as the platform allows), or null. */
export function ianaZone(name: string): Zone | null {
  const cached = ianaCache.get(name);
  if (cached !== undefined) return cached;
  let zone: Zone | null = null;
  if (/^(utc|gmt|z|etc\/utc|etc\/gmt|zulu|universal)$/i.test(name)) zone = UTC_ZONE;
  // A name with a blank (Outlook's `Eastern Standard Time`) is no zone V8 takes: not asked
  // of ICU, whose first question costs ~20 ms (issue 13).
  else if (name.length > 0 && (seeded.has(name) || shipped?.has(name) || (!/\s/.test(name) && luxon().IANAZone.isValidZone(name)))) zone = new IanaZone(name);
  ianaCache.set(name, zone);
  return zone;
}

/** Whether an earlier run found `name` valid on this platform (its tables were seeded), or the build did. */
export function knownZone(name: string): boolean {
  return seeded.has(name) || (shipped?.has(name) ?? false);
}

/**
 * IANA names hidden in vendor prefixes: `/mozilla.org/20070129_1/Europe/Berlin`,
 * `/softwarestudio.org/Olson_20011030_5/America/New_York`, `/Europe/Berlin`.
 */
export function ianaFromPrefixed(name: string): string | undefined {
  if (!name.includes('/')) return undefined;
  const segments = name.split('/').filter((s) => s.length > 0);
  for (let take = Math.min(3, segments.length); take >= 1; take--) {
    const candidate = segments.slice(segments.length - take).join('/');
    if (candidate.includes('/') || take === 1) {
      if (ianaZone(candidate) && candidate !== name) return candidate;
    }
  }
  return undefined;
}

export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms) / 60_000;
  const h = Math.floor(abs / 60);
  const m = Math.round(abs % 60);
  return `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Binary search: the index of the last transition at or before utcMs, -1 when none. */
function lastAtOrBefore(ats: ArrayLike<number>, utcMs: number): number {
  let lo = 0;
  let hi = ats.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ats[mid]! <= utcMs) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
