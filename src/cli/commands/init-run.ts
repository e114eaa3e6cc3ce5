/**
 * `etiq init` (issue 12): writes a commented config file. At a terminal it asks for what
 * the flags did not give (name, email, other addresses, zone, working hours day by day,
 * calendars, the slot and follow-up settings); with --no-input (or without a terminal)
 * every answer comes from a flag, and a missing required one (--email, --calendar) is a
 * usage error naming its flag. A bad flag value is a usage error before any question.
 *
 * Each calendar is read on the spot (events in the next 14 days, the reader's warnings),
 * with the progress line while a fetch or a large file is slow.
 * The text written is parsed back through resolveSettings before it is written, so a file
 * init writes is always one etiq reads. It never overwrites a file without --force, keeps
 * the old one as `<file>.bak`, and writes atomically (a temporary file, then a rename).
 * Its flags: init.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultSettings } from '../../adapters/config-file.js';
import { defaultConfigPath, homeDir } from '../../adapters/paths.js';
import { formatDuration } from '../../core/duration.js';
import { EtiqError, inputError, usageError } from '../../core/errors.js';
import { WEEKDAYS, isUrl, parseHourRange, resolveSettings, type HourRange, type Settings, type Weekday } from '../../core/settings.js';
import { systemZone, zoneName } from '../../core/time.js';
import { visible } from '../../core/visible.js';
import { wrapWords } from '../../render/wrap.js';
import { buildContext, readWithProgress, type Context, type Io } from '../context.js';
import { emailValue, isEmailAddress } from '../flag-values.js';
import { askSlotSettings, slotSettingFlags, slotSettingLine, slotSettingMismatch, type SlotSettingAnswers, type SlotSettingFlags, type SlotSettingId, type SlotSettingsFromFlags } from '../init-slots.js';
import { askText, canPrompt, chooseSearchable, confirm } from '../prompt.js';
import { DEFAULT_HOURS_TEXT } from './init.js';

const DAY_MS = 86_400_000;

export interface InitFlags extends SlotSettingFlags {
  name?: string;
  email?: string;
  other?: string[];
  tz?: string;
  hours?: string[];
  calendar?: string[];
  config?: string;
  force?: boolean;
  input?: boolean;
  now?: string;
  color?: boolean;
}

export interface InitAnswers {
  name: string | null;
  email: string;
  other: string[];
  timezone: string;
  hours: Record<Weekday, HourRange[]>;
  /** Absolute paths or URLs. */
  calendars: string[];
  /** The slot and follow-up settings that differ from etiq's defaults. */
  slotSettings: SlotSettingAnswers;
}

/** Where init writes: --config, else $ETIQ_CONFIG, else the platform's config path (where etiq looks). */
function targetPath(flags: InitFlags, io: Io): string {
  if (flags.config !== undefined) return path.resolve(io.cwd, flags.config);
  if (io.env['ETIQ_CONFIG']) return path.resolve(io.cwd, io.env['ETIQ_CONFIG']);
  return defaultConfigPath(io.env);
}

export async function runInit(flags: InitFlags, io: Io): Promise<number> {
  const ctx = await buildContext({ now: flags.now, color: flags.color }, io, defaultSettings({}, io.env, io.cwd));
  const file = targetPath(flags, io);
  refuseOverwrite(file, flags.force === true);
  const interactive = flags.input !== false && canPrompt(io);
  // Checked before anything is asked: a bad flag should not cost the user the whole wizard.
  const slotFlags = slotSettingFlags(flags);

  const answers = interactive ? await ask(ctx, flags, slotFlags) : await fromFlags(ctx, flags, slotFlags);
  const text = configText(answers);
  const settings = await validate(file, text, io, answers);
  for (const w of hoursWarnings(settings)) ctx.printErr(`${ctx.errStyle.yellow('warning:')} ${w}`);

  // Checked again: the wizard may have taken minutes.
  refuseOverwrite(file, flags.force === true);
  const backup = writeAtomically(file, text);
  // Within 80 columns: a path that does not fit starts the next line, whole.
  if (backup) ctx.print(wrapWords(`Kept the old file as ${visible(backup)}`, { keep: [visible(backup)] }));
  ctx.print(wrapWords(`Wrote ${visible(file)}`, { keep: [visible(file)] }));
  // Where etiq looks without --config: $ETIQ_CONFIG, else the platform's path.
  const looks = io.env['ETIQ_CONFIG'] ? path.resolve(io.cwd, io.env['ETIQ_CONFIG']) : defaultConfigPath(io.env);
  const configFlag = file === looks ? '' : ` --config ${shellWord(file)}`;
  // One command a line, as it is typed (a long path makes its line wider: it is never broken).
  ctx.print(`Next, to see your events and check the setup:\n  etiq agenda${configFlag}\n  etiq doctor${configFlag}`);
  return 0;
}

function refuseOverwrite(file: string, force: boolean): void {
  if (force) return;
  if (fs.existsSync(file)) {
    throw usageError(`${file} already exists; nothing was written`, `run again with --force to replace it (the old file is kept as ${path.basename(file)}.bak beside it), or choose another file with --config`);
  }
}

function shellWord(s: string): string {
  return /^[\w./:@~+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

// ---------------------------------------------------------------------------------------
// Answers from flags (--no-input, or no terminal)

async function fromFlags(ctx: Context, flags: InitFlags, slotFlags: SlotSettingsFromFlags): Promise<InitAnswers> {
  const why = flags.input === false ? 'with --no-input' : 'without a terminal to ask on';
  if (flags.email === undefined) throw usageError(`--email is required ${why}: give your email address, e.g. --email dana@example.com`);
  const email = emailValue(flags.email, '--email');
  const other = (flags.other ?? []).map((o) => emailValue(o, '--other'));
  if (!flags.calendar || flags.calendar.length === 0) {
    throw usageError(`--calendar is required ${why}: give at least one calendar file or URL, e.g. --calendar ~/work.ics`);
  }
  const timezone = flags.tz !== undefined ? zoneFlag(flags.tz) : systemZone(ctx.io.env);
  const hours = hoursFlag(flags.hours);
  const calendars: string[] = [];
  for (const c of flags.calendar) {
    const source = calendarSource(c, ctx.io);
    const check = await checkCalendar(ctx, source, timezone, [email, ...other]);
    if (!check.ok) throw inputError(`calendar ${source} cannot be read: ${check.message}; nothing was written`, 'fix the path or URL, or leave that --calendar out');
    report(ctx, source, check);
    if (!calendars.includes(source)) calendars.push(source);
  }
  return { name: nameValue(flags.name), email, other: unique(other.filter((o) => o !== email)), timezone, hours, calendars, slotSettings: slotFlags.changed };
}

function nameValue(name: string | undefined): string | null {
  const n = name?.trim();
  return n ? n : null;
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)];
}

function zoneFlag(text: string): string {
  const zone = zoneName(text);
  if (zone === null) throw usageError(`--tz "${text}" is not a time zone: give an IANA name such as America/New_York, or a Windows name such as "Eastern Standard Time"`);
  return zone;
}

function hoursFlag(values: string[] | undefined): Record<Weekday, HourRange[]> {
  try {
    return parseHours(values && values.length > 0 ? values.join(';') : DEFAULT_HOURS_TEXT);
  } catch (err) {
    if (err instanceof HoursError) throw usageError(`--hours: ${err.message}`);
    throw err;
  }
}

class HoursError extends Error {}

/**
 * Working hours as `DAYS RANGES`, several joined by `;`: DAYS is a day (`mon`, `monday`),
 * a span (`mon-fri`) or a list (`mon,wed`); RANGES are `09:00-12:00,13:00-17:00`, or `off`.
 * `mon=...` works like `mon ...`. Days not named are off; a later part replaces an earlier
 * one for the same day.
 */
export function parseHours(text: string): Record<Weekday, HourRange[]> {
  const days: Record<Weekday, HourRange[]> = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  const parts = text.split(';').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw new HoursError(`no hours given; write them like "${DEFAULT_HOURS_TEXT}"`);
  for (const part of parts) {
    const m = /^([a-z,\s-]+?)\s*(?:=|\s)\s*([\d:,\s–-]+|off)$/i.exec(part);
    if (!m) throw new HoursError(`"${part}" is not days and hours such as "${DEFAULT_HOURS_TEXT}" or "mon=09:00-12:00,13:00-17:00"`);
    const named = daysOf(m[1]!, part);
    const ranges = m[2]!.toLowerCase() === 'off' ? [] : rangesOf(m[2]!, ` in "${part}"`);
    for (const d of named) days[d] = ranges.map((r) => ({ ...r }));
  }
  return days;
}

/** Ranges such as `09:00-12:00,13:00-17:00`, sorted, not overlapping; `where` places them in the messages. */
function rangesOf(text: string, where: string): HourRange[] {
  const ranges: HourRange[] = [];
  for (const r of text.split(',').map((s) => s.trim())) {
    const range = parseHourRange(r);
    if (!range) throw new HoursError(`"${r}"${where} is not a range such as 09:00-17:00 (end after start)`);
    ranges.push(range);
  }
  ranges.sort((a, b) => a.start - b.start);
  for (let i = 1; i < ranges.length; i++) if (ranges[i]!.start < ranges[i - 1]!.end) throw new HoursError(`the ranges${where} overlap`);
  return ranges;
}

/** One day's hours as the wizard asks them: `09:00-12:00,13:00-17:00`, or `off` (or nothing) for a day off. */
export function parseDayHours(text: string): HourRange[] {
  const t = text.trim();
  if (t === '' || t.toLowerCase() === 'off') return [];
  try {
    return rangesOf(t, '');
  } catch (err) {
    if (err instanceof HoursError) throw new HoursError(`${err.message}; write "off" for a day off`);
    throw err;
  }
}

function dayOf(word: string, part: string): Weekday {
  const w = word.trim().toLowerCase();
  const full = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  const i = WEEKDAYS.findIndex((d, k) => d === w || full[k] === w);
  if (i < 0) throw new HoursError(`"${word.trim()}" in "${part}" is not a day (mon, tue, ..., sun)`);
  return WEEKDAYS[i]!;
}

function daysOf(text: string, part: string): Weekday[] {
  const out: Weekday[] = [];
  for (const item of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const span = item.split('-');
    if (span.length === 1) out.push(dayOf(item, part));
    else if (span.length === 2) {
      const a = WEEKDAYS.indexOf(dayOf(span[0]!, part));
      const b = WEEKDAYS.indexOf(dayOf(span[1]!, part));
      if (b < a) throw new HoursError(`"${item}" in "${part}" runs backwards; write the first day first, e.g. mon-fri`);
      out.push(...WEEKDAYS.slice(a, b + 1));
    } else throw new HoursError(`"${item}" in "${part}" is not a day or a span of days such as mon-fri`);
  }
  return out;
}

/** The hours as the --hours text that gives them back: `mon-fri 09:00-17:00; sat 10:00-12:00`. */
export function hoursText(days: Record<Weekday, HourRange[]>): string {
  const parts: string[] = [];
  let i = 0;
  while (i < WEEKDAYS.length) {
    const key = rangesText(days[WEEKDAYS[i]!]).join(',');
    let j = i;
    while (j + 1 < WEEKDAYS.length && rangesText(days[WEEKDAYS[j + 1]!]).join(',') === key) j++;
    if (key !== '') parts.push(`${WEEKDAYS[i]}${j > i ? `-${WEEKDAYS[j]}` : ''} ${key}`);
    i = j + 1;
  }
  return parts.join('; ');
}

function hhmm(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

function rangesText(ranges: readonly HourRange[]): string[] {
  return ranges.map((r) => `${hhmm(r.start)}-${hhmm(r.end)}`);
}

// ---------------------------------------------------------------------------------------
// Calendars: resolved to absolute paths (so the file works wherever it is) and read on the spot

function calendarSource(text: string, io: Io): string {
  const t = text.trim();
  if (isUrl(t)) return t;
  const home = homeDir(io.env);
  const expanded = t === '~' ? home : t.startsWith('~/') || t.startsWith('~\\') ? path.join(home, t.slice(2)) : t;
  return path.resolve(io.cwd, expanded);
}

type CalendarCheck = { ok: true; events: number; warnings: string[] } | { ok: false; message: string };

async function checkCalendar(ctx: Context, source: string, zone: string, myAddresses: string[]): Promise<CalendarCheck> {
  const read = await readWithProgress(ctx, {
    calendars: [source],
    window: { start: ctx.now, end: ctx.now + 14 * DAY_MS },
    userZone: zone,
    myAddresses,
    tentativeIsBusy: true,
    now: ctx.now,
    useCache: false,
    env: ctx.io.env,
  });
  const failure = read.failures[0];
  if (failure) return { ok: false, message: failure.message };
  // Counted as `etiq doctor` counts them.
  const events = read.occurrences.length;
  return { ok: true, events, warnings: read.warnings.map((w) => w.message) };
}

function report(ctx: Context, source: string, check: CalendarCheck & { ok: true }): void {
  ctx.print(wrapWords(`${visible(source)}: ${check.events} event${check.events === 1 ? '' : 's'} in the next 14 days`, { keep: [visible(source)] }));
  const shown = check.warnings.slice(0, 5);
  for (const w of shown) ctx.printErr(`${ctx.errStyle.yellow('warning:')} ${visible(source)}: ${visible(w)}`);
  if (check.warnings.length > shown.length) ctx.printErr(`${ctx.errStyle.yellow('warning:')} ${visible(source)}: ... and ${check.warnings.length - shown.length} more (\`etiq agenda\` lists them)`);
}

// ---------------------------------------------------------------------------------------
// The wizard

async function ask(ctx: Context, flags: InitFlags, slotFlags: SlotSettingsFromFlags): Promise<InitAnswers> {
  const io = ctx.io;
  const hint = 'give the answers as flags with --no-input';
  // The flags are checked before the first question.
  const emailGiven = flags.email !== undefined ? emailValue(flags.email, '--email') : undefined;
  const otherGiven = flags.other?.map((o) => emailValue(o, '--other'));
  const zoneGiven = flags.tz !== undefined ? zoneFlag(flags.tz) : undefined;
  const hoursGiven = flags.hours !== undefined ? hoursFlag(flags.hours) : undefined;

  const name = flags.name !== undefined ? nameValue(flags.name) : nameValue(await askText(io, 'Your name (as drafts sign it):', {}, '--name'));
  const email =
    emailGiven ??
    (await askText(io, 'Your email address:', { validate: (v) => (isEmailAddress(v.trim().toLowerCase()) ? true : 'an email address such as dana@example.com') }, '--email')).toLowerCase();
  let other: string[];
  if (otherGiven !== undefined) other = otherGiven;
  else {
    const text = await askText(
      io,
      'Your other addresses (comma-separated; Enter for none):',
      { default: '', validate: (v) => splitList(v).every((a) => isEmailAddress(a.toLowerCase())) || 'email addresses separated by commas' },
      '--other',
    );
    other = splitList(text).map((a) => a.toLowerCase());
  }
  other = unique(other.filter((o) => o !== email));

  let timezone: string;
  if (zoneGiven !== undefined) timezone = zoneGiven;
  else {
    const zones = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
    timezone = await chooseSearchable(io, 'Your time zone (type to search):', zones, systemZone(io.env), '--tz');
  }

  const hours = hoursGiven ?? (await askHours(ctx));

  const calendars: string[] = [];
  const addresses = [email, ...other];
  const tryOne = async (given: string): Promise<void> => {
    let text = given;
    for (;;) {
      const source = calendarSource(text, io);
      const check = await checkCalendar(ctx, source, timezone, addresses);
      if (check.ok) {
        report(ctx, source, check);
        if (!calendars.includes(source)) calendars.push(source);
        return;
      }
      ctx.printErr(`${ctx.errStyle.red('cannot read')} ${visible(source)}: ${visible(check.message)}`);
      const fixed = await askText(io, 'Fix the path or URL (Enter to skip this calendar):', { default: '' }, '--calendar');
      if (fixed === '') {
        ctx.printErr(`skipped ${visible(source)}`);
        return;
      }
      text = fixed;
    }
  };
  for (const c of flags.calendar ?? []) await tryOne(c);
  if (flags.calendar === undefined) {
    for (;;) {
      const first = calendars.length === 0;
      const text = await askText(
        io,
        first ? 'A calendar file (.ics) or URL:' : 'Another calendar (Enter when done):',
        { default: '', validate: (v) => (first && v.trim() === '' ? 'etiq needs at least one calendar' : true) },
        '--calendar',
      );
      if (text === '') break;
      await tryOne(text);
    }
  }
  if (calendars.length === 0) {
    if (!(await confirm(io, 'No calendar could be read. Write the file anyway (add calendars by hand later)?', false, hint))) {
      throw new EtiqError('cancelled', 'no calendar; nothing was written', { exitCode: 1, hint: 'run `etiq init` again with a calendar that can be read' });
    }
  }
  const slotSettings = await askSlotSettings(io, slotFlags);
  return { name, email, other, timezone, hours, calendars, slotSettings };
}

const DAY_NAMES: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

/**
 * Working hours: Monday to Friday 09:00-17:00 on Enter; else one question per day, Monday
 * to Sunday, each with the day before's answer as its default (Enter repeats it).
 */
async function askHours(ctx: Context): Promise<Record<Weekday, HourRange[]>> {
  const io = ctx.io;
  const usual = parseHours(DEFAULT_HOURS_TEXT);
  if (await confirm(io, 'Working hours Monday to Friday 09:00-17:00?', true, '--hours')) return usual;
  const days: Record<Weekday, HourRange[]> = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  let previous = rangesText(usual.mon).join(',');
  for (const d of WEEKDAYS) {
    const text = await askText(
      io,
      d === 'mon' ? `${DAY_NAMES[d]} (hours such as 09:00-12:00,13:00-17:00, or off):` : `${DAY_NAMES[d]}:`,
      {
        default: previous,
        validate: (v) => {
          try {
            parseDayHours(v);
            return true;
          } catch (err) {
            return err instanceof HoursError ? err.message : String(err);
          }
        },
      },
      '--hours',
    );
    days[d] = parseDayHours(text);
    previous = days[d].length === 0 ? 'off' : rangesText(days[d]).join(',');
  }
  return days;
}

function splitList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

// ---------------------------------------------------------------------------------------
// The file

/** A TOML basic string: quotes, backslashes and every control character escaped. */
export function tomlString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, '0').toUpperCase()}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\uFFFD'; // a lone surrogate: TOML holds only Unicode scalars
    else out += ch;
  }
  return `${out}"`;
}

function tomlList(list: readonly string[]): string {
  return `[${list.map(tomlString).join(', ')}]`;
}

export function configText(a: InitAnswers): string {
  // A setting left at etiq's default stays commented out; a changed one is a real key.
  const setting = (id: SlotSettingId) => slotSettingLine(a.slotSettings, id, 24, tomlString);
  const hoursLines = WEEKDAYS.filter((d) => a.hours[d].length > 0).map((d) => `${d} = ${tomlList(rangesText(a.hours[d]))}`);
  const lines = [
    '# etiq configuration, written by `etiq init`. Edit by hand as you like;',
    '# `etiq doctor` checks it. All keys: see "Configuration" in the README.',
    '',
    `timezone = ${tomlString(a.timezone)}   # your zone (IANA)`,
    '# Calendar files (absolute, or relative to this file), http(s):// or webcal:// URLs.',
    `calendars = ${tomlList(a.calendars)}`,
    '# calendar_max_size = "64MiB"        # the most one calendar may hold, after decompression',
    '',
    '[me]',
    ...(a.name !== null ? [`name = ${tomlString(a.name)}`] : ['# name = "Your Name"                 # as drafts sign them']),
    `email = ${tomlString(a.email)}   # events you declined do not make you busy`,
    `other = ${tomlList(a.other)}   # your other addresses`,
    '# signature = "Company · +1 212 555 0100"   # optional, under your name in drafts',
    '',
    '[hours]                 # working hours, wall-clock in `timezone`; days not listed are off',
    ...hoursLines,
    '',
    '[slots]                 # each also a flag of `etiq slots`; the defaults are shown',
    setting('slots.duration'),
    '# step = "30m"          # candidate starts: range start + k*step (default: duration)',
    setting('slots.notice'),
    setting('slots.buffer'),
    '# horizon = "14d"       # no slot starts at or after now + horizon',
    '# max_per_day = 0       # a day with this many busy timed events gets no slots; 0 = no cap',
    '# tentative_is_busy = true',
    '',
    '[policy]                # the defaults are shown',
    '# grace = "10m"         # a no-show can be recorded from start + grace onward',
    '# late_cancel = "24h"   # cancellations with less notice than this are late cancels',
    '# window = "90d"        # misses counted for a draft\'s tone',
    '# repeat_offender = 2   # `etiq report` flags a client from this many no-shows and late cancels',
    '',
    '[followup]              # the defaults are shown',
    '# client_hours = "08:00-18:00"          # the client\'s working day, in the client\'s zone, Monday to Friday',
    setting('followup.offer'),
    '# notice = "next-working-day"           # or a duration such as "36h"',
    setting('followup.valid_for'),
    '# firm_notice = "3d"    # the firm tone offers slots at least this far away',
    '# templates = "~/etiq-templates"        # your own templates (default: templates/ beside this file)',
    '',
  ];
  return lines.join('\n');
}

/** Parses the text back as etiq will read it: it must be valid, warning-free, and say what was answered. */
async function validate(file: string, text: string, io: Io, answers: InitAnswers): Promise<Settings> {
  const { parse } = await import('smol-toml');
  const settings = resolveSettings({
    file: { path: file, text, parseToml: parse },
    flags: {},
    cwd: io.cwd,
    systemZone: () => systemZone(io.env),
    resolvePath: (base, p) => path.resolve(base, p),
    dirname: (p) => path.dirname(p),
    home: homeDir(io.env),
  });
  if (settings.warnings.length > 0) throw new EtiqError('internal', `init wrote a file etiq warns about (${settings.warnings[0]}); nothing was written`);
  const wrong = differs(settings, answers);
  if (wrong !== null) throw new EtiqError('internal', `init wrote a file that etiq reads with another ${wrong} than was answered; nothing was written`);
  return settings;
}

/** Working hours in which etiq could never offer a slot: valid, but surely not what was meant. */
function hoursWarnings(settings: Settings): string[] {
  const ranges = WEEKDAYS.flatMap((d) => settings.hours?.[d] ?? []);
  if (ranges.length === 0) return ['every day is off: etiq offers no slot until you add working hours under [hours] in the file'];
  const longest = Math.max(...ranges.map((r) => r.end - r.start));
  const minutes = settings.slots.durationMs / 60_000;
  if (minutes > longest) {
    return [`a ${formatDuration(settings.slots.durationMs)} meeting fits in none of your working hours (the longest is ${formatDuration(longest * 60_000)}): etiq offers no slot until the hours or [slots] duration change`];
  }
  return [];
}

/** The first answer the settings read back from the text do not hold, else null. */
function differs(read: Settings, a: InitAnswers): string | null {
  if (read.timezone !== a.timezone) return 'timezone';
  if (JSON.stringify(read.calendars) !== JSON.stringify(a.calendars)) return 'calendars';
  // (Not the name: a lone surrogate in it is written as U+FFFD, on purpose.)
  if (read.me.email !== a.email || JSON.stringify(read.me.other) !== JSON.stringify(a.other)) return '[me]';
  if (JSON.stringify(read.hours) !== JSON.stringify(a.hours)) return '[hours]';
  const slot = slotSettingMismatch(read, a.slotSettings);
  return slot === null ? null : `${slot.section}.${slot.key}`;
}

/** Writes through a temporary file and a rename; an existing file is first copied to `<file>.bak`. Returns the backup's path. */
function writeAtomically(file: string, text: string): string | null {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let backup: string | null = null;
  if (fs.existsSync(file)) {
    backup = `${file}.bak`;
    fs.copyFileSync(file, backup);
  }
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, text, { flag: 'wx', mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw inputError(`cannot write ${file}: ${(err as Error).message}`);
  }
  return backup;
}
