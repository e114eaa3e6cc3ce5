/**
 * What every command shares: the common flags, settings, the clock and the output style.
 * Built once per run from flags and the environment; commands take what they need.
 */
import type { ChalkInstance } from 'chalk';
import type { CalendarReadOptions, CalendarsResult } from '../adapters/calendars.js';
import { loadSettings } from '../adapters/config-file.js';
import { usageError, type EtiqError } from '../core/errors.js';
import { cacheDir, defaultConfigPath } from '../adapters/paths.js';
import { loadZoneTables, saveZoneTables, shippedZones, shippedZonesFile } from '../adapters/zone-tables.js';
import { useShippedZones } from '../core/calendar/zones.js';
import type { Settings } from '../core/settings.js';
import { setClock } from '../core/luxon.js';
import { parseMoment } from '../core/time.js';
import { visible } from '../core/visible.js';
import { writeData, writeHuman, writeJson } from './output.js';
import { NO_PROGRESS, createProgress, progressWanted, readStatusText, type Progress } from './progress.js';
import { atRunEnd } from './run-end.js';
import { makeStyle } from './style.js';
import type { CommonFlags, Io } from './options.js';

// The flags' declarations are in options.ts (light: registration loads it); the run modules take these types from here.
export type { CommonFlags, Io } from './options.js';

export interface Context {
  settings: Settings;
  /** The clock: --now, else ETIQ_NOW, else the real time. */
  now: number;
  json: boolean;
  debug: boolean;
  useCache: boolean;
  style: ChalkInstance;
  errStyle: ChalkInstance;
  /** The progress line on stderr (see progress.ts); NO_PROGRESS when it is never shown. */
  progress: Progress;
  io: Io;
  /** Human text (one or more lines, a newline is added) to stdout, through the sanitiser. */
  print(text: string): void;
  /** Human text to stderr, through the sanitiser. */
  printErr(text: string): void;
  /** A value as JSON to stdout, exact. */
  printJson(value: unknown): void;
  /** Text in a machine format (CSV, a renderer's JSON) to stdout, exact when piped (see writeData); no newline is added. */
  printData(text: string): void;
}

/**
 * `settings`: already read (etiq doctor reads them itself, to report a broken file).
 * `flags.csv` (etiq report's): machine output, like --json, so no progress line.
 */
export async function buildContext(flags: CommonFlags & { csv?: boolean }, io: Io, preloaded?: Settings): Promise<Context> {
  const useCache = flags.cache !== false && io.env['ETIQ_NO_CACHE'] === undefined;
  // The zones' tables an earlier run made, and those the build made, before the settings'
  // zone is checked: a run then asks nothing of Intl for them (zone-tables.ts).
  // `--no-cache` reads neither: every zone is asked of ICU, the plain path.
  useShippedZones(useCache && io.env['ETIQ_SHIPPED_ZONES'] !== '0' ? shippedZones(shippedZonesFile()) : null);
  if (useCache) {
    const dir = cacheDir(io.env);
    loadZoneTables(dir);
    atRunEnd(() => saveZoneTables(dir));
  }
  const settings = preloaded ?? (await loadSettings({ config: flags.config, calendar: flags.calendar, tz: flags.tz }, io.env, io.cwd));
  const nowText = flags.now ?? io.env['ETIQ_NOW'];
  const what = flags.now !== undefined ? '--now' : 'ETIQ_NOW';
  // An empty --now or ETIQ_NOW is a mistake (an unset shell variable), not "the real time".
  if (nowText !== undefined && nowText.trim() === '') throw usageError(`${what} is empty: give an ISO 8601 date-time such as 2026-03-10T09:00, or leave it unset for the real time`);
  const now = nowText !== undefined ? parseMoment(nowText, settings.timezone, what, Date.now()).ms : Date.now();
  if (!Number.isFinite(now)) throw usageError(`${what} "${nowText}" is not a date-time`);
  // Defence in depth: anything that asks luxon for "now" gets the injected clock too.
  setClock(() => now);
  const style = await makeStyle(flags, io.env, io.stdout.isTTY === true);
  const errStyle = await makeStyle(flags, io.env, io.stderr.isTTY === true);
  return {
    settings,
    now,
    json: flags.json === true,
    debug: flags.debug === true,
    useCache,
    style,
    errStyle,
    progress: progressWanted(io, flags) ? createProgress(io.stderr) : NO_PROGRESS,
    io,
    print: (text) => writeHuman(io.stdout, `${text}\n`, style.level > 0),
    printErr: (text) => writeHuman(io.stderr, `${text}\n`, errStyle.level > 0),
    printJson: (value) => writeJson(io.stdout, value),
    printData: (text) => writeData(io.stdout, text),
  };
}

/** Human output shows the first this many warnings of each kind, then counts the rest. */
export const WARNINGS_SHOWN_PER_KIND = 20;

/**
 * Writes config and reader warnings to stderr (human mode); JSON mode carries them in the
 * output. A damaged file can hold thousands of problems of one kind: the first
 * WARNINGS_SHOWN_PER_KIND of each kind (per file) are shown, then one line counts the rest.
 */
export function printWarnings(ctx: Context, warnings: { calendar?: string; message: string; kind?: string }[]): void {
  const shown = new Map<string, number>();
  const hidden = new Map<string, { kind: string; calendar: string | undefined; n: number }>();
  for (const w of warnings) {
    const kind = w.kind ?? 'other';
    const key = `${w.calendar ?? ''}\u0000${kind}`;
    const n = shown.get(key) ?? 0;
    // The reader bounds its own warnings the same way and ends with a count ("... and N
    // more warnings like these"): that line is shown, not counted.
    const isCount = w.message.startsWith('... and ');
    if (n >= WARNINGS_SHOWN_PER_KIND && !isCount) {
      const h = hidden.get(key) ?? { kind, calendar: w.calendar, n: 0 };
      h.n++;
      hidden.set(key, h);
      continue;
    }
    if (!isCount) shown.set(key, n + 1);
    const where = w.calendar ? `${visible(w.calendar)}: ` : '';
    ctx.printErr(`${ctx.errStyle.yellow('warning:')} ${where}${visible(w.message)}`);
  }
  for (const { kind, calendar, n } of hidden.values()) {
    const where = calendar ? `${visible(calendar)}: ` : '';
    const label = kind === 'other' ? '' : ` (${kind})`;
    ctx.printErr(`${ctx.errStyle.yellow('warning:')} ${where}... and ${n} more warning${n === 1 ? '' : 's'} like these${label}, not shown`);
  }
}

/**
 * The usage error when no calendar is known: where etiq looked for a config file when
 * there is none, and what to do (`etiq init`, or --calendar).
 */
export function noCalendars(ctx: Context, why = ''): EtiqError {
  const path = ctx.settings.configPath;
  return usageError(
    path
      ? `no calendars configured: add calendars = ["work.ics"] to ${path}, or pass --calendar FILE${why}`
      : `no calendars and no config file (etiq looked for ${defaultConfigPath(ctx.io.env)}): run \`etiq init\` to write one, or pass --calendar FILE${why}`,
  );
}

/** The config file's own warnings (unknown keys), as warnings about that file. */
export function configWarnings(ctx: Context): { calendar: string; message: string; kind?: string }[] {
  return ctx.settings.warnings.map((message) => ({ calendar: ctx.settings.configPath ?? 'config', message, kind: 'config' }));
}

/**
 * The configured calendars for a window, read with the user's zone, addresses and options;
 * `busy` when the caller needs busy time only (see CalendarReadOptions.detail).
 */
export function readCalendarsFor(ctx: Context, window: { start: number; end: number }, detail: 'full' | 'busy' = 'full'): Promise<CalendarsResult> {
  return readWithProgress(ctx, {
    detail,
    calendars: ctx.settings.calendars,
    window,
    userZone: ctx.settings.timezone,
    myAddresses: ctx.settings.myAddresses,
    tentativeIsBusy: ctx.settings.tentativeIsBusy,
    now: ctx.now,
    useCache: ctx.useCache,
    env: ctx.io.env,
    maxBytes: ctx.settings.calendarMaxBytes,
  });
}

/**
 * readCalendars, with the run's progress line saying what is slow (fetching URLs, parsing
 * a large calendar) while it is, erased when it ends. For reads that do not take the
 * configured calendars (etiq init); the others use readCalendarsFor.
 */
export async function readWithProgress(ctx: Pick<Context, 'progress'>, opts: CalendarReadOptions): Promise<CalendarsResult> {
  // Loaded here, not with the context: report, history, clients and the other commands
  // that read no calendar do without the sources and the expansion cache.
  const { readCalendars } = await import('../adapters/calendars.js');
  const progress = ctx.progress;
  if (!progress.enabled) return readCalendars(opts);
  progress.begin();
  try {
    return await readCalendars({
      ...opts,
      onProgress: (status) => progress.set(status && ((columns) => readStatusText(status, columns)), { immediate: status?.kind === 'read' }),
    });
  } finally {
    progress.end();
  }
}
