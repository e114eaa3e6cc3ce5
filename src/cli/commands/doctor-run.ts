/**
 * `etiq doctor`: one line per check (pass, warn or fail) with the fix for anything that
 * is not a pass: the config, each calendar, the database, the templates, the time zone
 * and clock, and Node. Exit 1 when a check fails; `--json` gives the same list.
 *
 * Every check runs even when an earlier one fails: a broken config is reported, and the
 * rest is checked with the defaults (and the flags). Its flags: doctor.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadSettings, defaultSettings } from '../../adapters/config-file.js';
import { defaultConfigPath } from '../../adapters/paths.js';
import { SCHEMA_VERSION, Store } from '../../adapters/store.js';
import { templateFor, templatesFolder } from '../../adapters/templates.js';
import { SITUATIONS } from '../../core/draft/template.js';
import { formatSize } from '../../core/duration.js';
import { EtiqError } from '../../core/errors.js';
import type { Settings } from '../../core/settings.js';
import { isoInZone } from '../../core/time.js';
import { wrapWords } from '../../render/wrap.js';
import { buildContext, readCalendarsFor, type CommonFlags, type Context, type Io } from '../context.js';
import { dbPath } from '../record.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface Check {
  check: string;
  status: CheckStatus;
  message: string;
  /** What to do about it; null for a pass. */
  fix: string | null;
}

export interface DoctorFlags extends CommonFlags {
  db?: string;
}

const DAY_MS = 86_400_000;
const NODE_MAJOR_NEEDED = 20;

export async function runDoctor(flags: DoctorFlags, io: Io): Promise<number> {
  const checks: Check[] = [];
  let settings: Settings;
  try {
    settings = await loadSettings({ config: flags.config, calendar: flags.calendar, tz: flags.tz }, io.env, io.cwd);
    checks.push(configCheck(settings, io.env));
  } catch (err) {
    if (!(err instanceof EtiqError)) throw err;
    checks.push({ check: 'config', status: 'fail', message: err.message, fix: 'correct the file as the message says' });
    settings = defaultSettings({ calendar: flags.calendar, tz: flags.tz }, io.env, io.cwd);
  }
  // The clock and the output style, with the settings that could be read.
  const ctx = await buildContext(flags, io, settings);
  checks.push(...(await calendarChecks(ctx)));
  checks.push(databaseCheck(ctx, flags));
  checks.push(templatesCheck(ctx));
  checks.push(clockCheck(ctx, flags));
  checks.push(nodeCheck());
  if (ctx.json) ctx.printJson({ ok: !checks.some((c) => c.status === 'fail'), checks });
  else ctx.print(renderChecks(checks, ctx, pathsShown(ctx, flags)));
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}

function configCheck(settings: Settings, env: NodeJS.ProcessEnv): Check {
  if (!settings.configPath) {
    return { check: 'config', status: 'warn', message: `no config file (looked for ${defaultConfigPath(env)})`, fix: `create it (see "Configuration" in the README), or pass --config FILE` };
  }
  if (settings.warnings.length > 0) {
    const n = settings.warnings.length;
    return { check: 'config', status: 'warn', message: `${settings.configPath}: ${n} warning${n === 1 ? '' : 's'}, the first: ${settings.warnings[0]}`, fix: 'remove or correct the keys named' };
  }
  return { check: 'config', status: 'pass', message: `${settings.configPath}: every key is valid`, fix: null };
}

async function calendarChecks(ctx: Context): Promise<Check[]> {
  const calendars = ctx.settings.calendars;
  if (calendars.length === 0) {
    return [{ check: 'calendars', status: 'fail', message: 'no calendars configured', fix: 'add calendars = ["work.ics", ...] to the config, or pass --calendar FILE' }];
  }
  const read = await readCalendarsFor(ctx, { start: ctx.now, end: ctx.now + 14 * DAY_MS });
  return calendars.map((calendar): Check => {
    const failure = read.failures.find((f) => f.calendar === calendar);
    if (failure) return { check: 'calendar', status: 'fail', message: failure.message, fix: 'check the path or URL (and that the file is an .ics calendar)' };
    const events = read.occurrences.filter((o) => o.calendar === calendar).length;
    const warnings = read.warnings.filter((w) => w.calendar === calendar);
    const what = `${calendar}: ${events} event${events === 1 ? '' : 's'} in the next 14 days`;
    if (warnings.length === 0) return { check: 'calendar', status: 'pass', message: what, fix: null };
    return {
      check: 'calendar',
      status: 'warn',
      message: `${what}; ${warnings.length} warning${warnings.length === 1 ? '' : 's'}, the first: ${warnings[0]!.message}`,
      fix: '`etiq agenda` lists the warnings; an unknown zone or a capped series can change what is free',
    };
  });
}

function databaseCheck(ctx: Context, flags: { db?: string }): Check {
  const file = dbPath(flags, ctx.io.env, ctx.io.cwd);
  let store: Store | null;
  try {
    store = Store.openForReading(file);
  } catch (err) {
    if (!(err instanceof EtiqError)) throw err;
    return { check: 'database', status: 'fail', message: err.message, fix: 'move the file aside (etiq starts a new one) or pass --db FILE' };
  }
  if (!store) return { check: 'database', status: 'pass', message: `${file}: not created yet (the first recorded outcome creates it)`, fix: null };
  try {
    const integrity = store.read(() => store.integrity());
    if (integrity !== 'ok') return { check: 'database', status: 'fail', message: `${file} is damaged (${integrity.split('\n')[0]})`, fix: 'move it aside and restore a backup (etiq.db.bak-*) or start a new one' };
    const size = formatSize(fs.statSync(file).size);
    const writable = canWrite(file);
    const what = `${file}: schema ${SCHEMA_VERSION}, integrity ok, ${size}, ${writable ? 'writable' : 'read-only'}`;
    if (!writable) return { check: 'database', status: 'warn', message: what, fix: 'recording commands need to write it: check the permissions of the file and its folder' };
    return { check: 'database', status: 'pass', message: what, fix: null };
  } finally {
    store.close();
  }
}

function canWrite(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function templatesCheck(ctx: Context): Check {
  const folder = templatesFolder(ctx.settings, ctx.io.env);
  const yours: string[] = [];
  for (const situation of SITUATIONS) {
    try {
      if (templateFor(situation, ctx.settings, ctx.io.env).file) yours.push(situation);
    } catch (err) {
      if (!(err instanceof EtiqError)) throw err;
      return { check: 'templates', status: 'fail', message: err.message, fix: `correct the template, or remove it to use the built-in one (\`etiq templates show ${situation}\`)` };
    }
  }
  const message = yours.length === 0 ? `built-in (yours would go in ${folder})` : `yours for ${yours.join(', ')} (in ${folder}); built-in for the rest`;
  return { check: 'templates', status: 'pass', message, fix: null };
}

function clockCheck(ctx: Context, flags: { now?: string }): Check {
  const zone = ctx.settings.timezone;
  const message = `time zone ${zone}, now ${isoInZone(ctx.now, zone)}`;
  const pinned = flags.now !== undefined ? '--now' : ctx.io.env['ETIQ_NOW'] !== undefined ? 'ETIQ_NOW' : null;
  if (pinned === 'ETIQ_NOW') return { check: 'clock', status: 'warn', message: `${message} (set by ETIQ_NOW, not the real clock)`, fix: 'unset ETIQ_NOW unless you mean to pretend' };
  return { check: 'clock', status: 'pass', message: pinned ? `${message} (set by --now)` : message, fix: null };
}

function nodeCheck(): Check {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= NODE_MAJOR_NEEDED) return { check: 'node', status: 'pass', message: `Node ${process.versions.node}`, fix: null };
  return { check: 'node', status: 'fail', message: `Node ${process.versions.node} is older than ${NODE_MAJOR_NEEDED}`, fix: `install Node ${NODE_MAJOR_NEEDED} or newer` };
}

/** The paths and URLs the messages name: a line break never falls inside one (they are copied). */
function pathsShown(ctx: Context, flags: DoctorFlags): string[] {
  const env = ctx.io.env;
  return [ctx.settings.configPath ?? defaultConfigPath(env), ...ctx.settings.calendars, dbPath(flags, env, ctx.io.cwd), templatesFolder(ctx.settings, env)];
}

/**
 * A line per check, within 80 columns: a message too long for its line goes on under
 * itself, and so does its fix. A path is never broken: when it does not fit, it starts
 * the next line (a path longer than the whole line stays whole, and that line is wider).
 */
function renderChecks(checks: Check[], ctx: Context, paths: readonly string[]): string {
  const mark = { pass: ctx.style.green('pass'), warn: ctx.style.yellow('warn'), fail: ctx.style.red('fail') };
  const width = Math.max(...checks.map((c) => c.check.length));
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(wrapWords(`${mark[c.status]}  ${c.check.padEnd(width)}  ${c.message}`, { indent: 6 + width + 2, keep: paths }));
    if (c.fix) lines.push(ctx.style.dim(wrapWords(`${' '.repeat(6 + width)}fix: ${c.fix}`, { indent: 6 + width + 5, keep: paths })));
  }
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  lines.push(failed > 0 ? ctx.style.red(`${failed} check${failed === 1 ? '' : 's'} failed.`) : warned > 0 ? `All checks pass, ${warned} with a warning.` : ctx.style.green('All checks pass.'));
  return lines.join('\n');
}
