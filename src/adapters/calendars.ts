/**
 * Reads every configured calendar for a window: bytes from files or URLs (sources.ts),
 * the expansion cache (expansion-cache.ts), and the pure reader on a cache miss. The
 * reader (and with it ical.js) is loaded only on a miss, so an unchanged local calendar
 * costs a stat and two small file reads (see `ExpansionCache#knownHash`).
 *
 * `onProgress` hears what is slow, for a progress line: the URLs being fetched (and the
 * bytes received), and each calendar of BIG_CALENDAR_BYTES or more just before it is parsed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { busyRead, type BusyRead } from '../core/calendar/busy.js';
import type { PreparedCalendar } from '../core/calendar/read-bytes.js';
import { occurrencesOf, selectTimes, timesOf, type OccurrenceTimes, type TimesPart } from '../core/calendar/times.js';
import type { Occurrence, ReadResult, ReaderWarning, UnknownSpan } from '../core/calendar/types.js';
import { byStart, overlaps } from '../core/calendar/window.js';
import { cacheDir } from './paths.js';
import { ExpansionCache, type FileStamp, cacheKey } from './expansion-cache.js';
import { isUrl, loadSource } from './sources.js';
import { DEFAULT_CALENDAR_MAX_BYTES } from '../core/settings.js';

const DAY_MS = 86_400_000;
/** URLs fetched at the same time, at most: a long calendar list must not open a connection each at once. */
export const MAX_PARALLEL_FETCHES = 8;
/**
 * A calendar this large (or larger) is reported before it is parsed: the parse takes
 * ~90 ms a MiB, synchronously, so from this size on it is long enough to show.
 */
export const BIG_CALENDAR_BYTES = 3 * 1024 * 1024;

/**
 * What a read is doing, for a progress line: URLs being fetched (how many, how many are
 * done, the bytes received so far; `calendar` when there is only one), or one large
 * calendar being parsed (synchronous work follows at once).
 */
export type ReadStatus =
  | { kind: 'fetch'; total: number; done: number; bytes: number; calendar: string | null }
  | { kind: 'read'; calendar: string; bytes: number };

export interface CalendarReadOptions {
  calendars: string[];
  window: { start: number; end: number };
  userZone: string;
  myAddresses: string[];
  tentativeIsBusy: boolean;
  now: number;
  useCache: boolean;
  env?: NodeJS.ProcessEnv;
  /** Seconds to wait for a calendar URL. */
  timeoutMs?: number;
  /** The most bytes a calendar may hold, after decompression (`calendar_max_size`). */
  maxBytes?: number;
  /** Told what the read is doing while it is slow (see ReadStatus); null: nothing to show now. */
  onProgress?: (status: ReadStatus | null) => void;
  /**
   * `busy`: the caller needs busy time only (slots, offers, reply): occurrences come without
   * attendees, organizer and location (busyView), and are cached as such.
   */
  detail?: 'full' | 'busy';
}

export interface SourceFailure {
  calendar: string;
  message: string;
  exitCode: 1 | 2;
  /**
   * For `--debug`: an Error whose stack is printed after the message. Failures are collected,
   * not thrown, and the sources report only a sentence, so this is made where the failure is
   * recorded here.
   */
  cause?: Error;
}

export interface CalendarsResult {
  /** The window's occurrences of every calendar, by start (`byStart`). */
  occurrences: Occurrence[];
  /**
   * The same occurrences as times (calendar/times.ts), for the availability engine. A busy
   * read (`detail: 'busy'`) makes these first, and the occurrences only when they are read.
   */
  times: OccurrenceTimes;
  warnings: ReaderWarning[];
  failures: SourceFailure[];
  /** Instances that EXDATE removed from their series (see ReadResult.removed). */
  removed: Occurrence[];
  /** Spans of the window whose busy time is unknown (capped or unexpandable series): busy. */
  unknown: UnknownSpan[];
  /** True when not one calendar could be read (a calendar listed twice counts once). */
  nothingRead: boolean;
}

/**
 * The calendar this process scanned last, by the SHA-256 of its bytes: a command that reads
 * one calendar for two windows (noshow reads around the missed meeting, then the window of
 * the follow-up's offers) decodes and scans it once (issue 13: a first noshow on the 10k
 * calendar scanned 6.7 MB twice). Only the same bytes ever meet it, and only within one
 * process; it holds one calendar at a time.
 */
let lastPrepared: { contentHash: string; prepared: PreparedCalendar } | null = null;

export async function readCalendars(opts: CalendarReadOptions): Promise<CalendarsResult> {
  const env = opts.env ?? process.env;
  const dir = cacheDir(env);
  const cache = opts.useCache ? ExpansionCache.open(dir) : null;
  // Whole UTC days: the same day's runs share one cache entry.
  const window = {
    start: Math.floor(opts.window.start / DAY_MS) * DAY_MS,
    end: Math.ceil(opts.window.end / DAY_MS) * DAY_MS,
  };
  const timeoutMs = opts.timeoutMs ?? Number(env['ETIQ_FETCH_TIMEOUT_MS'] ?? 10_000);
  const maxBytes = opts.maxBytes ?? DEFAULT_CALENDAR_MAX_BYTES;
  const busyOnly = opts.detail === 'busy';
  const keyFor = (source: string, contentHash: string, view?: 'busy'): string =>
    cacheKey({
      contentHash,
      source,
      windowStart: window.start,
      windowEnd: window.end,
      userZone: opts.userZone,
      myAddresses: opts.myAddresses,
      tentativeIsBusy: opts.tentativeIsBusy,
      ...(view ? { view } : {}),
    });
  /**
   * The cached result for these bytes, as this read wants it. A busy-only read takes its
   * own entry, else makes it from the whole read's entry of the same bytes and window (an
   * `agenda` earlier today) and keeps it for next time.
   */
  const cached = (c: ExpansionCache, source: string, contentHash: string): Got | null => {
    if (!busyOnly) return c.get(keyFor(source, contentHash));
    const own = c.getBusy(keyFor(source, contentHash, 'busy'));
    if (own) return own;
    const whole = c.get(keyFor(source, contentHash));
    if (!whole) return null;
    const view = busyRead(whole);
    c.putBusy(keyFor(source, contentHash, 'busy'), view);
    return view;
  };

  // The same calendar listed twice (same file, however named, or the same URL) is read once:
  // read twice, each of its events would count twice.
  const warnings: ReaderWarning[] = [];
  const calendars: string[] = [];
  const firstName = new Map<string, string>();
  const warned = new Set<string>();
  for (const c of opts.calendars) {
    const id = identity(c);
    const first = firstName.get(id);
    if (first === undefined) {
      firstName.set(id, c);
      calendars.push(c);
    } else if (!warned.has(id)) {
      warned.add(id);
      const also = first === c ? '' : ` (as ${first} too)`;
      warnings.push({ calendar: c, message: `calendar ${c} is listed twice${also}; it is read once`, kind: 'duplicate-calendar' });
    }
  }

  // Local files whose stamp (size, times, inode) matches a remembered hash, and whose
  // window is cached: served without reading the file. `known` keeps the stamp and that
  // hash (null when none matched) for the files that must be read after all.
  const known = new Map<string, { stamp: FileStamp; hash: string | null }>();
  const served = new Map<string, Got>();
  if (cache) {
    for (const c of calendars) {
      if (isUrl(c)) continue;
      const stamp = fileStamp(c);
      if (!stamp) continue; // missing or unreadable: loadSource says why
      if (stamp.size > BigInt(maxBytes)) continue; // over the limit: loadSource refuses it
      const hash = cache.knownHash(path.resolve(c), stamp);
      const hit = hash ? cached(cache, c, hash) : null;
      if (hit) served.set(c, hit);
      else known.set(c, { stamp, hash });
    }
  }
  // Local files are read one after the other (synchronously); URLs are fetched at most
  // MAX_PARALLEL_FETCHES at a time.
  const fetchSlot = limiter(MAX_PARALLEL_FETCHES);
  const sourceOpts = { cacheDir: dir, timeoutMs, now: opts.now, maxBytes };
  const report = opts.onProgress;
  const urls = report ? calendars.filter((c) => isUrl(c) && !served.has(c)) : [];
  let fetched = 0;
  let received = 0;
  const fetchStatus = (): void => report?.({ kind: 'fetch', total: urls.length, done: fetched, bytes: received, calendar: urls.length === 1 ? urls[0]! : null });
  const onBytes = (n: number): void => {
    received += n;
    fetchStatus();
  };
  const fetchOpts = report ? { ...sourceOpts, onBytes } : sourceOpts;
  const fetchOne = async (c: string) => {
    try {
      return await loadSource(c, fetchOpts);
    } finally {
      if (report) {
        fetched++;
        fetchStatus();
      }
    }
  };
  if (urls.length > 0) fetchStatus();
  const loaded = await Promise.all(
    calendars.map((c) => {
      if (served.has(c)) return null;
      return isUrl(c) ? fetchSlot(() => fetchOne(c)) : loadSource(c, sourceOpts);
    }),
  );
  if (urls.length > 0) report?.(null);

  const occurrences: Occurrence[] = [];
  const parts: TimesPart[] = [];
  const removed: Occurrence[] = [];
  const unknown: UnknownSpan[] = [];
  const failures: SourceFailure[] = [];
  const collect = (got: Got, source: string): void => {
    const result = restOf(got);
    for (const w of result.warnings) warnings.push(w); // no spread: a result may hold many
    if (result.error) {
      const message = `calendar ${source} cannot be read: ${result.error}`;
      // A local file the user named is an input error; a server's answer is a runtime failure.
      failures.push({ calendar: source, message, exitCode: isUrl(source) ? 1 : 2, cause: new Error(message) });
      return;
    }
    if (isBusyRead(got)) parts.push({ times: got.times, calendar: got.calendar });
    else {
      for (const o of got.occurrences) {
        if (overlaps(o.start, o.end, opts.window.start, opts.window.end)) occurrences.push(o);
      }
    }
    for (const o of result.removed ?? []) {
      if (overlaps(o.start, o.end, opts.window.start, opts.window.end)) removed.push(o);
    }
    for (const u of result.unknown ?? []) {
      if (overlaps(u.start, u.end, opts.window.start, opts.window.end)) unknown.push(u);
    }
  };
  /** The reader's result for these bytes: from the expansion cache, else read (and cached). */
  const readBytes = async (bytes: Buffer, source: string, contentHash: string, skipLookup: boolean): Promise<Got> => {
    const hit = skipLookup || !cache ? null : cached(cache, source, contentHash);
    if (hit) return hit;
    const big = report !== undefined && bytes.length >= BIG_CALENDAR_BYTES;
    if (big) report({ kind: 'read', calendar: source, bytes: bytes.length });
    try {
      const { prepareCalendarBytes, readPreparedCalendar } = await import('../core/calendar/read-bytes.js');
      let prepared = lastPrepared?.contentHash === contentHash ? lastPrepared.prepared : null;
      if (prepared === null) {
        // A local file's bytes are read for this alone: the reader may free them once it
        // has its own copy. A network body is kept (commit() writes it to the disk cache).
        prepared = prepareCalendarBytes(bytes, 'fast', isUrl(source) ? 'keep' : 'free');
        lastPrepared = { contentHash, prepared };
      }
      const result = readPreparedCalendar(prepared, source, { window, userZone: opts.userZone, myAddresses: opts.myAddresses, tentativeIsBusy: opts.tentativeIsBusy, people: !busyOnly });
      if (!busyOnly) {
        cache?.put(keyFor(source, contentHash), result);
        return result;
      }
      // Read without people (people: !busyOnly above), the result is its busy view already.
      const view = busyRead(result, true);
      cache?.putBusy(keyFor(source, contentHash, 'busy'), view);
      return view;
    } finally {
      if (big) report(null);
    }
  };
  const hashOf = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
  for (const [i, src] of loaded.entries()) {
    loaded[i] = null; // each body (up to calendar_max_size) can go once it is read
    const calendar = calendars[i]!;
    const hit = served.get(calendar);
    if (hit) {
      collect(hit, calendar);
      continue;
    }
    if (!src) continue;
    if (!src.bytes) {
      for (const w of src.warnings) warnings.push({ calendar: src.source, ...w });
      const message = src.error ?? `calendar ${src.source} cannot be read`;
      failures.push({ calendar: src.source, message, exitCode: src.errorExit, cause: src.cause ?? new Error(message) });
      continue;
    }
    const contentHash = hashOf(src.bytes);
    const k = known.get(calendar);
    // Same hash as the stamp promised: it is remembered already, and its window was just
    // looked up and missed.
    const lookedUp = k !== undefined && k.hash === contentHash;
    if (cache && k && !lookedUp) cache.rememberHash(path.resolve(calendar), k.stamp, contentHash, BigInt(Date.now()) * 1_000_000n);
    let result = await readBytes(src.bytes, src.source, contentHash, lookedUp);
    let used = src;
    if (restOf(result).error === null) {
      // A fresh body from the network is cached only now that it has read as a calendar.
      src.commit?.();
    } else if (src.stale) {
      // A fresh body that is not a calendar (an HTML page answered with 200): the last
      // good copy stands, and the cache keeps it.
      const old = src.stale(restOf(result).error!);
      if (old?.bytes) {
        const oldResult = await readBytes(old.bytes, old.source, hashOf(old.bytes), false);
        if (restOf(oldResult).error === null) {
          result = oldResult;
          used = old;
        }
      }
    }
    for (const w of used.warnings) warnings.push({ calendar: used.source, ...w });
    collect(result, src.source);
  }
  removed.sort(byStart);
  const nothingRead = calendars.length > 0 && failures.length === calendars.length;
  if (busyOnly) {
    // Occurrences are made from the times only if something reads them.
    const times = selectTimes(parts, opts.window.start, opts.window.end);
    let list: Occurrence[] | null = null;
    return {
      get occurrences() {
        return (list ??= occurrencesOf(times));
      },
      times,
      warnings,
      failures,
      removed,
      unknown,
      nothingRead,
    };
  }
  occurrences.sort(byStart);
  let times: OccurrenceTimes | null = null;
  return {
    occurrences,
    get times() {
      return (times ??= timesOf(occurrences));
    },
    warnings,
    failures,
    removed,
    unknown,
    nothingRead,
  };
}

/** What one calendar gave: its whole read, or (a busy read) its busy view as times. */
type Got = ReadResult | BusyRead;

function isBusyRead(got: Got): got is BusyRead {
  return 'times' in got;
}

function restOf(got: Got): Omit<ReadResult, 'occurrences'> {
  return isBusyRead(got) ? got.rest : got;
}

function fileStamp(file: string): FileStamp | null {
  try {
    const st = fs.statSync(file, { bigint: true });
    if (!st.isFile()) return null;
    return { dev: st.dev, ino: st.ino, size: st.size, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs };
  } catch {
    return null;
  }
}

/** What makes two listed calendars the same: the URL as written, or the file it resolves to. */
function identity(calendar: string): string {
  if (isUrl(calendar)) return `url:${calendar}`;
  try {
    return `file:${fs.realpathSync(calendar)}`;
  } catch {
    return `file:${path.resolve(calendar)}`;
  }
}

/** Runs the tasks given to it with at most `n` of them in flight. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < n) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // a finished task hands its slot over
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
