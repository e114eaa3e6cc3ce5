/**
 * Reads every configured calendar for a window: bytes from files or URLs (sources.ts),
 * the expansion cache (expansion-cache.ts), and the pure reader on a cache miss. The
 * reader (and with it ical.js) is loaded only on a miss, so an unchanged calendar costs a
 * file read, a hash and one SQLite lookup.
 */
import { createHash } from 'node:crypto';
import type { Occurrence, ReadResult, ReaderWarning } from '../core/calendar/types.js';
import { overlaps } from '../core/calendar/window.js';
import { cacheDir } from './paths.js';
import { ExpansionCache, cacheKey } from './expansion-cache.js';
import { loadSource } from './sources.js';

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
}

export interface SourceFailure {
  calendar: string;
  message: string;
  exitCode: 1 | 2;
}

export interface CalendarsResult {
  occurrences: Occurrence[];
  warnings: ReaderWarning[];
  failures: SourceFailure[];
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
  const loaded = await Promise.all(opts.calendars.map((c) => loadSource(c, { cacheDir: dir, timeoutMs, now: opts.now })));

  const occurrences: Occurrence[] = [];
  const warnings: ReaderWarning[] = [];
  const failures: SourceFailure[] = [];
  try {
    for (const src of loaded) {
      for (const w of src.warnings) warnings.push({ calendar: src.source, message: w });
      if (!src.bytes) {
        failures.push({ calendar: src.source, message: src.error ?? `calendar ${src.source} cannot be read`, exitCode: src.errorExit });
        continue;
      }
      const key = cacheKey({
        contentHash: createHash('sha256').update(src.bytes).digest('hex'),
        source: src.source,
        windowStart: window.start,
        windowEnd: window.end,
        userZone: opts.userZone,
        myAddresses: opts.myAddresses,
        tentativeIsBusy: opts.tentativeIsBusy,
      });
      let result: ReadResult | null = cache?.get(key) ?? null;
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
      warnings.push(...result.warnings);
      if (result.error) {
        failures.push({ calendar: src.source, message: `calendar ${src.source} cannot be read: ${result.error}`, exitCode: 2 });
        continue;
      }
      for (const o of result.occurrences) {
        if (overlaps(o.start, o.end, opts.window.start, opts.window.end)) occurrences.push(o);
      }
    }
  } finally {
    cache?.close();
  }
  occurrences.sort((a, b) => a.start - b.start || a.end - b.end || a.calendar.localeCompare(b.calendar) || a.uid.localeCompare(b.uid));
  return { occurrences, warnings, failures };
}
