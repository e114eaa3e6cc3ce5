/**
 * What every command shares: the common flags, settings, the clock and the output style.
 * Built once per run from flags and the environment; commands take what they need.
 */
import type { ChalkInstance } from 'chalk';
import { Option, type Command } from 'commander';
import { readCalendars, type CalendarsResult } from '../adapters/calendars.js';
import { loadSettings } from '../adapters/config-file.js';
import { usageError } from '../core/errors.js';
import type { Settings } from '../core/settings.js';
import { Settings as LuxonSettings } from 'luxon';
import { parseMoment } from '../core/time.js';
import { makeStyle } from './style.js';

export interface CommonFlags {
  config?: string;
  calendar?: string[];
  tz?: string;
  now?: string;
  json?: boolean;
  debug?: boolean;
  color?: boolean;
  cache?: boolean;
}

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** The working directory relative paths in flags resolve against. */
  cwd: string;
}

export interface Context {
  settings: Settings;
  /** The clock: --now, else ETIQ_NOW, else the real time. */
  now: number;
  json: boolean;
  debug: boolean;
  useCache: boolean;
  style: ChalkInstance;
  errStyle: ChalkInstance;
  io: Io;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The options every command accepts, in the same words everywhere. */
export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'config file (default: $ETIQ_CONFIG, else the platform config dir)')
    .option('--calendar <path-or-url>', 'calendar .ics file or URL; repeat for several (replaces the config list)', collect)
    .option('--tz <zone>', "your IANA time zone (default: config 'timezone', else the system's)")
    .option('--now <iso>', 'pretend the time is this (also $ETIQ_NOW)')
    .option('--json', 'machine-readable output')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .addOption(new Option('--no-cache', 'read calendars without the expansion cache'))
    .option('--debug', 'show stack traces on errors');
}

export async function buildContext(flags: CommonFlags, io: Io): Promise<Context> {
  const settings = await loadSettings({ config: flags.config, calendar: flags.calendar, tz: flags.tz }, io.env, io.cwd);
  const nowText = flags.now ?? io.env['ETIQ_NOW'];
  const what = flags.now !== undefined ? '--now' : 'ETIQ_NOW';
  // An empty --now or ETIQ_NOW is a mistake (an unset shell variable), not "the real time".
  if (nowText !== undefined && nowText.trim() === '') throw usageError(`${what} is empty: give an ISO 8601 date-time such as 2026-03-10T09:00, or leave it unset for the real time`);
  const now = nowText !== undefined ? parseMoment(nowText, settings.timezone, what, Date.now()).ms : Date.now();
  if (!Number.isFinite(now)) throw usageError(`${what} "${nowText}" is not a date-time`);
  // Defence in depth: anything that asks luxon for "now" gets the injected clock too.
  LuxonSettings.now = () => now;
  return {
    settings,
    now,
    json: flags.json === true,
    debug: flags.debug === true,
    useCache: flags.cache !== false && io.env['ETIQ_NO_CACHE'] === undefined,
    style: await makeStyle(flags, io.env, io.stdout.isTTY === true),
    errStyle: await makeStyle(flags, io.env, io.stderr.isTTY === true),
    io,
  };
}

/** Writes config and reader warnings to stderr (human mode) — JSON mode carries them in the output. */
export function printWarnings(ctx: Context, warnings: { calendar?: string; message: string }[]): void {
  for (const w of warnings) {
    const where = w.calendar ? `${w.calendar}: ` : '';
    ctx.io.stderr.write(`${ctx.errStyle.yellow('warning:')} ${where}${w.message.replace(/[\r\n]+/g, ' ')}\n`);
  }
}

/** The configured calendars for a window, read with the user's zone, addresses and options. */
export function readCalendarsFor(ctx: Context, window: { start: number; end: number }): Promise<CalendarsResult> {
  return readCalendars({
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
