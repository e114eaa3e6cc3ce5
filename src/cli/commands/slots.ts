/** `etiq slots`: the times that are really free, under the rules in the config. */
import type { Command } from 'commander';
import { parseDuration } from '../../core/duration.js';
import { runtimeError, usageError } from '../../core/errors.js';
import type { SlotRules } from '../../core/settings.js';
import { isValidZone, isoInZone, parseMoment } from '../../core/time.js';
import { explainJson, renderExplainText, renderSlotsText, slotsJson } from '../../render/slots.js';
import { addCommonOptions, buildContext, printWarnings, readCalendarsFor, type CommonFlags, type Io } from '../context.js';

interface SlotsFlags extends CommonFlags {
  forTz?: string;
  offer?: string;
  explain?: string;
  duration?: string;
  notice?: string;
  buffer?: string;
  horizon?: string;
  step?: string;
  maxPerDay?: string;
  allowMissing?: boolean;
}

export function registerSlots(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command('slots')
    .description('list the free slots in your calendars under your working hours and rules')
    .option('--for-tz <zone>', "show each slot in the client's time zone too")
    .option('--offer <n>', 'pick N slots to propose, spread over days, mornings and afternoons')
    .option('--explain <time>', 'say why a start time is or is not offered')
    .option('--duration <d>', 'meeting length (config slots.duration; default 30m)')
    .option('--step <d>', 'spacing of candidate starts (config slots.step; default: the duration)')
    .option('--notice <d>', 'minimum notice (config slots.notice; default 18h)')
    .option('--buffer <d>', 'free time before and after (config slots.buffer; default 10m)')
    .option('--horizon <d>', 'how far ahead to look (config slots.horizon; default 14d)')
    .option('--max-per-day <n>', 'no slots on days with this many busy meetings (0 = no cap)')
    .option('--allow-missing', 'offer slots even when a calendar cannot be read (with a warning)');
  addCommonOptions(cmd).action(async (flags: SlotsFlags) => {
    setExit(await runSlots(flags, io));
  });
}

function durationFlag(value: string | undefined, flag: string, allowZero: boolean): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === null || (!allowZero && ms <= 0)) {
    throw usageError(`${flag} "${value}" is not a ${allowZero ? '' : 'positive '}duration (such as 30m, 1h30m, 2d, PT45M or minutes)`);
  }
  return ms;
}

export function rulesFromFlags(base: SlotRules, flags: SlotsFlags): SlotRules {
  const rules = { ...base };
  rules.durationMs = durationFlag(flags.duration, '--duration', false) ?? rules.durationMs;
  rules.stepMs = durationFlag(flags.step, '--step', false) ?? rules.stepMs;
  rules.noticeMs = durationFlag(flags.notice, '--notice', true) ?? rules.noticeMs;
  rules.bufferMs = durationFlag(flags.buffer, '--buffer', true) ?? rules.bufferMs;
  rules.horizonMs = durationFlag(flags.horizon, '--horizon', false) ?? rules.horizonMs;
  if (flags.maxPerDay !== undefined) {
    // Fix (tests): Number() read "" as 0 (silently no cap) and "0x3" or "1e1" as numbers;
    // only digits are a whole number here.
    const n = /^\s*\d+\s*$/.test(flags.maxPerDay) ? Number(flags.maxPerDay) : NaN;
    if (!Number.isInteger(n) || n < 0) throw usageError(`--max-per-day "${flags.maxPerDay}" must be a whole number (0 for no cap)`);
    rules.maxPerDay = n;
  }
  if (rules.horizonMs > 366 * 86_400_000) throw usageError('--horizon may be at most 366 days');
  return rules;
}

export async function runSlots(flags: SlotsFlags, io: Io): Promise<number> {
  // Loaded here, not at start-up: the engine pulls in the zone tables (windows-iana).
  const { DEFAULT_HOURS, calendarWindow, explainSlot, findFreeSlots, pickOffer, searchWindow } = await import('../../core/availability/slots.js');
  const ctx = await buildContext(flags, io);
  const zone = ctx.settings.timezone;
  const rules = rulesFromFlags(ctx.settings.slots, flags);
  if (flags.forTz !== undefined && !isValidZone(flags.forTz)) throw usageError(`--for-tz "${flags.forTz}" is not an IANA time zone (such as Europe/London)`);
  let offer: number | null = null;
  if (flags.offer !== undefined) {
    // Fix (tests): digits only, as for --max-per-day ("0x2" and "1e1" were read as numbers).
    offer = /^\s*\d+\s*$/.test(flags.offer) ? Number(flags.offer) : NaN;
    if (!Number.isInteger(offer) || offer < 1 || offer > 100) throw usageError(`--offer "${flags.offer}" must be a whole number from 1 to 100`);
  }
  const explainAt = flags.explain !== undefined ? parseMoment(flags.explain, zone, '--explain').ms : null;
  if (ctx.settings.calendars.length === 0) {
    throw usageError('no calendars to check: pass --calendar FILE or set calendars = [...] in the config (offering slots without a calendar would promise times that may be taken)');
  }
  const hours = ctx.settings.hours ?? DEFAULT_HOURS;
  const configWarnings = ctx.settings.warnings.map((message) => ({ calendar: ctx.settings.configPath ?? 'config', message }));
  if (!ctx.settings.hours) {
    configWarnings.push({ calendar: ctx.settings.configPath ?? 'config', message: 'no [hours] in the config: using Monday to Friday, 09:00-17:00' });
  }
  const engineInput = { now: ctx.now, zone, hours, rules, occurrences: [] as never[] };
  const window = calendarWindow(engineInput);
  if (explainAt !== null) {
    window.start = Math.min(window.start, explainAt - rules.bufferMs - 86_400_000);
    window.end = Math.max(window.end, explainAt + rules.durationMs + rules.bufferMs + 86_400_000);
  }
  const read = await readCalendarsFor(ctx, window);
  const failureWarnings = read.failures.map((f) => ({ calendar: f.calendar, message: f.message }));
  if (read.failures.length > 0 && !flags.allowMissing) {
    printWarnings(ctx, [...configWarnings, ...read.warnings]);
    const first = read.failures[0]!;
    throw runtimeError(
      `no slots offered: ${first.message}${read.failures.length > 1 ? ` (and ${read.failures.length - 1} more)` : ''}; an offer built on a missing calendar may be broken (use --allow-missing to offer anyway)`,
    );
  }
  if (read.failures.length > 0) {
    failureWarnings.forEach((w) => (w.message = `${w.message}; slots are offered without it (--allow-missing)`));
  }
  const warnings = [...configWarnings, ...failureWarnings, ...read.warnings];
  const input = { ...engineInput, occurrences: read.occurrences };

  if (explainAt !== null) {
    const explanation = explainSlot(input, explainAt, (ms) => isoInZone(ms, zone).slice(0, 16).replace('T', ' '));
    if (ctx.json) io.stdout.write(`${JSON.stringify(explainJson(explanation, zone, warnings), null, 2)}\n`);
    else {
      printWarnings(ctx, warnings);
      io.stdout.write(`${renderExplainText(explanation, zone, flags.forTz ?? null, ctx.style)}\n`);
    }
    return 0;
  }

  const free = findFreeSlots(input);
  const slots = offer !== null ? pickOffer(free, offer, zone) : free;
  const { from, to } = searchWindow(input);
  const result = { timezone: zone, clientZone: flags.forTz ?? null, durationMs: rules.durationMs, from, to, slots, offered: offer !== null, warnings };
  if (ctx.json) io.stdout.write(`${JSON.stringify(slotsJson(result), null, 2)}\n`);
  else {
    printWarnings(ctx, warnings);
    io.stdout.write(`${renderSlotsText(result, ctx.style)}\n`);
  }
  return 0;
}
