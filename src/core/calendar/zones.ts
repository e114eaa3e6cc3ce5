/**
 * Time zones for calendar values.
 *
 * etiq never lets ical.js decide an offset. ical.js treats a TZID it has no VTIMEZONE for
 * as floating (kewisch/ical.js#582) and resolves DST gaps and folds differently from
 * RFC 5545 §3.3.5, so recurrence is expanded in wall-clock time and every wall-clock value
 * is turned into an instant here, through one `Zone` interface:
 *
 * - IANA names use the platform's tz data through luxon, sampled once per year into a
 *   transition table (a luxon offset lookup costs ~5.6 µs; a table lookup, ~0.1 µs);
 * - zones defined only by an in-file VTIMEZONE (custom or unknown names) are built from
 *   their STANDARD/DAYLIGHT observances;
 * - Windows names (Outlook: `W. Europe Standard Time`) map to IANA via `windows-iana`
 *   (windows.ts, kept apart: its table costs ~13 ms to load and only the reader needs it).
 */
import { IANAZone } from 'luxon';

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
    const ats = this.ats;
    // Binary search: last transition at or before utcMs.
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
    return found < 0 ? this.initialOffset : this.offsets[found]!;
  }
}

/** The step of `IanaZone#tabulateYear`. */
const SAMPLE_MS = 3 * DAY_MS;

function yearOf(utcMs: number): number {
  return new Date(utcMs).getUTCFullYear();
}

/** An IANA zone from the platform's tz data, tabulated a year at a time. */
export class IanaZone extends TransitionZone {
  private readonly luxon: IANAZone;
  private minYear = Infinity;
  private maxYear = -Infinity;

  constructor(name: string) {
    super(name);
    this.luxon = IANAZone.create(name);
  }

  private luxonOffsetMs(utcMs: number): number {
    return this.luxon.offset(utcMs) * 60_000;
  }

  protected ensureYear(year: number): void {
    if (year >= this.minYear && year <= this.maxYear) return;
    // Extend the covered range contiguously, so the table stays sorted and complete.
    const from = this.minYear === Infinity ? year : Math.min(year, this.minYear);
    const to = this.maxYear === -Infinity ? year : Math.max(year, this.maxYear);
    const ats: number[] = [];
    const offsets: number[] = [];
    for (let y = from; y <= to; y++) {
      if (y >= this.minYear && y <= this.maxYear) {
        // Already tabulated: copy the transitions of that year.
        const start = Date.UTC(y, 0, 1);
        const end = Date.UTC(y + 1, 0, 1);
        for (let i = 0; i < this.ats.length; i++) {
          if (this.ats[i]! >= start && this.ats[i]! <= end) {
            ats.push(this.ats[i]!);
            offsets.push(this.offsets[i]!);
          }
        }
        continue;
      }
      this.tabulateYear(y, ats, offsets);
    }
    this.ats = ats;
    this.offsets = offsets;
    this.initialOffset = this.luxonOffsetMs(Date.UTC(from, 0, 1));
    this.minYear = from;
    this.maxYear = to;
    this.coveredFrom = Date.UTC(from, 0, 1);
    this.coveredTo = Date.UTC(to + 1, 0, 1);
  }

  /**
   * Samples the year every three days and bisects each change to the second. Each sample
   * is an Intl formatToParts call (~10 µs, ~40 ms per first run of a large calendar when
   * sampled daily). Three days is safe: a sampling step misses a change only when two
   * changes fall inside it, and the closest pair in tzdb since 1900 is 3.99 days apart
   * (Africa/Freetown, 1939); Brazil's 2000 and Gaza's 2040s pairs are 6.96 days apart.
   */
  private tabulateYear(year: number, ats: number[], offsets: number[]): void {
    let t = Date.UTC(year, 0, 1);
    const end = Date.UTC(year + 1, 0, 1);
    let prev = this.luxonOffsetMs(t);
    while (t < end) {
      const next = Math.min(t + SAMPLE_MS, end);
      const o = this.luxonOffsetMs(next);
      if (o !== prev) {
        let lo = t;
        let hi = next; // offset(lo) = prev, offset(hi) = o
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (mid <= lo) break;
          if (this.luxonOffsetMs(mid) === prev) lo = mid;
          else hi = mid;
        }
        // A change exactly at the next New Year is kept here too (copied twice at worst,
        // which the binary search does not mind).
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
  else if (name.length > 0 && IANAZone.isValidZone(name)) zone = new IanaZone(name);
  ianaCache.set(name, zone);
  return zone;
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
