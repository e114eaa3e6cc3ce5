/**
 * Occurrences as the availability engine reads them (issue 13): the start, end and flags
 * of each in flat typed arrays, and the occurrence objects only when one is named (an
 * explanation, a listing). Pure.
 *
 * Why: a warm `noshow`, `reply` or `slots` read its busy view from the expansion cache as
 * ~2,250 objects of 17 fields each on the bench's 10k calendar (14 days), and rebuilding
 * them (v8.deserialize) took ~6-12 ms of a ~190 ms run; then the calendars' merge and the
 * engine each sorted them again with a comparator (~2 ms each, cold). The engine needs
 * four numbers of each. The expansion cache keeps a busy view as these arrays and the
 * occurrences' bytes, decoded only if an occurrence is asked for.
 *
 * Order: times made from a read keep its occurrences' order, by start (`byStart`: start,
 * end, calendar, UID). `selectTimes` merges several calendars' times in that order without
 * reading an occurrence, when it can (see there).
 */
import type { Occurrence } from './types.js';
import { byStart, compareText, overlaps } from './window.js';

/** flags: the occurrence makes the user busy (Occurrence.busy). */
export const BUSY = 1;
/** flags: an all-day occurrence (Occurrence.allDay). */
export const ALL_DAY = 2;

export interface OccurrenceTimes {
  readonly length: number;
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** BUSY | ALL_DAY bits. */
  readonly flags: Uint8Array;
  /** Occurrence i: the i-th of the occurrences these times stand for (decoded when first asked). */
  at(i: number): Occurrence;
}

class Times implements OccurrenceTimes {
  // A private field, not a property: two Times of the same arrays compare equal (tests).
  readonly #occurrence: (i: number) => Occurrence;

  constructor(
    readonly start: Float64Array,
    readonly end: Float64Array,
    readonly flags: Uint8Array,
    occurrence: (i: number) => Occurrence,
  ) {
    this.#occurrence = occurrence;
  }

  get length(): number {
    return this.start.length;
  }

  at(i: number): Occurrence {
    if (!Number.isInteger(i) || i < 0 || i >= this.start.length) throw new RangeError(`occurrence ${i} of ${this.start.length}`);
    return this.#occurrence(i);
  }
}

function flagsOf(o: Occurrence): number {
  return (o.busy ? BUSY : 0) | (o.allDay ? ALL_DAY : 0);
}

/** The times of these occurrences, in their order. */
export function timesOf(occurrences: readonly Occurrence[]): OccurrenceTimes {
  const n = occurrences.length;
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const o = occurrences[i]!;
    start[i] = o.start;
    end[i] = o.end;
    flags[i] = flagsOf(o);
  }
  return new Times(start, end, flags, (i) => occurrences[i]!);
}

/**
 * Times whose occurrences are made by `load` the first time one is asked for. `load` must
 * give the occurrences the arrays were made from (timesOf), in the same order: a list of
 * another length, or whose times differ, throws.
 */
export function lazyTimes(start: Float64Array, end: Float64Array, flags: Uint8Array, load: () => readonly Occurrence[]): OccurrenceTimes {
  if (end.length !== start.length || flags.length !== start.length) throw new Error(`occurrence times of ${start.length}, ${end.length} and ${flags.length} entries`);
  let list: readonly Occurrence[] | null = null;
  return new Times(start, end, flags, (i) => {
    if (list === null) {
      const loaded = load();
      const n = start.length;
      if (loaded.length !== n) throw new Error(`${loaded.length} occurrences for ${n} times`);
      for (let k = 0; k < n; k++) {
        const o = loaded[k]!;
        if (o.start !== start[k] || o.end !== end[k] || flagsOf(o) !== flags[k]) throw new Error(`occurrence ${k} does not match its times`);
      }
      list = loaded;
    }
    return list[i]!;
  });
}

/** The occurrences these times stand for, in order. */
export function occurrencesOf(t: OccurrenceTimes): Occurrence[] {
  const out: Occurrence[] = new Array<Occurrence>(t.length);
  for (let i = 0; i < t.length; i++) out[i] = t.at(i);
  return out;
}

/** One calendar's times, in `byStart` order, and the calendar each occurrence names (null: not one for all). */
export interface TimesPart {
  times: OccurrenceTimes;
  calendar: string | null;
}

/** The calendar all these occurrences name, or null when they do not name one. */
export function calendarOfAll(occurrences: readonly Occurrence[]): string | null {
  const first = occurrences[0]?.calendar;
  if (first === undefined) return null;
  for (const o of occurrences) if (o.calendar !== first) return null;
  return first;
}

/** Whether start, then end, never decreases. */
function inTimeOrder(t: OccurrenceTimes): boolean {
  const { start, end } = t;
  for (let i = 1; i < start.length; i++) {
    const d = start[i]! - start[i - 1]!;
    if (d < 0 || (d === 0 && end[i]! < end[i - 1]!)) return false;
  }
  return true;
}

/**
 * The occurrences of these calendars' times that overlap [from, to), in `byStart` order:
 * what the calendars' occurrences, filtered by `overlaps` and sorted by `byStart`, would
 * give, read from the arrays alone when each part is one calendar in time order and no
 * two parts name the same calendar (ties of start and end then fall to the calendar, then
 * to each part's own order, which is by UID). Otherwise the occurrences are decoded and
 * sorted.
 */
export function selectTimes(parts: readonly TimesPart[], from: number, to: number): OccurrenceTimes {
  const names = new Set<string>();
  let plain = true;
  for (const p of parts) {
    if (p.times.length === 0) continue;
    if (p.calendar === null || names.has(p.calendar) || !inTimeOrder(p.times)) plain = false;
    else names.add(p.calendar);
  }
  if (!plain) {
    const all: Occurrence[] = [];
    for (const p of parts) for (const o of occurrencesOf(p.times)) if (overlaps(o.start, o.end, from, to)) all.push(o);
    return timesOf(all.sort(byStart));
  }
  // The entries kept, part by part (typed arrays and plain loops: this runs once, cold).
  let total = 0;
  for (const p of parts) total += p.times.length;
  const part = new Uint32Array(total);
  const index = new Uint32Array(total);
  let n = 0;
  let used = 0;
  for (let k = 0; k < parts.length; k++) {
    const { start, end } = parts[k]!.times;
    const before = n;
    for (let i = 0; i < start.length; i++) {
      if (overlaps(start[i]!, end[i]!, from, to)) {
        part[n] = k;
        index[n++] = i;
      }
    }
    if (n > before) used++;
  }
  if (used === 1 && n === parts[part[0]!]!.times.length) return parts[part[0]!]!.times; // all of one calendar
  let order: Uint32Array | null = null;
  if (used > 1) {
    const s = (i: number) => parts[part[i]!]!.times.start[index[i]!]!;
    const e = (i: number) => parts[part[i]!]!.times.end[index[i]!]!;
    const byTime = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => s(a) - s(b) || e(a) - e(b) || compareText(parts[part[a]!]!.calendar!, parts[part[b]!]!.calendar!) || index[a]! - index[b]!,
    );
    order = Uint32Array.from(byTime);
  }
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const flags = new Uint8Array(n);
  const fromPart = new Uint32Array(n);
  const fromIndex = new Uint32Array(n);
  for (let j = 0; j < n; j++) {
    const i = order === null ? j : order[j]!;
    const t = parts[part[i]!]!.times;
    const x = index[i]!;
    start[j] = t.start[x]!;
    end[j] = t.end[x]!;
    flags[j] = t.flags[x]!;
    fromPart[j] = part[i]!;
    fromIndex[j] = x;
  }
  return new Times(start, end, flags, (j) => parts[fromPart[j]!]!.times.at(fromIndex[j]!));
}

/** These times one after the other (as their occurrence lists concatenated). */
export function concatTimes(list: readonly OccurrenceTimes[]): OccurrenceTimes {
  if (list.length === 1) return list[0]!;
  const n = list.reduce((sum, t) => sum + t.length, 0);
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const flags = new Uint8Array(n);
  const offsets: number[] = [];
  let at = 0;
  for (const t of list) {
    offsets.push(at);
    start.set(t.start, at);
    end.set(t.end, at);
    flags.set(t.flags, at);
    at += t.length;
  }
  return new Times(start, end, flags, (i) => {
    let k = offsets.length - 1;
    while (offsets[k]! > i) k--;
    return list[k]!.at(i - offsets[k]!);
  });
}
