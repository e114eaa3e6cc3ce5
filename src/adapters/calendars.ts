/**
 * Reads every configured calendar for a window: bytes from files or URLs (sources.ts),
 * the expansion cache (expansion-cache.ts), and the pure reader on a cache miss. The
 * reader (and with it ical.js) is loaded only on a miss, so an unchanged local calendar
 * costs a stat and two SQLite lookups (see `ExpansionCache#knownHash`).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Occurrence, ReadResult, ReaderWarning, UnknownSpan } from '../core/calendar/types.js';
import { byStart, overlaps } from '../core/calendar/window.js';
import { cacheDir } from './paths.js';
import { ExpansionCache, type FileStamp, cacheKey } from './expansion-cache.js';
import { isUrl, loadSource } from './sources.js';

const DAY_MS = 86_400_000;

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
  occurrences: Occurrence[];
  warnings: ReaderWarning[];
  failures: SourceFailure[];
  /** Instances that EXDATE removed from their series (see ReadResult.removed). */
  removed: Occurrence[];
  /** Spans of the window whose busy time is unknown (capped or unexpandable series): busy. */
  unknown: UnknownSpan[];
}

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
  const keyFor = (source: string, contentHash: string): string =>
    cacheKey({
      contentHash,
      source,
      windowStart: window.start,
      windowEnd: window.end,
      userZone: opts.userZone,
      myAddresses: opts.myAddresses,
      tentativeIsBusy: opts.tentativeIsBusy,
    });

  // Local files whose stamp (size, times, inode) matches a remembered hash, and whose
  // window is cached: served without reading the file. `known` keeps the stamp and that
  // hash (null when none matched) for the files that must be read after all.
  const known = new Map<string, { stamp: FileStamp; hash: string | null }>();
  const served = new Map<string, ReadResult>();
  if (cache) {
    for (const c of opts.calendars) {
      if (isUrl(c)) continue;
      const stamp = fileStamp(c);
      if (!stamp) continue; // missing or unreadable: loadSource says why
      const hash = cache.knownHash(path.resolve(c), stamp);
      const hit = hash ? cache.get(keyFor(c, hash)) : null;
      if (hit) served.set(c, hit);
      else known.set(c, { stamp, hash });
    }
  }
  const loaded = await Promise.all(
    opts.calendars.map((c) => served.has(c) ? null : loadSource(c, { cacheDir: dir, timeoutMs, now: opts.now })),
  );

  const occurrences: Occurrence[] = [];
  const removed: Occurrence[] = [];
  const unknown: UnknownSpan[] = [];
  const warnings: ReaderWarning[] = [];
  const failures: SourceFailure[] = [];
  const collect = (result: ReadResult, source: string): void => {
    warnings.push(...result.warnings);
    if (result.error) {
      const message = `calendar ${source} cannot be read: ${result.error}`;
      failures.push({ calendar: source, message, exitCode: 2, cause: new Error(message) });
      return;
    }
    for (const o of result.occurrences) {
      if (overlaps(o.start, o.end, opts.window.start, opts.window.end)) occurrences.push(o);
    }
    for (const o of result.removed ?? []) {
      if (overlaps(o.start, o.end, opts.window.start, opts.window.end)) removed.push(o);
    }
    for (const u of result.unknown ?? []) {
      if (overlaps(u.start, u.end, opts.window.start, opts.window.end)) unknown.push(u);
    }
  };
  try {
    for (const [i, src] of loaded.entries()) {
      const calendar = opts.calendars[i]!;
      let result: ReadResult | null = served.get(calendar) ?? null;
      if (result) {
        collect(result, calendar);
        continue;
      }
      if (!src) continue;
      for (const w of src.warnings) warnings.push({ calendar: src.source, message: w });
      if (!src.bytes) {
        const message = src.error ?? `calendar ${src.source} cannot be read`;
        failures.push({ calendar: src.source, message, exitCode: src.errorExit, cause: src.cause ?? new Error(message) });
        continue;
      }
      const contentHash = createHash('sha256').update(src.bytes).digest('hex');
      const k = known.get(calendar);
      // Same hash as the stamp promised: it is remembered already, and its window was just
      // looked up and missed.
      const lookedUp = k !== undefined && k.hash === contentHash;
      if (cache && k && !lookedUp) cache.rememberHash(path.resolve(calendar), k.stamp, contentHash, BigInt(Date.now()) * 1_000_000n);
      const key = keyFor(src.source, contentHash);
      result = lookedUp ? null : (cache?.get(key) ?? null);
      if (!result) {
        const { readCalendarBytes } = await import('../core/calendar/read-bytes.js');
        result = readCalendarBytes(src.bytes, src.source, {
          window,
          userZone: opts.userZone,
          myAddresses: opts.myAddresses,
          tentativeIsBusy: opts.tentativeIsBusy,
        });
        cache?.put(key, result);
      }
      collect(result, src.source);
    }
  } finally {
    cache?.close();
  }
  occurrences.sort(byStart);
  removed.sort(byStart);
  return { occurrences, warnings, failures, removed, unknown };
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
